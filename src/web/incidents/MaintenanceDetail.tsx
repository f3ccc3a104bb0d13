/**
 * One manutenção programada: where and when, the logins on its elements now (a link to them in the Relatório de
 * status logins), each reminder (when it is due, sent with how many queued, or skipped and why), and Cancelar.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, SuccessAlert } from '../components/Alert.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { DEFAULT_PAGE_SIZE } from '../components/paging.js';
import { formatDateTime, formatNumber } from '../format.js';
import { searchOf } from '../report/search.js';
import { DEFAULT_SORT } from '../report/types.js';
import { maintenanceApi, maintenanceKeys } from './maintenanceApi.js';
import { reminderCount, reminderLabelKey } from './MaintenanceForm.js';
import type { Maintenance } from './types.js';

export function MaintenanceStateBadge({ state }: { state: Maintenance['state'] }) {
  const { t } = useTranslation();
  return <span className={`incident-state maintenance-${state}`}>{t(`maintenance.states.${state}`)}</span>;
}

/** ` · lote #12 · lote #13`: each batch a notice made, opening it in the Fila. */
function BatchLinks({ ids }: { ids: readonly number[] }) {
  const { t } = useTranslation();
  return ids.map((id) => (
    <span key={id}>
      {' · '}
      <Link to="/crm/fila" search={{ lote: id }}>
        {t('incidents.timeline.batch', { id })}
      </Link>
    </span>
  ));
}

export function MaintenanceDetail({ maintenance: m, canOperate }: { maintenance: Maintenance; canOperate: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const queryClient = useQueryClient();
  const [notify, setNotify] = useState(true);
  const canTell = m.messages.cancel.length > 0 && m.reminders.some((r) => r.status === 'sent');
  const cancel = useMutation({
    mutationFn: () => maintenanceApi.cancel(m.id, canTell && notify),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: maintenanceKeys.all }),
  });
  const logins = searchOf({ filter: { maintenance: { id: m.id } }, sort: DEFAULT_SORT, page: 1, pageSize: DEFAULT_PAGE_SIZE });
  const open = m.state === 'scheduled' || m.state === 'active';
  return (
    <section className="panel incident-detail" aria-labelledby="maintenance-title-h">
      <div className="results-toolbar">
        <h2 id="maintenance-title-h">{m.title}</h2>
        <MaintenanceStateBadge state={m.state} />
      </div>
      <SuccessAlert
        message={
          cancel.data
            ? `${t('maintenance.cancelled', { count: cancel.data.cancelled, n: formatNumber(cancel.data.cancelled, lang) })}${
                cancel.data.enqueued > 0 ? ` ${t('maintenance.cancelTold', { count: cancel.data.enqueued, n: formatNumber(cancel.data.enqueued, lang) })}` : ''
              }`
            : null
        }
        onClose={() => cancel.reset()}
      />
      <ErrorAlert error={cancel.error} />
      <dl className="facts incident-facts">
        <dt>{t('maintenance.fields.elements')}</dt>
        <dd>{m.elements.map((e) => `${t(`incidents.kinds.${e.kind}`)} ${e.name}`).join(', ')}</dd>
        <dt>{t('maintenance.fields.startsAt')}</dt>
        <dd>{formatDateTime(m.startsAt, lang)}</dd>
        <dt>{t('maintenance.fields.endsAt')}</dt>
        <dd>{formatDateTime(m.endsAt, lang)}</dd>
        <dt>{t('maintenance.fields.marginShort')}</dt>
        <dd>{t('maintenance.marginValue', { count: m.marginMinutes })}</dd>
        <dt>{t('maintenance.fields.createdBy')}</dt>
        <dd>
          {m.createdBy ?? '—'} ({formatDateTime(m.createdAt, lang)})
        </dd>
        {m.cancelledAt && (
          <>
            <dt>{t('maintenance.fields.cancelledAt')}</dt>
            <dd>
              {formatDateTime(m.cancelledAt, lang)} ({m.cancelledBy})
            </dd>
          </>
        )}
      </dl>
      {open && (
        <p className="incident-links">
          {t('maintenance.loginsNow', { count: m.logins, n: formatNumber(m.logins, lang) })}{' '}
          <Link to="/relatorios/status-logins" search={logins}>
            {t('maintenance.seeLogins')}
          </Link>
        </p>
      )}
      <h3>{t('maintenance.fields.reminders')}</h3>
      {m.reminders.length === 0 ? (
        <p className="muted">{t('maintenance.noReminders')}</p>
      ) : (
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">{t('maintenance.reminderCols.which')}</th>
              <th scope="col">{t('maintenance.reminderCols.due')}</th>
              <th scope="col">{t('maintenance.reminderCols.status')}</th>
              <th scope="col" className="num">
                {t('maintenance.reminderCols.queued')}
              </th>
            </tr>
          </thead>
          <tbody>
            {m.reminders.map((r) => (
              <tr key={r.at}>
                <td>{t(reminderLabelKey(r.at), { count: reminderCount(r.at) })}</td>
                <td>{formatDateTime(r.dueAt, lang)}</td>
                <td>
                  {r.status === 'skipped' && r.reason ? t(`maintenance.skips.${r.reason}`) : t(`maintenance.reminderStatus.${r.status}`)}
                  {r.status === 'sent' && r.sentAt && <span className="muted small"> {formatDateTime(r.sentAt, lang)}</span>}
                  <BatchLinks ids={r.batchIds} />
                  {r.errors.length > 0 && <div className="error-text small">{r.errors.join('; ')}</div>}
                </td>
                <td className="num">{r.enqueued === null ? '—' : formatNumber(r.enqueued, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {m.cancelNotice && (
        <p>
          {t('maintenance.cancelTold', { count: m.cancelNotice.enqueued, n: formatNumber(m.cancelNotice.enqueued, lang) })}
          <BatchLinks ids={m.cancelNotice.batchIds} />
        </p>
      )}
      {canOperate && open && canTell && (
        <div className="check-line">
          <input id={`maintenance-cancel-notify-${m.id}`} type="checkbox" checked={notify} onChange={(e) => setNotify(e.target.checked)} />
          <label htmlFor={`maintenance-cancel-notify-${m.id}`}>{t('maintenance.cancelNotify')}</label>
        </div>
      )}
      {canOperate && open && (
        <div className="form-actions">
          <ConfirmButton label={t('maintenance.cancel')} confirmLabel={t('maintenance.cancelConfirm')} busy={cancel.isPending} onConfirm={() => cancel.mutate()} />
        </div>
      )}
    </section>
  );
}
