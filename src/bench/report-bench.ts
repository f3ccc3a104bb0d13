/**
 * The login report's figures (issue "Relatório de status logins … fast on 1M logins"): first page + exact total
 * of three typical filters through the real query code (`queryLogins`) against a hand-written SQL for the same
 * result on the same database in the same run (interleaved, ≥ 20 repetitions, p50 and ratio), and the CSV
 * export of every login through the real HTTP route of a server in a child process, with that process's peak RSS.
 * Results of both backends are printed side by side.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { avisaEnv, avisaNodeFlags } from '../cli/launch.js';
import { type Database, type DatabaseTarget, type Db, queryRows } from '../db/database.js';
import type { IdFilter } from '../report/filter.js';
import { queryLogins } from '../report/login-query.js';
import { findFtthBoxes, reportOptions } from '../report/options.js';
import { summarise } from '../report/summary.js';
import { stats } from './http-latency.js';

interface Case {
  name: string;
  filter: IdFilter;
  /** The same page and count, written by hand (literal values, flat joins). */
  page: (now: string) => string;
  count: (now: string) => string;
}

export interface QueryFigures {
  name: string;
  total: number;
  p50: number;
  p95: number;
  handP50: number;
  handP95: number;
  same: boolean;
}

export interface ExportFigures {
  rows: number;
  megabytes: number;
  seconds: number;
  /** RSS of the child once the database is open and the app listening, just before the download. */
  rssBeforeMb: number;
  peakRssMb: number;
}

const DISPLAY = `select l.id, l.login, l.active, l.client_id, c.name as client_name, c.active as client_active,
       l.contract_id, k.status as contract_status, k.access_status, p.name as plan_name, l.online,
       l.session_started_at, l.session_ended_at, l.disconnect_reason, l.nas_id, n.name as nas_name,
       l.pop_id, o.name as pop_name, l.ftth_box_id, b.name as ftth_box_name, l.ftth_port,
       ci.name as city_name, ci.state, l.effective_neighbourhood as neighbourhood, l.ip_address, l.mac_address,
       c.email, c.mobile_e164, c.mobile_problem
  from logins l join clients c on c.id = l.client_id left join contracts k on k.id = l.contract_id
  left join plans p on p.id = k.plan_id left join nas n on n.id = l.nas_id left join pops o on o.id = l.pop_id
  left join ftth_boxes b on b.id = l.ftth_box_id left join cities ci on ci.id = l.effective_city_id`;
const ORDER = `order by l.login collate "C", l.id limit 50`;

async function cases(db: Db): Promise<Case[]> {
  const [nas] = await queryRows<{ id: number }>(
    db,
    sql`select nas_id as id from logins where online = 'N' and nas_id is not null group by 1 order by count(*) desc limit 1`,
  );
  const [city] = await queryRows<{ id: number }>(
    db,
    sql`select effective_city_id as id from logins where effective_city_id is not null group by 1 order by count(*) desc limit 1`,
  );
  const x = nas?.id ?? 1;
  const y = city?.id ?? 1;
  const q1 = (now: string) => `l.nas_id = ${x} and l.online = 'N' and l.session_ended_at <= '${now}'::timestamptz - interval '15 minutes'`;
  const q2 = `l.effective_city_id = ${y} and l.contract_status = 'A' and l.online = 'N'`;
  const q3 = `l.login ilike '%abc%'`;
  return [
    {
      name: `NAS = ${x} AND offline ≥ 15 min`,
      filter: { nasIds: [x], offlineForAtLeast: { value: 15, unit: 'minutes' } },
      page: (now) => `${DISPLAY} where ${q1(now)} ${ORDER}`,
      count: (now) => `select count(*)::int as total from logins l where ${q1(now)}`,
    },
    {
      name: `city = ${y} AND contract A AND offline`,
      filter: { cityIds: [y], contractStatus: ['A'], online: ['offline'] },
      page: () => `${DISPLAY} where ${q2} ${ORDER}`,
      count: () => `select count(*)::int as total from logins l where ${q2}`,
    },
    {
      name: "login contains 'abc'",
      filter: { login: 'abc' },
      page: () => `${DISPLAY} where ${q3} ${ORDER}`,
      count: () => `select count(*)::int as total from logins l where ${q3}`,
    },
    // Not targets of the issue; shown for context.
    {
      name: "(extra) login contains 'souza'",
      filter: { login: 'souza' },
      page: () => `${DISPLAY} where l.login ilike '%souza%' ${ORDER}`,
      count: () => `select count(*)::int as total from logins l where l.login ilike '%souza%'`,
    },
    {
      name: '(extra) no filter',
      filter: {},
      page: () => `${DISPLAY} ${ORDER}`,
      count: () => 'select count(*)::int as total from logins l',
    },
  ];
}

async function handWritten(db: Db, c: Case, now: Date): Promise<{ ids: number[]; total: number }> {
  const iso = now.toISOString();
  const [rows, counts] = await Promise.all([
    queryRows<{ id: number }>(db, sql.raw(c.page(iso))),
    queryRows<{ total: number }>(db, sql.raw(c.count(iso))),
  ]);
  return { ids: rows.map((r) => r.id), total: counts[0]?.total ?? 0 };
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const result = await work();
  return [performance.now() - t0, result];
}

export async function benchReportQueries(database: Database, repetitions = 25): Promise<QueryFigures[]> {
  const figures: QueryFigures[] = [];
  const all = await cases(database.db);
  for (const c of all) {
    const now = new Date();
    const real = () => queryLogins(database.db, { filter: c.filter, now });
    const hand = () => handWritten(database.db, c, now);
    const page = await real(); // also the warm-up
    const check = await hand();
    for (let i = 0; i < 2; i++) await Promise.all([real(), hand()]);
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < repetitions; i++) {
      // Interleaved, alternating which goes first: drift and caching hit both alike.
      const first = i % 2 === 0;
      if (first) ours.push((await timed(real))[0]);
      theirs.push((await timed(hand))[0]);
      if (!first) ours.push((await timed(real))[0]);
    }
    const a = stats(c.name, ours);
    const b = stats(c.name, theirs);
    const same = page.total === check.total && page.rows.map((r) => r.id).join() === check.ids.join();
    figures.push({ name: c.name, total: page.total, p50: a.p50, p95: a.p95, handP50: b.p50, handP95: b.p95, same });
  }
  return figures;
}

export interface EndpointFigures {
  name: string;
  p50: number;
}

/** The report's other reads, for context (5 runs each after a warm-up): summary, options, box search. */
export async function benchReportEndpoints(database: Database): Promise<EndpointFigures[]> {
  const [first] = await cases(database.db);
  const work: [string, () => Promise<unknown>][] = [
    ['summary, no filter', () => summarise(database.db, {})],
    [`summary, ${first?.name ?? ''}`, () => summarise(database.db, first?.filter ?? {})],
    ['options (disconnect reasons cached 60 s)', () => reportOptions(database.db)],
    ["FTTH boxes named like 'cen'", () => findFtthBoxes(database.db, 'cen', 50)],
  ];
  const figures: EndpointFigures[] = [];
  for (const [name, run] of work) {
    await run();
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) samples.push((await timed(run))[0]);
    figures.push({ name, p50: stats(name, samples).p50 });
  }
  return figures;
}

/**
 * Exports every login through GET /api/report/logins/export.csv of the app served by a child process (the
 * server's RSS, idle and peak, comes from the child); this process downloads it, as the browser would.
 */
export async function benchExport(target: DatabaseTarget): Promise<ExportFigures> {
  const child = fileURLToPath(new URL('./export-child.js', import.meta.url));
  // The server's memory profile (bin/avisa.js), as `avisa serve` runs.
  const proc = spawn(process.execPath, [...avisaNodeFlags(), '--expose-gc', child, JSON.stringify(target)], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: avisaEnv(),
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    proc.on('error', reject);
    proc.on('close', resolve);
  });
  try {
    const lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
    const ready = await lines.next();
    if (ready.done) throw new Error(`export child exited with ${await exited}`);
    const { base, cookie } = JSON.parse(ready.value) as { base: string; cookie: string };
    const t0 = performance.now();
    const res = await fetch(`${base}/api/report/logins/export.csv?filter=%7B%7D`, { headers: { cookie } });
    if (!res.ok || !res.body) throw new Error(`export answered ${res.status}`);
    let bytes = 0;
    let newlines = 0;
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines++;
    }
    const seconds = (performance.now() - t0) / 1000;
    proc.stdin.write('done\n');
    const rss = await lines.next();
    if (rss.done) throw new Error(`export child exited with ${await exited}`);
    const { rssBeforeMb, peakRssMb } = JSON.parse(rss.value) as Pick<ExportFigures, 'rssBeforeMb' | 'peakRssMb'>;
    const code = await exited;
    if (code !== 0) throw new Error(`export child exited with ${code}`);
    return { rows: newlines - 1, megabytes: bytes / 1e6, seconds, rssBeforeMb, peakRssMb };
  } finally {
    proc.kill();
  }
}

export interface BackendFigures {
  label: string;
  queries: QueryFigures[];
  endpoints: EndpointFigures[];
  export?: ExportFigures;
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

/** The side-by-side table (Markdown), one column group per backend. */
export function formatReportTable(results: readonly BackendFigures[]): string {
  const head = ['Query (first page of 50 + exact total)', 'rows'];
  const rule = ['---', '---:'];
  for (const r of results) {
    head.push(`${r.label} p50`, `${r.label} p95`, `${r.label} hand-written p50`, `${r.label} ratio`);
    rule.push('---:', '---:', '---:', '---:');
  }
  const lines = [`| ${head.join(' | ')} |`, `| ${rule.join(' | ')} |`];
  const names = results[0]?.queries.map((q) => q.name) ?? [];
  names.forEach((name, i) => {
    const cells = [name, String(results[0]?.queries[i]?.total ?? '')];
    for (const r of results) {
      const q = r.queries[i];
      if (!q) continue;
      const ratio = `${(q.p50 / q.handP50).toFixed(2)}×${q.same ? '' : ' (results differ!)'}`;
      cells.push(ms(q.p50), ms(q.p95), ms(q.handP50), ratio);
    }
    lines.push(`| ${cells.join(' | ')} |`);
  });
  lines.push('', `| Other report reads (p50 of 5) | ${results.map((r) => r.label).join(' | ')} |`);
  lines.push(`| --- | ${results.map(() => '---:').join(' | ')} |`);
  (results[0]?.endpoints ?? []).forEach((e, i) => {
    lines.push(`| ${e.name} | ${results.map((r) => ms(r.endpoints[i]?.p50 ?? Number.NaN)).join(' | ')} |`);
  });
  lines.push('', '| CSV export of every login (GET …/export.csv; RSS of the serving process) | rows | MB | seconds | rows/s | RSS idle → peak |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    const e = r.export;
    if (!e) continue;
    const rate = Math.round(e.rows / e.seconds).toLocaleString('en');
    const rss = `${e.rssBeforeMb.toFixed(0)} → ${e.peakRssMb.toFixed(0)} MB`;
    lines.push(`| ${r.label} | ${e.rows.toLocaleString('en')} | ${e.megabytes.toFixed(0)} | ${e.seconds.toFixed(1)} | ${rate} | ${rss} |`);
  }
  return lines.join('\n');
}
