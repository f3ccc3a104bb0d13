/** One import's outcome: its counters, ignored columns, why it failed, and its row errors (paged). */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PrevNextPager } from '../components/PrevNextPager.js';
import { QueryState } from '../components/QueryState.js';
import { formatNumber } from '../format.js';
import { NoticeText } from '../notice.js';
import { type ImportJob, importKeys, importsApi } from './api.js';

const PAGE_SIZE = 100;
const KEPT_ERRORS = 1_000;

export function ImportResult({ job }: { job: ImportJob }) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const secret = new Set(job.secretColumns);
  const counters = [
    ['read', job.read],
    ['inserted', job.inserted],
    ['updated', job.updated],
    ['rejected', job.rejected],
  ] as const;
  return (
    <section className="panel" aria-labelledby={`import-result-${job.id}`}>
      <h2 id={`import-result-${job.id}`}>
        {t('imports.result', { id: job.id })}{' '}
        <span className={job.status === 'failed' ? 'tag tag-warning' : job.status === 'succeeded' ? 'tag tag-ok' : 'tag'}>
          {t(`imports.status.${job.status}`)}
        </span>
      </h2>
      <dl className="stat-list import-counters">
        {counters.map(([key, value]) => (
          <div key={key} className="stat">
            <dt>{t(`imports.counters.${key}`)}</dt>
            <dd>{n(value)}</dd>
          </div>
        ))}
      </dl>
      {job.errorNotice && (
        <p className="alert alert-error">
          <span>
            {t('imports.failedReason')}: <NoticeText notice={job.errorNotice} />
          </span>
        </p>
      )}
      {job.ignoredColumns.length > 0 && (
        <p>
          <strong>{t('imports.ignored')}:</strong>{' '}
          {job.ignoredColumns.map((c) => (secret.has(c) ? t('imports.secretColumn', { name: c }) : c)).join(', ')}
        </p>
      )}
      {job.errorCount > 0 && <ImportErrors job={job} />}
    </section>
  );
}

function ImportErrors({ job }: { job: ImportJob }) {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const errors = useQuery({
    queryKey: importKeys.errors(job.id, page),
    queryFn: () => importsApi.errors(job.id, page, PAGE_SIZE),
    placeholderData: keepPreviousData,
  });
  const n = (value: number) => formatNumber(value, i18n.language);
  return (
    <>
      <h3>{t('imports.errorsTitle', { count: job.errorCount })}</h3>
      {job.errorCount > KEPT_ERRORS && <p className="muted small">{t('imports.errorsKept', { kept: n(KEPT_ERRORS), total: n(job.errorCount) })}</p>}
      <QueryState query={errors}>
        {(data) => (
          <>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{data.unit === 'line' ? t('imports.line') : t('imports.record')}</th>
                  <th scope="col">{t('imports.field')}</th>
                  <th scope="col">{t('imports.message')}</th>
                </tr>
              </thead>
              <tbody>
                {data.errors.map((e, i) => (
                  <tr key={`${e.line}-${i}`}>
                    <td className="nowrap">{n(e.line)}</td>
                    <td className="mono">{e.field ?? t('common.none')}</td>
                    <td>
                      <NoticeText notice={e.notice} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <PrevNextPager
              label={t('imports.errorsTitle', { count: job.errorCount })}
              page={page}
              pageSize={PAGE_SIZE}
              total={data.total}
              onPage={setPage}
            />
          </>
        )}
      </QueryState>
    </>
  );
}
