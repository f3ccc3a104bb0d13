/**
 * The recipients a batch skipped and why: a keyset-paged list with reason codes for scripts and screens, and the
 * same rows as CSV for the operator to fix (phone, e-mail, opt-out), streamed in chunks.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import { type CsvColumn, csvText } from '../shared/csv.js';
import { skipReasonText } from '../shared/notice-text.js';
import type { SkipReason } from './audience.js';
import { getBatch } from './batches.js';
import { type SkipListQuery, skipListSchema, type SkipPage, type SkipRow } from './schemas.js';

const COLUMNS: readonly CsvColumn<SkipRow>[] = [
  ['ID cliente', (r) => r.clientId],
  ['Cliente', (r) => r.clientName],
  ['ID login', (r) => r.loginId],
  ['Login', (r) => r.login],
  ['Contato', (r) => r.contact],
  ['Motivo', (r) => skipReasonText(r.reason, 'pt-BR'), 'ours'],
];

/** Up to `limit` skipped rows of a batch after the row `after`, in the order they were written. */
function skipRows(db: Db, batchId: number, after: number, limit: number, reason?: SkipReason): Promise<SkipRow[]> {
  const ofReason: SQL = reason ? sql`and s.reason = ${reason}` : sql``;
  return queryRows<SkipRow>(
    db,
    sql`select s.id, s.client_id as "clientId", c.name as "clientName", s.login_id as "loginId", s.login, s.contact, s.reason
        from send_skips s left join clients c on c.id = s.client_id
        where s.batch_id = ${batchId} and s.id > ${after} ${ofReason} order by s.id limit ${limit}`,
  );
}

async function* chunks(db: Db, batchId: number, size: number): AsyncGenerator<SkipRow[]> {
  for (let after = 0; ; ) {
    const rows = await skipRows(db, batchId, after, size);
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}

export function skipsCsv(db: Db, batchId: number, timeZone: string, chunkSize = 5000): AsyncGenerator<string> {
  return csvText(COLUMNS, chunks(db, batchId, chunkSize), timeZone);
}

/** A page of the batch's skipped recipients, with the totals by reason of the whole batch; 404 for no batch. */
export async function listSkips(db: Db, batchId: number, input: SkipListQuery = {}): Promise<SkipPage> {
  const q = skipListSchema.parse(input);
  await getBatch(db, batchId);
  // one more than asked tells whether there is a next page without counting
  const rows = await skipRows(db, batchId, q.after ?? 0, q.limit + 1, q.reason);
  const page = rows.slice(0, q.limit);
  const counts = await queryRows<{ reason: SkipReason; n: number }>(
    db,
    sql`select reason, count(*)::int as n from send_skips where batch_id = ${batchId} group by reason`,
  );
  const totals: SkipPage['totals'] = Object.fromEntries(counts.map((c) => [c.reason, c.n]));
  return {
    total: counts.reduce((sum, c) => sum + c.n, 0),
    totals,
    rows: page,
    next: rows.length > q.limit ? page[page.length - 1]!.id : null,
  };
}
