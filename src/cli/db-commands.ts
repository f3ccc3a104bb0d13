import type { Command } from 'commander';
import { redactUrl } from '../config/config.js';
import { copyDatabase, TargetNotEmptyError } from '../db/copy.js';
import { openDatabase } from '../db/database.js';
import { CliError, say, withDatabase } from './context.js';

export function registerDbCommands(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (also done automatically at start)')
    .action(async () => {
      await withDatabase(async (database) => say(`Database (${database.kind}) is up to date.`));
    });

  const db = program.command('db').description('database maintenance');
  db.command('copy')
    .description('copy every table (ids and sequences intact) into an empty database, e.g. a PostgreSQL server')
    .requiredOption('--to <target>', 'postgres://user:pass@host/db, or a directory for an embedded (PGlite) copy')
    .option('--batch-size <n>', 'rows per batch', '5000')
    .action(async (opts: { to: string; batchSize: string }) => {
      await withDatabase(async (source) => {
        const isUrl = /^postgres(ql)?:\/\//.test(opts.to);
        const target = await openDatabase(isUrl ? { url: opts.to } : { dataDir: opts.to });
        const shown = isUrl ? redactUrl(opts.to) : opts.to;
        try {
          say(`Copying ${source.kind} → ${shown}`);
          const summary = await copyDatabase(source, target, {
            batchSize: Number(opts.batchSize),
            onProgress: (p) => process.stderr.write(`\r  ${p.table}: ${p.rows.toLocaleString('pt-BR')} rows   `),
          });
          process.stderr.write('\n');
          for (const t of summary.tables) say(`  ${t.table.padEnd(16)} ${t.rows.toLocaleString('pt-BR').padStart(12)}`);
          say(`Done in ${(summary.durationMs / 1000).toFixed(1)} s. Point DATABASE_URL at the target to use it.`);
        } catch (err) {
          if (err instanceof TargetNotEmptyError) throw new CliError(err.message);
          throw err;
        } finally {
          await target.close();
        }
      });
    });
}
