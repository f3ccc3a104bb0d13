/**
 * A task's run history, newest first: início, fim, origem, status, processados, enviados, falhas, erro. While a
 * run is `running` it refreshes every 3 s (the counts advance with the run's heartbeats); when it ends, the task
 * list refreshes too (última execução, próxima execução).
 */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../components/QueryState.js';
import { formatDateTime, formatNumber } from '../format.js';
import { NoticeList } from '../notice.js';
import { refreshWhile } from '../components/refresh.js';
import { Pager } from '../components/Pager.js';
import { taskKeys, tasksApi } from './api.js';
import type { RunStatus, Task } from './types.js';

const PAGE_SIZE = 50;

export function RunStatusBadge({ status }: { status: RunStatus }) {
  const { t } = useTranslation();
  return <span className={`run-status run-${status}`}>{t(`tasks.runStatus.${status}`)}</span>;
}

export function RunHistory({ task }: { task: Task }) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const runs = useQuery({
    queryKey: taskKeys.runs(task.id, page),
    queryFn: () => tasksApi.runs(task.id, page, PAGE_SIZE),
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      refreshWhile(
        (query.state.data?.runs.some((r) => r.status === 'running') ?? false) || task.lastRun?.status === 'running',
      ),
  });
  const running = runs.data?.runs.some((r) => r.status === 'running') ?? false;
  const wasRunning = useRef(running);
  useEffect(() => {
    if (wasRunning.current && !running) void queryClient.invalidateQueries({ queryKey: taskKeys.list });
    wasRunning.current = running;
  }, [running, queryClient]);

  return (
    <section className="panel table-panel run-history" aria-labelledby="run-history-title">
      <div className="results-toolbar">
        <h2 id="run-history-title">{t('tasks.history.title', { name: task.description })}</h2>
        {running && (
          <span className="small muted" role="status">
            {t('tasks.history.live')}
          </span>
        )}
      </div>
      <QueryState query={runs}>
        {(data) =>
          data.total === 0 ? (
            <p className="muted empty-results">{t('tasks.history.empty')}</p>
          ) : (
            <>
              <div className="grid-wrap">
                <table className="table table-compact">
                  <caption className="visually-hidden">{t('tasks.history.caption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('tasks.history.started')}</th>
                      <th scope="col">{t('tasks.history.finished')}</th>
                      <th scope="col">{t('tasks.history.origin')}</th>
                      <th scope="col">{t('tasks.history.status')}</th>
                      <th scope="col" className="num">
                        {t('tasks.history.processed')}
                      </th>
                      <th scope="col" className="num">
                        {t('tasks.history.sent')}
                      </th>
                      <th scope="col" className="num">
                        {t('tasks.history.failed')}
                      </th>
                      <th scope="col">{t('tasks.history.error')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.runs.map((run) => (
                      <tr key={run.id} data-run={run.id} data-status={run.status}>
                        <td className="nowrap">{formatDateTime(run.startedAt, i18n.language)}</td>
                        <td className="nowrap">{formatDateTime(run.finishedAt, i18n.language)}</td>
                        <td className="small">
                          {run.manual
                            ? t('tasks.history.manual', { user: run.requestedBy ?? '—' })
                            : t('tasks.history.scheduled')}
                        </td>
                        <td>
                          <RunStatusBadge status={run.status} />
                        </td>
                        <td className="num">{n(run.processed)}</td>
                        <td className="num">{n(run.sent)}</td>
                        <td className="num">{n(run.failed)}</td>
                        <td className="small break">
                          <NoticeList notices={run.errors} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {data.total > PAGE_SIZE && (
                <div className="results-footer">
                  <Pager label={t('tasks.history.pager')} page={page} pageSize={PAGE_SIZE} total={data.total} onPage={setPage} />
                </div>
              )}
            </>
          )
        }
      </QueryState>
    </section>
  );
}
