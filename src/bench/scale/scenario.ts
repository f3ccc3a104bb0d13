/**
 * The scale-out scenario of issue 19: `serves` × `avisa serve` and `workers` × `avisa worker`, every
 * one through PgBouncer (transaction pooling) to one PostgreSQL, drain a fila of `messages` WhatsApp sends to the
 * Opa! Suite simulator (no rate limit), one "Envia Mensagens Omnichannel da Fila" task per process running the
 * Agenda. With `chaos`:
 * a random worker is SIGKILLed every few seconds and restarted, PostgreSQL is restarted once, the simulator hangs
 * for a while. The verdict comes from the simulator's own record and the database: duplicates (a contact the
 * simulator accepted twice), lost rows (not sent/failed/uncertain at the end, or recorded sent but never
 * accepted), uncertain rows against the sends in flight at each kill and at the restart, task runs finished or
 * reaped and never two of one task at once. The serves are asked for the Agenda every half second throughout.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { installationTaskTypes } from '../../app/task-types.js';
import { createApiToken } from '../../auth/api-tokens.js';
import { ensureFirstAdmin } from '../../auth/bootstrap.js';
import { type Database, openDatabase, queryRows } from '../../db/database.js';
import { scheduledTasks } from '../../db/schema/tasks.js';
import { startOpaSimulator } from '../../providers/opa/simulator.js';
import { updateSendSettings } from '../../queue/send-settings.js';
import { createTask } from '../../tasks/tasks.js';
import type { Cluster } from './cluster.js';
import { type CpuRole, coresBetween, sampleCpu } from './cpu.js';
import { type AvisaProcess, startAvisa, stopAvisa, waitForHttp } from './processes.js';
import { SIM_SEED_CHANNEL, seedOpaQueue } from './seed.js';

export interface ChaosPlan {
  /** SIGKILL a random worker this often (and start a new one a second later). */
  killEverySeconds: number;
  maxKills?: number;
  /** Restart PostgreSQL once, this long after the start. */
  pgRestartAtSeconds?: number;
  /** The simulator hangs (accepts, never answers) from then, for `hangSeconds`. */
  hangAtSeconds?: number;
  hangSeconds?: number;
}

export interface ScaleOptions {
  cluster: Cluster;
  messages: number;
  workers: number;
  serves: number;
  /** The serves run the Agenda too (6 schedulers racing for every due run); false: `serve --no-agenda`. */
  serveAgenda: boolean;
  /** Concurrent sends of each drain (the integration's maxConcurrency). */
  concurrency: number;
  leaseSeconds: number;
  chaos?: ChaosPlan;
  /** Give up (and say so) after this long. */
  timeoutSeconds: number;
  basePort: number;
  log?: (line: string) => void;
}

export interface Kill {
  pid: number;
  atSeconds: number;
  /** Sends the killed process had started (status `sending` under its lease): the most it may leave uncertain. */
  inFlight: number;
  /** Task runs the killed process was running: each must end reaped (`abandoned`). */
  runs: number;
}

export interface ScaleResult {
  messages: number;
  workers: number;
  finished: boolean;
  seconds: number;
  /** Accepted by the simulator per second, first accepted send to last. */
  throughput: number;
  byStatus: Record<string, number>;
  accepted: number;
  duplicates: number;
  lost: number;
  uncertain: number;
  kills: Kill[];
  /**
   * Sends in flight at the PostgreSQL restart: rows `sending` just before it, and sends the simulator took while it
   * went down and came back (a worker may start one between that count and the shutdown).
   */
  inFlightAtRestart: number | null;
  uncertainBound: number;
  /** Uncertain rows that were in flight at no kill and not at the restart (each row's contact checked): must be 0. */
  uncertainUnexplained: number;
  runs: Record<string, number>;
  runsStillRunning: number;
  overlappingRuns: number;
  /** What the serves answered while it ran (status code → count; 0: no answer). */
  serveAnswers: Record<string, number>;
  /** Exit codes of the final SIGTERM, and whether each process stopped within its grace. */
  gracefulStops: number;
  processes: number;
  /** The processes that did not stop gracefully: role, exit code and the end of what they printed. */
  roughStops: string[];
  /** Processes that ended by themselves during the run (never killed by the scenario): should be none. */
  unexpectedExits: string[];
  /** Cores each role kept busy on average while the fila drained (processes killed on the way not counted). */
  cpu: Record<CpuRole, number>;
}

const TERMINAL = ['sent', 'failed', 'uncertain'];
const STALE_AFTER_SECONDS = 20;

/** How a process of this machine names itself in `locked_by` and a task run's `owner` (host:pid:…). */
const ownerPrefix = (pid: number | undefined) => `${hostname()}:${pid}:`;

/** `read()`, tried again for up to 30 s while the database is coming back (the scenario's own restart). */
async function patiently<T>(read: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await read();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

export async function runScale(options: ScaleOptions): Promise<ScaleResult> {
  const log = options.log ?? (() => {});
  const name = `avisa_scale_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: options.cluster.directUrl('postgres') });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const pooled = options.cluster.pooledUrl(name);

  const accepted = new Map<string, number>();
  /** Contacts of the sends in flight at a kill or at the restart: the only rows that may end uncertain. */
  const inFlight = new Set<string>();
  let duringRestart: Set<string> | null = null;
  let firstAccepted = 0;
  let lastAccepted = 0;
  const sim = await startOpaSimulator({
    onSend: (send) => {
      accepted.set(send.to, (accepted.get(send.to) ?? 0) + 1);
      duringRestart?.add(send.to);
      lastAccepted = Date.now();
      if (!firstAccepted) firstAccepted = lastAccepted;
    },
  });
  sim.setDailyLimit(SIM_SEED_CHANNEL, null);
  const forget = setInterval(() => sim.sends.splice(0), 1000); // the tally above is the record; keep memory flat

  const key = randomBytes(32);
  // The bench's own connection goes through PgBouncer too: the migrations run there under their transaction lock.
  let database: Database = await openDatabase({ url: pooled, poolMode: 'transaction' });
  const processes: AvisaProcess[] = [];
  const kills: Kill[] = [];
  let inFlightAtRestart: number | null = null;
  const serveAnswers: Record<string, number> = {};
  let polling = true;
  const t0 = Date.now();
  const elapsed = () => (Date.now() - t0) / 1000;
  try {
    await database.migrate();
    await seedOpaQueue(database.db, key, {
      simUrl: sim.baseUrl,
      simToken: sim.token,
      rows: options.messages,
      maxConcurrency: options.concurrency,
      ratePerSecond: 10_000,
    });
    // No quiet hours: the scenario runs whatever the hour (the defaults hold all but urgent sends 21:00–08:00).
    await updateSendSettings(database.db, { recentHours: 6, recentScope: 'message', quietStart: '00:00', quietEnd: '00:00' }, 'bench');
    const types = installationTaskTypes();
    // One drain task per process that runs the Agenda: each process drains one (onePerProcess).
    const drainTasks = options.workers + (options.serveAgenda ? options.serves : 0);
    for (let i = 1; i <= drainTasks; i += 1) {
      await createTask(database.db, { types, timezone: 'America/Sao_Paulo', now: new Date() }, null, {
        type: 'drain_whatsapp',
        description: `Envia Mensagens Omnichannel da Fila ${i}`,
        options: { budgetSeconds: 3600, leaseSeconds: options.leaseSeconds },
      });
    }
    await database.db.update(scheduledTasks).set({ nextRunAt: sql`now()` }).where(sql`type = 'drain_whatsapp'`);
    const user = await ensureFirstAdmin(database.db, { username: 'admin', password: randomBytes(12).toString('hex') });
    const { secret } = await createApiToken(database.db, user!.user.id, 'scale');
    log(`seeded ${options.messages.toLocaleString('en')} queued messages in ${elapsed().toFixed(1)} s`);

    const env = {
      DATABASE_URL: pooled,
      AVISA_DB_POOL_MODE: 'transaction',
      AVISA_SECRET_KEY: key.toString('base64'),
      HOST: '127.0.0.1',
      AVISA_SHUTDOWN_SECONDS: '20',
    };
    const servePorts = Array.from({ length: options.serves }, (_, i) => options.basePort + i);
    const serveArgs = (port: number) => [...(options.serveAgenda ? [] : ['--no-agenda']), '--port', String(port)];
    for (const port of servePorts) processes.push(startAvisa('serve', serveArgs(port), { ...env, AVISA_SHUTDOWN_SECONDS: '20' }));
    for (const p of processes) await waitForHttp(`http://127.0.0.1:${servePorts[processes.indexOf(p)]}/healthz`, 30_000, p);
    const poll = (async () => {
      while (polling) {
        await Promise.all(
          servePorts.map(async (port) => {
            const code = await fetch(`http://127.0.0.1:${port}/api/tasks`, { headers: { authorization: `Bearer ${secret}` }, signal: AbortSignal.timeout(10_000) })
              .then(async (r) => {
                await r.arrayBuffer();
                return r.status;
              })
              .catch(() => 0);
            serveAnswers[code] = (serveAnswers[code] ?? 0) + 1;
          }),
        );
        await new Promise((r) => setTimeout(r, 500));
      }
    })();

    // Reaped after 20 s of silence: past two heartbeats of a serve (every 5 s there) with room for a busy machine.
    const workerArgs = ['--tick', '1', '--stale-after', String(STALE_AFTER_SECONDS)];
    const workers: AvisaProcess[] = [];
    const startWorker = () => {
      const w = startAvisa('worker', workerArgs, env);
      workers.push(w);
      processes.push(w);
    };
    const cpuFrom = sampleCpu();
    for (let i = 0; i < options.workers; i += 1) startWorker();
    const drainStart = Date.now();

    const chaos = options.chaos;
    let nextKill = chaos ? chaos.killEverySeconds : Infinity;
    let restarted = false;
    let hangState: 'before' | 'hanging' | 'after' = chaos?.hangAtSeconds === undefined ? 'after' : 'before';
    let finished = false;
    let lastLog = 0;
    while (elapsed() < options.timeoutSeconds) {
      await new Promise((r) => setTimeout(r, 250));
      const now = (Date.now() - drainStart) / 1000;
      if (chaos && now >= nextKill && kills.length < (chaos.maxKills ?? Infinity)) {
        nextKill += chaos.killEverySeconds;
        const live = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
        // a worker in the middle of a drain run, when one is: its run must then be reaped (a kill between runs proves less)
        const running = await patiently(() => queryRows<{ owner: string }>(database.db, sql`select owner from task_runs where status = 'running'`));
        const busy = live.filter((w) => running.some((r) => r.owner.startsWith(ownerPrefix(w.child.pid))));
        const pool = busy.length > 0 ? busy : live;
        const victim = pool[Math.floor(Math.random() * pool.length)];
        if (victim?.child.pid) {
          victim.child.kill('SIGKILL');
          await victim.exited;
          const owner = `${ownerPrefix(victim.child.pid)}%`;
          const rows = await patiently(() =>
            queryRows<{ contact: string }>(database.db, sql`select contact from queue_items where status = 'sending' and locked_by like ${owner}`),
          );
          const [runs] = await patiently(() =>
            queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from task_runs where status = 'running' and owner like ${owner}`),
          );
          for (const r of rows) inFlight.add(r.contact);
          kills.push({ pid: victim.child.pid, atSeconds: Math.round(now), inFlight: rows.length, runs: runs?.n ?? 0 });
          log(`  ${now.toFixed(0)} s: SIGKILL worker ${victim.child.pid} (${rows.length} sends in flight, ${runs?.n ?? 0} runs running); a new one starts in 1 s`);
          setTimeout(startWorker, 1000);
        }
      }
      if (chaos?.pgRestartAtSeconds !== undefined && !restarted && now >= chaos.pgRestartAtSeconds) {
        restarted = true;
        const sending = await patiently(() => queryRows<{ contact: string }>(database.db, sql`select contact from queue_items where status = 'sending'`));
        const atRestart = new Set(sending.map((r) => r.contact));
        duringRestart = atRestart; // a send started after that count, before the shutdown, is in flight too
        const t = Date.now();
        await options.cluster.restart().finally(() => (duringRestart = null));
        inFlightAtRestart = atRestart.size;
        for (const contact of atRestart) inFlight.add(contact);
        log(`  ${now.toFixed(0)} s: PostgreSQL restarted in ${((Date.now() - t) / 1000).toFixed(1)} s (${inFlightAtRestart} sends in flight)`);
        await database.close().catch(() => {});
        database = await openDatabase({ url: pooled, poolMode: 'transaction' });
      }
      if (chaos?.hangAtSeconds !== undefined && hangState === 'before' && now >= chaos.hangAtSeconds) {
        hangState = 'hanging';
        sim.setFaults({ hang: true });
        log(`  ${now.toFixed(0)} s: the simulator hangs for ${chaos.hangSeconds ?? 30} s`);
        setTimeout(() => {
          sim.setFaults({ hang: false });
          hangState = 'after';
          log(`  ${((Date.now() - drainStart) / 1000).toFixed(0)} s: the simulator answers again`);
        }, (chaos.hangSeconds ?? 30) * 1000);
      }
      if (Date.now() - lastLog < 2000) continue;
      lastLog = Date.now();
      const open = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from queue_items where status in ('pending', 'claimed', 'sending')`,
      ).catch(() => null); // PostgreSQL restarting
      if (!open) continue;
      log(`  ${now.toFixed(0)} s: ${open[0]!.n.toLocaleString('en')} still queued, ${accepted.size.toLocaleString('en')} accepted`);
      if (open[0]!.n === 0 && hangState === 'after') {
        finished = true;
        break;
      }
    }
    const seconds = (Date.now() - drainStart) / 1000;
    const cpu = coresBetween(cpuFrom, sampleCpu());
    // Past the stale limit, so the runs of a worker killed at the very end are reaped by the living.
    await new Promise((r) => setTimeout(r, (STALE_AFTER_SECONDS + 2) * 1000));
    polling = false;
    await poll;
    const killedPids = new Set(kills.map((k) => k.pid));
    const unexpectedExits = processes
      .filter((p) => (p.child.exitCode !== null || p.child.signalCode !== null) && !killedPids.has(p.child.pid ?? -1))
      .map((p) => `${p.role} exit ${p.child.exitCode ?? p.child.signalCode}: ${p.stderr().slice(-600)}`);
    const living = processes.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
    const stops = await Promise.all(living.map((p) => stopAvisa(p, 25_000)));
    const roughStops = stops.flatMap((s, i) => (s.graceful ? [] : [`${living[i]!.role} exit ${s.code}: ${living[i]!.stderr().slice(-600)}`]));

    const byStatus = Object.fromEntries(
      (await queryRows<{ status: string; n: number }>(database.db, sql`select status, count(*)::int as n from queue_items group by status`)).map((r) => [r.status, r.n]),
    );
    const rows = await queryRows<{ contact: string; status: string }>(database.db, sql`select contact, status from queue_items`);
    let lost = 0;
    let uncertainUnexplained = 0;
    for (const r of rows) {
      if (r.status === 'uncertain' && !inFlight.has(r.contact)) uncertainUnexplained += 1;
      if (!TERMINAL.includes(r.status)) lost += 1;
      else if (r.status === 'sent' && !accepted.has(r.contact)) lost += 1;
      else if (r.status === 'failed' && accepted.has(r.contact)) lost += 1; // reached them, recorded as not
    }
    const runs = Object.fromEntries(
      (await queryRows<{ status: string; n: number }>(
        database.db,
        sql`select r.status, count(*)::int as n from task_runs r join scheduled_tasks t on t.id = r.task_id where t.type = 'drain_whatsapp' group by r.status`,
      )).map((r) => [r.status, r.n]),
    );
    const [overlap] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from task_runs a join task_runs b on a.task_id = b.task_id and a.id < b.id
          where a.started_at < coalesce(b.finished_at, now()) and b.started_at < coalesce(a.finished_at, now())`,
    );
    const duplicates = [...accepted.values()].reduce((sum, n) => sum + (n - 1), 0);
    const uncertain = byStatus.uncertain ?? 0;
    return {
      messages: options.messages,
      workers: options.workers,
      finished,
      seconds,
      throughput: lastAccepted > firstAccepted ? accepted.size / ((lastAccepted - firstAccepted) / 1000) : 0,
      byStatus,
      accepted: accepted.size,
      duplicates,
      lost,
      uncertain,
      kills,
      inFlightAtRestart,
      uncertainBound: inFlight.size, // a row still `sending` (unreaped) at the restart counts once
      uncertainUnexplained,
      runs,
      runsStillRunning: runs.running ?? 0,
      overlappingRuns: overlap?.n ?? 0,
      serveAnswers,
      gracefulStops: stops.filter((s) => s.graceful).length,
      processes: stops.length,
      roughStops,
      unexpectedExits,
      cpu,
    };
  } finally {
    polling = false;
    clearInterval(forget);
    await Promise.all(processes.map((p) => stopAvisa(p, 5_000)));
    await database.close().catch(() => {});
    await sim.close();
    const drop = new pg.Client({ connectionString: options.cluster.directUrl('postgres') });
    await drop.connect();
    await drop.query(`drop database if exists ${name} with (force)`).catch(() => {});
    await drop.end();
  }
}
