/**
 * The metrics capability on its own: the cluster figures as the database holds them (the queue's depth exact up to
 * its cap, then a floor that says so), a scrape that still answers when the database fails or is late, and the
 * RADIUS counts that stay counted after their receiver stops.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../db/database.js';
import { backends } from '../test-support/databases.js';
import { readClusterFigures } from './cluster.js';
import { scrapeMetrics } from './exposition.js';
import { observeRadiusReceiver, type RadiusCounts } from './radius.js';
import { sampleOf } from './samples.test-support.js';

/** `rows` queue rows of integration `integrationId` in `status`, straight into the table. */
async function queueRows(db: Db, integrationId: number, channel: string, status: string, rows: number): Promise<void> {
  await db.execute(sql`insert into queue_items (batch_id, channel, integration_id, client_id, contact, contact_key, payload, status)
    select 1, ${channel}, ${integrationId}, g, 'c' || g, ${`${integrationId}-${status}-`} || g, '{}', ${status} from generate_series(1, ${rows}::int) g`);
}

describe.each(backends)('cluster figures on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
    const db = database.db;
    await db.execute(sql`insert into integrations (id, kind, channel, description, config) overriding system value values
      (1, 'opa', 'whatsapp', 'Opa', '{}'), (2, 'cloudapi', 'whatsapp', 'Meta', '{}'), (3, 'smsdev', 'sms', 'SMS Dev', '{}')`);
    await db.execute(sql`insert into send_batches (channel, message_description, integration_id, actor, filter, free_values, matched, enqueued, skipped, skip_counts)
      values ('whatsapp', 'm', 1, 'teste', '{}', '{}', 0, 0, 0, '{}')`);
    await queueRows(db, 1, 'whatsapp', 'pending', 7);
    await queueRows(db, 2, 'whatsapp', 'pending', 2);
    await queueRows(db, 1, 'whatsapp', 'claimed', 3);
    await queueRows(db, 2, 'whatsapp', 'sending', 1);
    await queueRows(db, 3, 'sms', 'pending', 4);
    for (const finished of ['sent', 'failed', 'cancelled', 'uncertain']) await queueRows(db, 3, 'sms', finished, 5);
  });
  afterAll(async () => database?.close());

  it('counts the open states per channel exactly, every channel and state present, the finished ones left out', async () => {
    const { queueDepth } = await readClusterFigures(database.db, { timeoutMs: 5_000 });
    expect(queueDepth).toEqual([
      { channel: 'whatsapp', state: 'pending', rows: 9, capped: false },
      { channel: 'whatsapp', state: 'claimed', rows: 3, capped: false },
      { channel: 'whatsapp', state: 'sending', rows: 1, capped: false },
      { channel: 'email', state: 'pending', rows: 0, capped: false },
      { channel: 'email', state: 'claimed', rows: 0, capped: false },
      { channel: 'email', state: 'sending', rows: 0, capped: false },
      { channel: 'sms', state: 'pending', rows: 4, capped: false },
      { channel: 'sms', state: 'claimed', rows: 0, capped: false },
      { channel: 'sms', state: 'sending', rows: 0, capped: false },
    ]);
  });

  it('stops counting an integration at the cap and says the figure is a floor', async () => {
    const { queueDepth } = await readClusterFigures(database.db, { timeoutMs: 5_000, cap: 4 });
    const pending = (channel: string) => queueDepth.find((f) => f.channel === channel && f.state === 'pending');
    expect(pending('whatsapp')).toEqual({ channel: 'whatsapp', state: 'pending', rows: 4 + 2, capped: true }); // 7 counted as 4
    expect(pending('sms')).toEqual({ channel: 'sms', state: 'pending', rows: 4, capped: false }); // exactly the cap
    const text = (await scrapeMetrics(database.db)).text;
    expect(sampleOf(text, 'avisa_queue_depth', { channel: 'whatsapp', state: 'pending' })).toBe(9);
    expect(sampleOf(text, 'avisa_queue_depth_capped')).toBe(0);
  });
});

describe('a scrape', () => {
  it('still answers with the process metrics when the database fails, and says the cluster part is missing', async () => {
    const errors: unknown[] = [];
    const failing = { transaction: () => Promise.reject(new Error('connect ECONNREFUSED')) } as unknown as Db;
    const scrape = await scrapeMetrics(failing, { onDatabaseError: (err) => errors.push(err) });
    expect(scrape.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(sampleOf(scrape.text, 'avisa_metrics_database_up')).toBe(0);
    expect(sampleOf(scrape.text, 'avisa_queue_depth')).toBeUndefined();
    expect(sampleOf(scrape.text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(scrape.text).toMatch(/^# TYPE avisa_task_runs_total counter$/m);
    expect(errors).toHaveLength(1);
  });

  it('does not wait for a database that does not answer past its time limit', async () => {
    const stalled = { transaction: () => new Promise(() => {}) } as unknown as Db;
    const scrape = await scrapeMetrics(stalled, { timeoutMs: 10 });
    expect(sampleOf(scrape.text, 'avisa_metrics_database_up')).toBe(0);
  });
});

describe('RADIUS packet counts', () => {
  const zero: RadiusCounts = {
    received: 0, applied: 0, ignored: 0, stale: 0, duplicates: 0, malformed: 0, unsupported: 0, unknownNas: 0, badAuthenticator: 0, overload: 0, applyErrors: 0,
  };
  const stalled = { transaction: () => Promise.reject(new Error('not needed')) } as unknown as Db;
  const read = async () => (await scrapeMetrics(stalled)).text;

  it('are read from the receivers when scraped, summed, and kept when a receiver stops', async () => {
    const before = await read();
    const figure = (text: string, name: string, labels: Record<string, string> = {}) => sampleOf(text, name, labels) ?? 0;
    const a = { ...zero, received: 10, applied: 6, malformed: 1, badAuthenticator: 2, duplicates: 1 };
    const b = { ...zero, received: 5, applied: 5 };
    const stopA = observeRadiusReceiver(() => a);
    const stopB = observeRadiusReceiver(() => b);
    a.received += 1;
    a.overload += 1; // counted as it happens: read at the scrape
    const during = await read();
    expect(figure(during, 'avisa_radius_packets_received_total') - figure(before, 'avisa_radius_packets_received_total')).toBe(16);
    expect(figure(during, 'avisa_radius_packets_applied_total') - figure(before, 'avisa_radius_packets_applied_total')).toBe(11);
    const dropped = (text: string, reason: string) => figure(text, 'avisa_radius_packets_dropped_total', { reason });
    expect(dropped(during, 'malformed') - dropped(before, 'malformed')).toBe(1);
    expect(dropped(during, 'bad_authenticator') - dropped(before, 'bad_authenticator')).toBe(2);
    expect(dropped(during, 'overload') - dropped(before, 'overload')).toBe(1);
    expect(figure(during, 'avisa_radius_packets_unapplied_total', { reason: 'duplicate' }) - figure(before, 'avisa_radius_packets_unapplied_total', { reason: 'duplicate' })).toBe(1);
    stopA();
    stopB();
    stopA(); // twice: counted once
    a.received += 100; // no longer read
    const after = await read();
    expect(figure(after, 'avisa_radius_packets_received_total') - figure(before, 'avisa_radius_packets_received_total')).toBe(16);
    expect(dropped(after, 'malformed') - dropped(before, 'malformed')).toBe(1);
  });
});

describe('the sample Grafana dashboard (deploy/grafana/avisa-dashboard.json)', () => {
  interface Panel {
    id: number;
    type: string;
    title: string;
    gridPos: { x: number; y: number; w: number; h: number };
    datasource?: { type: string; uid: string };
    targets?: { expr: string; datasource: { uid: string } }[];
  }
  const dashboard = JSON.parse(readFileSync(new URL('../../deploy/grafana/avisa-dashboard.json', import.meta.url), 'utf8')) as {
    uid: string;
    schemaVersion: number;
    panels: Panel[];
    templating: { list: { name: string; type: string; query: unknown }[] };
  };
  const queries = dashboard.panels.flatMap((p) => p.targets ?? []);
  /** A database that answers every statement with no rows: the scrape then has every family, the cluster's too. */
  const empty = { transaction: (work: (tx: unknown) => unknown) => work({ execute: async () => ({ rows: [] }) }) } as unknown as Db;

  /** Grafana's reference to the dashboard's `datasource` variable. */
  const variable = ['$', '{datasource}'].join('');

  it('picks its Prometheus as a variable, in every panel and query', () => {
    expect(dashboard.templating.list.find((v) => v.name === 'datasource')).toMatchObject({ type: 'datasource', query: 'prometheus' });
    const graphs = dashboard.panels.filter((p) => p.type !== 'row');
    expect(graphs.length).toBeGreaterThan(15);
    for (const panel of graphs) expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: variable });
    for (const query of queries) expect(query.datasource.uid).toBe(variable);
  });

  it('charts every avisa_ metric a scrape has, and memory and event loop lag', async () => {
    const text = (await scrapeMetrics(empty)).text;
    expect(sampleOf(text, 'avisa_metrics_database_up')).toBe(1);
    const families = [...text.matchAll(/^# TYPE (avisa_\w+) \w+$/gm)].map((m) => m[1]!);
    expect(families.length).toBeGreaterThanOrEqual(12);
    for (const family of [...families, 'process_resident_memory_bytes', 'nodejs_eventloop_lag_p99_seconds']) {
      expect(queries.some((q) => new RegExp(`\\b${family}(_bucket|_count|_sum)?\\b`).test(q.expr)), family).toBe(true);
    }
  });

  it('lays its panels out without overlap, each with its own id', () => {
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cells = new Set<string>();
    for (const { gridPos: g, title } of dashboard.panels) {
      expect(g.x + g.w, title).toBeLessThanOrEqual(24);
      for (let x = g.x; x < g.x + g.w; x++) {
        for (let y = g.y; y < g.y + g.h; y++) {
          expect(cells.has(`${x},${y}`), `${title} overlaps at ${x},${y}`).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
  });
});
