/**
 * A gatilho's history, newest first: data, situação, logins, na fila (or "a enviar" for a held run), ignorados by
 * reason, lotes (links to the Fila) and the decision or error. A held run — over the ceiling — offers Confirmar
 * envio and Descartar to operators. Refreshes every few seconds, since the Agenda de tarefas adds runs on its own.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, SuccessAlert } from '../components/Alert.js';
import { QueryState } from '../components/QueryState.js';
import { formatDateTime, formatNumber } from '../format.js';
import { Pager } from '../components/Pager.js';
import { NoticeText } from '../notice.js';
import { triggerKeys, triggersApi } from './api.js';
import { SkipList } from './SkipList.js';
import type { TriggerRule, TriggerRun } from './types.js';

const PAGE_SIZE = 50;
const REFRESH_MS = 5_000;

/** The run's situation; an evaluation that queued nothing (all in cooldown or pending) says so. */
export function RunStatusBadge({ run }: { run: Pick<TriggerRun, 'status' | 'enqueued'> }) {
  const { t } = useTranslation();
  const nothing = run.status === 'enqueued' && run.enqueued === 0;
  return (
    <span className={`trigger-status trigger-${nothing ? 'nothing' : run.status}`}>
      {nothing ? t('triggers.status.nothing') : t(`triggers.status.${run.status}`)}
    </span>
  );
}

export function RuleHistory({ rule, canDecide }: { rule: TriggerRule; canDecide: boolean }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [flash, setFlash] = useState<string | null>(null);
  const runs = useQuery({
    queryKey: triggerKeys.runs(rule.id, page),
    queryFn: () => triggersApi.runs(rule.id, page, PAGE_SIZE),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
  // A new evaluation (the Agenda de tarefas runs on its own): the list's "última avaliação" follows.
  const newest = runs.data?.runs[0]?.id;
  useEffect(() => {
    if (newest !== undefined) void queryClient.invalidateQueries({ queryKey: triggerKeys.list });
  }, [newest, queryClient]);
  const decide = useMutation({
    mutationFn: ({ run, action }: { run: TriggerRun; action: 'confirm' | 'discard' }) =>
      action === 'confirm' ? triggersApi.confirm(run.id) : triggersApi.discard(run.id),
    onSuccess: async (run) => {
      await queryClient.invalidateQueries({ queryKey: triggerKeys.all });
      setFlash(
        run.status === 'confirmed'
          ? t('triggers.history.confirmed', { id: run.id, count: run.enqueued, n: formatNumber(run.enqueued, i18n.language) })
          : t('triggers.history.discarded', { id: run.id }),
      );
    },
  });

  return (
    <section className="panel table-panel run-history" aria-labelledby="trigger-history-title">
      <div className="results-toolbar">
        <h2 id="trigger-history-title">{t('triggers.history.title', { name: rule.name })}</h2>
      </div>
      <SuccessAlert message={flash} onClose={() => setFlash(null)} />
      <ErrorAlert error={decide.error} />
      <QueryState query={runs}>
        {(data) =>
          data.total === 0 ? (
            <p className="muted empty-results">{t('triggers.history.empty')}</p>
          ) : (
            <>
              <div className="grid-wrap">
                <table className="table table-compact">
                  <caption className="visually-hidden">{t('triggers.history.caption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('triggers.history.at')}</th>
                      <th scope="col">{t('triggers.history.status')}</th>
                      <th scope="col" className="num">
                        {t('triggers.history.matched')}
                      </th>
                      <th scope="col" className="num">
                        {t('triggers.history.enqueued')}
                      </th>
                      <th scope="col">{t('triggers.history.skipped')}</th>
                      <th scope="col">{t('triggers.history.batches')}</th>
                      <th scope="col">{t('triggers.history.note')}</th>
                      {canDecide && (
                        <th scope="col" className="actions">
                          {t('common.actions')}
                        </th>
                      )}
                    </tr>
                  </thead>
                  <tbody>
                    {data.runs.map((run) => (
                      <RunRow key={run.id} run={run} canDecide={canDecide} busy={decide.isPending} onDecide={(action) => decide.mutate({ run, action })} />
                    ))}
                  </tbody>
                </table>
              </div>
              {data.total > PAGE_SIZE && (
                <div className="results-footer">
                  <Pager label={t('triggers.history.pager')} page={page} pageSize={PAGE_SIZE} total={data.total} onPage={setPage} />
                </div>
              )}
            </>
          )
        }
      </QueryState>
    </section>
  );
}

interface RowProps {
  run: TriggerRun;
  canDecide: boolean;
  busy: boolean;
  onDecide: (action: 'confirm' | 'discard') => void;
}

function RunRow({ run, canDecide, busy, onDecide }: RowProps) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const planned = run.status === 'held' || run.status === 'discarded';
  const decided =
    run.decidedBy && run.decidedAt
      ? t('triggers.history.decided', { user: run.decidedBy, at: formatDateTime(run.decidedAt, i18n.language) })
      : '';
  return (
    <tr data-run={run.id} data-status={run.status}>
      <td className="nowrap">{formatDateTime(run.at, i18n.language)}</td>
      <td>
        <RunStatusBadge run={run} />
      </td>
      <td className="num">{n(run.matched)}</td>
      <td className="num">
        {n(run.enqueued)}
        {planned && <span className="small muted"> {t('triggers.history.planned')}</span>}
      </td>
      <td className="small">
        <SkipList counts={run.skipCounts} total={run.skipped} />
      </td>
      <td className="small">
        {run.batchIds.map((id, i) => (
          <span key={id}>
            {i > 0 && ', '}
            <Link to="/crm/fila" search={{ lote: id }}>
              {t('triggers.history.batch', { id })}
            </Link>
          </span>
        ))}
      </td>
      <td className="small break">
        <NoticeText notice={run.error} />
        {run.error && decided && ' — '}
        {decided}
      </td>
      {canDecide && (
        <td className="actions nowrap">
          {run.status === 'held' && (
            <>
              <button type="button" className="button-small button-primary" disabled={busy} onClick={() => onDecide('confirm')}>
                {t('triggers.history.confirm')}
              </button>{' '}
              <button type="button" className="button-small" disabled={busy} onClick={() => onDecide('discard')}>
                {t('triggers.history.discard')}
              </button>
            </>
          )}
        </td>
      )}
    </tr>
  );
}
