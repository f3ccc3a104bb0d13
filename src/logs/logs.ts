/**
 * Logs Omnichannel / E-mail / SMS: one row per delivery attempt — ID, ID cliente, tipo comunicação, contato,
 * data envio, status (sucesso/falha) and mensagem (a notice: `sent` or the failure, the provider's words as its
 * detail; src/shared/notice.ts). Every column filters; pages are newest first; the CSV export (./logs-csv.ts) streams
 * the whole filtered set.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import { containsPattern, noticeContains, whereAll } from '../db/sql.js';
import { formatPhone, parsePhone } from '../shared/phone.js';
import { type LogFilter, type LogRow, logFilterSchema } from './schemas.js';

export type { LogFilter, LogRow } from './schemas.js';

/** The filter as conditions over `fromLogs`. */
export function logConditions(filter: LogFilter): SQL[] {
  const f = logFilterSchema.parse(filter);
  const parts: SQL[] = [];
  if (f.id) parts.push(sql`g.id = ${f.id}`);
  if (f.clientId) parts.push(sql`g.client_id = ${f.clientId}`);
  if (f.channel) parts.push(sql`g.channel = ${f.channel}`);
  if (f.contact) {
    const phone = /\d{8}/.test(f.contact.replace(/\D/g, '')) ? parsePhone(f.contact) : null;
    parts.push(phone ? sql`g.contact = ${phone.e164}` : sql`lower(g.contact) like ${containsPattern(f.contact.toLowerCase())}`);
  }
  if (f.from) parts.push(sql`g.at >= ${f.from}::timestamptz`);
  if (f.to) parts.push(sql`g.at <= ${f.to}::timestamptz`);
  if (f.status) parts.push(sql`g.success = ${f.status === 'success'}`);
  if (f.message) parts.push(noticeContains(sql`g.message`, f.message));
  if (f.batchId) parts.push(sql`g.batch_id = ${f.batchId}`);
  if (f.queueItemId) parts.push(sql`g.queue_item_id = ${f.queueItemId}`);
  if (f.delivery === 'none') parts.push(sql`g.success and q.delivery_status is null`);
  else if (f.delivery) parts.push(sql`g.success and q.delivery_status = ${f.delivery}`);
  return parts;
}

/** A log line `g` with its client `c` and, for a successful send, its row `q` with its receipt. */
export const fromLogs = sql`from delivery_logs g left join clients c on c.id = g.client_id
  left join queue_items q on q.id = g.queue_item_id and g.success`;

/** The channel of the fallback sent in place of line `g`'s message, and of the message `g`'s went in place of. */
export const replacedByChannel = sql`(select f.channel from queue_items f where f.fallback_of = g.queue_item_id)`;
export const replacesChannel = sql`(select o.channel from queue_items x join queue_items o on o.id = x.fallback_of where x.id = g.queue_item_id)`;

const select = sql`select g.id, g.at, g.channel, g.client_id as "clientId", c.name as "clientName", g.contact, g.success, g.message,
    g.provider_message_id as "providerMessageId", g.kind, g.attempt, g.batch_id as "batchId", g.queue_item_id as "queueItemId",
    q.delivery_status as "deliveryStatus", q.delivery_at as "deliveryAt", q.delivery_error as "deliveryError",
    ${replacedByChannel} as "replacedBy", ${replacesChannel} as "replaces"
  ${fromLogs}`;

type RawRow = Omit<LogRow, 'contactDisplay' | 'delivery' | 'fallback'> & {
  deliveryStatus: 'delivered' | 'read' | 'failed' | null;
  deliveryAt: Date | string | null;
  deliveryError: LogRow['message'] | null;
  replacedBy: LogRow['channel'] | null;
  replaces: LogRow['channel'] | null;
};

const withDisplay = ({ deliveryStatus, deliveryAt, deliveryError, replacedBy, replaces, ...row }: RawRow): LogRow => ({
  ...row,
  fallback: replacedBy || replaces ? { replacedBy, replaces } : null,
  at: new Date(row.at), // raw rows carry timestamps as the driver gives them (a string on some)
  contactDisplay: row.channel === 'email' ? row.contact : formatPhone(row.contact),
  delivery: deliveryStatus ? { status: deliveryStatus, at: deliveryAt ? new Date(deliveryAt) : null, error: deliveryError } : null,
});

/**
 * Lines a page counts up to. A filter matching most of 1M lines cost 70–330 ms to count (receipt "read": 365,500
 * lines, 320 ms) for a page of 50 that takes a few; past this many, "mais de 10.000" is what a person reads anyway.
 * `countAll` counts every line (the page's "Contar todos").
 */
export const COUNT_CAP = 10_000;

export interface LogPage {
  /** Lines the filter matches; at `totalCapped`, at least this many (the count stopped there). */
  total: number;
  totalCapped: boolean;
  rows: LogRow[];
}

export interface LogPaging {
  /** The total an earlier page of the same filter was answered with (exact): answered as it is, not counted again. */
  knownTotal?: number | undefined;
  /** Count every line instead of stopping at COUNT_CAP. */
  countAll?: boolean | undefined;
}

/** A page of log lines, newest first, with the count of the filter (up to COUNT_CAP unless `countAll`). */
export async function listLogs(db: Db, filter: LogFilter, page = 1, pageSize = 50, paging: LogPaging = {}): Promise<LogPage> {
  const where = whereAll(logConditions(filter));
  // the receipt's join only when the filter reads it
  const counted = filter.delivery ? fromLogs : sql`from delivery_logs g`;
  const count = async (): Promise<{ total: number; totalCapped: boolean }> => {
    if (paging.knownTotal !== undefined) return { total: paging.knownTotal, totalCapped: false };
    const lines = paging.countAll ? sql`${counted} ${where}` : sql`from (select 1 ${counted} ${where} limit ${COUNT_CAP + 1}) s`;
    const n = (await queryRows<{ n: number }>(db, sql`select count(*)::int as n ${lines}`))[0]!.n;
    return n > COUNT_CAP && !paging.countAll ? { total: COUNT_CAP, totalCapped: true } : { total: n, totalCapped: false };
  };
  // The page's ids first, then their display (client, receipt, fallback) for those rows only: with the display in
  // the paged query, the last page of 850,000 lines worked out the display of every line it skipped (9.7 s).
  const ids = sql`select g.id ${counted} ${where} order by g.id desc limit ${pageSize} offset ${(page - 1) * pageSize}`;
  // the page and the count at once (two connections of the pool on PostgreSQL): the slower of them, not the sum
  const [rows, total] = await Promise.all([queryRows<RawRow>(db, sql`${select} where g.id in (${ids}) order by g.id desc`), count()]);
  return { ...total, rows: rows.map(withDisplay) };
}
