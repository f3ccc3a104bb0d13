/**
 * `avisa drain <canal>`: one drain of the queue right now, outside the Agenda de tarefas — for a system cron,
 * a script, or to empty the queue by hand. Stops at the end of the queue, after --budget seconds, or on Ctrl+C
 * (sends already in flight finish and are recorded).
 */
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { secretKeyOf } from '../app/runtime.js';
import { drainChannel } from '../queue/drain.js';
import { noticeText } from '../shared/notice-text.js';
import { type Channel, channels } from '../shared/vocabulary.js';
import { CliError, say, withDatabase } from './context.js';

const isChannel = (text: string): text is Channel => (channels as readonly string[]).includes(text);

interface DrainOptions {
  budget: string;
  attempts: string;
  leaseSeconds: string;
}

const positiveInt = (value: string, name: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`--${name} must be a whole number ≥ 1, not "${value}"`);
  return n;
};

export function registerDrainCommands(program: Command): void {
  program
    .command('drain')
    .description(`send what is pending in the queue of one channel now (${channels.join(', ')})`)
    .argument('<channel>', channels.join(' | '))
    .option('--budget <seconds>', 'stop after this many seconds', '300')
    .option('--attempts <n>', 'attempts per message before it fails', '5')
    .option('--lease-seconds <n>', 'how long a claimed message stays held without renewal before its drain counts as dead', '60')
    .action(async (channel: string, opts: DrainOptions) => {
      if (!isChannel(channel)) throw new CliError(`channel must be ${channels.join(', ')}, not "${channel}"`);
      const budgetMs = positiveInt(opts.budget, 'budget') * 1000;
      const maxAttempts = positiveInt(opts.attempts, 'attempts');
      const leaseSeconds = positiveInt(opts.leaseSeconds, 'lease-seconds');
      const stop = new AbortController();
      process.once('SIGINT', () => stop.abort());
      process.once('SIGTERM', () => stop.abort());
      await withDatabase(async (database, config) => {
        const result = await drainChannel(database.db, {
          channel,
          secretKey: secretKeyOf(config),
          owner: `${hostname()}:${process.pid}:drain`,
          budgetMs,
          maxAttempts,
          leaseSeconds,
          signal: stop.signal,
        });
        say(`processadas ${result.processed} · enviadas ${result.sent} · falhas ${result.failed} · a repetir ${result.retried} · retidas ${result.held}`);
        for (const run of result.integrations) {
          say(`  ${run.description}: ${run.sent} enviadas, parou por ${run.stoppedBy}${run.error ? ` — ${noticeText(run.error, 'pt-BR')}` : ''}`);
        }
      });
    });
}
