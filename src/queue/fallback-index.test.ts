/**
 * The fallback pass runs at every scheduler tick of every process: its search must stay on the partial index of the
 * rows that are or may become due (migration 0026), or it reads every send of the last 48 hours. A change to
 * `fallbackDue` that the index's predicate no longer covers fails here, on both databases.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, inTransaction, queryRows } from '../db/database.js';
import { backends } from '../test-support/databases.js';
import { dueBatchesSql } from './fallback.js';

describe.each(backends)('the fallback search on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => database?.close());

  it('reads queue_items through the index of the rows that may be due, whatever the table size', async () => {
    const plan = await inTransaction(database.db, async (t) => {
      // An empty table would be read whole: tell the planner it is large, as it is in production.
      await t.execute(sql`set local enable_seqscan = off`);
      const [row] = await queryRows<{ 'QUERY PLAN': unknown }>(t, sql`explain (format json) ${dueBatchesSql}`);
      return JSON.stringify(row?.['QUERY PLAN']);
    });
    const scans = [...plan.matchAll(/"Relation Name":"queue_items"[^}]*?"Index Name":"([a-z_]+)"|"Index Name":"([a-z_]+)"[^}]*?"Relation Name":"queue_items"/g)].map((m) => m[1] ?? m[2]);
    expect(scans).toContain('queue_items_fallback_idx');
  });
});
