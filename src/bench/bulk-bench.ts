/**
 * `npm run bench -- --only bulk [--logins N] [--import-rows N]`: issue 19's bulk write figures
 * (COPY into a staged table and one merge per batch), PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL) and
 * PGlite side by side with the figures before it:
 *  - demo --logins N (default 1,000,000), seconds;
 *  - import of `--import-rows` (default 100,000) of its logins exported as CSV: unchanged (the upsert path the
 *    foundation bench measured), with `online` flipped (every row updated), and under new ids (every row inserted);
 *  - import of all N logins as CSV, unchanged.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { type DatabaseTarget, openDatabase } from '../db/database.js';
import { vacuumAnalyze } from '../db/maintenance.js';
import { generateDemo } from '../ingest/demo/generate.js';
import { importFile } from '../ingest/import.js';
import { exportLoginsCsv } from './export-csv.js';

export interface BulkFigures {
  label: 'PostgreSQL' | 'PGlite';
  logins: number;
  demoSeconds: number;
  imports: Record<ImportCase, { rows: number; seconds: number; rejected: number }>;
}

type ImportCase = 'unchanged' | 'updated' | 'inserted' | 'all';

/** The figures before issue 19 (README, foundation bench: 100,000 logins re-imported; demo of 1,000,000). */
const BEFORE = {
  PostgreSQL: { unchanged: 27_457, demoSeconds: 206 },
  PGlite: { unchanged: 21_331, demoSeconds: 340 },
} as const;

/** Ids of the "new logins" copy: past any demo's. */
const NEW_ID_OFFSET = 100_000_000;

export interface BulkBenchOptions {
  logins: number;
  importRows: number;
  timezone: string;
  print: (line: string) => void;
}

async function benchBulk(label: BulkFigures['label'], target: DatabaseTarget, options: BulkBenchOptions): Promise<BulkFigures> {
  const { logins, importRows, timezone, print } = options;
  const workDir = mkdtempSync(join(tmpdir(), 'avisa-bulk-bench-'));
  const database = await openDatabase(target);
  try {
    await database.migrate();
    print(`\n## ${label}`);
    const demo = await generateDemo(database.db, { logins, seed: 1, timezone });
    const demoSeconds = demo.durationMs / 1000;
    print(`demo --logins ${logins.toLocaleString('en')}: ${demoSeconds.toFixed(1)} s  ${JSON.stringify(demo.counts)}`);
    await vacuumAnalyze(database.db);

    const run = async (name: ImportCase, path: string) => {
      const summary = await importFile(database.db, { entity: 'logins', path, timezone });
      const figure = { rows: summary.read, seconds: summary.durationMs / 1000, rejected: summary.rejected };
      print(
        `import ${name}: ${figure.rows.toLocaleString('en')} logins in ${figure.seconds.toFixed(1)} s = ` +
          `${rate(figure).toLocaleString('en')} rows/s (inserted ${summary.inserted}, updated ${summary.updated - summary.unchanged}, ` +
          `unchanged ${summary.unchanged}, rejected ${summary.rejected})`,
      );
      return figure;
    };
    const some = join(workDir, 'logins.csv');
    await exportLoginsCsv(database.db, some, importRows, timezone);
    const unchanged = await run('unchanged', some);
    const updated = await run('updated', await rewrite(some, join(workDir, 'flipped.csv'), flipOnline));
    const inserted = await run('inserted', await rewrite(some, join(workDir, 'new.csv'), newId));
    const everything = join(workDir, 'all.csv');
    await exportLoginsCsv(database.db, everything, logins, timezone);
    const all = await run('all', everything);
    return { label, logins, demoSeconds, imports: { unchanged, updated, inserted, all } };
  } finally {
    await database.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

const rate = (f: { rows: number; seconds: number }) => Math.round(f.rows / Math.max(f.seconds, 0.001));

/** Columns of the exported CSV (export-csv.ts): id is the first, online the sixth. */
const flipOnline = (fields: string[]) => {
  fields[5] = fields[5] === 'S' ? 'N' : 'S';
};
const newId = (fields: string[]) => {
  fields[0] = String(Number(fields[0]) + NEW_ID_OFFSET);
};

/** A copy of the CSV at `from` with every data line changed by `change` (no exported value holds a comma). */
async function rewrite(from: string, to: string, change: (fields: string[]) => void): Promise<string> {
  const out = createWriteStream(to);
  let header = true;
  for await (const line of createInterface({ input: createReadStream(from) })) {
    const fields = line.split(',');
    if (!header) change(fields);
    header = false;
    if (!out.write(`${fields.join(',')}\n`)) await once(out, 'drain');
  }
  out.end();
  await finished(out);
  return to;
}

function formatBulkTable(rows: readonly BulkFigures[]): string {
  const columns = rows.flatMap((r) => [`${r.label} before`, `${r.label} now`]);
  const perRow = (name: ImportCase) => (r: BulkFigures) => `${rate(r.imports[name]).toLocaleString('en')} rows/s`;
  const lines: [string, (r: BulkFigures) => string, (r: BulkFigures) => string][] = [
    [`import ${rows[0]?.imports.unchanged.rows.toLocaleString('en')} logins CSV, unchanged`, (r) => `${BEFORE[r.label].unchanged.toLocaleString('en')} rows/s`, perRow('unchanged')],
    ['… every row updated (online flipped)', () => '–', perRow('updated')],
    ['… every row inserted (new ids)', () => '–', perRow('inserted')],
    [`import all ${rows[0]?.logins.toLocaleString('en')} logins CSV, unchanged`, () => '–', perRow('all')],
    [`demo --logins ${rows[0]?.logins.toLocaleString('en')}`, (r) => `${BEFORE[r.label].demoSeconds} s`, (r) => `${r.demoSeconds.toFixed(1)} s`],
  ];
  const table = [['', ...columns], ...lines.map(([name, before, now]) => [name, ...rows.flatMap((r) => [before(r), now(r)])])];
  const widths = table[0]?.map((_, i) => Math.max(...table.map((cells) => cells[i]?.length ?? 0))) ?? [];
  const render = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [render(table[0] ?? []), rule, ...table.slice(1).map(render)].join('\n');
}

/** Both backends on fresh databases (a scratch PostgreSQL database, dropped afterwards), then the table. */
export async function runBulkBench(options: BulkBenchOptions & { pgUrl: string | undefined }): Promise<void> {
  const { print, pgUrl } = options;
  print(`# Avisa bulk write bench — ${new Date().toISOString()}, Node ${process.versions.node}, ${options.logins.toLocaleString('en')} logins`);
  const figures: BulkFigures[] = [];
  if (pgUrl) {
    const name = `avisa_bulk_${process.pid}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    try {
      await admin.query(`create database ${name}`);
      const url = new URL(pgUrl);
      url.pathname = `/${name}`;
      figures.push(await benchBulk('PostgreSQL', { url: url.toString() }, options));
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  } else print('\n(PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
  const scratch = mkdtempSync(join(tmpdir(), 'avisa-bulk-pglite-'));
  try {
    figures.push(await benchBulk('PGlite', { dataDir: join(scratch, 'data') }, options));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  print(`\n## Bulk writes, ${options.logins.toLocaleString('en')} logins (one run on this machine: indicative)\n`);
  print(formatBulkTable(figures));
}
