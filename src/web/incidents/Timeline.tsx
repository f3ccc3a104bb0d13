/** An incident's timeline, oldest first: when, what (with its details: counts, ETA, note, the notice's batch), who. */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../components/QueryState.js';
import { formatDateTime, formatNumber } from '../format.js';
import { incidentKeys, incidentsApi } from './api.js';
import type { IncidentEvent } from './types.js';

const REFRESH_MS = 5_000;

function Details({ event }: { event: IncidentEvent }) {
  const { t, i18n } = useTranslation();
  const d = event.details as Record<string, unknown>;
  const n = (v: unknown) => formatNumber(Number(v ?? 0), i18n.language);
  switch (event.kind) {
    case 'opened':
      return d.eventId
        ? t('incidents.timeline.fromMonitoring', { source: String(d.source ?? ''), title: String(d.title ?? '') })
        : t(d.reset ? 'incidents.timeline.openedReset' : 'incidents.timeline.opened', { dropped: n(d.dropped), online: n(d.online) });
    case 'eta':
      return <>{d.eta ? formatDateTime(String(d.eta), i18n.language) : t('incidents.noEta')}</>;
    case 'note':
      return <>{String(d.note ?? '')}</>;
    case 'notice':
      if (d.error) return <span className="field-error">{String(d.error)}</span>;
      return (
        <>
          {t(`incidents.phases.${String(d.phase)}` as 'incidents.phases.start')}
          {d.channel ? ` (${t(`integrations.channels.${String(d.channel)}` as 'integrations.channels.sms')})` : ''}: {t('incidents.timeline.queued', { enqueued: n(d.enqueued), skipped: n(d.skipped) })}{' '}
          <Link to="/crm/fila" search={{ lote: Number(d.batchId) }}>
            {t('incidents.timeline.batch', { id: String(d.batchId) })}
          </Link>
        </>
      );
    case 'cancelled_notices':
      return <>{t('incidents.timeline.cancelled', { rows: n(d.rows) })}</>;
    case 'merged':
      return <>{t('incidents.timeline.mergedInto', { id: String(d.into) })}</>;
    case 'absorbed':
      return <>{t('incidents.timeline.absorbed', { id: String(d.from) })}</>;
    case 'restored':
      return d.affected ? t('incidents.timeline.restored', { back: n(d.back), affected: n(d.affected) }) : null;
    case 'monitoring':
      return <>{t('incidents.timeline.monitoring', { source: String(d.source ?? ''), state: String(d.state ?? ''), title: String(d.title ?? '') })}</>;
    default:
      return null;
  }
}

export function Timeline({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const events = useQuery({ queryKey: incidentKeys.timeline(id), queryFn: () => incidentsApi.timeline(id), refetchInterval: REFRESH_MS });
  return (
    <section className="panel table-panel" aria-labelledby="incident-timeline-title">
      <div className="results-toolbar">
        <h2 id="incident-timeline-title">{t('incidents.timeline.title')}</h2>
      </div>
      <QueryState query={events}>
        {(list) => (
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">{t('incidents.timeline.at')}</th>
                <th scope="col">{t('incidents.timeline.what')}</th>
                <th scope="col">{t('incidents.timeline.details')}</th>
                <th scope="col">{t('incidents.timeline.who')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((e) => (
                <tr key={e.id}>
                  <td>{formatDateTime(e.at, i18n.language)}</td>
                  <td>{t(`incidents.events.${e.kind}` as 'incidents.events.opened')}</td>
                  <td>
                    <Details event={e} />
                  </td>
                  <td>{e.actor === 'avisa' ? t('incidents.timeline.automatic') : e.actor}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </section>
  );
}
