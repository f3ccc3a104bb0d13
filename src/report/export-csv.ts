/**
 * The report as CSV for Brazilian Excel: UTF-8 with a BOM, `;` between fields, CRLF between records, a pt-BR
 * header, times as `DD/MM/AAAA HH:MM:SS` in the installation's zone. Text that came from IXC and starts like a
 * formula (`=`, `+`, `-`, `@`) gets a leading `'`, so a subscriber's name cannot run in the operator's
 * spreadsheet. The database writes the records (COPY, src/db/copy-csv.ts): one SELECT of the cells as text
 * (src/db/csv-cells.ts), in the report's filter and order, on PostgreSQL and PGlite alike.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type CopyCsvOptions, copyCsv, type KeysetRows } from '../db/copy-csv.js';
import { durationCell, labelCell, phoneCell, textCell, timeCell, yesNoCell } from '../db/csv-cells.js';
import type { Db } from '../db/database.js';
import { type CsvBody, csvFileName } from '../shared/csv.js';
import { DEFAULT_SORT, type IdFilter, type ReportSort } from './filter.js';
import { countWithSize, filterFirst, innerStatement } from './login-query.js';
import { filterSql } from './filter-sql.js';
import { selectLoginsFlat, selectOverLogins } from './login-rows.js';
import { type Cursor, sortSql } from './sort-sql.js';

const ONLINE_LABEL = { S: 'Online', N: 'Offline', SS: 'Sem status', I: 'Sem status' };
const MOBILE_PROBLEM_LABEL = { missing: 'sem celular', invalid: 'celular inválido', landline: 'só telefone fixo' };

/** The header and each column's cell over the report's aliases (login-rows.ts), `x.offline_s` the offline seconds. */
const COLUMNS: readonly (readonly [string, SQL])[] = [
  ['ID login', sql`l.id`],
  ['Login', textCell(sql`l.login`)],
  ['Login ativo', yesNoCell(sql`l.active`)],
  ['ID cliente', sql`l.client_id`],
  ['Cliente', textCell(sql`c.name`)],
  ['Cliente ativo', yesNoCell(sql`c.active`)],
  ['Contrato', sql`l.contract_id`],
  ['Status contrato', textCell(sql`l.contract_status`)],
  ['Status acesso', textCell(sql`l.contract_access_status`)],
  ['Plano', textCell(sql`kp.name`)],
  ['Situação', labelCell(sql`l.online`, ONLINE_LABEL)],
  ['Início última conexão', timeCell(sql`l.session_started_at`)],
  ['Fim última conexão', timeCell(sql`l.session_ended_at`)],
  ['Tempo offline', durationCell(sql`x.offline_s`)],
  ['Motivo desconexão', textCell(sql`l.disconnect_reason`)],
  ['Concentrador', textCell(sql`n.name`)],
  ['POP', textCell(sql`o.name`)],
  ['Caixa FTTH', textCell(sql`b.name`)],
  ['Porta FTTH', textCell(sql`l.ftth_port`)],
  ['Cidade', textCell(sql`ci.name`)],
  ['UF', textCell(sql`ci.state`)],
  ['Bairro', textCell(sql`l.effective_neighbourhood`)],
  ['IP', textCell(sql`l.ip_address`)],
  ['MAC', textCell(sql`l.mac_address`)],
  // Avisa's own formatting: not neutralised as a formula.
  [
    'Celular',
    sql`(case when c.mobile_e164 <> '' then ${phoneCell(sql`c.mobile_e164`)}
                   else ${labelCell(sql`coalesce(c.mobile_problem, 'missing')`, MOBILE_PROBLEM_LABEL)} end)`,
  ],
  ['E-mail', textCell(sql`c.email`)],
];

/**
 * Seconds offline at `now` (the report's offlineSeconds): offline with a known end of session, never negative,
 * counted from the end truncated to the millisecond as the API's rows are.
 */
const offlineSeconds = (now: Date): SQL =>
  sql` cross join lateral (select case when l.online = 'N' and l.session_ended_at is not null
    then greatest(0, floor((${now.getTime()}::bigint - floor(extract(epoch from l.session_ended_at) * 1000)) / 1000))::bigint
    end as offline_s) x`;

/** Rows per COPY used to choose the ordering strategy (login-query.ts): a whole export reads many. */
const EXPORT_PAGE = 50_000;

export interface CsvExportOptions extends CopyCsvOptions {
  filter: IdFilter;
  sort?: ReportSort;
  now?: Date;
  /** Force the ordering strategy (tests exercise both); default as a page of 50,000 rows would (login-query.ts). */
  filterFirst?: boolean;
}

export function loginsCsv(db: Db, options: CsvExportOptions): CsvBody {
  return { headers: COLUMNS.map(([header]) => header), records: records(db, options) };
}

async function* records(db: Db, options: CsvExportOptions): AsyncGenerator<Uint8Array> {
  const now = options.now ?? new Date();
  const sort = options.sort ?? DEFAULT_SORT;
  let first = options.filterFirst;
  if (first === undefined) {
    const { total, logins } = await countWithSize(db, options.filter, now);
    first = filterFirst(total, EXPORT_PAGE, logins);
  }
  const order = sortSql(sort);
  const cells = sql.join(
    COLUMNS.map(([, cell]) => cell),
    sql`, `,
  );
  const bounds = (after?: Cursor, upTo?: Cursor) => [...(after ? [order.after(after)] : []), ...(upTo ? [order.upTo(upTo)] : [])];
  const ids = (where: SQL[], limit = sql``) => innerStatement(options.filter, sort, now, first, limit, where);
  const { conditions, joins } = filterSql(options.filter, now);
  const rows: KeysetRows<Cursor> = {
    // A small result is found through the filter's indexes first, then displayed; a large one in one pass.
    select: (after, upTo) =>
      first
        ? selectOverLogins(cells, ids(bounds(after, upTo)), order.orderByInner('s'), offlineSeconds(now))
        : selectLoginsFlat(cells, [...conditions, ...bounds(after, upTo)], order.orderBy, new Set([...joins, ...order.joins]), offlineSeconds(now)),
    nth: (after, n) => sql`select s.sort_key as key, s.id from (${ids(bounds(after), sql`limit 1 offset ${n - 1}`)}) s`,
  };
  yield* copyCsv(db, rows, options);
}

/** `status-logins-20260115-1432.csv`, in the installation's zone. */
export function exportFileName(now: Date, timeZone: string): string {
  return csvFileName('status-logins', now, timeZone);
}
