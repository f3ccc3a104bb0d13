/**
 * The queue's figures (issues 5 and 6), per backend: enqueue of ~100,000 recipients in one statement; drain
 * throughput through the Opa! Suite simulator at 0 ms latency (the engine's own overhead capacity); a drain at
 * 50 ms latency with an 80 msg/s limit (share of the limit reached, and the busiest 1-second window, which must
 * never exceed it); and the RSS of an `avisa drain` process emptying the queue, sampled from /proc.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { eq, sql } from 'drizzle-orm';
import { avisaArgv, avisaEnv } from '../cli/launch.js';
import { type DatabaseTarget, openDatabase, queryRows } from '../db/database.js';
import { subscriberTables, vacuumAnalyze } from '../db/maintenance.js';
import { integrations, messages } from '../db/schema/messaging.js';
import { generateDemo } from '../ingest/demo/generate.js';
import { createIntegration } from '../providers/integrations.js';
import { type OpaSimulator, startOpaSimulator } from '../providers/opa/simulator.js';
import { drainChannel } from '../queue/drain.js';
import { enqueueSend, planSend } from '../queue/enqueue.js';
import { busiestSecond } from '../queue/pacing.js';
import type { ReportFilter } from '../report/filter.js';
import { intArray } from '../db/sql.js';

const CHANNEL = '65a1f0c2b7e4d93a1c0f1a01';
const TEMPLATE = '65a1f3d8b7e4d93a1c0f2b03';
const opaConfig = (url: string) => ({ url, timeoutSeconds: 10 });

export interface QueueFigures {
  label: string;
  /** The report filter of the send, in words. */
  audience: string;
  recipients: number;
  /** Median of `enqueueRuns`. */
  enqueueSeconds: number;
  enqueueRuns: number[];
  drainFast: { sent: number; seconds: number; perSecond: number };
  drainPaced: { sent: number; seconds: number; perSecond: number; limit: number; busiestSecond: number };
  drainProcess: { sent: number; seconds: number; peakRssMb: number };
}

/**
 * A filter whose send queues as close to `wanted` recipients as the data allows, at or above it: whole NAS first
 * (an outage's usual audience); when the last NAS overshoots, the same NAS in the smallest prefix of cities that
 * still reaches `wanted`, then of their FTTH boxes (binary searches over planSend; boxes capped at the filter's
 * 10,000). Logins without a box or city drop out of those narrowings, so each is tried only if it can still reach.
 */
async function pickFilter(db: Parameters<typeof planSend>[0], messageId: number, wanted: number): Promise<ReportFilter> {
  const enqueue = async (filter: ReportFilter) => (await planSend(db, { messageId, filter })).enqueue;
  const nas = await queryRows<{ id: number }>(db, sql`select id from nas order by id`);
  const nasIds: number[] = [];
  for (const { id } of nas) {
    nasIds.push(id);
    if ((await enqueue({ nasIds })) >= wanted) break;
  }
  /** `make` of the shortest prefix of `ids` that still reaches `wanted`, or undefined when all of them cannot. */
  const narrow = async (ids: number[], make: (some: number[]) => ReportFilter): Promise<ReportFilter | undefined> => {
    let [lo, hi] = [1, ids.length];
    if (hi === 0 || (await enqueue(make(ids))) < wanted) return undefined;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((await enqueue(make(ids.slice(0, mid)))) >= wanted) hi = mid;
      else lo = mid + 1;
    }
    return make(ids.slice(0, lo));
  };
  const on = sql`from logins where nas_id = any(${intArray(nasIds)})`;
  const cities = await queryRows<{ id: number }>(db, sql`select distinct effective_city_id as id ${on} and effective_city_id is not null order by 1`);
  const byCity = (await narrow(cities.map((c) => c.id), (cityIds) => ({ nasIds, cityIds }))) ?? { nasIds };
  const inCities = byCity.cityIds ? sql`and effective_city_id = any(${intArray(byCity.cityIds)})` : sql``;
  const boxes = await queryRows<{ id: number }>(db, sql`select distinct ftth_box_id as id ${on} and ftth_box_id is not null ${inCities} order by 1 limit 10000`);
  return (await narrow(boxes.map((b) => b.id), (ftthBoxIds) => ({ ...byCity, ftthBoxIds }))) ?? byCity;
}

async function processRss(env: Record<string, string>, budgetSeconds: number): Promise<{ seconds: number; peakRssMb: number }> {
  const child = spawn(process.execPath, avisaArgv(['drain', 'whatsapp', '--budget', String(budgetSeconds)]), {
    env: avisaEnv({ ...process.env, LOG_LEVEL: 'warn', ...env }),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let peak = 0;
  const t0 = performance.now();
  const sampler = setInterval(() => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
      peak = Math.max(peak, kb / 1024);
    } catch {
      /* exited */
    }
  }, 100);
  await new Promise((resolve) => child.once('exit', resolve));
  clearInterval(sampler);
  return { seconds: (performance.now() - t0) / 1000, peakRssMb: peak };
}

/**
 * An Opa! Suite simulator in a process of its own (`avisa opa-sim`), as the real provider is: the arrival times it
 * records are then not delayed by this process's garbage collections (its heap holds every send of the earlier
 * drains) nor by anything else the bench does.
 */
async function simulatorProcess(): Promise<{ baseUrl: string; control: (method: string, path: string, body?: unknown) => Promise<unknown>; close: () => void }> {
  const child = spawn(process.execPath, avisaArgv(['opa-sim', '--port', '0']), { env: avisaEnv({ ...process.env, LOG_LEVEL: 'warn' }), stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  let baseUrl: string | undefined;
  while (!baseUrl) {
    const line = await lines.next();
    if (line.done) throw new Error('avisa opa-sim exited before it listened');
    baseUrl = /simulator at (\S+)/.exec(line.value)?.[1];
  }
  void (async () => {
    for (let line = await lines.next(); !line.done; line = await lines.next()); // one line per send: drained, not kept
  })();
  const root = new URL(baseUrl).origin;
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${root}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    if (!res.ok) throw new Error(`simulator ${method} ${path}: ${res.status}`);
    return res.json();
  };
  return { baseUrl, control, close: () => void child.kill() };
}

export async function benchQueue(label: string, target: DatabaseTarget, options: { recipients: number; timezone: string }): Promise<QueueFigures> {
  const sim: OpaSimulator = await startOpaSimulator();
  sim.setDailyLimit(CHANNEL, null);
  const key = randomBytes(32);
  let database = await openDatabase(target);
  try {
    await database.migrate();
    const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from logins`);
    if (n < options.recipients * 1.5) await generateDemo(database.db, { logins: Math.ceil(options.recipients * 1.5), seed: 5, timezone: options.timezone });
    await database.db.execute(sql`update queue_items set status = 'cancelled' where status in ('pending', 'claimed', 'sending')`);
    // A kept data dir holds the integrations of earlier runs, sealed with their own random keys: this run drains its own.
    await database.db.execute(sql`update integrations set active = false where description like 'Bench %'`);
    const integration = await createIntegration(database.db, key, null, {
      kind: 'opa',
      description: `Bench ${randomBytes(3).toString('hex')}`,
      config: opaConfig(sim.baseUrl),
      secret: sim.token,
      maxConcurrency: 16,
      ratePerSecond: 1000,
    });
    const [message] = await database.db
      .insert(messages)
      .values({
        channel: 'whatsapp',
        description: `Bench ${integration.id}`,
        integrationId: integration.id,
        content: {
          opaChannelId: CHANNEL, opaChannelName: 'WhatsApp Suporte', templateId: TEMPLATE, templateAtalho: 'servico_normalizado',
          templateText: 'Olá {{nome}}, o serviço foi normalizado.', variables: [{ type: 'field', field: 'primeiro_nome' }], freeFields: [],
        },
      })
      .returning({ id: messages.id });
    const filter = await pickFilter(database.db, message!.id, options.recipients);
    // Timed on a settled database (a production queue is not mid-bulk-load: the demo just written would otherwise
    // be checkpointed during the enqueue), three times, each after the previous batch was cancelled; the median
    // counts. The last batch stays pending for the drains.
    const runs: number[] = [];
    let enqueued = { enqueued: 0 };
    for (let i = 0; i < 3; i++) {
      await database.db.execute(sql`update queue_items set status = 'cancelled' where status in ('pending', 'claimed', 'sending')`);
      await vacuumAnalyze(database.db, [...subscriberTables, 'queue_items', 'send_skips', 'send_batches']);
      await database.db.execute(sql`checkpoint`).catch(() => {}); // PostgreSQL: superuser or pg_checkpoint only
      const t0 = performance.now();
      enqueued = await enqueueSend(database.db, { messageId: message!.id, filter }, { userId: null, actor: 'bench' }, { timezone: options.timezone });
      runs.push((performance.now() - t0) / 1000);
    }
    const enqueueSeconds = [...runs].sort((a, b) => a - b)[1]!;

    const drain = async (budgetMs: number) => {
      const started = performance.now();
      const result = await drainChannel(database.db, { channel: 'whatsapp', secretKey: key, owner: 'bench', budgetMs, maxAttempts: 3, signal: new AbortController().signal });
      const seconds = (performance.now() - started) / 1000;
      return { sent: result.sent, seconds, perSecond: result.sent / seconds };
    };
    await database.db.update(integrations).set({ ratePerSecond: 100_000 }).where(eq(integrations.id, integration.id));
    const drainFast = await drain(15_000);

    // The paced drain and the RSS drain run as `avisa drain` processes, so the RSS is the drain's alone; the paced
    // one sends to a simulator process of its own, whose arrival times nothing else delays.
    await database.close();
    /** Where the bench's integration sends and at what pace, for the next `avisa drain` process. */
    const configure = async (url: string, limits: { ratePerSecond: number; maxConcurrency: number }) => {
      database = await openDatabase(target);
      await database.db.update(integrations).set({ config: opaConfig(url), ...limits }).where(eq(integrations.id, integration.id));
      await database.close();
    };
    const env: Record<string, string> = {
      ...('url' in target ? { DATABASE_URL: target.url } : 'dataDir' in target ? { AVISA_DATA_DIR: target.dataDir } : {}),
      AVISA_SECRET_KEY: key.toString('base64'),
    };
    const paceSim = await simulatorProcess();
    let drainPaced: QueueFigures['drainPaced'];
    try {
      await paceSim.control('POST', '/__sim/daily-limit', { channelId: CHANNEL, limit: null });
      await paceSim.control('POST', '/__sim/faults', { latencyMs: 50 });
      await configure(paceSim.baseUrl, { ratePerSecond: 80, maxConcurrency: 8 });
      const paced = await processRss(env, 15);
      const { sends } = (await paceSim.control('GET', '/__sim/sends')) as { sends: { at: string }[] };
      const times = sends.map((s) => Date.parse(s.at));
      const pacedSent = times.length;
      const pacedSeconds = times.length > 1 ? (Math.max(...times) - Math.min(...times)) / 1000 : paced.seconds;
      drainPaced = { sent: pacedSent, seconds: pacedSeconds, perSecond: (pacedSent - 1) / pacedSeconds, limit: 80, busiestSecond: busiestSecond(times) };
    } finally {
      paceSim.close();
    }

    await configure(sim.baseUrl, { ratePerSecond: 100_000, maxConcurrency: 16 });
    const beforeProcess = sim.sends.length;
    const rss = await processRss(env, 600);
    const drainProcess = { sent: sim.sends.length - beforeProcess, seconds: rss.seconds, peakRssMb: rss.peakRssMb };
    database = await openDatabase(target);
    const count = (ids: number[] | undefined, what: string) => (ids ? `, ${ids.length.toLocaleString('en')} ${what}` : '');
    const audience = `${filter.nasIds?.length ?? 0} NAS${count(filter.cityIds, 'cities')}${count(filter.ftthBoxIds, 'FTTH boxes')}`;
    return { label, audience, recipients: enqueued.enqueued, enqueueSeconds, enqueueRuns: runs, drainFast, drainPaced, drainProcess };
  } finally {
    await database.close().catch(() => {});
    await sim.close();
  }
}

export function formatQueueTable(rows: QueueFigures[]): string {
  const head = ['', ...rows.map((r) => r.label)];
  const lines: string[][] = [
    ['audience (report filter)', ...rows.map((r) => r.audience)],
    ['recipients enqueued', ...rows.map((r) => r.recipients.toLocaleString('en'))],
    ['enqueue (one statement), median of 3', ...rows.map((r) => `${r.enqueueSeconds.toFixed(2)} s (${r.enqueueRuns.map((s) => s.toFixed(2)).join(', ')})`)],
    ['drain, 0 ms latency', ...rows.map((r) => `${Math.round(r.drainFast.perSecond).toLocaleString('en')} msg/s (${r.drainFast.sent.toLocaleString('en')} in ${r.drainFast.seconds.toFixed(1)} s)`)],
    ['drain, 50 ms latency, limit 80/s', ...rows.map((r) => `${r.drainPaced.perSecond.toFixed(1)} msg/s = ${((100 * r.drainPaced.perSecond) / r.drainPaced.limit).toFixed(1)} % of limit, busiest second ${r.drainPaced.busiestSecond}`)],
    ['`avisa drain` process: peak RSS', ...rows.map((r) => `${Math.round(r.drainProcess.peakRssMb)} MB (${r.drainProcess.sent.toLocaleString('en')} sent in ${r.drainProcess.seconds.toFixed(0)} s)`)],
  ];
  const all = [head, ...lines];
  const widths = head.map((_, i) => Math.max(...all.map((l) => (l[i] ?? '').length)));
  const fmt = (l: string[]) => `| ${l.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [fmt(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt)].join('\n');
}
