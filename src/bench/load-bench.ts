/**
 * `npm run bench -- --only load` (issue 19, "Load"): the serving process — this one: the API with its scheduler
 * (startServer, as `avisa serve`) and the RADIUS accounting receiver with its real-time incident passes
 * (startRadiusReceiver, as `AVISA_RADIUS_PORT`) — on a 1M-login demo base, loaded from a second process
 * (load-child.ts) by `operators` people at the web UI (load-operators.ts), one CSV export after another, and
 * `rate` accounting packets per second from the demo's NAS (load-radius.ts), for `seconds` after a warm-up.
 * The serving process's event loop (delay histogram, utilisation) is sampled over the same seconds.
 * Afterwards: sessions and tokens of the run removed, NAS secrets restored, incidents the run's Stops opened
 * closed; the logins the RADIUS traffic stopped or started keep their new state (as many Starts as Stops).
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { startServer } from '../app/runtime.js';
import { startRadiusReceiver } from '../cli/radius-commands.js';
import { loadConfig } from '../config/config.js';
import { type Database, type Db, queryRows } from '../db/database.js';
import type { ReceiverStats } from '../ingest/radius/receiver.js';
import { createLogger } from '../log/logger.js';
import type { LoadJob, LoadResult } from './load-child.js';
import type { Material } from './load-operators.js';
import { armNasSecrets, radiusLogins, seedDeliveryLogs, signInOperators } from './load-seed.js';
import { ensureDemoBase, onDatabase, withBenchPostgres, withPgliteDir } from './bench-database.js';
import { formatGoalsTable, formatLatencyTable, type LoadFigures, loadFigures } from './load-table.js';
import { SECRET } from './radius-bench.js';

export interface LoadOptions {
  operators: number;
  /** Of the operators, how many use an API token (the others a browser session). */
  tokenUsers: number;
  seconds: number;
  warmupSeconds: number;
  thinkMs: number;
  /** RADIUS accounting packets per second (0: none). */
  rate: number;
  logRows: number;
  timezone: string;
  print: (line: string) => void;
}

const texts = async (db: Db, query: ReturnType<typeof sql>) => (await queryRows<{ v: string }>(db, query)).map((r) => r.v).filter(Boolean);
const ids = async (db: Db, query: ReturnType<typeof sql>) => (await queryRows<{ v: number }>(db, query)).map((r) => Number(r.v));

/** Filter values drawn from the base: real NAS, cities, boxes, login and name fragments, contacts of the logs. */
async function material(db: Db): Promise<Material> {
  return {
    nasIds: await ids(db, sql`select id as v from nas where exists (select 1 from logins where nas_id = nas.id) order by id`),
    cityIds: await ids(db, sql`select effective_city_id as v from logins where effective_city_id is not null group by 1 order by count(*) desc limit 20`),
    planIds: await ids(db, sql`select id as v from plans order by id`),
    popIds: await ids(db, sql`select id as v from pops order by id`),
    boxIds: await ids(db, sql`select distinct ftth_box_id as v from logins where id % 3001 = 0 and ftth_box_id is not null`),
    loginFragments: await texts(db, sql`select distinct substr(login, 1, 5) as v from logins where id % 49999 = 0`),
    nameFragments: await texts(db, sql`select distinct split_part(name_search, ' ', 2) as v from clients where id % 40009 = 0`),
    reasons: await texts(db, sql`select disconnect_reason as v from logins where disconnect_reason is not null group by 1 order by count(*) desc limit 8`),
    boxQueries: await texts(db, sql`select distinct lower(split_part(name, '-', 3)) as v from ftth_boxes where id % 2003 = 0`),
    contacts: await texts(db, sql`select contact as v from delivery_logs where channel = 'whatsapp' and id % 10007 = 0 limit 50`),
    batchIds: await ids(db, sql`select id as v from send_batches where channel = 'whatsapp' order by id desc limit 50`),
    clientIds: await ids(db, sql`select client_id as v from delivery_logs where id % 10009 = 0 limit 50`),
  };
}

function runChild(job: LoadJob, onMeasuring: () => void): Promise<LoadResult> {
  const child = fork(fileURLToPath(new URL('./load-child.js', import.meta.url)), [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.on('message', (m: { measuring?: boolean; result?: LoadResult; error?: string }) => {
      if (m.measuring) onMeasuring();
      if (m.result) resolve(m.result);
      if (m.error) reject(new Error(`load process: ${m.error}`));
    });
    child.once('error', reject);
    child.once('close', (code) => reject(new Error(`load process ended (${code}) without a result`)));
    child.send(job);
  });
}

/** A database setting as the server shows it (`128MB`), printed with the figures it shapes. */
async function setting(db: Db, name: string): Promise<string> {
  const [row] = await queryRows<{ value: string }>(db, sql`select current_setting(${name}) as value`);
  return row?.value ?? '?';
}

async function benchLoad(label: string, database: Database, options: LoadOptions): Promise<LoadFigures> {
  const { print } = options;
  const db = database.db;
  await seedDeliveryLogs(db, options.logRows, print);
  const key = randomBytes(32);
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', AVISA_SECRET_KEY: key.toString('base64'), LOG_LEVEL: 'error', AVISA_TIMEZONE: options.timezone });
  const logger = createLogger({ level: 'error' });
  const started = new Date();
  const armed = await armNasSecrets(db, key, SECRET);
  const signedIn = await signInOperators(db, options.operators, options.tokenUsers);
  const server = await startServer(config, database, logger);
  const radius = options.rate > 0 ? await startRadiusReceiver(database, config, logger, { host: '127.0.0.1', port: 0 }) : null;
  try {
    const logins = radius ? await radiusLogins(db, armed.nas, 5) : [];
    print(`${label}: ${options.operators} operators (${options.tokenUsers} by API token), think time ${options.thinkMs} ms, ` +
      `${options.warmupSeconds} s warm-up + ${options.seconds} s; RADIUS ${options.rate.toLocaleString('en')}/s about ${logins.length.toLocaleString('en')} logins; ` +
      `shared_buffers ${await setting(db, 'shared_buffers')}, work_mem ${await setting(db, 'work_mem')}`);
    const job: LoadJob = {
      base: server.url.replace('localhost', '127.0.0.1'),
      operators: signedIn.operators.map((o) => o.headers),
      material: await material(db),
      thinkMs: options.thinkMs,
      warmupSeconds: options.warmupSeconds,
      seconds: options.seconds,
      exportNasIds: armed.nas.map((n) => n.id),
      radius: radius ? { port: radius.address.port, nas: armed.nas, logins, secret: SECRET, rate: options.rate, seconds: options.seconds, graceSeconds: 10 } : null,
    };
    const loop = monitorEventLoopDelay({ resolution: 10 });
    let stats0: ReceiverStats | null = null;
    let elu0 = performance.eventLoopUtilization();
    let cpu0 = process.cpuUsage();
    let wall0 = performance.now();
    let pg0: Promise<Map<number, number>> = Promise.resolve(new Map());
    const result = await runChild(job, () => {
      stats0 = radius ? { ...radius.receiver.stats } : null;
      elu0 = performance.eventLoopUtilization();
      cpu0 = process.cpuUsage();
      wall0 = performance.now();
      if (database.kind === 'postgres') pg0 = backendCpu(db);
      loop.enable();
    });
    const pg1 = database.kind === 'postgres' ? await backendCpu(db) : new Map<number, number>();
    const pgBefore = await pg0;
    // backends present at both ends (the pools' connections); ones opened since count whole
    const pgSeconds = [...pg1].reduce((sum, [pid, s]) => sum + s - (pgBefore.get(pid) ?? 0), 0);
    loop.disable();
    const elu = performance.eventLoopUtilization(elu0);
    const cpu = process.cpuUsage(cpu0);
    const wall = performance.now() - wall0;
    const cores = (cpu.user + cpu.system) / 1000 / wall;
    const receiver = radius && stats0 ? diffStats(radius.receiver.stats, stats0) : null;
    const [opened] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from incidents where detected_at >= ${started.toISOString()}::timestamptz`);
    return loadFigures({
      label,
      options,
      result,
      receiver,
      eventLoop: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6, utilization: elu.utilization, cores },
      postgresCores: pg1.size > 0 ? pgSeconds / (wall / 1000) : null,
      loadAverage: loadavg()[0] ?? 0,
      incidentsOpened: opened?.n ?? 0,
    });
  } finally {
    await radius?.stop();
    await server.stop();
    await db.execute(sql`update incidents set state = 'closed', closed_at = now() where detected_at >= ${started.toISOString()}::timestamptz and state <> 'closed'`);
    await armed.restore();
    await signedIn.release();
  }
}

/**
 * CPU seconds used so far by the PostgreSQL backends serving this database, by pid, read from /proc — when the
 * server runs on this machine (else empty). Clock ticks of 1/100 s (Linux's USER_HZ).
 */
async function backendCpu(db: Db): Promise<Map<number, number>> {
  const pids = await queryRows<{ pid: number }>(db, sql`select pid from pg_stat_activity where datname = current_database()`);
  const seconds = new Map<number, number>();
  for (const { pid } of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      seconds.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // not on this machine, or gone
    }
  }
  return seconds;
}

function diffStats(after: ReceiverStats, before: ReceiverStats): ReceiverStats {
  const out = { ...after };
  for (const k of Object.keys(out) as (keyof ReceiverStats)[]) out[k] = after[k] - before[k];
  return out;
}

export interface LoadCommand {
  pgUrl: string | undefined;
  'pg-db'?: string | undefined;
  pglite?: boolean | undefined;
  'data-dir'?: string | undefined;
  logins: number;
  seconds: string;
  warmup: string;
  operators: string;
  'think-ms': string;
  'radius-rate': string;
  'log-rows': string;
  timezone: string;
  print: (line: string) => void;
}

/** `--only load`: on PostgreSQL (`--pg-db name` keeps the base between runs) and, with `--pglite`, on PGlite. */
export async function loadOnly(command: LoadCommand): Promise<void> {
  const { print, logins, timezone } = command;
  print(`# Avisa load bench — ${new Date().toISOString()}, Node ${process.versions.node}, ${logins.toLocaleString('en')} logins`);
  const operators = Number(command.operators);
  const options: LoadOptions = {
    operators,
    tokenUsers: Math.min(operators, Math.max(1, Math.round(operators / 10))),
    seconds: Number(command.seconds),
    warmupSeconds: Number(command.warmup),
    thinkMs: Number(command['think-ms']),
    rate: Number(command['radius-rate']),
    logRows: Number(command['log-rows']),
    timezone,
    print,
  };
  const rows: LoadFigures[] = [];
  const onBase = async (database: Database, label: string) => {
    print(`\n## ${label}`);
    await ensureDemoBase(database, { logins, timezone, print });
    const figures = await benchLoad(label, database, options);
    print(`\n${formatLatencyTable(figures)}`);
    if (figures.errorTexts.length > 0) print(`\nfirst errors:\n${figures.errorTexts.map((e) => `  ${e}`).join('\n')}`);
    rows.push(figures);
  };
  if (command.pgUrl) await withBenchPostgres(command.pgUrl, command['pg-db'], (url) => onDatabase({ url }, (database) => onBase(database, 'PostgreSQL')));
  else print('\n(PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
  if (command.pglite) await withPgliteDir(command['data-dir'], (dataDir) => onDatabase({ dataDir }, (database) => onBase(database, 'PGlite')));
  print(`\n## Load: ${operators} operators and RADIUS accounting on ${logins.toLocaleString('en')} logins\n`);
  print(formatGoalsTable(rows));
}
