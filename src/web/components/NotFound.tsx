/** Unknown address, and pages the user's role may not open. */
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from './PageHeader.js';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <div className="standalone">
      <div className="panel">
        <PageHeader title={t('pages.notFoundTitle')} intro={t('pages.notFoundText')} />
        <Link to="/">{t('pages.backHome')}</Link>
      </div>
    </div>
  );
}

export function Forbidden({ title }: { title: string }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={title} />
      <div className="panel notice-panel" role="alert">
        <h2>{t('pages.forbiddenTitle')}</h2>
        <p>{t('pages.forbiddenText')}</p>
        <Link to="/">{t('pages.backHome')}</Link>
      </div>
    </>
  );
}
