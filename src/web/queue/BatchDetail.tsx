/**
 * One batch: what was sent to whom (message, filter, free values, priority), the skipped with the CSV, the rows
 * by state with the progress, Cancelar / Reenviar falhas / Reenviar incertos (with how many were attempted), and
 * the rows themselves (state filter, search, pages). Refreshes every 3 s while rows are pending, claimed or sending.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SuccessAlert } from '../components/Alert.js';
import { QueryState } from '../components/QueryState.js';
import { formatDateTime, formatNumber } from '../format.js';
import { ServerAlert } from '../components/formBits.js';
import { Pager } from '../components/Pager.js';
import { NoticeText } from '../notice.js';
import { skipLines, useSkipLabel } from '../skip-reasons.js';
import { useDebounced } from '../useDebounced.js';
import { queueApi, queueKeys, skippedCsvUrl } from './api.js';
import { refreshWhile } from '../components/refresh.js';
import { batchActions, cancellable, displayContact, isActive } from './logic.js';
import { PriorityLabel } from '../components/PrioritySelect.js';
import { FilterSummary, ProgressBar, StateBadge } from './parts.js';
import { type Batch, type ItemQuery, type QueueState, queueStates } from './types.js';

const PAGE_SIZE = 50;

type Confirming = null | 'cancel' | 'uncertain';

export function BatchDetail({ id, canAct }: { id: number; canAct: boolean }) {
  const batch = useQuery({
    queryKey: queueKeys.batch(id),
    queryFn: () => queueApi.batch(id),
    refetchInterval: (query) => refreshWhile(query.state.data ? isActive(query.state.data) : false),
  });
  return <QueryState query={batch}>{(data) => <BatchView batch={data} canAct={canAct} />}</QueryState>;
}

function BatchView({ batch, canAct }: { batch: Batch; canAct: boolean }) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const actions = batchActions(batch);
  const skipped = skipLines(batch.skipCounts);
  const skipLabel = useSkipLabel();
  const freeValues = Object.entries(batch.freeValues).filter(([, v]) => v !== '');

  const refresh = (next: Batch) => {
    queryClient.setQueryData(queueKeys.batch(batch.id), next);
    void queryClient.invalidateQueries({ queryKey: queueKeys.all });
  };
  const cancel = useMutation({
    mutationFn: () => queueApi.cancel(batch.id),
    onSuccess: (result) => {
      setConfirming(null);
      setFlash(t('queue.flash.cancelled', { count: result.cancelled, n: n(result.cancelled) }));
      refresh(result.batch);
    },
  });
  const requeue = useMutation({
    mutationFn: (status: 'failed' | 'uncertain') => queueApi.requeue(batch.id, status),
    onSuccess: (result, status) => {
      setConfirming(null);
      const text = t(status === 'failed' ? 'queue.flash.requeuedFailed' : 'queue.flash.requeuedUncertain', {
        count: result.requeued,
        n: n(result.requeued),
      });
      setFlash(result.kept > 0 ? `${text} ${t('queue.flash.kept', { count: result.kept, n: n(result.kept) })}` : text);
      refresh(result.batch);
    },
  });
  const busy = cancel.isPending || requeue.isPending;

  return (
    <>
      <section className="panel batch-detail" aria-labelledby="batch-title">
        <div className="batch-head">
          <h2 id="batch-title">
            {t('queue.detailTitle', { id: batch.id })}{' '}
            <span className={`channel-badge channel-${batch.channel}`}>{t(`integrations.channels.${batch.channel}`)}</span>{' '}
            {batch.messageDescription}
          </h2>
          <Link to="/crm/fila" search={{}} className="button button-small">
            {t('queue.back')}
          </Link>
        </div>
        <dl className="preview-facts batch-facts">
          <dt>{t('queue.facts.created')}</dt>
          <dd>
            {batch.actor} · {formatDateTime(batch.createdAt, i18n.language)}
          </dd>
          <dt>{t('queue.columns.priority')}</dt>
          <dd>
            <PriorityLabel priority={batch.priority} />
          </dd>
          <dt>{t('queue.columns.filter')}</dt>
          <dd>
            <FilterSummary filter={batch.filter} full />
          </dd>
          {freeValues.length > 0 && (
            <>
              <dt>{t('queue.facts.free')}</dt>
              <dd>
                {freeValues.map(([key, value]) => (
                  <span key={key} className="free-value">
                    <code>{key}</code>: {value}
                  </span>
                ))}
              </dd>
            </>
          )}
          <dt>{t('queue.facts.audience')}</dt>
          <dd data-testid="batch-audience">
            {t('queue.facts.audienceText', {
              matched: n(batch.matched),
              enqueued: n(batch.enqueued),
              skipped: n(batch.skipped),
            })}
            {skipped.length > 0 && (
              <span className="muted">
                {' '}
                ({skipped.map((line) => `${skipLabel(line.reason)} ${n(line.count)}`).join('; ')})
              </span>
            )}
            {batch.skipped > 0 && (
              <>
                {' '}
                <a href={skippedCsvUrl(batch.id)} download>
                  {t('send.result.skippedCsv')}
                </a>
              </>
            )}
          </dd>
          {batch.cancelledAt && (
            <>
              <dt>{t('queue.facts.cancelled')}</dt>
              <dd>
                {batch.cancelledBy ?? '—'} · {formatDateTime(batch.cancelledAt, i18n.language)}
              </dd>
            </>
          )}
        </dl>

        <dl className="stat-list batch-states" aria-label={t('queue.statesCaption')}>
          {queueStates.map((state) => (
            <div
              key={state}
              className={`stat batch-state batch-state-${state}${batch.states[state] === 0 ? ' batch-state-zero' : ''}`}
              data-testid={`batch-state-${state}`}
            >
              <dt>{t(`queue.states.${state}`)}</dt>
              <dd>{n(batch.states[state])}</dd>
            </div>
          ))}
        </dl>
        <ProgressBar batch={batch} />
        {batch.delivery.delivered + batch.delivery.read + batch.delivery.failed > 0 && (
          <p className="small" data-testid="batch-delivery">
            {t('queue.deliveryRates', {
              delivered: n(batch.delivery.delivered + batch.delivery.read),
              read: n(batch.delivery.read),
              failed: n(batch.delivery.failed),
              deliveredPct: pct(batch.delivery.delivered + batch.delivery.read, batch.states.sent),
              readPct: pct(batch.delivery.read, batch.states.sent),
            })}
          </p>
        )}
        {isActive(batch) && <p className="small muted">{t('queue.liveDetail')}</p>}

        <SuccessAlert message={flash} onClose={() => setFlash(null)} />
        <ServerAlert error={cancel.error ?? requeue.error} />

        <div className="form-actions batch-actions">
          {canAct && (
            <>
              <button
                type="button"
                className="button-danger"
                disabled={!actions.cancel || busy}
                onClick={() => setConfirming('cancel')}
              >
                {t('queue.actions.cancel')}
              </button>
              <button
                type="button"
                disabled={!actions.retryFailed || busy}
                onClick={() => requeue.mutate('failed')}
              >
                {t('queue.actions.retryFailed', { n: n(batch.states.failed) })}
              </button>
              <button
                type="button"
                disabled={!actions.retryUncertain || busy}
                onClick={() => setConfirming('uncertain')}
              >
                {t('queue.actions.retryUncertain', { count: batch.states.uncertain, n: n(batch.states.uncertain) })}
              </button>
            </>
          )}
          <Link
            to="/configuracoes/logs"
            search={{ canal: batch.channel, lote: batch.id }}
            className="button push-right"
          >
            {t('queue.actions.logs')}
          </Link>
        </div>

        {confirming === 'cancel' && (
          <div className="alert alert-warning confirm-box" role="alertdialog" aria-labelledby="confirm-cancel-text">
            <span id="confirm-cancel-text">
              {t('queue.confirm.cancel', { count: cancellable(batch), n: n(cancellable(batch)) })}
            </span>
            <span className="confirm-buttons">
              <button type="button" className="button-danger" disabled={busy} onClick={() => cancel.mutate()}>
                {t('queue.confirm.cancelYes')}
              </button>
              <button type="button" onClick={() => setConfirming(null)}>
                {t('queue.confirm.no')}
              </button>
            </span>
          </div>
        )}
        {confirming === 'uncertain' && (
          <div className="alert alert-warning confirm-box" role="alertdialog" aria-labelledby="confirm-uncertain-text">
            <span id="confirm-uncertain-text">
              {t('queue.confirm.uncertain', { count: batch.states.uncertain, n: n(batch.states.uncertain) })}
            </span>
            <span className="confirm-buttons">
              <button type="button" className="button-primary" disabled={busy} onClick={() => requeue.mutate('uncertain')}>
                {t('queue.confirm.uncertainYes')}
              </button>
              <button type="button" onClick={() => setConfirming(null)}>
                {t('queue.confirm.no')}
              </button>
            </span>
          </div>
        )}
        {canAct && batch.states.uncertain > 0 && confirming !== 'uncertain' && (
          <p className="hint">{t('queue.uncertainHint', { count: batch.states.uncertain, n: n(batch.states.uncertain) })}</p>
        )}
      </section>
      <BatchItems batch={batch} />
    </>
  );
}

function BatchItems({ batch }: { batch: Batch }) {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<QueueState | ''>('');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const q = useDebounced(search.trim(), 300);
  const query: ItemQuery = { page, pageSize: PAGE_SIZE, ...(status ? { status } : {}), ...(q ? { q } : {}) };
  const items = useQuery({
    queryKey: queueKeys.items(batch.id, query),
    queryFn: () => queueApi.items(batch.id, query),
    placeholderData: keepPreviousData,
    refetchInterval: refreshWhile(isActive(batch)),
  });

  return (
    <section className="panel table-panel batch-items" aria-labelledby="batch-items-title">
      <div className="results-toolbar">
        <h2 id="batch-items-title">{t('queue.itemsTitle')}</h2>
        <div className="items-filters">
          <label htmlFor="items-status">{t('queue.itemFilters.status')}</label>
          <select
            id="items-status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as QueueState | '');
              setPage(1);
            }}
          >
            <option value="">{t('queue.itemFilters.all')}</option>
            {queueStates.map((s) => (
              <option key={s} value={s}>
                {t(`queue.states.${s}`)}
              </option>
            ))}
          </select>
          <label htmlFor="items-search">{t('queue.itemFilters.search')}</label>
          <input
            id="items-search"
            type="search"
            value={search}
            placeholder={t('queue.itemFilters.searchPlaceholder')}
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(1);
            }}
          />
        </div>
      </div>
      <QueryState query={items}>
        {({ total, items: rows }) => (
          <>
            <div className={items.isPlaceholderData ? 'grid-wrap grid-busy' : 'grid-wrap'}>
              <table className="table table-compact" aria-busy={items.isFetching && items.isPlaceholderData}>
                <caption className="visually-hidden">{t('queue.itemsTitle')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('queue.itemColumns.id')}</th>
                    <th scope="col">{t('queue.itemColumns.login')}</th>
                    <th scope="col">{t('queue.itemColumns.client')}</th>
                    <th scope="col">{t('queue.itemColumns.contact')}</th>
                    <th scope="col">{t('queue.itemColumns.status')}</th>
                    <th scope="col" className="num">
                      {t('queue.itemColumns.attempts')}
                    </th>
                    <th scope="col">{t('queue.itemColumns.when')}</th>
                    <th scope="col">{t('queue.itemColumns.error')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.length === 0 ? (
                    <tr>
                      <td colSpan={8} className="muted">
                        {t('queue.itemsEmpty')}
                      </td>
                    </tr>
                  ) : (
                    rows.map((item) => (
                      <tr key={item.id}>
                        <td className="nowrap">{item.id}</td>
                        <td>{item.login ?? '—'}</td>
                        <td className="nowrap">{item.clientId}</td>
                        <td className="nowrap">{displayContact(item.contact)}</td>
                        <td>
                          <StateBadge state={item.status} />
                        </td>
                        <td className="num">{item.attempts}</td>
                        <td className="nowrap small">
                          {formatDateTime(
                            item.status === 'pending' ? item.runAfter : (item.finishedAt ?? item.updatedAt),
                            i18n.language,
                          )}
                        </td>
                        <td className="small break">
                          <NoticeText notice={item.lastError} />
                        </td>
                      </tr>
                    ))
                  )}
                </tbody>
              </table>
            </div>
            <div className="results-footer">
              <Pager label={t('queue.itemsPager')} page={page} pageSize={PAGE_SIZE} total={total} onPage={setPage} />
            </div>
          </>
        )}
      </QueryState>
    </section>
  );
}

/** `part` of `whole` as a whole percentage ('0' when nothing was sent). */
function pct(part: number, whole: number): string {
  return whole > 0 ? String(Math.round((part / whole) * 100)) : '0';
}
