import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../db/database.js';
import { backends } from '../test-support/databases.js';
import { scansOf } from '../test-support/plans.js';
import { cancelBatch } from './batches.js';
import { claimRows, sweepExpiredLeases } from './claim.js';
import { type OpaFixture, opaFixture, smallIspWithOpa } from './drain.test-support.js';
import { tickSql } from './complete.js';
import { createLedger } from './ledger.js';

interface Row {
  id: number;
  status: string;
  attempts: number;
  lockedBy: string | null;
}

describe.each(backends)('claimed, started and swept rows on $name', (backend) => {
  const isp = smallIspWithOpa(backend);

  const queued = async (): Promise<{ fx: OpaFixture; batchId: number; rows: () => Promise<Row[]> }> => {
    const fx = await opaFixture(isp.database, isp.sim);
    const batchId = await fx.enqueue();
    const rows = () =>
      queryRows<Row>(
        isp.database.db,
        sql`select id, status, attempts, locked_by as "lockedBy" from queue_items where integration_id = ${fx.integrationId} order by id`,
      );
    return { fx, batchId, rows };
  };
  const claim = (fx: OpaFixture, owner: string, limit: number) =>
    claimRows(isp.database.db, { integrationId: fx.integrationId, limit, owner, leaseSeconds: 60 });
  const ledgerOf = (owner: string) => createLedger(isp.database.db, { owner, leaseSeconds: 60, onError: (err) => { throw err; } });
  const expire = (owner: string) =>
    isp.database.db.execute(sql`update queue_items set lease_until = now() - interval '1 second' where locked_by = ${owner}`);

  it('a claim takes rows ahead without counting an attempt; the sends starting together are marked in one write', async () => {
    const { fx, rows } = await queued();
    const claimed = await claim(fx, 'w1', 6);
    expect(claimed.map((r) => r.attempts)).toEqual([1, 1, 1, 1, 1, 1]); // the attempt each will be once started
    expect((await rows()).map((r) => [r.status, r.attempts])).toEqual(Array.from({ length: 6 }, () => ['claimed', 0]));

    const ledger = ledgerOf('w1');
    const started = await Promise.all(claimed.slice(0, 3).map((r) => ledger.start(r.id)));
    expect(started).toEqual([true, true, true]);
    const after = await rows();
    expect(after.map((r) => [r.status, r.attempts])).toEqual([
      ['sending', 1], ['sending', 1], ['sending', 1], ['claimed', 0], ['claimed', 0], ['claimed', 0],
    ]);
    const [writes] = await queryRows<{ n: number }>(
      isp.database.db,
      sql`select count(distinct updated_at)::int as n from queue_items where id = any(${sql.param(claimed.slice(0, 3).map((r) => r.id))}::int8[])`,
    );
    expect(writes!.n).toBe(1); // one statement (one transaction time) for the three

    ledger.record({ id: claimed[0]!.id, outcome: 'sent', attempt: 1, providerMessageId: 'x', notice: { code: 'sent' }, durationMs: 1 });
    ledger.record({ id: claimed[1]!.id, outcome: 'release' }); // started, then the run stopped: attempt given back
    ledger.record({ id: claimed[3]!.id, outcome: 'release' }); // never started
    await ledger.settle();
    expect((await rows()).map((r) => [r.status, r.attempts])).toEqual([
      ['sent', 1], ['pending', 0], ['sending', 1], ['pending', 0], ['claimed', 0], ['claimed', 0],
    ]);
  });

  it('a row cancelled, or put back and claimed by another worker after its lease ran out, does not start', async () => {
    const { fx, batchId, rows } = await queued();
    const mine = await claim(fx, 'w2', 6);
    await expire('w2');
    await isp.database.db.execute(sql`update queue_items set lease_until = now() + interval '1 minute' where id <> ${mine[0]!.id}`);
    expect(await sweepExpiredLeases(isp.database.db)).toEqual({ requeued: 1, uncertain: 0 });
    const theirs = await claim(fx, 'w3', 1);
    expect(theirs.map((r) => r.id)).toEqual([mine[0]!.id]);
    const ledger = ledgerOf('w2');
    const cancelled = await cancelBatch(isp.database.db, batchId, 'ana');
    expect(cancelled.cancelled).toBe(6); // all claimed: five by w2, one by w3
    expect(await Promise.all(mine.slice(0, 2).map((r) => ledger.start(r.id)))).toEqual([false, false]);
    expect((await rows()).every((r) => r.status === 'cancelled' && r.lockedBy === null)).toBe(true);
  });

  it('when a lease runs out, claimed rows go back to pending (attempt not counted) and only started ones become uncertain', async () => {
    const { fx, rows } = await queued();
    const [a, b] = [await claim(fx, 'dead', 4), await claim(fx, 'alive', 2)];
    const ledger = ledgerOf('dead');
    expect(await ledger.start(a[1]!.id)).toBe(true);
    await expire('dead');
    expect(await sweepExpiredLeases(isp.database.db)).toEqual({ requeued: 3, uncertain: 1 });
    const after = await rows();
    const byId = new Map(after.map((r) => [r.id, r]));
    expect(byId.get(a[1]!.id)).toMatchObject({ status: 'uncertain', attempts: 1 });
    expect([a[0]!, a[2]!, a[3]!].map((r) => byId.get(r.id))).toEqual(
      [a[0]!, a[2]!, a[3]!].map((r) => ({ id: r.id, status: 'pending', attempts: 0, lockedBy: null })),
    );
    expect(b.map((r) => byId.get(r.id)!.status)).toEqual(['claimed', 'claimed']);
    expect(await sweepExpiredLeases(isp.database.db)).toEqual({ requeued: 0, uncertain: 0 });
  });

  it('starts rows by their primary key even when ANALYZE last saw no open rows (PGlite never auto-analyzes)', async () => {
    const { fx } = await queued();
    await isp.database.db.execute(sql`insert into queue_items (batch_id, channel, message_id, integration_id, client_id, contact, contact_key, payload, status)
      select b.batch_id, 'whatsapp', ${fx.messageId}::int, ${fx.integrationId}::int, i, c, c, '{}'::jsonb, 'sent'
      from generate_series(1, 20000) i, lateral (select '+55479' || lpad(i::text, 8, '0') as c) x,
        (select batch_id from queue_items where integration_id = ${fx.integrationId} limit 1) b`);
    await isp.database.db.execute(sql`analyze queue_items`);
    await isp.database.db.execute(sql`update queue_items set status = 'pending' where integration_id = ${fx.integrationId}`);
    const ids = (await claim(fx, 'planner', 4)).map((r) => r.id);
    const [plan] = await queryRows<{ 'QUERY PLAN': unknown }>(
      isp.database.db,
      sql`explain (format json) ${tickSql({ owner: 'planner', outcomes: [{ id: ids[0]!, outcome: 'release' }], start: ids.slice(1), leaseSeconds: 60 })!}`,
    );
    // every read of queue_items (the updates themselves aside) goes through the primary key
    const reads = scansOf(plan, 'queue_items');
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((r) => r.endsWith(' queue_items_pkey')), reads.join('; ')).toBe(true);
    await isp.database.db.execute(sql`update queue_items set status = 'cancelled' where integration_id = ${fx.integrationId}`);
  });
});
