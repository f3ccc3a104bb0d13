/**
 * The counts of the whole filtered set (not just the page): total / online / offline / sem status, and where the
 * offline logins are — by NAS, POP and FTTH box. A name adds that NAS/POP/box to the filter.
 */
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/Alert.js';
import { formatNumber } from '../format.js';
import type { ReportFilter, ReportSummary, SummaryGroup } from './types.js';

export type GroupKey = 'nasIds' | 'popIds' | 'ftthBoxIds';

interface Props {
  summary: UseQueryResult<ReportSummary>;
  filter: ReportFilter;
  onAdd: (key: GroupKey, id: number) => void;
}

export function SummaryStrip({ summary, filter, onAdd }: Props) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  if (summary.isError) return <ErrorAlert error={summary.error} />;
  const data = summary.data;
  const counts = [
    { key: 'total', label: t('report.summary.total'), value: data?.total },
    { key: 'online', label: t('report.codes.online.online'), value: data?.online },
    { key: 'offline', label: t('report.codes.online.offline'), value: data?.offline },
    { key: 'unknown', label: t('report.codes.online.never'), value: data?.never },
  ];
  const tables: { key: GroupKey; title: string; groups: SummaryGroup[] | undefined }[] = [
    { key: 'nasIds', title: t('report.summary.byNas'), groups: data?.byNas },
    { key: 'popIds', title: t('report.summary.byPop'), groups: data?.byPop },
    { key: 'ftthBoxIds', title: t('report.summary.byFtthBox'), groups: data?.byFtthBox },
  ];
  return (
    <section className="summary-strip" aria-labelledby="summary-title" aria-busy={summary.isFetching}>
      <h2 id="summary-title" className="visually-hidden">
        {t('report.summary.title')}
      </h2>
      <dl className="summary-counts">
        {counts.map((c) => (
          <div key={c.key} className={`stat stat-${c.key}`}>
            <dt>
              {c.key !== 'total' && <span className="dot" aria-hidden="true" />}
              {c.label}
            </dt>
            <dd data-testid={`summary-${c.key}`}>{c.value === undefined ? '…' : n(c.value)}</dd>
          </div>
        ))}
      </dl>
      {tables.map((table) => (
        <GroupTable
          key={table.key}
          id={`by-${table.key}`}
          title={table.title}
          groups={table.groups}
          selected={filter[table.key]}
          onAdd={(id) => onAdd(table.key, id)}
        />
      ))}
    </section>
  );
}

function GroupTable(props: {
  id: string;
  title: string;
  groups: SummaryGroup[] | undefined;
  selected: number[] | undefined;
  onAdd: (id: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  return (
    <section className="summary-groups" aria-labelledby={props.id}>
      <h3 id={props.id}>{props.title}</h3>
      <div className="summary-scroll">
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">{t('report.summary.name')}</th>
              <th scope="col" className="num">
                {t('report.codes.online.online')}
              </th>
              <th scope="col" className="num">
                {t('report.codes.online.offline')}
              </th>
            </tr>
          </thead>
          <tbody>
            {props.groups?.map((group) => {
              const { id } = group;
              const name = group.name ?? t('report.summary.unnamed');
              return (
                <tr key={id ?? 'none'}>
                  <td className="ellipsis" title={name}>
                    {id !== null && !props.selected?.includes(id) ? (
                      <button
                        type="button"
                        className="link-button"
                        title={t('report.summary.add', { name })}
                        onClick={() => props.onAdd(id)}
                      >
                        {name}
                      </button>
                    ) : (
                      name
                    )}
                  </td>
                  <td className="num">{n(group.online)}</td>
                  <td className="num offline-count">{n(group.offline)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {props.groups?.length === 0 && <p className="muted small">{t('report.summary.empty')}</p>}
      </div>
    </section>
  );
}
