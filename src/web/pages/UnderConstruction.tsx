/** Honest placeholder for a feature page that is not built yet: what it will do, and no invented data. */
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader.js';
import type { MenuLabel } from '../menu.js';

type Description = 'messages' | 'taskSchedule' | 'integrations' | 'logs';

export function UnderConstruction({ title, text }: { title: MenuLabel; text: `construction.${Description}` }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t(title)} />
      <section className="panel notice" aria-labelledby="construction-title">
        <h2 id="construction-title">{t('construction.title')}</h2>
        <p>{t(text)}</p>
      </section>
    </>
  );
}
