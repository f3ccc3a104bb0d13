/**
 * Home dashboard from GET /api/overview: subscriber counts, login states, the NAS, POPs and FTTH boxes with most
 * logins offline (each opens the report filtered by it), and any channel whose queue is not leaving.
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { DEFAULT_PAGE_SIZE } from '../components/paging.js';
import { searchOf } from '../report/search.js';
import { DEFAULT_SORT, type ReportFilter } from '../report/types.js';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader.js';
import { DeliveryWarnings } from '../send/ReadinessWarning.js';
import { QueryState } from '../components/QueryState.js';
import { endpoints, keys, type Overview } from '../endpoints.js';
import { formatDateTime, formatNumber, formatShare } from '../format.js';

export function HomePage() {
  const { t } = useTranslation();
  const overview = useQuery({ queryKey: keys.overview, queryFn: endpoints.overview, refetchInterval: 60_000 });
  return (
    <>
      <PageHeader
        title={t('home.title')}
        intro={t('home.intro')}
        actions={
          <button type="button" onClick={() => void overview.refetch()} disabled={overview.isFetching}>
            {t('home.refresh')}
          </button>
        }
      />
      <DeliveryWarnings />
      <QueryState query={overview}>
        {(data) => <Dashboard data={data} updatedAt={overview.dataUpdatedAt} />}
      </QueryState>
    </>
  );
}

function CountCard({ id, title, value, note }: { id: string; title: string; value: string; note: string }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p className="big-number">{value}</p>
      <p className="muted">{note}</p>
    </section>
  );
}

function Dashboard({ data, updatedAt }: { data: Overview; updatedAt: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const n = (value: number) => formatNumber(value, lang);
  const { logins } = data;
  const states = [
    { key: 'online', label: t('home.online'), value: logins.online },
    { key: 'offline', label: t('home.offline'), value: logins.offline },
    { key: 'unknown', label: t('home.noStatus'), value: logins.neverAuthenticated },
  ];

  return (
    <>
      <div className="cards">
        <CountCard id="card-clients" title={t('home.clients')} value={n(data.clients)} note={t('home.registered')} />
        <CountCard id="card-contracts" title={t('home.contracts')} value={n(data.contracts)} note={t('home.registered')} />
        <section className="card card-wide" aria-labelledby="card-logins">
          <h2 id="card-logins">{t('home.logins')}</h2>
          <div className="login-stats">
            <div>
              <p className="big-number">{n(logins.total)}</p>
              <p className="muted">{t('home.inTotal')}</p>
            </div>
            <dl className="stat-list">
              {states.map((state) => (
                <div key={state.key} className={`stat stat-${state.key}`}>
                  <dt>
                    <span className="dot" aria-hidden="true" />
                    {state.label}
                  </dt>
                  <dd>{n(state.value)}</dd>
                </div>
              ))}
              <div className="stat stat-share">
                <dt>{t('home.offlineShare')}</dt>
                <dd>{formatShare(logins.offline, logins.total, lang)}</dd>
              </div>
            </dl>
          </div>
          <StateBar online={logins.online} offline={logins.offline} unknown={logins.neverAuthenticated} />
        </section>
      </div>

      <div className="columns">
        <TopOffline id="top-nas" title={t('home.topNas')} column={t('home.nas')} rows={data.topOfflineNas} filterOf={(id) => ({ nasIds: [id] })} />
        <TopOffline id="top-pops" title={t('home.topPops')} column={t('home.pop')} rows={data.topOfflinePops} filterOf={(id) => ({ popIds: [id] })} />
        <TopOffline
          id="top-boxes"
          title={t('home.topBoxes')}
          column={t('home.box')}
          rows={data.topOfflineBoxes}
          filterOf={(id) => ({ ftthBoxIds: [id] })}
        />

        <section className="panel" aria-labelledby="system-info">
          <h2 id="system-info" className="visually-hidden">
            {t('home.storage')}
          </h2>
          <dl className="facts">
            <dt>{t('home.storage')}</dt>
            <dd>{t(`home.${data.database}`)}</dd>
            <dt>{t('home.timezone')}</dt>
            <dd>{data.timezone}</dd>
          </dl>
          <p className="muted small">{t('home.updatedAt', { time: formatDateTime(new Date(updatedAt), lang, data.timezone) })}</p>
        </section>
      </div>
    </>
  );
}

/** The elements with the most offline logins; each name opens the report filtered by it (offline logins). */
function TopOffline({
  id,
  title,
  column,
  rows,
  filterOf,
}: {
  id: string;
  title: string;
  column: string;
  rows: Overview['topOfflineNas'];
  filterOf: (id: number) => ReportFilter;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const n = (value: number) => formatNumber(value, lang);
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {rows.length === 0 ? (
        <p className="muted">{t('home.noOffline')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{column}</th>
              <th scope="col" className="num">
                {t('home.offline')}
              </th>
              <th scope="col" className="num">
                {t('home.total')}
              </th>
              <th scope="col" className="num">
                {t('home.offlineShare')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>
                  <Link
                    to="/relatorios/status-logins"
                    search={searchOf({ filter: { ...filterOf(row.id), online: ['offline'] }, sort: DEFAULT_SORT, page: 1, pageSize: DEFAULT_PAGE_SIZE })}
                    title={t('home.openReport', { name: row.name })}
                  >
                    {row.name}
                  </Link>
                </td>
                <td className="num">{n(row.offline)}</td>
                <td className="num">{n(row.total)}</td>
                <td className="num">{formatShare(row.offline, row.total, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** A proportional bar of online / offline / no-status logins (decorative; the numbers are in the list). */
function StateBar({ online, offline, unknown }: { online: number; offline: number; unknown: number }) {
  const total = online + offline + unknown;
  if (total === 0) return null;
  const width = (value: number) => `${(value / total) * 100}%`;
  return (
    <div className="state-bar" aria-hidden="true">
      <span className="stat-online" style={{ width: width(online) }} />
      <span className="stat-offline" style={{ width: width(offline) }} />
      <span className="stat-unknown" style={{ width: width(unknown) }} />
    </div>
  );
}
