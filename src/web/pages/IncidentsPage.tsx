/**
 * Incidentes: the incidents Avisa detected (or the monitoring reported), open ones first; one opens below with its
 * counts, actions and timeline. `?id=` opens one (the banner links here). Refreshes on its own: incidents open,
 * fill and end while the page is open.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader.js';
import { Pager } from '../components/Pager.js';
import { QueryState } from '../components/QueryState.js';
import { incidentKeys, incidentsApi } from '../incidents/api.js';
import { IncidentDetail } from '../incidents/IncidentDetail.js';
import { IncidentList } from '../incidents/IncidentList.js';
import { IncidentStats } from '../incidents/IncidentStats.js';
import { canSee } from '../menu.js';
import { useSession } from '../session.js';

const PAGE_SIZE = 50;
const REFRESH_MS = 5_000;

export function IncidentsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const canOperate = canSee(session?.user.role ?? 'viewer', 'operator');
  const search = useSearch({ from: '/app/incidentes' });
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: incidentKeys.list(page),
    queryFn: () => incidentsApi.list({ page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
  const selected = search.id;
  const one = useQuery({
    queryKey: incidentKeys.one(selected ?? 0),
    queryFn: () => incidentsApi.get(selected ?? 0),
    enabled: selected !== undefined,
    refetchInterval: REFRESH_MS,
  });
  const openIncident = (id: number) => void navigate({ to: '/incidentes', search: { id } });

  return (
    <>
      <PageHeader title={t('incidents.title')} intro={t('incidents.intro')} />
      <IncidentStats />
      <section className="panel table-panel" aria-labelledby="incident-list-title">
        <div className="results-toolbar">
          <h2 id="incident-list-title">{t('incidents.list.title')}</h2>
        </div>
        <QueryState query={list}>
          {(data) =>
            data.total === 0 ? (
              <p className="muted empty-results">{t('incidents.list.empty')}</p>
            ) : (
              <>
                <IncidentList incidents={data.incidents} selected={selected} onOpen={openIncident} />
                {data.total > PAGE_SIZE && (
                  <div className="results-footer">
                    <Pager label={t('incidents.list.pager')} page={page} pageSize={PAGE_SIZE} total={data.total} onPage={setPage} />
                  </div>
                )}
              </>
            )
          }
        </QueryState>
      </section>
      {selected !== undefined && (
        <QueryState query={one}>{(incident) => <IncidentDetail key={incident.id} incident={incident} canOperate={canOperate} onMerged={openIncident} />}</QueryState>
      )}
    </>
  );
}
