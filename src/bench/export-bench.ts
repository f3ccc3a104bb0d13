/**
 * `npm run bench -- --only export [--logins N] [--data-dir dir] [--pg-db name]`: issue 19's CSV export figures. The
 * export of every login of an N-login demo (default 1,000,000) through GET /api/report/logins/export.csv of a
 * server in a child process (report-bench.ts's benchExport: rows, MB, seconds, the server's RSS idle → peak), on
 * PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL; the demo kept in database `--pg-db`, default
 * avisa_bench_export, for the next run) and on PGlite (in `--data-dir`, kept; a scratch one otherwise), next to the
 * figures before the database wrote the CSV (issue 18's run) and the targets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseTarget } from '../db/database.js';
import { ensureDemoBase, onDatabase, withBenchPostgres } from './bench-database.js';
import { benchExport, type ExportFigures } from './report-bench.js';

export interface ExportBenchOptions {
  logins: number;
  timezone: string;
  pgUrl: string | undefined;
  pgDb: string | undefined;
  dataDir: string | undefined;
  print: (line: string) => void;
}

interface Backend {
  label: 'PostgreSQL' | 'PGlite';
  /** Before this issue, 1M logins (README, issue 18's run): seconds and the server's RSS idle → peak. */
  before: { seconds: number; rss: string };
  targetSeconds: number;
}

const POSTGRES: Backend = { label: 'PostgreSQL', before: { seconds: 39.5, rss: '114 → 151 MB' }, targetSeconds: 10 };
const PGLITE: Backend = { label: 'PGlite', before: { seconds: 91.4, rss: '226 → 275 MB' }, targetSeconds: 30 };
const RSS_LIMIT_MB = 300;

export async function benchExportOnly(options: ExportBenchOptions): Promise<void> {
  const { print } = options;
  print(`# Avisa CSV export bench — ${new Date().toISOString()}, Node ${process.versions.node}, ${options.logins} logins`);
  const rows: [Backend, ExportFigures][] = [];
  if (options.pgUrl) {
    const figures = await withBenchPostgres(options.pgUrl, options.pgDb ?? 'avisa_bench_export', (url) => onDemo(POSTGRES, { url }, options));
    rows.push([POSTGRES, figures]);
  } else print('\n(PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
  const scratch = options.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'avisa-bench-export-'));
  try {
    rows.push([PGLITE, await onDemo(PGLITE, { dataDir: options.dataDir ?? join(scratch as string, 'data') }, options)]);
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
  print(`\n## CSV export of every login, ${options.logins.toLocaleString('en')} logins (GET …/export.csv; RSS of the serving process)\n`);
  print('| | rows | MB | seconds | rows/s | RSS idle → peak | before: seconds | before: RSS | target |');
  print('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const [backend, e] of rows) {
    const met = e.seconds <= backend.targetSeconds && e.peakRssMb < RSS_LIMIT_MB ? 'met' : 'NOT met';
    print(
      `| ${backend.label} | ${e.rows.toLocaleString('en')} | ${e.megabytes.toFixed(0)} | ${e.seconds.toFixed(1)} | ` +
        `${Math.round(e.rows / e.seconds).toLocaleString('en')} | ${e.rssBeforeMb.toFixed(0)} → ${e.peakRssMb.toFixed(0)} MB | ` +
        `${backend.before.seconds} | ${backend.before.rss} | ≤ ${backend.targetSeconds} s, < ${RSS_LIMIT_MB} MB: ${met} |`,
    );
  }
}

/** The demo in `target` (generated unless it is there), then the export through a server of its own. */
async function onDemo(backend: Backend, target: DatabaseTarget, options: ExportBenchOptions): Promise<ExportFigures> {
  options.print(`\n## ${backend.label}`);
  // Closed before the export: the data dir is the server's then.
  await onDatabase(target, (database) => ensureDemoBase(database, options));
  const figures = await benchExport(target);
  options.print(`export: ${figures.rows.toLocaleString('en')} rows in ${figures.seconds.toFixed(1)} s`);
  return figures;
}
