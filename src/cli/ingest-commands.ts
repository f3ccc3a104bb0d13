import { demoDoneLine } from './banner.js';
import type { Command } from 'commander';
import { recordAudit } from '../audit/audit.js';
import type { Config } from '../config/config.js';
import type { Database } from '../db/database.js';
import { vacuumAnalyze } from '../db/maintenance.js';
import { generateDemo } from '../ingest/demo/generate.js';
import { builtProducerWorker } from '../ingest/demo/producer-thread.js';
import { importFile, type ImportEntity } from '../ingest/import.js';
import { DEFAULT_BATCH_SIZE } from '../ingest/sink.js';
import { formatImportSummary } from '../ingest/summary.js';
import { CliError, configOrFail, say, withDatabase } from './context.js';
import { largeDemoFlags, runAgain } from './launch.js';

const entities = ['clientes', 'contratos', 'logins'] as const satisfies readonly ImportEntity[];

function progress(label: string) {
  let last = 0;
  return (count: number) => {
    const now = Date.now();
    if (now - last < 500 || !process.stderr.isTTY) return;
    last = now;
    process.stderr.write(`\r  ${label}: ${count.toLocaleString('pt-BR')}   `);
  };
}

export function registerIngestCommands(program: Command): void {
  program
    .command('import <entity> <file>')
    .description(`import ${entities.join('|')} from CSV or JSON with IXC's field names (upsert by id)`)
    .option('--format <format>', 'csv, json or jsonl (default: from the file extension)')
    .option('--encoding <encoding>', 'utf8, latin1 or windows-1252', 'utf8')
    .option('--timezone <zone>', 'zone of the file’s wall-clock times (default: AVISA_TIMEZONE)')
    .action(async (entity: string, file: string, opts: { format?: string; encoding: string; timezone?: string }) => {
      if (!(entities as readonly string[]).includes(entity)) {
        throw new CliError(`unknown entity "${entity}"; use one of ${entities.join(', ')}`);
      }
      const failed = await withDatabase(async ({ db }, config) => {
        const summary = await importFile(db, {
          entity: entity as ImportEntity,
          path: file,
          format: opts.format as never,
          encoding: opts.encoding as never,
          timezone: opts.timezone ?? config.AVISA_TIMEZONE,
          onProgress: progress(entity),
        });
        if (process.stderr.isTTY) process.stderr.write('\n');
        await vacuumAnalyze(db);
        say(formatImportSummary(summary));
        await recordAudit(db, { name: 'cli' }, 'import', {
          entity,
          details: { file, read: summary.read, inserted: summary.inserted, updated: summary.updated, rejected: summary.rejected },
        });
        return summary.rejected;
      });
      if (failed > 0) process.exitCode = 2;
    });

  program
    .command('demo')
    .description('fill the database with a realistic demo ISP (deterministic for a seed)')
    .option('--logins <n>', 'number of logins', '20000')
    .option('--seed <n>', 'random seed', '1')
    .option('--batch-size <n>', 'rows written per statement (smaller: less memory, slower)', String(DEFAULT_BATCH_SIZE))
    .action(async (opts: { logins: string; seed: string; batchSize: string }) => {
      const logins = Number(opts.logins);
      const seed = Number(opts.seed);
      const batchSize = Number(opts.batchSize);
      if (!Number.isInteger(logins) || logins < 1) throw new CliError('--logins must be a positive whole number');
      if (!Number.isInteger(seed)) throw new CliError('--seed must be a whole number');
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new CliError('--batch-size must be a positive whole number');
      const flags = largeDemoFlags(logins, !configOrFail().DATABASE_URL, process.execArgv);
      if (flags) {
        process.exitCode = await runAgain(process.argv.slice(2), flags);
        return;
      }
      await withDatabase(async (database, config) => {
        await runDemo(database, config, { logins, seed, batchSize });
      });
    });
}

async function runDemo(database: Database, config: Config, options: { logins: number; seed: number; batchSize: number }): Promise<void> {
  const { logins, seed } = options;
  const summary = await generateDemo(database.db, {
    ...options,
    timezone: config.AVISA_TIMEZONE,
    onProgress: progress('logins'),
    producerWorker: builtProducerWorker(import.meta.url),
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  await vacuumAnalyze(database.db);
  say(demoDoneLine(config.AVISA_LANGUAGE, summary.durationMs, summary.counts));
  await recordAudit(database.db, { name: 'cli' }, 'demo', { details: { logins, seed } });
}
