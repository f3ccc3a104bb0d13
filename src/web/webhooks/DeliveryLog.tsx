/** The delivery log (newest first, filtered by status), with Reenviar on a failed delivery. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deliveryStatuses, type DeliveryStatus } from '../../webhooks/schemas.js';
import { ErrorAlert, SuccessAlert } from '../components/Alert.js';
import { PrevNextPager } from '../components/PrevNextPager.js';
import { QueryState } from '../components/QueryState.js';
import { formatDateTime, formatNumber } from '../format.js';
import { NoticeText } from '../notice.js';
import { eventKey, webhookKeys, webhooksApi } from './api.js';

const PAGE_SIZE = 50;

export function DeliveryLog() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const [page, setPage] = useState(1);
  const [flash, setFlash] = useState<string | null>(null);
  const query = { page, pageSize: PAGE_SIZE, ...(status ? { status } : {}) };
  const deliveries = useQuery({
    queryKey: webhookKeys.deliveries(query),
    queryFn: () => webhooksApi.deliveries(query),
    placeholderData: keepPreviousData,
    refetchInterval: 5_000,
  });
  const retry = useMutation({
    mutationFn: webhooksApi.retry,
    onSuccess: async (delivery) => {
      setFlash(t('webhooks.retried', { id: delivery.id }));
      await queryClient.invalidateQueries({ queryKey: webhookKeys.all });
    },
  });
  const n = (value: number) => formatNumber(value, i18n.language);
  return (
    <section className="panel table-panel" aria-labelledby="webhook-deliveries">
      <div className="panel-heading">
        <h2 id="webhook-deliveries">{t('webhooks.deliveries')}</h2>
        <label>
          {t('webhooks.statusFilter')}{' '}
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as DeliveryStatus | '');
              setPage(1);
            }}
          >
            <option value="">{t('webhooks.all')}</option>
            {deliveryStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`webhooks.deliveryStatus.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <SuccessAlert message={flash} onClose={() => setFlash(null)} />
      <ErrorAlert error={retry.error} />
      <QueryState query={deliveries}>
        {({ rows, total }) =>
          rows.length === 0 ? (
            <p className="muted">{t('webhooks.noDeliveries')}</p>
          ) : (
            <>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">{t('webhooks.at')}</th>
                    <th scope="col">{t('webhooks.webhook')}</th>
                    <th scope="col">{t('webhooks.event')}</th>
                    <th scope="col">{t('webhooks.statusFilter')}</th>
                    <th scope="col">{t('webhooks.attempts')}</th>
                    <th scope="col">{t('webhooks.httpStatus')}</th>
                    <th scope="col">{t('webhooks.duration')}</th>
                    <th scope="col">{t('webhooks.error')}</th>
                    <th scope="col" className="actions">
                      {t('common.actions')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((d) => (
                    <tr key={d.id}>
                      <td>{d.id}</td>
                      <td className="nowrap">{formatDateTime(d.lastAttemptAt ?? d.createdAt, i18n.language)}</td>
                      <td>{d.endpointDescription}</td>
                      <td>{t(eventKey(d.event))}</td>
                      <td>
                        <span className={d.status === 'succeeded' ? 'tag tag-ok' : d.status === 'failed' ? 'tag tag-warning' : 'tag'}>
                          {t(`webhooks.deliveryStatus.${d.status}`)}
                        </span>
                        {d.status === 'pending' && d.attempts > 0 && (
                          <small className="muted"> {t('webhooks.nextAttempt', { at: formatDateTime(d.nextAttemptAt, i18n.language) })}</small>
                        )}
                      </td>
                      <td>{n(d.attempts)}</td>
                      <td>{d.httpStatus ?? t('common.none')}</td>
                      <td className="nowrap">{d.durationMs === null ? t('common.none') : `${n(d.durationMs)} ms`}</td>
                      <td>
                        <NoticeText notice={d.error} />
                      </td>
                      <td className="actions">
                        {d.status === 'failed' && (
                          <button
                            type="button"
                            className="button-small"
                            aria-label={`${t('webhooks.retry')} #${d.id}`}
                            disabled={retry.isPending}
                            onClick={() => retry.mutate(d.id)}
                          >
                            {t('webhooks.retry')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <PrevNextPager label={t('webhooks.deliveries')} page={page} pageSize={PAGE_SIZE} total={total} onPage={setPage} />
            </>
          )
        }
      </QueryState>
    </section>
  );
}
