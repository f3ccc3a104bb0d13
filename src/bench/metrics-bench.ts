/**
 * `npm run bench -- --only metrics [--queue-rows 1000000]`: what a Prometheus scrape costs the database on a large
 * queue. `--queue-rows` pending rows over three integrations (one per channel), beside half as many finished ones
 * (history), inserted straight into queue_items; then the scrape's cluster read (src/metrics/cluster.ts: the depth
 * exact up to its cap per integration, open incidents) after a VACUUM, and again after a drain-like pass (the first
 * tenth of the rows sent, not vacuumed: the dead index entries a live drain leaves at the head of the claim index),
 * each beside the exact count it avoids.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { type Database, type DatabaseTarget, openDatabase, queryRows } from '../db/database.js';
import { readClusterFigures } from '../metrics/cluster.js';
import { scrapeMetrics } from '../metrics/exposition.js';
import { stats } from './http-latency.js';

export interface MetricsFigures {
  label: string;
  rows: number;
  insertS: number;
  /** ms, median and max of the cluster read and of the exact count, vacuumed then after the drain-like pass. */
  clean: { read: [number, number]; exact: [number, number] };
  drained: { read: [number, number]; exact: [number, number] };
  scrapeMs: number;
  pendingShown: number;
}

async function seed(database: Database, rows: number): Promise<void> {
  const db = database.db;
  await db.execute(sql`insert into integrations (id, kind, channel, description, config) overriding system value values
    (1, 'opa', 'whatsapp', 'Opa', '{}'), (2, 'smtp', 'email', 'SMTP', '{}'), (3, 'smsdev', 'sms', 'SMS Dev', '{}')`);
  await db.execute(sql`insert into send_batches (channel, message_description, integration_id, actor, filter, free_values, matched, enqueued, skipped, skip_counts)
    values ('whatsapp', 'bench', 1, 'bench', '{}', '{}', 0, 0, 0, '{}')`);
  // In slices, so that no statement runs into a statement timeout; one row in three finished (history).
  const total = Math.round(rows * 1.5);
  for (let from = 1; from <= total; from += 250_000) {
    const to = Math.min(total, from + 249_999);
    await db.execute(sql`insert into queue_items (batch_id, channel, integration_id, client_id, contact, contact_key, payload, status)
      select 1, (array['whatsapp', 'email', 'sms'])[g % 3 + 1], g % 3 + 1, g, 'c' || g, 'c' || g, '{}',
             case when (g / 3) % 3 = 0 then 'sent' else 'pending' end
      from generate_series(${from}::int, ${to}::int) g`);
  }
}

async function timed(work: () => Promise<unknown>, times: number): Promise<[number, number]> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await work();
    ms.push(performance.now() - t0);
  }
  const s = stats('', ms);
  return [Math.round(s.p50), Math.round(s.max)];
}

export async function benchMetrics(label: string, target: DatabaseTarget, rows: number, print: (line: string) => void): Promise<MetricsFigures> {
  const database = await openDatabase(
    'url' in target ? { ...target, statementTimeoutMs: 0 } : target, // the seeding's slices may take a while
  );
  try {
    await database.migrate();
    print(`\n## ${label}: ${rows.toLocaleString('en')} pending queue rows`);
    let t0 = performance.now();
    await seed(database, rows);
    const insertS = (performance.now() - t0) / 1000;
    await database.db.execute(sql`vacuum analyze queue_items`);
    print(`seeded in ${insertS.toFixed(1)} s`);
    const read = () => readClusterFigures(database.db, { timeoutMs: 60_000 });
    const exact = () => queryRows(database.db, sql`select channel, status, count(*) from queue_items where status in ('pending', 'claimed', 'sending') group by 1, 2`);
    const clean = { read: await timed(read, 5), exact: await timed(exact, 3) };
    print(`vacuumed: cluster read ${clean.read.join(' / ')} ms (median / max), exact count ${clean.exact.join(' / ')} ms`);
    t0 = performance.now();
    // A drain's pass: the head of each integration's queue sent (the lowest ids: the rows its claim takes first).
    await database.db.execute(sql`update queue_items set status = 'sent', finished_at = now() where status = 'pending' and id <= ${Math.round(rows * 0.15)}::bigint`);
    print(`drain-like pass (a tenth sent) in ${((performance.now() - t0) / 1000).toFixed(1)} s, not vacuumed`);
    const drained = { read: await timed(read, 5), exact: await timed(exact, 3) };
    print(`after it: cluster read ${drained.read.join(' / ')} ms, exact count ${drained.exact.join(' / ')} ms`);
    t0 = performance.now();
    const scrape = await scrapeMetrics(database.db, { timeoutMs: 60_000 });
    const scrapeMs = Math.round(performance.now() - t0);
    const shown = /^avisa_queue_depth\{channel="whatsapp",state="pending"\} (\d+)$/m.exec(scrape.text)?.[1];
    return { label, rows, insertS, clean, drained, scrapeMs, pendingShown: Number(shown ?? Number.NaN) };
  } finally {
    await database.close();
  }
}

export function formatMetricsTable(rows: MetricsFigures[]): string {
  const cell = (pair: [number, number]) => `${pair[0]} / ${pair[1]} ms`;
  return [
    `| Figure | ${rows.map((r) => r.label).join(' | ')} |`,
    `|---|${rows.map(() => '---|').join('')}`,
    `| Pending rows (3 integrations) | ${rows.map((r) => r.rows.toLocaleString('en')).join(' | ')} |`,
    `| Cluster read, vacuumed (median / max of 5) | ${rows.map((r) => cell(r.clean.read)).join(' | ')} |`,
    `| Exact count it avoids, vacuumed | ${rows.map((r) => cell(r.clean.exact)).join(' | ')} |`,
    `| Cluster read after a drain-like pass | ${rows.map((r) => cell(r.drained.read)).join(' | ')} |`,
    `| Exact count after it | ${rows.map((r) => cell(r.drained.exact)).join(' | ')} |`,
    `| Whole scrape (text) | ${rows.map((r) => `${r.scrapeMs} ms`).join(' | ')} |`,
    `| WhatsApp pending shown (capped at 100,000) | ${rows.map((r) => r.pendingShown.toLocaleString('en')).join(' | ')} |`,
  ].join('\n');
}
