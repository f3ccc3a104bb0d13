/**
 * New rows written straight into their table: the demo into empty tables, where every row is new and comes after
 * its client and contract. No staging table, no merge, no look at existing rows or parents (the bulk writer,
 * writer.ts, does all that for imports); validation, derived columns and placeholder references are the same
 * (fresh-prepare.ts). A batch is one transaction: the reference rows it points at, then COPY.
 */
import { sql } from 'drizzle-orm';
import { inBulkTransaction } from '../db/bulk.js';
import type { Db } from '../db/database.js';
import type { FreshBatch } from './fresh-prepare.js';
import { placeholderStatement } from './upsert.js';

/**
 * Writes a prepared batch in one transaction; returns the rows copied. The wall-clock times go in as text read in
 * the installation's zone (`set_config('TimeZone', …, true)` for the transaction), as the merge's `at time zone`.
 */
export function writeFresh(db: Db, batch: FreshBatch, timezone: string): Promise<number> {
  return inBulkTransaction(db, async (bulk) => {
    for (const { table, rows } of batch.references) await bulk.db.execute(placeholderStatement(table, rows));
    await bulk.db.execute(sql`select set_config('TimeZone', ${timezone}, true)`);
    for (const { name, value } of batch.settings) await bulk.db.execute(sql`select set_config(${name}, ${value}, true)`);
    let copied = 0;
    for (const c of batch.copies) copied += await bulk.copy(c.table, c.columns, c.text);
    return copied;
  });
}
