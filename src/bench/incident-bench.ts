/**
 * Incidentes on a big base (issue 17's figures): `subscribers` bench logins (default 50,000), each its own client
 * with its own mobile, online on a bench NAS, added to the database's demo logins (1M: realistic index sizes) and
 * removed afterwards. Everything a production `avisa serve` with the RADIUS receiver does runs here: the real
 * receiver (UDP on loopback, packets from a worker thread, radius-bench.ts) with the real-time incident passes
 * (src/incidents/watcher.ts), the drain of the WhatsApp queue to the Opa! Suite simulator, polled every 250 ms.
 * The NAS kind's rule is set for the run to a hold-down of 0 and confirmation at once (the defaults wait 2 minutes
 * and for an operator); its messages: an início and a normalizado template.
 * Each trial: a Stop for every bench login (Event-Timestamp = now) → when the incident was `suspected` and when the
 * first início reached the simulator, against the first and the last Stop answered; then, once the passes stop
 * adding inícios, they are marked delivered (as the drain would, so the trial does not wait for 50,000 sends), a
 * Start for every login → seconds from the last Start answered to every affected login back and done with (its
 * normalizado queued, or nothing owed). Three trials; the median counts. Also the unfiltered report summary
 * (from element_counts) against the same counts by grouping every login (a filter that matches all).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { type Database, type Db, queryRows } from '../db/database.js';
import { messages } from '../db/schema/messaging.js';
import { saveIncidentMessages } from '../incidents/notices.js';
import { loadRules, saveRule } from '../incidents/rules.js';
import { watchIncidents } from '../incidents/watcher.js';
import { RadiusReceiver } from '../ingest/radius/receiver.js';
import { createIntegration } from '../providers/integrations.js';
import { startOpaSimulator } from '../providers/opa/simulator.js';
import { drainChannel } from '../queue/drain.js';
import { summarise } from '../report/summary.js';
import { sealSecret } from '../shared/secret-box.js';
import { encode, scalar, SECRET, sendAll } from './radius-bench.js';

const CHANNEL = '65a1f0c2b7e4d93a1c0f1a01';
const START_TEMPLATE = '65a1f3d8b7e4d93a1c0f2b01';
const RESTORED_TEMPLATE = '65a1f3d8b7e4d93a1c0f2b03';
const WINDOW = 2048;

export interface IncidentTrial {
  /** From the first Stop sent (the outage's start) to the incident suspected. */
  suspectedFromFirstSeconds: number;
  suspectedSeconds: number;
  firstSendSeconds: number;
  restoredQueuedSeconds: number;
  affected: number;
  told: number;
  restoredNotices: number;
}

export interface IncidentFigures {
  backend: string;
  subscribers: number;
  trials: IncidentTrial[];
  summaryCountersMs: number;
  summaryGroupingMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await check()) return performance.now();
    if (performance.now() > deadline) throw new Error(`incident bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function seed(db: Db, key: Buffer, subscribers: number) {
  const nasId = (await scalar(db, sql`select coalesce(max(id), 0) + 2000 as n from nas`)) | 0;
  const firstClient = (await scalar(db, sql`select coalesce(max(id), 0) + 1000 as n from clients`)) | 0;
  const firstLogin = (await scalar(db, sql`select coalesce(max(id), 0) + 1000 as n from logins`)) | 0;
  await db.execute(sql`insert into nas (id, name, ip_address, radius_secret) values (${nasId}, 'BENCH-INCIDENT-BRAS', '127.0.0.1', ${sealSecret(key, SECRET)})`);
  // mobiles of this run only (an earlier run's notices to the same numbers would hold these back for 6 h)
  const run = String(10 + Math.floor(Math.random() * 90));
  for (let from = 0; from < subscribers; from += 10_000) {
    const to = Math.min(subscribers, from + 10_000) - 1;
    await db.execute(sql`insert into clients (id, name, name_search, mobile, mobile_e164)
      select ${firstClient} + g, 'Bench ' || g, 'bench ' || g, '(48) 9' || ${run} || lpad(g::text, 6, '0'), '+55489' || ${run} || lpad(g::text, 6, '0')
        from generate_series(${from}::int, ${to}::int) g`);
    await db.execute(sql`insert into logins (id, login, client_id, online, session_started_at, nas_id)
      select ${firstLogin} + g, 'incbench-' || g, ${firstClient} + g, 'S', now() - interval '1 hour', ${nasId}
        from generate_series(${from}::int, ${to}::int) g`);
  }
  await db.execute(sql`vacuum (analyze) logins`);
  return { nasId, firstClient, lastClient: firstClient + subscribers - 1 };
}

async function cleanup(db: Db, ids: { nasId: number; firstClient: number; lastClient: number }, integrationId: number) {
  await db.execute(sql`update queue_items set status = 'cancelled' where integration_id = ${integrationId} and status in ('pending', 'claimed', 'sending')`);
  await db.execute(sql`update incidents set state = 'closed', closed_at = now() where kind = 'nas' and element_id = ${ids.nasId} and state in ('suspected', 'confirmed', 'restored')`);
  await db.execute(sql`delete from logins where nas_id = ${ids.nasId}`);
  await db.execute(sql`delete from clients where id between ${ids.firstClient} and ${ids.lastClient}`);
  await db.execute(sql`update integrations set active = false where id = ${integrationId}`);
  await db.execute(sql`delete from nas where id = ${ids.nasId}`);
}

async function summaryTimes(db: Db): Promise<{ counters: number; grouping: number }> {
  const time = async (filter: Parameters<typeof summarise>[1], n: number) => {
    const runs: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await summarise(db, filter);
      runs.push(performance.now() - t0);
    }
    return median(runs);
  };
  return { counters: await time({}, 10), grouping: await time({ online: ['online', 'offline', 'never'] }, 5) };
}

export async function benchIncidents(database: Database, options: { subscribers?: number; timezone: string; print: (line: string) => void }): Promise<IncidentFigures> {
  const subscribers = options.subscribers ?? 50_000;
  const { print, timezone } = options;
  const db = database.db;
  const key = randomBytes(32);
  const sim = await startOpaSimulator();
  sim.setDailyLimit(CHANNEL, null);
  const savedRules = await loadRules(db);
  const ids = await seed(db, key, subscribers);
  const integration = await createIntegration(db, key, null, {
    kind: 'opa',
    description: `Bench incidents ${randomBytes(3).toString('hex')}`,
    config: { url: sim.baseUrl, timeoutSeconds: 10 },
    secret: sim.token,
    maxConcurrency: 16,
    ratePerSecond: 1000,
  });
  const content = (templateId: string, atalho: string, variables: object[], freeFields: object[]) => ({
    opaChannelId: CHANNEL, opaChannelName: 'WhatsApp Suporte', templateId, templateAtalho: atalho, templateText: '', variables, freeFields,
  });
  const [start, restored] = await db
    .insert(messages)
    .values([
      {
        channel: 'whatsapp', purpose: 'outage', description: `Bench início ${integration.id}`, integrationId: integration.id,
        content: content(START_TEMPLATE, 'aviso_instabilidade', [{ type: 'field', field: 'primeiro_nome' }, { type: 'free', key: 'elemento' }, { type: 'free', key: 'previsao_retorno' }], [{ key: 'elemento', label: 'Elemento', required: true }, { key: 'previsao_retorno', label: 'Previsão', required: true }]),
      },
      {
        channel: 'whatsapp', purpose: 'restored', description: `Bench normalizado ${integration.id}`, integrationId: integration.id,
        content: content(RESTORED_TEMPLATE, 'servico_normalizado', [{ type: 'field', field: 'primeiro_nome' }], []),
      },
    ])
    .returning({ id: messages.id });
  const nasRule = savedRules.find((r) => r.kind === 'nas')!;
  const { kind: _k, custom: _c, ...ruleInput } = nasRule;
  await saveRule(db, 'nas', { ...ruleInput, holdDownSeconds: 0, autoConfirmSeconds: 0 }, 'bench');
  await saveIncidentMessages(db, 'nas', { start: [start!.id], update: [], restored: [restored!.id] });

  const watcher = watchIncidents(db, { timezone, yieldFactor: database.kind === 'pglite' ? 4 : 0 });
  const receiver = new RadiusReceiver({ db, secretKey: key, host: '127.0.0.1', port: 0, onApplied: () => watcher.poke() });
  const { port } = await receiver.start();
  const sockets = Math.ceil(WINDOW / 256);
  const nasIp: [string, unknown] = ['NAS-IP-Address', '127.0.0.1'];
  const figures: IncidentFigures = { backend: database.kind, subscribers, trials: [], summaryCountersMs: 0, summaryGroupingMs: 0 };
  let draining = true;
  /** Set while the bench rewrites queue rows itself (its multi-row updates and the drain's would deadlock). */
  let paused: Promise<void> | null = null;
  let current: Promise<unknown> = Promise.resolve();
  const drainLoop = (async () => {
    while (draining) {
      if (paused) await paused;
      current = drainChannel(db, { channel: 'whatsapp', secretKey: key, owner: 'bench', budgetMs: 1_000, maxAttempts: 3, signal: new AbortController().signal });
      await current;
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const withoutDrain = async (work: () => Promise<unknown>) => {
    let resume = () => {};
    paused = new Promise((r) => {
      resume = r;
    });
    await current;
    try {
      await work();
    } finally {
      paused = null;
      resume();
    }
  };
  try {
    for (let trial = 1; trial <= 3; trial++) {
      const session = (i: number) => `T${trial}-${i}`;
      const before = await scalar(db, sql`select coalesce(max(id), 0) as n from incidents`);
      const sendsBefore = sim.sends.length;
      const stops = encode((i) => [['User-Name', `incbench-${i}`], ['Acct-Status-Type', 'Stop'], ['Acct-Session-Id', session(i)], ['Acct-Terminate-Cause', 'Lost-Carrier'], ['Event-Timestamp', new Date()], nasIp], subscribers, sockets);
      const firstStop = Date.now();
      await sendAll(port, stops, WINDOW);
      const lastStop = Date.now();
      // when it happened (the incident's detection time, the simulator's arrival time): the same machine's clock
      await until('the incident', async () => (await scalar(db, sql`select count(*)::int as n from incidents where id > ${before} and kind = 'nas' and element_id = ${ids.nasId}`)) > 0);
      const suspected = await scalar(db, sql`select (extract(epoch from detected_at) * 1000)::float8 as n from incidents where id > ${before} and kind = 'nas' and element_id = ${ids.nasId}`);
      await until('the first início at the simulator', async () => sim.sends.length > sendsBefore);
      const firstSend = Date.parse(sim.sends[sendsBefore]!.at);
      const incident = await scalar(db, sql`select max(id) as n from incidents where kind = 'nas' and element_id = ${ids.nasId}`);
      // every início queued, then delivered (as the drain would)
      await until('the inícios queued', async () => (await scalar(db, sql`select count(*)::int as n from send_batches where incident_id = ${incident} and incident_phase = 'start'`)) > 0);
      // until the passes stop adding inícios (logins that dropped after the confirmation are told too)
      for (let round = 0; round < 20; round++) {
        await withoutDrain(() =>
          db.execute(sql`update queue_items q set status = 'sent', finished_at = now(), locked_by = null, lease_until = null
              from send_batches b where b.id = q.batch_id and b.incident_id = ${incident} and b.incident_phase = 'start'
                and q.status in ('pending', 'claimed', 'sending')`),
        );
        await new Promise((r) => setTimeout(r, 1_500));
        const open = await scalar(db, sql`select count(*)::int as n from queue_items q join send_batches b on b.id = q.batch_id
            where b.incident_id = ${incident} and b.incident_phase = 'start' and q.status in ('pending', 'claimed', 'sending')`);
        if (open === 0) break;
      }
      const told = await scalar(db, sql`select count(*)::int as n from queue_items q join send_batches b on b.id = q.batch_id
          where b.incident_id = ${incident} and b.incident_phase = 'start' and q.status in ('sent', 'uncertain')`);
      const starts = encode((i) => [['User-Name', `incbench-${i}`], ['Acct-Status-Type', 'Start'], ['Acct-Session-Id', `${session(i)}-back`], ['Event-Timestamp', new Date(Date.now() + 3_000)], nasIp], subscribers, sockets);
      await new Promise((r) => setTimeout(r, 3_000)); // a new session starts after the Stop, beyond the 2 s tolerance
      await sendAll(port, starts, WINDOW);
      const lastStart = performance.now();
            // every affected login back and done with: its normalizado queued (or nothing owed: never told)
      const restoredAt = await until('every normalizado queued', async () =>
        (await scalar(db, sql`select count(*)::int as n from incident_logins
            where incident_id = ${incident} and (back_at is null or restored_notice_at is null)`)) === 0,
      );
      const counts = await queryRows<{ affected: number; restored: number }>(
        db,
        sql`select (select count(*)::int from incident_logins where incident_id = ${incident}) as affected,
                   (select count(*)::int from queue_items q join send_batches b on b.id = q.batch_id where b.incident_id = ${incident} and b.incident_phase = 'restored') as restored`,
      );
      const row: IncidentTrial = {
        suspectedFromFirstSeconds: (suspected - firstStop) / 1000,
        suspectedSeconds: (suspected - lastStop) / 1000,
        firstSendSeconds: (firstSend - lastStop) / 1000,
        restoredQueuedSeconds: Math.max(0, (restoredAt - lastStart) / 1000),
        affected: counts[0]?.affected ?? 0,
        told,
        restoredNotices: counts[0]?.restored ?? 0,
      };
      figures.trials.push(row);
      print(
        `incidents trial ${trial}: Stops sent in ${((lastStop - firstStop) / 1000).toFixed(2)} s; suspected ${row.suspectedFromFirstSeconds.toFixed(2)} s after the first Stop ` +
          `(${row.suspectedSeconds.toFixed(2)} s after the last), first início at the simulator ${row.firstSendSeconds.toFixed(2)} s, ` +
          `every normalizado queued ${row.restoredQueuedSeconds.toFixed(2)} s after the last Start (affected ${row.affected}, told ${row.told}, normalizados ${row.restoredNotices})`,
      );
      await db.execute(sql`update incidents set state = 'closed', closed_at = now() where id = ${incident}`);
      await withoutDrain(async () => {
        await db.execute(sql`update queue_items set status = 'cancelled' where integration_id = ${integration.id} and status in ('pending', 'claimed')`);
        // the next trial is another day's outage: the recent-notice guard (6 h, by purpose) would hold everyone back
        await db.execute(sql`update queue_items set finished_at = finished_at - interval '7 hours' where integration_id = ${integration.id}`);
      });
    }
    const summary = await summaryTimes(db);
    figures.summaryCountersMs = summary.counters;
    figures.summaryGroupingMs = summary.grouping;
    print(`incidents report summary, no filter: ${summary.counters.toFixed(1)} ms from element_counts; ${summary.grouping.toFixed(1)} ms grouping every login (median)`);
  } finally {
    draining = false;
    await drainLoop;
    await receiver.stop();
    await watcher.stop();
    await saveRule(db, 'nas', (({ kind: _k2, custom: _c2, ...r }) => r)(nasRule), 'bench');
    await saveIncidentMessages(db, 'nas', { start: [], update: [], restored: [] });
    await cleanup(db, ids, integration.id);
    await sim.close();
  }
  return figures;
}

export function formatIncidentTable(rows: IncidentFigures[]): string {
  const lines = [
    `| Figure (median of 3) | Target | ${rows.map((r) => r.backend).join(' | ')} |`,
    `|---|---|${rows.map(() => '---').join('|')}|`,
  ];
  const cell = (values: number[], target: number, unit: string) => {
    const m = median(values);
    return `${unit === 'ms' ? m.toFixed(0) : m.toFixed(2)} ${unit} ${m <= target ? 'met' : '**not met**'}`;
  };
  lines.push(`| ${rows[0]?.subscribers.toLocaleString('en')}-login NAS drop → suspeito, after the last Stop (negative: before it) | ≤ 5 s | ${rows.map((r) => cell(r.trials.map((t) => t.suspectedSeconds), 5, 's')).join(' | ')} |`);
  lines.push(`| the same, after the first Stop | — | ${rows.map((r) => `${median(r.trials.map((t) => t.suspectedFromFirstSeconds)).toFixed(2)} s`).join(' | ')} |`);
  lines.push(`| → first início at the simulator (auto-confirm) | ≤ 10 s | ${rows.map((r) => cell(r.trials.map((t) => t.firstSendSeconds), 10, 's')).join(' | ')} |`);
  lines.push(`| restore → every normalizado queued | ≤ 10 s | ${rows.map((r) => cell(r.trials.map((t) => t.restoredQueuedSeconds), 10, 's')).join(' | ')} |`);
  lines.push(`| report summary, no filter (element_counts) | ≤ 150 ms (PostgreSQL) | ${rows.map((r) => cell([r.summaryCountersMs], 150, 'ms')).join(' | ')} |`);
  lines.push(`| the same counts by grouping every login | — | ${rows.map((r) => `${r.summaryGroupingMs.toFixed(0)} ms`).join(' | ')} |`);
  return lines.join('\n');
}
