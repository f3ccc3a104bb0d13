/**
 * Configurações › Importar (admins): an IXC export uploaded through the API while the server runs — the embedded
 * database cannot be opened by the CLI then — with its progress, result and errors, and the recent imports.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader.js';
import type { ImportJob } from '../imports/api.js';
import { ImportForm } from '../imports/ImportForm.js';
import { ImportHistory } from '../imports/ImportHistory.js';
import { ImportResult } from '../imports/ImportResult.js';

export function ImportsPage() {
  const { t } = useTranslation();
  const [shown, setShown] = useState<ImportJob | null>(null);
  return (
    <>
      <PageHeader title={t('imports.title')} intro={t('imports.intro')} />
      <ImportForm onFinished={setShown} />
      {shown && <ImportResult key={shown.id} job={shown} />}
      <ImportHistory openId={shown?.id ?? null} onOpen={setShown} />
    </>
  );
}
