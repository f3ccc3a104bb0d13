/**
 * `npm run bench [-- --logins N]`: the foundation's figures on this machine, PGlite and (when
 * BENCH_DATABASE_URL or TEST_DATABASE_URL is set) PostgreSQL in the same run:
 *  - demo generation of N logins (default 1,000,000) through the import writer;
 *  - CSV import throughput (100k logins exported from that data, re-imported = the upsert path);
 *  - HTTP latency of /healthz, /api/auth/me and /api/overview on that data, and /healthz while the
 *    dashboard query loops (does `avisa serve` stay responsive?);
 *  - the RADIUS accounting receiver (radius-bench.ts): packets/s and a 50,000-subscriber BRAS reboot storm;
 *  - the login report (report-bench.ts): three filters' first page + exact total against hand-written SQL,
 *    the summary and options, and the CSV export of every login with its RSS; both backends side by side;
 *  - the queue (queue-bench.ts): enqueue of 100,000 recipients, drain throughput, pacing, drain RSS.
 * `--only queue` runs just the queue's part on a demo sized for it; `--only memory [--minutes 60]` measures the
 * `npm start` process (demo-memory.ts); `--only incidents [--pg-db name] [--pglite]` issue 17's figures
 * (incident-bench.ts); `--only metrics [--queue-rows N] [--pglite]` what a Prometheus scrape costs on a queue of N
 * pending rows (metrics-bench.ts).
 * `--only export [--pg-db name] [--data-dir dir]` the CSV export of every login (export-bench.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createUser } from '../auth/users.js';
import { loadConfig } from '../config/config.js';
import { sql } from 'drizzle-orm';
import { type Database, openDatabase, queryRows } from '../db/database.js';
import { vacuumAnalyze } from '../db/maintenance.js';
import { buildApp } from '../http/app.js';
import { generateDemo } from '../ingest/demo/generate.js';
import { importFile } from '../ingest/import.js';
import { exportLoginsCsv } from './export-csv.js';
import { benchExportOnly } from './export-bench.js';
import { getOverview } from '../report/overview.js';
import { benchDemoMemory, formatMemory } from './demo-memory.js';
import { ensureDemoBase, onDatabase, withBenchPostgres, withPgliteDir, withScratchPostgres } from './bench-database.js';
import { loadOnly } from './load-bench.js';
import { benchIncidents, formatIncidentTable, type IncidentFigures } from './incident-bench.js';
import { runBulkBench } from './bulk-bench.js';
import { benchCloudApi, type CloudApiFigures, formatCloudApiTable } from './cloudapi-bench.js';
import { benchMetrics, formatMetricsTable, type MetricsFigures } from './metrics-bench.js';
import { benchQueue, formatQueueTable, type QueueFigures } from './queue-bench.js';
import { benchRadius } from './radius-bench.js';
import { formatStats, measureRoute, measureUnderLoad, stats } from './http-latency.js';
import {
  type BackendFigures,
  benchExport,
  benchReportEndpoints,
  benchReportQueries,
  formatReportTable,
} from './report-bench.js';

import { benchScale } from './scale-bench.js';

const { values } = parseArgs({
  options: {
    logins: { type: 'string', default: '1000000' },
    'import-rows': { type: 'string', default: '100000' },
    /** Reuse (or keep) the PGlite data dir here: a second run skips the 5-minute demo generation. */
    'data-dir': { type: 'string' },
    /** `queue`: only the queue's figures (enqueue, drain), on a demo sized for them. */
    only: { type: 'string' },
    recipients: { type: 'string', default: '100000' },
    /** `--only memory`: how long the operator's shift lasts. */
    minutes: { type: 'string', default: '60' },
    /** `--only incidents`: a PostgreSQL database to keep the demo in between runs (created when missing). */
    'pg-db': { type: 'string' },
    /** `--only incidents`: also on PGlite (in `--data-dir`, or a scratch one). */
    pglite: { type: 'boolean', default: false },
    /** `--only cloudapi`: messages of the webhook storm (three callbacks each) and the callbacks/s offered. */
    messages: { type: 'string', default: '10000' },
    rate: { type: 'string', default: '3300' },
    /** `--only cloudapi`: recipients of the paced send (0: skip it). */
    'send-recipients': { type: 'string', default: '10000' },
    /** `--only scale`: the chaos run's fila, the throughput runs' fila, and the worker counts measured. */
    'scale-messages': { type: 'string', default: '1000000' },
    'throughput-messages': { type: 'string', default: '200000' },
    workers: { type: 'string', default: '1,2,4' },
    /** `--only scale`: concurrent sends of each drain; `--scale-messages 0` skips the chaos run. */
    concurrency: { type: 'string', default: '16' },
    /** `--only metrics`: pending queue rows (over three integrations) the scrape counts. */
    'queue-rows': { type: 'string', default: '1000000' },
    /** `--only load` (load-bench.ts): measured seconds, warm-up, operators, their think time, RADIUS packets/s, log lines. */
    seconds: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '15' },
    operators: { type: 'string', default: '50' },
    'think-ms': { type: 'string', default: '5000' },
    'radius-rate': { type: 'string', default: '10000' },
    'log-rows': { type: 'string', default: '1000000' },
  },
});
const recipients = Number(values.recipients);
const logins = Number(values.logins);
const importRows = Number(values['import-rows']);
const timezone = 'America/Sao_Paulo';
const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;

/** The login report's and the queue's figures of each backend, printed side by side at the end. */
const report: BackendFigures[] = [];
const queue: QueueFigures[] = [];

function line(text = '') {
  process.stdout.write(`${text}\n`);
}

async function benchBackend(label: string, database: Database, workDir: string): Promise<void> {
  line(`\n## ${label}`);
  const [existing] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from logins`);
  if (existing?.n === logins) {
    line(`demo: reusing ${logins.toLocaleString('en')} logins already in the data dir`);
  } else {
    const demo = await generateDemo(database.db, { logins, seed: 1, timezone });
    line(`demo --logins ${logins.toLocaleString('en')}: ${(demo.durationMs / 1000).toFixed(1)} s  ${JSON.stringify(demo.counts)}`);
  }
  const t0 = performance.now();
  await vacuumAnalyze(database.db);
  line(`vacuum analyze: ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const csv = join(workDir, `logins-${label}.csv`);
  const exported = await exportLoginsCsv(database.db, csv, importRows, timezone);
  const imported = await importFile(database.db, { entity: 'logins', path: csv, timezone });
  const rate = imported.read / (imported.durationMs / 1000);
  line(
    `import ${exported.toLocaleString('en')} logins (CSV, upsert): ${(imported.durationMs / 1000).toFixed(1)} s = ` +
      `${Math.round(rate).toLocaleString('en')} rows/s, rejected ${imported.rejected}`,
  );

  const password = 'bench-password-1';
  const username = `bench_${label}_${process.pid}`;
  await createUser(database.db, { username, name: 'Bench', role: 'viewer', password });
  const app = await buildApp({ db: database.db, kind: database.kind, config: loadConfig({}), logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    const headers = { cookie };
    for (const route of ['/healthz', '/api/auth/me', '/api/overview']) {
      line(formatStats(await measureRoute(base, route, headers, route === '/api/overview' ? 20 : 100)));
    }
    line(formatStats(await measureUnderLoad(base, '/healthz', '/api/overview', headers, 30)));
    // The route caches for 10 s; this is what the first dashboard after that pays (and what blocks PGlite).
    const fresh: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await getOverview(database.db, { fresh: true });
      fresh.push(performance.now() - t0);
    }
    line(formatStats(stats('overview query, uncached (in process)', fresh)));
  } finally {
    await app.close();
  }
  await benchRadius(database, { print: line });
  const queries = await benchReportQueries(database);
  report.push({ label: label === 'pglite' ? 'PGlite' : 'PostgreSQL', queries, endpoints: await benchReportEndpoints(database) });
}

async function queueOnly(): Promise<void> {
  line(`# Avisa queue bench — ${new Date().toISOString()}, Node ${process.versions.node}, ${recipients} recipients`);
  const workDir = mkdtempSync(join(tmpdir(), 'avisa-bench-'));
  try {
    queue.push(await benchQueue('PGlite', { dataDir: values['data-dir'] ?? join(workDir, 'data') }, { recipients, timezone }));
    if (pgUrl) await withScratchPostgres(pgUrl, async (url) => void queue.push(await benchQueue('PostgreSQL', { url }, { recipients, timezone })));
    else line('\n(PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
    line(`\n## Queue, ${recipients.toLocaleString('en')} recipients\n`);
    line(formatQueueTable(queue));
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  line(`# Avisa foundation bench — ${new Date().toISOString()}, Node ${process.versions.node}, ${logins} logins`);
  const workDir = mkdtempSync(join(tmpdir(), 'avisa-bench-'));
  try {
    const dataDir = values['data-dir'] ?? join(workDir, 'data');
    const embedded = await openDatabase({ dataDir });
    await embedded.migrate();
    try {
      await benchBackend('pglite', embedded, workDir);
    } finally {
      await embedded.close();
    }
    const pgliteReport = report.at(-1);
    if (pgliteReport) pgliteReport.export = await benchExport({ dataDir }); // the data dir is free again
    queue.push(await benchQueue('PGlite', { dataDir }, { recipients, timezone }));
    if (pgUrl) {
      const name = `avisa_bench_${process.pid}`;
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      const url = new URL(pgUrl);
      url.pathname = `/${name}`;
      const server = await openDatabase({ url: url.toString() });
      try {
        await server.migrate();
        await benchBackend('postgres', server, workDir);
        const postgresReport = report.at(-1);
        if (postgresReport) postgresReport.export = await benchExport({ url: url.toString() });
        queue.push(await benchQueue('PostgreSQL', { url: url.toString() }, { recipients, timezone }));
      } finally {
        await server.close();
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    } else {
      line('\n(PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
    }
    line(`\n## Login report, ${logins.toLocaleString('en')} logins\n`);
    line(formatReportTable(report));
    line(`\n## Queue, ${recipients.toLocaleString('en')} recipients\n`);
    line(formatQueueTable(queue));
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** `--only incidents`: issue 17's figures on a demo of `--logins` (default 1M), PostgreSQL (and PGlite with --pglite). */
async function incidentsOnly(): Promise<void> {
  line(`# Avisa incidents bench — ${new Date().toISOString()}, Node ${process.versions.node}, ${logins} logins`);
  const rows: IncidentFigures[] = [];
  const onBase = async (database: Database, label: string) => {
    line(`\n## ${label}`);
    await ensureDemoBase(database, { logins, timezone, print: line });
    rows.push(await benchIncidents(database, { timezone, print: line }));
  };
  if (pgUrl) await withBenchPostgres(pgUrl, values['pg-db'], (url) => onDatabase({ url }, (database) => onBase(database, 'postgres')));
  else line('\n(PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
  if (values.pglite) await withPgliteDir(values['data-dir'], (dataDir) => onDatabase({ dataDir }, (database) => onBase(database, 'pglite')));
  line(`\n## Incidentes, ${logins.toLocaleString('en')} logins\n`);
  line(formatIncidentTable(rows));
}

/** `--only cloudapi`: issue 18's figures (cloudapi-bench.ts), PostgreSQL and PGlite. */
async function cloudApiOnly(): Promise<void> {
  line(`# Avisa Cloud API bench — ${new Date().toISOString()}, Node ${process.versions.node}`);
  const rows: CloudApiFigures[] = [];
  const opts = { messages: Number(values.messages), rate: Number(values.rate), recipients: Number(values['send-recipients']), print: line };
  if (pgUrl) await withScratchPostgres(pgUrl, async (url) => void rows.push(await benchCloudApi('PostgreSQL', { url }, opts)));
  else line('\n(PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
  if (values.pglite) await withPgliteDir(undefined, async (dataDir) => void rows.push(await benchCloudApi('PGlite', { dataDir }, opts)));
  line(`\n## WhatsApp Cloud API: receipts and sending\n`);
  line(formatCloudApiTable(rows));
}

/** `--only metrics`: the scrape's database read on a large queue (metrics-bench.ts), PostgreSQL and, with --pglite, PGlite. */
async function metricsOnly(): Promise<void> {
  line(`# Avisa metrics bench — ${new Date().toISOString()}, Node ${process.versions.node}`);
  const rows: MetricsFigures[] = [];
  const n = Number(values['queue-rows']);
  if (pgUrl) await withScratchPostgres(pgUrl, async (url) => void rows.push(await benchMetrics('PostgreSQL', { url }, n, line)));
  else line('\n(PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
  if (values.pglite) await withPgliteDir(undefined, async (dataDir) => void rows.push(await benchMetrics('PGlite', { dataDir }, n, line)));
  line(`\n## Prometheus scrape, ${n.toLocaleString('en')} pending queue rows\n`);
  line(formatMetricsTable(rows));
}

if (values.only === 'scale') {
  await benchScale({
    chaosMessages: Number(values['scale-messages']),
    throughputMessages: Number(values['throughput-messages']),
    workerCounts: values.workers.split(',').map(Number),
    concurrency: Number(values.concurrency),
    print: line,
  });
} else if (values.only === 'cloudapi') {
  await cloudApiOnly();
} else if (values.only === 'metrics') {
  await metricsOnly();
} else if (values.only === 'export') {
  await benchExportOnly({ logins, timezone, pgUrl, pgDb: values['pg-db'], dataDir: values['data-dir'], print: line });
} else if (values.only === 'bulk') {
  await runBulkBench({ pgUrl, logins, importRows, timezone, print: line, pgDb: values['pg-db'], dataDir: values['data-dir'] });
} else if (values.only === 'memory') {
  line(`# Avisa demo-process memory — ${new Date().toISOString()}, Node ${process.versions.node}, ${values.minutes} min of use\n`);
  line(formatMemory(await benchDemoMemory({ minutes: Number(values.minutes) })));
} else if (values.only === 'queue') await queueOnly();
else if (values.only === 'incidents') await incidentsOnly();
else if (values.only === 'load') await loadOnly({ ...values, pgUrl, logins, timezone, print: line });
else await main();
