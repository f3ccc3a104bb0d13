/**
 * Relatórios › Provedor › Conexões › Status logins — IXC's "Relatório de status logins" with live counts.
 * The URL holds filter, sort and page (see report/search.ts): a link reproduces the view, Back undoes a step.
 */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader.js';
import { Tabs } from '../components/Tabs.js';
import { canSee } from '../menu.js';
import { OpenIncidentTab } from '../incidents/OpenIncidentTab.js';
import { CrmTab } from '../send/CrmTab.js';
import { FilterForm } from '../report/FilterForm.js';
import { filterKey } from '../report/filter.js';
import { Results } from '../report/Results.js';
import { knownTotal, reportApi, reportKeys } from '../report/reportApi.js';
import { forgetReport, useRememberedReport } from '../report/remember.js';
import { formatSort, type ReportView, searchOf, viewOf } from '../report/search.js';
import type { ReportFilter } from '../report/types.js';
import { useSession } from '../session.js';

const PATH = '/relatorios/status-logins';

function useReport(view: ReportView) {
  const queryClient = useQueryClient();
  const { filter, sort, page, pageSize } = view;
  const request = { filter: filter ?? {}, sort, page, pageSize };
  const rows = useQuery({
    queryKey: reportKeys.rows(request),
    queryFn: ({ signal }) => reportApi.rows({ ...request, knownTotal: knownTotal(queryClient, request) }, signal),
    enabled: filter !== null,
    placeholderData: keepPreviousData,
  });
  const summary = useQuery({
    queryKey: reportKeys.summary(request.filter),
    queryFn: ({ signal }) => reportApi.summary(request.filter, signal),
    enabled: filter !== null,
    placeholderData: keepPreviousData,
  });
  return { rows, summary };
}

export function StatusLoginsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const search = useSearch({ from: '/app/relatorios/status-logins' });
  const view = viewOf(search);
  useRememberedReport(PATH, search, session?.user.id);
  const { rows, summary } = useReport(view);
  const options = useQuery({ queryKey: reportKeys.options, queryFn: reportApi.options, staleTime: 5 * 60_000 });

  /** A new view in the address bar (a history entry, so Back returns to the previous one). */
  const go = (next: Partial<ReportView>) =>
    void navigate({ to: PATH, search: searchOf({ ...view, ...next }), resetScroll: false });

  const apply = (filter: ReportFilter, sort: ReportView['sort']) => {
    // Filtrar on the view already shown means "again, now": the states are live.
    const same =
      view.filter !== null &&
      filterKey(filter) === filterKey(view.filter) &&
      formatSort(sort) === formatSort(view.sort);
    if (same && view.page === 1) void queryClient.invalidateQueries({ queryKey: reportKeys.results });
    else if (same) {
      // From another page: page 1 (in the cache or not) is fetched and counted anew once shown, the summary now;
      // the page being left is not asked for again.
      void queryClient.invalidateQueries({ queryKey: reportKeys.results, refetchType: 'none' });
      void queryClient.invalidateQueries({ queryKey: reportKeys.summary(filter) });
    }
    go({ filter, sort, page: 1 });
  };

  return (
    <>
      <PageHeader title={t('menu.statusLogins')} intro={t('report.intro')} />
      <Tabs
        label={t('menu.statusLogins')}
        tabs={[
          {
            id: 'filter',
            label: t('report.tabs.filter'),
            panel: (
              <FilterForm
                view={view}
                options={options.data}
                serverError={rows.error ?? summary.error}
                canSave={!!session && canSee(session.user.role, 'operator')}
                onApply={apply}
                onClear={() => {
                  forgetReport(session?.user.id);
                  go({ filter: null, page: 1 });
                }}
              />
            ),
          },
          {
            id: 'crm',
            label: t('report.tabs.crm'),
            panel: <CrmTab filter={view.filter} summary={summary.data} />,
          },
          {
            id: 'incident',
            label: t('report.tabs.incident'),
            panel: <OpenIncidentTab filter={view.filter} summary={summary.data} />,
          },
        ]}
      />
      {view.filter ? (
        <Results view={{ ...view, filter: view.filter }} rows={rows} summary={summary} go={go} />
      ) : (
        <p className="muted not-filtered">{t('report.notFiltered')}</p>
      )}
    </>
  );
}
