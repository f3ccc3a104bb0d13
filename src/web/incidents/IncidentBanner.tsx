/**
 * On every page while an incident is open: how many, and the newest few (element, state, affected, ETA), linking to
 * Incidentes — attendants know before the phone rings. Polls the open list every 15 s.
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../format.js';
import { incidentKeys, incidentsApi } from './api.js';

const REFRESH_MS = 15_000;
const SHOWN = 3;

export function IncidentBanner() {
  const { t, i18n } = useTranslation();
  const open = useQuery({
    queryKey: incidentKeys.open,
    queryFn: () => incidentsApi.list({ open: 'true', page: 1, pageSize: SHOWN }),
    refetchInterval: REFRESH_MS,
  });
  const data = open.data;
  const active = data?.incidents.filter((i) => i.state !== 'restored') ?? [];
  if (!data || active.length === 0) return null;
  return (
    <div className="incident-banner" role="status">
      <strong>{t('incidents.banner.title', { count: data.total })}</strong>
      <ul>
        {active.map((i) => (
          <li key={i.id}>
            <Link to="/incidentes" search={{ id: i.id }}>
              {i.elementName}
            </Link>{' '}
            — {t(`incidents.states.${i.state}`)}, {t('incidents.banner.affected', { n: formatNumber(i.counts.affected, i18n.language) })}
            {i.eta ? `, ${t('incidents.banner.eta', { when: formatDateTime(i.eta, i18n.language) })}` : ''}
          </li>
        ))}
      </ul>
      <Link to="/incidentes">{t('incidents.banner.open')}</Link>
    </div>
  );
}
