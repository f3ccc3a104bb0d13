/**
 * Issue 18's figures, per backend:
 *  - webhook ingestion: a storm of signed status callbacks (three per message, a third of them with `read` before
 *    `delivered`) offered at `rate` callbacks/s from another thread over 32 keep-alive connections, after 2 s of the
 *    same traffic that is not counted (a server that has been running: JIT-compiled, caches filled) — achieved rate,
 *    acknowledgement p50/p99, and whether every status landed (events stored, rows at their final status);
 *  - a 10,000-recipient Cloud API send drained through the simulator at its 80 msg/s limit (a number of the 100K
 *    messaging tier, so the 24 h distinct-recipient limit holds none back): the share of the limit
 *    reached, with no 130429 (throughput) error.
 * The queue rows are written by SQL (the enqueue has its own bench): what is measured here is the webhook path
 * and the drain through the Cloud API provider.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../config/config.js';
import { type DatabaseTarget, openDatabase, queryRows } from '../db/database.js';
import { buildApp } from '../http/app.js';
import { startCloudApiSimulator } from '../providers/cloudapi/simulator.js';
import { createIntegration } from '../providers/integrations.js';
import { drainChannel } from '../queue/drain.js';
import { busiestSecond } from '../queue/pacing.js';
import { stats } from './http-latency.js';

const PHONE = '106540352242922';
const WABA = '102290129340398';
const TOKEN = 'EAAG-bench-token';
const APP_SECRET = 'bench-app-secret';

export interface CloudApiFigures {
  label: string;
  webhook: { callbacks: number; offeredPerSecond: number; perSecond: number; p50: number; p99: number; errors: number; stored: number; final: Record<string, number>; drainMs: number };
  send: { recipients: number; sent: number; seconds: number; perSecond: number; limit: number; busiestSecond: number; throughputErrors: number };
}

/** `n` queue rows of one new batch, sent (with `wamid`s) or pending, each to its own mobile. */
async function insertRows(db: Parameters<typeof queryRows>[0], integrationId: number, n: number, sent: boolean): Promise<{ batchId: number; wamids: string[] }> {
  const [batch] = await queryRows<{ id: number }>(
    db,
    sql`insert into send_batches (channel, message_description, integration_id, actor, filter, free_values, template, matched, enqueued, skipped, skip_counts)
      values ('whatsapp', 'Bench', ${integrationId}, 'bench', '{}'::jsonb, '{}'::jsonb,
        ${JSON.stringify({ templateName: 'servico_normalizado', language: 'pt_BR' })}::jsonb, ${n}, ${n}, 0, '{}'::jsonb) returning id`,
  );
  const batchId = batch!.id;
  const tag = randomBytes(4).toString('hex');
  await db.execute(sql`insert into queue_items (batch_id, channel, integration_id, client_id, contact, contact_key, payload, status, provider_message_id, finished_at)
    select ${batchId}, 'whatsapp', ${integrationId}, 1, '+55489' || lpad(i::text, 8, '0'), '+55489' || lpad(i::text, 8, '0'),
      '{"variables": ["Ana"]}'::jsonb, ${sent ? 'sent' : 'pending'}, case when ${sent} then 'wamid.bench.' || ${tag} || '.' || i end,
      case when ${sent} then now() end
    from generate_series(1, ${n}) i`);
  const wamids = sent ? Array.from({ length: n }, (_, i) => `wamid.bench.${tag}.${i + 1}`) : [];
  return { batchId, wamids };
}

function offer(job: { url: string; wamids: string[]; warmupWamids: string[]; rate: number }): Promise<{ sent: number; seconds: number; errors: number; latencies: number[]; startedAt: number[] }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./webhook-load.js', import.meta.url), {
      workerData: { ...job, appSecret: APP_SECRET, phoneNumberId: PHONE, connections: 32 },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

export async function benchCloudApi(label: string, target: DatabaseTarget, options: { messages: number; rate: number; recipients: number; print: (line: string) => void }): Promise<CloudApiFigures> {
  const key = randomBytes(32);
  const database = await openDatabase(target);
  const sim = await startCloudApiSimulator({ token: TOKEN, appSecret: APP_SECRET, phoneNumberId: PHONE, wabaId: WABA, throughput: 80, messagingLimit: 'TIER_100K' });
  const app = await buildApp({ db: database.db, kind: database.kind, config: loadConfig({}), logger: false, secretKey: key });
  try {
    await database.migrate();
    await database.db.execute(sql`update integrations set active = false where kind = 'cloudapi'`);
    const integration = await createIntegration(database.db, key, null, {
      kind: 'cloudapi',
      description: `Bench Cloud API ${randomBytes(3).toString('hex')}`,
      config: { phoneNumberId: PHONE, wabaId: WABA, baseUrl: sim.url, timeoutSeconds: 10 },
      secret: TOKEN,
      appSecret: APP_SECRET,
      maxConcurrency: 8,
      ratePerSecond: 80,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/webhooks/whatsapp`;

    // 1. the storm, after 2 s of the same traffic (not counted) to a server that just started
    const warmup = await insertRows(database.db, integration.id, Math.round((options.rate * 2) / 3), true);
    const { batchId, wamids } = await insertRows(database.db, integration.id, options.messages, true);
    const load = await offer({ url, wamids, warmupWamids: warmup.wamids, rate: options.rate });
    const t0 = performance.now();
    const expected = options.messages * 3;
    let stored = 0;
    let final: Record<string, number> = {};
    for (let i = 0; i < 600; i++) {
      const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from delivery_events where provider_message_id like ${`${wamids[0]!.replace(/\.1$/, '')}.%`}`);
      stored = row!.n;
      const rows = await queryRows<{ s: string | null; n: number }>(database.db, sql`select delivery_status as s, count(*)::int as n from queue_items where batch_id = ${batchId} group by 1`);
      final = Object.fromEntries(rows.map((r) => [r.s ?? 'none', r.n]));
      if (stored >= expected && final.read === options.messages) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const drainMs = performance.now() - t0;
    const lat = stats('webhook', load.latencies);
    const sorted = [...load.latencies].sort((a, b) => a - b);
    const p99 = sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)] ?? Number.NaN;
    const webhook = { callbacks: load.sent, offeredPerSecond: options.rate, perSecond: load.sent / load.seconds, p50: lat.p50, p99, errors: load.errors, stored, final, drainMs };
    const slowBySecond: number[] = [];
    load.latencies.forEach((ms, i) => {
      const second = Math.floor((load.startedAt[i] ?? 0) / 1000);
      slowBySecond[second] = (slowBySecond[second] ?? 0) + (ms > 50 ? 1 : 0);
    });
    options.print(`${label} webhook: acknowledgements over 50 ms, by second of the run: ${JSON.stringify(Array.from(slowBySecond, (n) => n ?? 0))}`);
    options.print(`${label} webhook: ${load.sent} callbacks in ${load.seconds.toFixed(1)} s = ${Math.round(webhook.perSecond)}/s (offered ${options.rate}/s), ack p50 ${lat.p50.toFixed(1)} ms p99 ${p99.toFixed(1)} ms, errors ${load.errors}; stored ${stored}/${expected}, rows ${JSON.stringify(final)} (${Math.round(drainMs)} ms after the last ack)`);

    // 2. a 10,000-recipient send at the number's 80 msg/s
    if (options.recipients === 0) return { label, webhook, send: { recipients: 0, sent: 0, seconds: 0, perSecond: 0, limit: 80, busiestSecond: 0, throughputErrors: 0 } };
    await database.db.execute(sql`update queue_items set status = 'cancelled' where status = 'pending'`);
    const send = await insertRows(database.db, integration.id, options.recipients, false);
    const before = sim.sends.length;
    const started = performance.now();
    const run = await drainChannel(database.db, { channel: 'whatsapp', secretKey: key, owner: 'bench', budgetMs: 30 * 60_000, maxAttempts: 5, signal: new AbortController().signal });
    const seconds = (performance.now() - started) / 1000;
    const times = sim.sends.slice(before).map((s) => s.at.getTime());
    const [errors] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from delivery_logs where batch_id = ${send.batchId} and message->>'detail' like '%130429%'`);
    const result = { recipients: options.recipients, sent: run.sent, seconds, perSecond: run.sent / seconds, limit: 80, busiestSecond: busiestSecond(times), throughputErrors: errors!.n };
    options.print(`${label} send: ${run.sent}/${options.recipients} in ${seconds.toFixed(1)} s = ${result.perSecond.toFixed(1)} msg/s of 80 (${((result.perSecond / 80) * 100).toFixed(1)} %), busiest second ${result.busiestSecond}, 130429 errors ${result.throughputErrors}`);
    return { label, webhook, send: result };
  } finally {
    await app.close();
    await sim.close();
    await database.close();
  }
}

export function formatCloudApiTable(rows: CloudApiFigures[]): string {
  const head = `| Figure | Target | ${rows.map((r) => r.label).join(' | ')} |`;
  const sep = `|---|---|${rows.map(() => '---|').join('')}`;
  const line = (name: string, target: string, f: (r: CloudApiFigures) => string) => `| ${name} | ${target} | ${rows.map(f).join(' | ')} |`;
  return [
    head,
    sep,
    line('Status callbacks acknowledged per second', '≥ 3,000 on PostgreSQL', (r) => `${Math.round(r.webhook.perSecond).toLocaleString('en')} (offered ${r.webhook.offeredPerSecond.toLocaleString('en')}, ${r.webhook.errors} errors)`),
    line('Acknowledgement p50 / p99', 'p99 ≤ 50 ms', (r) => `${r.webhook.p50.toFixed(1)} / ${r.webhook.p99.toFixed(1)} ms`),
    line('Statuses stored / rows read', 'all', (r) => `${r.webhook.stored.toLocaleString('en')} / ${(r.webhook.final.read ?? 0).toLocaleString('en')}`),
    line('10,000-recipient send at 80 msg/s', '≥ 95 % of 80', (r) => `${r.send.perSecond.toFixed(1)} msg/s (${((r.send.perSecond / 80) * 100).toFixed(1)} %), busiest second ${r.send.busiestSecond}, 130429: ${r.send.throughputErrors}`),
  ].join('\n');
}
