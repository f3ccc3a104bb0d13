/** The batches, newest first: message, who and when, filter, priority, rows by state and progress. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../components/QueryState.js';
import { formatDateTime, formatNumber } from '../format.js';
import { Pager } from '../components/Pager.js';
import { queueApi, queueKeys } from './api.js';
import { refreshWhile } from '../components/refresh.js';
import { isActive } from './logic.js';
import { PriorityLabel } from '../components/PrioritySelect.js';
import { FilterSummary, ProgressBar } from './parts.js';
import { queueStates } from './types.js';

const PAGE_SIZE = 50;

export function BatchList() {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: queueKeys.list(page, PAGE_SIZE),
    queryFn: () => queueApi.batches(page, PAGE_SIZE),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => refreshWhile(query.state.data?.batches.some(isActive) ?? false),
  });

  return (
    <QueryState query={list}>
      {({ total, batches }) =>
        total === 0 ? (
          <p className="muted">{t('queue.empty')}</p>
        ) : (
          <div className="panel table-panel">
            <div className="results-toolbar">
              <Pager label={t('queue.pager')} page={page} pageSize={PAGE_SIZE} total={total} onPage={setPage} />
              {batches.some(isActive) && (
                <span className="small muted live-note" role="status">
                  {t('queue.live')}
                </span>
              )}
            </div>
            <div className="grid-wrap">
              <table className="table table-compact batch-table">
                <caption className="visually-hidden">{t('queue.listCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('queue.columns.batch')}</th>
                    <th scope="col">{t('queue.columns.message')}</th>
                    <th scope="col">{t('queue.columns.filter')}</th>
                    <th scope="col">{t('queue.columns.priority')}</th>
                    {queueStates.map((state) => (
                      <th key={state} scope="col" className="num state-col">
                        {t(`queue.states.${state}`)}
                      </th>
                    ))}
                    <th scope="col">{t('queue.columns.progress')}</th>
                    <th scope="col" className="actions">
                      {t('common.actions')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {batches.map((batch) => (
                    <tr key={batch.id} data-batch={batch.id}>
                      <td className="nowrap">#{batch.id}</td>
                      <td className="batch-message">
                        <span className={`channel-badge channel-${batch.channel}`}>
                          {t(`integrations.channels.${batch.channel}`)}
                        </span>{' '}
                        {batch.messageDescription}
                        <span className="small muted batch-created">
                          {batch.actor} · {formatDateTime(batch.createdAt, i18n.language)}
                        </span>
                      </td>
                      <td className="small filter-cell">
                        <FilterSummary filter={batch.filter} />
                      </td>
                      <td className="nowrap">
                        <PriorityLabel priority={batch.priority} />
                      </td>
                      {queueStates.map((state) => (
                        <td key={state} className={`num state-count-${state}`} data-state={state}>
                          {batch.states[state] ? n(batch.states[state]) : <span className="muted">0</span>}
                        </td>
                      ))}
                      <td>
                        <ProgressBar batch={batch} />
                      </td>
                      <td className="actions">
                        <Link
                          to="/crm/fila"
                          search={{ lote: batch.id }}
                          className="button button-small"
                          aria-label={t('queue.openLabel', { id: batch.id })}
                        >
                          {t('queue.open')}
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        )
      }
    </QueryState>
  );
}
