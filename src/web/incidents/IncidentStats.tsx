/** The last 30 days at a glance: incidents opened, confirmed, discarded, and the median times to detect, to the first notice and to restore. */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../format.js';
import { incidentKeys, incidentsApi } from './api.js';

/** "42 s", "7 min", "3,5 h" — or a dash without data. */
function duration(seconds: number | null, lang: string): string {
  if (seconds === null) return '—';
  if (seconds < 90) return `${formatNumber(Math.round(seconds), lang)} s`;
  if (seconds < 5_400) return `${formatNumber(Math.round(seconds / 60), lang)} min`;
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(seconds / 3_600)} h`;
}

export function IncidentStats() {
  const { t, i18n } = useTranslation();
  const stats = useQuery({ queryKey: incidentKeys.stats, queryFn: incidentsApi.stats, refetchInterval: 60_000 });
  const s = stats.data;
  if (!s) return null;
  const lang = i18n.language;
  return (
    <section className="panel" aria-labelledby="incident-stats-title">
      <h2 id="incident-stats-title">{t('incidents.stats.title', { days: s.days })}</h2>
      <dl className="incident-counts">
        <div>
          <dt>{t('incidents.stats.opened')}</dt>
          <dd>{formatNumber(s.opened, lang)}</dd>
        </div>
        <div>
          <dt>{t('incidents.stats.confirmed')}</dt>
          <dd>{formatNumber(s.confirmed, lang)}</dd>
        </div>
        <div>
          <dt>{t('incidents.stats.discarded')}</dt>
          <dd>{formatNumber(s.discarded, lang)}</dd>
        </div>
        <div>
          <dt>{t('incidents.stats.timeToDetect')}</dt>
          <dd>{duration(s.timeToDetect, lang)}</dd>
        </div>
        <div>
          <dt>{t('incidents.stats.timeToFirstNotice')}</dt>
          <dd>{duration(s.timeToFirstNotice, lang)}</dd>
        </div>
        <div>
          <dt>{t('incidents.stats.timeToRestore')}</dt>
          <dd>{duration(s.timeToRestore, lang)}</dd>
        </div>
      </dl>
    </section>
  );
}
