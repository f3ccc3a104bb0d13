/** Small pieces of the Fila: the filter in a few words, the state of a row, a batch's progress bar. */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber, formatShare } from '../format.js';
import { reportApi, reportKeys, ftthBoxName } from '../report/reportApi.js';
import type { NamedOption, ReportOptions } from '../report/types.js';
import { describeFilter, type FilterLabels, progressOf } from './logic.js';
import type { Batch, QueueState } from './types.js';

const optionLists: Record<string, keyof ReportOptions> = {
  branchIds: 'branches',
  cityIds: 'cities',
  condominiumIds: 'condominiums',
  planIds: 'plans',
  nasIds: 'nas',
  popIds: 'pops',
  radiusGroupIds: 'radiusGroups',
};

/** FilterLabels in the current language, naming ids from the report's options (loaded once, cached). */
function useFilterLabels(): FilterLabels {
  const { t, i18n } = useTranslation();
  const options = useQuery({ queryKey: reportKeys.options, queryFn: reportApi.options, staleTime: 5 * 60_000 });
  return {
    field: (key) => t(`report.fields.${key}` as 'report.fields.login'),
    code: (group, code) => t(`report.codes.${group}.${code}` as 'report.codes.online.online'),
    unit: (unit) => t(`report.units.${unit}`),
    yes: t('common.yes'),
    no: t('common.no'),
    name: (key, id) => {
      if (key === 'ftthBoxIds') return ftthBoxName(id);
      const list = options.data?.[optionLists[key] ?? 'nas'] as NamedOption[] | undefined;
      return list?.find((o) => o.id === id)?.name;
    },
    date: (iso) => formatDateTime(iso, i18n.language),
    more: (count) => t('queue.more', { count }),
  };
}

export function FilterSummary({ filter, full }: { filter: unknown; full?: boolean }) {
  const { t } = useTranslation();
  const parts = describeFilter(filter, useFilterLabels());
  if (parts.length === 0) return <span className="muted">{t('queue.noFilter')}</span>;
  if (full) {
    return (
      <ul className="filter-parts">
        {parts.map((part) => (
          <li key={part}>{part}</li>
        ))}
      </ul>
    );
  }
  const text = parts.join(' · ');
  return (
    <span className="filter-summary" title={text}>
      {text}
    </span>
  );
}

export function StateBadge({ state }: { state: QueueState }) {
  const { t } = useTranslation();
  return <span className={`queue-state queue-state-${state}`}>{t(`queue.states.${state}`)}</span>;
}

export function ProgressBar({ batch }: { batch: Pick<Batch, 'id' | 'enqueued' | 'states'> }) {
  const { t, i18n } = useTranslation();
  const { done, total, share } = progressOf(batch);
  const s = batch.states;
  const segment = (state: QueueState) =>
    total > 0 && s[state] > 0 ? (
      <span key={state} className={`progress-${state}`} style={{ width: `${(s[state] / total) * 100}%` }} />
    ) : null;
  return (
    <div className="progress-cell">
      <div
        className="progress"
        role="progressbar"
        aria-label={t('queue.progressOf', { id: batch.id })}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(share * 100)}
        aria-valuetext={t('queue.progressText', {
          done: formatNumber(done, i18n.language),
          total: formatNumber(total, i18n.language),
        })}
      >
        {(['sent', 'failed', 'uncertain', 'cancelled'] as const).map(segment)}
      </div>
      <span className="small muted">{formatShare(done, total, i18n.language)}</span>
    </div>
  );
}
