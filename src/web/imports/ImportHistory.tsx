/** The recent imports, newest first; one can be opened to see its result and errors. */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { refreshWhile } from '../components/refresh.js';
import { QueryState } from '../components/QueryState.js';
import { formatDateTime, formatNumber } from '../format.js';
import { type ImportJob, importKeys, importsApi } from './api.js';

export function ImportHistory({ openId, onOpen }: { openId: number | null; onOpen: (job: ImportJob | null) => void }) {
  const { t, i18n } = useTranslation();
  // Refreshed while an import runs elsewhere (another admin, the API), so its counters move.
  const history = useQuery({
    queryKey: importKeys.history,
    queryFn: importsApi.history,
    refetchInterval: (query) => refreshWhile(query.state.data?.jobs.some((j) => j.status === 'running') ?? false),
  });
  const n = (value: number) => formatNumber(value, i18n.language);
  return (
    <section className="panel table-panel" aria-labelledby="import-history">
      <div className="panel-heading">
        <h2 id="import-history">{t('imports.history')}</h2>
      </div>
      <QueryState query={history}>
        {({ jobs }) =>
          jobs.length === 0 ? (
            <p className="muted">{t('imports.empty')}</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t('imports.startedAt')}</th>
                  <th scope="col">{t('imports.entity')}</th>
                  <th scope="col">{t('imports.fileName')}</th>
                  <th scope="col">{t('imports.statusColumn')}</th>
                  <th scope="col">{t('imports.counters.read')}</th>
                  <th scope="col">{t('imports.counters.inserted')}</th>
                  <th scope="col">{t('imports.counters.updated')}</th>
                  <th scope="col">{t('imports.counters.rejected')}</th>
                  <th scope="col">{t('imports.actor')}</th>
                  <th scope="col" className="actions">
                    {t('common.actions')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {jobs.map((job) => (
                  <tr key={job.id}>
                    <td>{job.id}</td>
                    <td className="nowrap">{formatDateTime(job.startedAt, i18n.language)}</td>
                    <td>{t(`imports.entities.${job.entity}`)}</td>
                    <td className="mono">{job.fileName ?? t('common.none')}</td>
                    <td>{t(`imports.status.${job.status}`)}</td>
                    <td>{n(job.read)}</td>
                    <td>{n(job.inserted)}</td>
                    <td>{n(job.updated)}</td>
                    <td>{n(job.rejected)}</td>
                    <td>{job.actor}</td>
                    <td className="actions">
                      <button type="button" className="button-small" onClick={() => onOpen(openId === job.id ? null : job)}>
                        {openId === job.id ? t('imports.hideResult') : t('imports.showResult')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryState>
    </section>
  );
}
