/** The dense grid of logins: one row per login, sortable headers, status badges, durations and phone state. */
import type { GridColumnId } from './columns.js';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatDuration } from '../format.js';
import { nextSort } from './search.js';
import type { LoginRow, OnlineFlag, ReportSort, SortColumn, SortDir } from './types.js';

interface Column {
  id: GridColumnId;
  sort?: SortColumn;
  /** Direction of the first click: newest / longest first for times. */
  firstDir?: SortDir;
  className?: string;
  cell: (row: LoginRow, lang: string, t: TFunction) => ReactNode;
}

const dash = '—';

const onlineBadge: Record<OnlineFlag, 'online' | 'offline' | 'never'> = {
  S: 'online',
  N: 'offline',
  SS: 'never',
  I: 'never',
};

function mobileCell(row: LoginRow, t: TFunction): ReactNode {
  const mobile = row.mobile;
  if (mobile.problem === 'missing') {
    return <span className="tag tag-muted">{t('report.mobile.missing')}</span>;
  }
  if (mobile.problem) {
    return (
      <span className="tag tag-warning" title={mobile.display ?? undefined}>
        {t(`report.mobile.${mobile.problem}`)}
      </span>
    );
  }
  return mobile.display ?? mobile.e164 ?? dash;
}

const allColumns: Column[] = [
  {
    id: 'login',
    sort: 'login',
    cell: (row, _, t) => (
      <>
        <span className="mono">{row.login}</span>
        {!row.active && <span className="tag tag-inactive">{t('report.grid.inactive')}</span>}
      </>
    ),
  },
  {
    id: 'clientName',
    sort: 'clientName',
    className: 'cell-client',
    cell: (row) => (
      <span title={row.clientName}>
        <span className="muted">{row.clientId} </span>
        {row.clientName || dash}
      </span>
    ),
  },
  { id: 'contractId', sort: 'contractId', className: 'num', cell: (row) => row.contractId ?? dash },
  {
    id: 'online',
    sort: 'online',
    cell: (row, _, t) => {
      const state = onlineBadge[row.online];
      return <span className={`badge badge-${state}`}>{t(`report.codes.online.${state}`)}</span>;
    },
  },
  {
    id: 'sessionStartedAt',
    sort: 'sessionStartedAt',
    firstDir: 'desc',
    cell: (row, lang) => formatDateTime(row.sessionStartedAt, lang),
  },
  {
    id: 'sessionEndedAt',
    sort: 'sessionEndedAt',
    firstDir: 'desc',
    cell: (row, lang) => formatDateTime(row.sessionEndedAt, lang),
  },
  {
    id: 'offlineSeconds',
    sort: 'offlineSeconds',
    firstDir: 'desc',
    className: 'num',
    cell: (row, lang) => (row.offlineSeconds === null ? dash : formatDuration(row.offlineSeconds, lang)),
  },
  {
    id: 'disconnectReason',
    sort: 'disconnectReason',
    className: 'ellipsis',
    cell: (row) => <span title={row.disconnectReason ?? undefined}>{row.disconnectReason ?? dash}</span>,
  },
  { id: 'nasName', sort: 'nasName', className: 'ellipsis', cell: (row) => <span title={row.nasName ?? undefined}>{row.nasName ?? dash}</span> },
  { id: 'popName', sort: 'popName', className: 'ellipsis', cell: (row) => <span title={row.popName ?? undefined}>{row.popName ?? dash}</span> },
  {
    id: 'ftthBoxName',
    sort: 'ftthBoxName',
    className: 'ellipsis',
    cell: (row, _, t) =>
      row.ftthBoxName ? (
        <span title={row.ftthPort ? `${row.ftthBoxName} · ${t('report.grid.port', { port: row.ftthPort })}` : row.ftthBoxName}>
          {row.ftthBoxName}
          {row.ftthPort && <span className="muted"> · {t('report.grid.port', { port: row.ftthPort })}</span>}
        </span>
      ) : (
        dash
      ),
  },
  {
    id: 'cityName',
    sort: 'cityName',
    cell: (row) => (row.cityName ? (row.state ? `${row.cityName}/${row.state}` : row.cityName) : dash),
  },
  {
    id: 'neighbourhood',
    sort: 'neighbourhood',
    className: 'ellipsis',
    cell: (row) => <span title={row.neighbourhood ?? undefined}>{row.neighbourhood ?? dash}</span>,
  },
  { id: 'mobile', cell: (row, _, t) => mobileCell(row, t) },
];

/** Every column of the grid, in its order (the column chooser lists them). */
export const gridColumnIds: readonly GridColumnId[] = allColumns.map((c) => c.id);

interface Props {
  rows: LoginRow[];
  sort: ReportSort;
  onSort: (sort: ReportSort) => void;
  busy: boolean;
  /** The column chooser's choice, in the grid's order. */
  visible: readonly GridColumnId[];
}

export function ResultsGrid({ rows, sort, onSort, busy, visible }: Props) {
  const { t, i18n } = useTranslation();
  const columns = allColumns.filter((c) => visible.includes(c.id));
  return (
    <div className={busy ? 'grid-wrap grid-busy' : 'grid-wrap'}>
      <table className="table grid" aria-busy={busy}>
        <caption className="visually-hidden">{t('report.grid.caption')}</caption>
        <thead>
          <tr>
            {columns.map((column) => {
              const active = column.sort === sort.column;
              const ariaSort = active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined;
              const label = t(`report.columns.${column.id}`);
              return (
                <th
                  key={column.id}
                  scope="col"
                  aria-sort={ariaSort}
                  className={column.className === 'num' ? 'num' : column.id === 'clientName' ? 'cell-client' : undefined}
                >
                  {column.sort ? (
                    <button
                      type="button"
                      className={active ? 'sort-button sort-active' : 'sort-button'}
                      onClick={() => column.sort && onSort(nextSort(sort, column.sort, column.firstDir))}
                    >
                      {label}
                      <span className="sort-arrow" aria-hidden="true">
                        {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  ) : (
                    label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              {columns.map((column) => (
                <td key={column.id} className={column.className}>
                  {column.cell(row, i18n.language, t)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
