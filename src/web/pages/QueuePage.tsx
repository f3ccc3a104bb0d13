/**
 * Sistema › CRM › Fila de envio: every batch queued from the report's CRM tab (or a trigger), with its rows by
 * state; `?lote=<id>` opens one batch. Everyone signed in reads; operators cancel and resend.
 */
import { useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader.js';
import { DeliveryWarnings } from '../send/ReadinessWarning.js';
import { canSee } from '../menu.js';
import { BatchDetail } from '../queue/BatchDetail.js';
import { BatchList } from '../queue/BatchList.js';
import { useSession } from '../session.js';

export function QueuePage() {
  const { t } = useTranslation();
  const session = useSession();
  const { lote } = useSearch({ from: '/app/crm/fila' });
  const canAct = !!session && canSee(session.user.role, 'operator');
  return (
    <>
      <PageHeader title={t('queue.title')} intro={t('queue.intro')} />
      <DeliveryWarnings />
      {lote ? <BatchDetail key={lote} id={lote} canAct={canAct} /> : <BatchList />}
    </>
  );
}
