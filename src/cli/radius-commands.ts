/**
 * CLI of live login status from RADIUS: `avisa radius` (the accounting receiver on UDP), `avisa nas secret`
 * (a NAS's shared secret, sealed), `avisa radacct add|sync` (FreeRADIUS `radacct` sources). Secrets are typed
 * at a hidden prompt or read from standard input, never echoed or logged.
 */
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { closeOnSignal, secretKeyOf } from '../app/runtime.js';
import type { Config } from '../config/config.js';
import type { Database } from '../db/database.js';
import { addRadacctSource } from '../ingest/radacct/source.js';
import { syncAllRadacct, syncRadacctSource } from '../ingest/radacct/sync.js';
import { setNasSecret } from '../ingest/radius/nas-registry.js';
import { watchIncidents } from '../incidents/watcher.js';
import { RadiusReceiver } from '../ingest/radius/receiver.js';
import type { SyncRun } from '../ingest/sources.js';
import { createLogger, type Logger } from '../log/logger.js';
import { observeRadiusReceiver } from '../metrics/radius.js';
import { startConfiguredMetrics } from '../app/metrics-listener.js';
import { CliError, configOrFail, openWaiting, say, withDatabase } from './context.js';

/** Reads one line: at a hidden prompt on a terminal, else the first line of standard input. */
async function readSecret(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const rl = createInterface({ input: stdin });
    for await (const line of rl) {
      rl.close();
      return line.trim();
    }
    throw new CliError('nothing was read from standard input');
  }
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          done();
          resolve(text);
          return;
        }
        if (ch === '\u0003') {
          done();
          reject(new CliError('cancelled'));
          return;
        }
        text = ch === '\u007f' || ch === '\b' ? text.slice(0, -1) : text + ch;
      }
    };
    const done = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    stdin.on('data', onData);
  });
}

function positiveInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 2_147_483_647) throw new CliError(`${name} must be a whole number`);
  return n;
}

export interface RunningRadius {
  receiver: RadiusReceiver;
  address: { address: string; port: number };
  stop(): Promise<void>;
}

/**
 * Starts the accounting receiver on an open database, logging its counters every `statsEveryMs` (when anything
 * happened). For `avisa radius`, and for `serve` when it hosts the receiver in the same process (required with
 * the embedded database, which one process owns).
 */
export async function startRadiusReceiver(
  database: Database,
  config: Config,
  logger: Logger,
  options: { host?: string; port?: number; statsEveryMs?: number } = {},
): Promise<RunningRadius> {
  // Outage detection in real time, from the batches this receiver commits (src/incidents).
  // On PGlite (one connection) the passes leave the receiver at least three quarters of the time.
  const incidents = watchIncidents(database.db, { timezone: config.AVISA_TIMEZONE, logger, yieldFactor: database.kind === 'pglite' ? 4 : 0 });
  const receiver = new RadiusReceiver({
    db: database.db,
    secretKey: secretKeyOf(config),
    host: options.host ?? '0.0.0.0',
    port: options.port ?? 1813,
    logger,
    onApplied: () => incidents.poke(),
  });
  const address = await receiver.start();
  const unobserve = observeRadiusReceiver(() => receiver.stats); // Prometheus: avisa_radius_packets_*
  logger.info({ ...address, nas: receiver.registry.nasCount }, 'RADIUS accounting receiver listening');
  if (receiver.registry.nasCount === 0) logger.warn({}, 'no NAS has a shared secret yet: every packet will be dropped (avisa nas secret <id> --ip <address>)');
  if (receiver.registry.unreadable > 0) logger.warn({ nas: receiver.registry.unreadable }, 'NAS secrets sealed with another key cannot be opened; set them again');
  let last = '';
  const timer = setInterval(() => {
    const line = JSON.stringify(receiver.stats);
    if (line !== last) logger.info({ stats: receiver.stats }, 'RADIUS accounting');
    last = line;
  }, options.statsEveryMs ?? 60_000);
  timer.unref();
  return {
    receiver,
    address,
    async stop() {
      clearInterval(timer);
      await receiver.stop();
      unobserve();
      await incidents.stop();
      logger.info({ stats: receiver.stats }, 'RADIUS accounting receiver stopped');
    },
  };
}

function printRun(description: string, run: SyncRun): void {
  const c = run.counts.radacct ?? { read: 0, written: 0, rejected: 0 };
  const outcome = run.status === 'succeeded' ? 'ok' : `FAILED: ${run.error}`;
  say(`${description}: ${run.mode}, ${c.read} rows read, ${c.written} logins changed, ${c.rejected} without a login — ${outcome}`);
}

export function registerRadiusCommands(program: Command): void {
  program
    .command('radius')
    .description('receive RADIUS accounting (Start/Interim/Stop/Accounting-On/Off) from the NAS on UDP and keep logins’ status live')
    .option('--port <port>', 'UDP port', '1813')
    .option('--host <address>', 'address to listen on', '0.0.0.0')
    .action(async (opts: { port: string; host: string }) => {
      const port = positiveInt(opts.port, '--port');
      if (port > 65_535) throw new CliError('--port must be at most 65535');
      const config = configOrFail();
      const logger = createLogger({ level: config.LOG_LEVEL, pretty: process.stdout.isTTY });
      const database = await openWaiting(config, logger);
      try {
        const metrics = await startConfiguredMetrics(config, database.db, logger); // AVISA_METRICS_LISTEN
        const running = await startRadiusReceiver(database, config, logger, { host: opts.host, port });
        closeOnSignal(logger, async () => {
          await running.stop();
          await metrics?.stop();
          await database.close();
        }, config.AVISA_SHUTDOWN_SECONDS);
      } catch (err) {
        await database.close();
        if (err instanceof Error && 'code' in err && (err.code === 'EADDRINUSE' || err.code === 'EACCES')) {
          throw new CliError(`cannot listen on ${opts.host}:${port} (${err.code})`);
        }
        throw err;
      }
    });

  program
    .command('nas')
    .description('NAS (concentradores)')
    .command('secret <nasId>')
    .description('set the RADIUS shared secret of a NAS (asked at a hidden prompt, or read from standard input)')
    .option('--secret <secret>', 'the secret on the command line (visible to other users of this machine: prefer the prompt)')
    .option('--ip <address>', 'also set the NAS’s IP address, by which the receiver recognises its packets')
    .option('--remove', 'remove the secret: the NAS’s accounting is dropped from then on')
    .action(async (nasId: string, opts: { secret?: string; ip?: string; remove?: boolean }) => {
      const id = positiveInt(nasId, 'nasId');
      const secret = opts.remove ? null : (opts.secret ?? (await readSecret(`Shared secret of NAS ${id}: `)));
      await withDatabase(async ({ db }, config) => {
        const nas = await setNasSecret(db, secretKeyOf(config), id, secret, opts.ip);
        say(`NAS ${nas.id} (${nas.name}): secret ${secret === null ? 'removed' : 'stored'}; IP ${nas.ipAddress ?? '(none: set it with --ip, or the receiver cannot recognise this NAS)'}`);
      });
    });

  const radacct = program.command('radacct').description('FreeRADIUS radacct sources (MariaDB/MySQL or PostgreSQL)');

  radacct
    .command('add <description>')
    .description('add a radacct source; a password in the URL is moved to the source’s sealed secret')
    .requiredOption('--url <url>', 'mysql://user[:password]@host:3306/radius or postgres://user[:password]@host/radius')
    .option('--table <table>', 'accounting table', 'radacct')
    .option('--password-stdin', 'read the database password from standard input')
    .action(async (description: string, opts: { url: string; table: string; passwordStdin?: boolean }) => {
      const password = opts.passwordStdin ? await readSecret('Database password: ') : undefined;
      await withDatabase(async ({ db }, config) => {
        const source = await addRadacctSource(db, secretKeyOf(config), { description, url: opts.url, password, settings: { table: opts.table } });
        say(`radacct source ${source.id} (${source.description}) added; run: avisa radacct sync --source ${source.id}`);
      });
    });

  radacct
    .command('sync')
    .description('read new and changed sessions from radacct into the logins’ status (every active radacct source, or one)')
    .option('--source <id>', 'only this source')
    .option('--full', 'read everything again instead of from the saved cursor')
    .action(async (opts: { source?: string; full?: boolean }) => {
      const mode = opts.full ? 'full' : undefined;
      const failed = await withDatabase(async ({ db }, config) => {
        const key = secretKeyOf(config);
        const runs = opts.source
          ? [await syncRadacctSource(db, key, positiveInt(opts.source, '--source'), { mode })]
          : await syncAllRadacct(db, key, { mode });
        if (runs.length === 0) say('No active radacct source (add one: avisa radacct add <description> --url …)');
        for (const run of runs) printRun(`source ${run.sourceId}`, run);
        return runs.filter((r) => r.status === 'failed').length;
      });
      if (failed > 0) process.exitCode = 1;
    });
}
