/** Everything under the form once a filter is applied: summary strip, toolbar (range, size, CSV), grid, pager. */
import type { UseQueryResult } from '@tanstack/react-query';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.js';
import { ErrorAlert } from '../components/Alert.js';
import { withIds } from './filter.js';
import { rejectedText } from './rejected.js';
import { Pager } from '../components/Pager.js';
import { type PageSize, pageSizes } from '../components/paging.js';
import { gridColumnIds, ResultsGrid } from './ResultsGrid.js';
import { ColumnChooser } from './ColumnChooser.js';
import { useGridColumns } from './columns.js';
import { useSession } from '../session.js';
import { exportCsvUrl } from './reportApi.js';
import type { ReportView } from './search.js';
import { type GroupKey, SummaryStrip } from './SummaryStrip.js';
import type { LoginPage, ReportFilter, ReportSummary } from './types.js';

interface Props {
  view: ReportView & { filter: ReportFilter };
  rows: UseQueryResult<LoginPage>;
  summary: UseQueryResult<ReportSummary>;
  go: (next: Partial<ReportView>) => void;
}

export function Results({ view, rows, summary, go }: Props) {
  const { t } = useTranslation();
  const { filter, sort, pageSize } = view;
  const add = (key: GroupKey, id: number) => go({ filter: withIds(filter, key, id), page: 1 });
  const data = rows.data;
  const panel = useRef<HTMLDivElement>(null);
  // The pager describes the rows on screen (the previous page stays, dimmed, while the next one loads).
  const echoed = data?.pageSize ?? 0;
  const shownSize = (pageSizes as readonly number[]).includes(echoed) ? (echoed as PageSize) : pageSize;
  const rejected = rows.error instanceof ApiError && rows.error.code === 'VALIDATION';
  const columns = useGridColumns(useSession()?.user.id, gridColumnIds);

  return (
    <section className="results" aria-label={t('report.grid.caption')}>
      {!rejected && <SummaryStrip summary={summary} filter={filter} onAdd={add} />}
      {rows.isError &&
        (rejected ? (
          <div className="alert alert-error" role="alert">
            <span>{rejectedText(t, rows.error as ApiError, filter)}</span>
            <details className="muted">
              <summary>{t('report.rejectedDetail')}</summary>
              <code data-verbatim="">{rows.error.message}</code>
            </details>
          </div>
        ) : (
          <ErrorAlert error={rows.error}>
            <button type="button" className="link-button" onClick={() => void rows.refetch()}>
              {t('common.retry')}
            </button>
          </ErrorAlert>
        ))}
      {rows.isPending && (
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
      )}
      {data && (
        <div className="panel table-panel results-panel" ref={panel}>
          <div className="results-toolbar">
            <Pager
              label={t('report.grid.pager')}
              page={data.page}
              pageSize={shownSize}
              total={data.total}
              onPage={(next) => go({ page: next })}
              onPageSize={(size) => go({ pageSize: size, page: 1 })}
            />
            <div className="results-tools">
              <ColumnChooser visible={columns.visible} onToggle={columns.toggle} onReset={columns.reset} />
              <a className="button button-small" href={exportCsvUrl(filter, sort)} download>
                {t('report.actions.export')}
              </a>
            </div>
          </div>
          {data.rows.length > 0 ? (
            <ResultsGrid
              rows={data.rows}
              sort={sort}
              busy={rows.isFetching}
              onSort={(next) => go({ sort: next, page: 1 })}
              visible={columns.visible}
            />
          ) : (
            <p className="empty-results muted">
              {data.total === 0 ? t('report.grid.empty') : t('report.grid.pastEnd')}{' '}
              {data.total > 0 && (
                <button type="button" className="link-button" onClick={() => go({ page: 1 })}>
                  {t('report.grid.first')}
                </button>
              )}
            </p>
          )}
          {data.rows.length > 20 && (
            <div className="results-footer">
              <Pager
                label={t('report.grid.pagerBottom')}
                page={data.page}
                pageSize={shownSize}
                total={data.total}
                onPage={(next) => {
                  go({ page: next });
                  panel.current?.scrollIntoView({ block: 'start' });
                }}
              />
            </div>
          )}
        </div>
      )}
    </section>
  );
}
