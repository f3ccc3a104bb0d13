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
import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { importFile } from '../ingest/import.js';
import { ensureDemoBase, onDatabase, withBenchPostgres, withPgliteDir } from './bench-database.js';
import { exportLoginsCsv } from './export-csv.js';

export interface BulkFigures {
  label: 'PostgreSQL' | 'PGlite';
  logins: number;
  /** null: the demo was already in the kept base. */
  demoSeconds: number | null;
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
  /** Keep the PostgreSQL base in this database (and reuse it: the demo is not generated nor timed again). */
  pgDb?: string | undefined;
  /** Keep the PGlite base in this data directory (and reuse it). */
  dataDir?: string | undefined;
}

async function benchBulk(label: BulkFigures['label'], database: Database, options: BulkBenchOptions): Promise<BulkFigures> {
  const { logins, importRows, timezone, print } = options;
  const workDir = mkdtempSync(join(tmpdir(), 'avisa-bulk-bench-'));
  try {
    print(`\n## ${label}`);
    const base = await ensureDemoBase(database, { logins, timezone, print });

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
    // A kept base is left as it was found, but for the flipped logins: the next run inserts the same new ids.
    await database.db.execute(sql`delete from logins where id > ${NEW_ID_OFFSET}`);
    const everything = join(workDir, 'all.csv');
    await exportLoginsCsv(database.db, everything, base.logins, timezone);
    const all = await run('all', everything);
    return { label, logins: base.logins, demoSeconds: base.demoSeconds, imports: { unchanged, updated, inserted, all } };
  } finally {
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
    [`demo --logins ${rows[0]?.logins.toLocaleString('en')}`, (r) => `${BEFORE[r.label].demoSeconds} s`, (r) => (r.demoSeconds === null ? 'not timed (kept base)' : `${r.demoSeconds.toFixed(1)} s`)],
  ];
  const table = [['', ...columns], ...lines.map(([name, before, now]) => [name, ...rows.flatMap((r) => [before(r), now(r)])])];
  const widths = table[0]?.map((_, i) => Math.max(...table.map((cells) => cells[i]?.length ?? 0))) ?? [];
  const render = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [render(table[0] ?? []), rule, ...table.slice(1).map(render)].join('\n');
}

/** Both backends (on scratch databases, or the kept ones of `--pg-db` and `--data-dir`), then the table. */
export async function runBulkBench(options: BulkBenchOptions & { pgUrl: string | undefined }): Promise<void> {
  const { print, pgUrl } = options;
  print(`# Avisa bulk write bench — ${new Date().toISOString()}, Node ${process.versions.node}, ${options.logins.toLocaleString('en')} logins`);
  const figures: BulkFigures[] = [];
  if (pgUrl) {
    await withBenchPostgres(pgUrl, options.pgDb, (url) =>
      onDatabase({ url }, async (database) => void figures.push(await benchBulk('PostgreSQL', database, options))),
    );
  } else print('\n(PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
  await withPgliteDir(options.dataDir, (dataDir) =>
    onDatabase({ dataDir }, async (database) => void figures.push(await benchBulk('PGlite', database, options))),
  );
  print(`\n## Bulk writes, ${options.logins.toLocaleString('en')} logins (one run on this machine: indicative)\n`);
  print(formatBulkTable(figures));
}
