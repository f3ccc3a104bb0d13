/** Shared plumbing of CLI commands: configuration, database lifetime, exit codes and messages. */
import { openConfiguredDatabase } from '../app/runtime.js';
import { ConfigError, type Config, describeStorage, loadConfig } from '../config/config.js';
import { DatabaseUnavailableError, unavailableReason } from '../db/availability.js';
import type { Database } from '../db/database.js';
import { DataDirLockedError } from '../db/lock.js';
import type { Logger } from '../log/logger.js';
import { ZodError } from 'zod';
import { AppError } from '../shared/errors.js';

/** An expected failure: printed as one line on stderr, no stack, non-zero exit. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function configOrFail(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message);
    throw err;
  }
}

/** While `avisa serve` owns the embedded database, what the CLI would have done goes through its API. */
const DATA_DIR_IN_USE_HINT =
  'If it is `avisa serve`, import through its API instead: curl -H "Authorization: Bearer <API token>" ' +
  '-H "content-type: text/csv" --data-binary @radusuarios.csv http://<host>:<port>/api/imports/logins ' +
  '(or Configurações › Importar).';

/**
 * Opens the configured database. `waitSeconds` (the long-running commands: serve, worker, radius, from
 * AVISA_DB_START_WAIT_SECONDS): while PostgreSQL is unreachable or restarting, try again every 2 s for that long,
 * saying so once — a process started with its database (a reboot, a restart of PostgreSQL) comes up by itself.
 * A refusal that waiting cannot fix (a wrong password, PgBouncer's pooling mode) fails at once.
 */
export async function openOrFail(config: Config, options: { waitSeconds?: number; onWait?: (reason: string) => void } = {}): Promise<Database> {
  const deadline = Date.now() + (options.waitSeconds ?? 0) * 1000;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await openConfiguredDatabase(config);
    } catch (err) {
      if (!isTransient(err) || Date.now() + 2_000 > deadline) throw openFailure(err, config);
      if (attempt === 0) options.onWait?.(err instanceof Error ? err.message : String(err));
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }
}

/**
 * Unreachable, refusing or restarting — at the first connection or during the migrations that follow it: worth
 * waiting for (not a refused login or a misconfiguration).
 */
function isTransient(err: unknown): boolean {
  if (err instanceof DatabaseUnavailableError) return !/AVISA_DB_POOL_MODE|password|authentication|does not exist/i.test(err.message);
  return unavailableReason(err) !== null;
}

function openFailure(err: unknown, config: Config): unknown {
  if (err instanceof DataDirLockedError) return new CliError(`${err.message} ${DATA_DIR_IN_USE_HINT}`);
  if (err instanceof DatabaseUnavailableError) {
    const limit = /connect timeout/.test(err.message) ? ` (AVISA_DB_CONNECT_TIMEOUT_MS=${config.AVISA_DB_CONNECT_TIMEOUT_MS})` : '';
    return new CliError(`cannot open ${describeStorage(config)}: ${err.message}${limit}`);
  }
  const reason = unavailableReason(err); // the server went away during the migrations
  if (reason) return new CliError(`cannot open ${describeStorage(config)}: ${reason}`);
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (!config.DATABASE_URL && (code === 'EEXIST' || code === 'ENOTDIR')) {
    return new CliError(`cannot open ${describeStorage(config)}: AVISA_DATA_DIR is not a directory`);
  }
  return err;
}

/** How the long-running commands open their database: waiting for it at start (AVISA_DB_START_WAIT_SECONDS). */
export function openWaiting(config: Config, logger: Pick<Logger, 'warn'>): Promise<Database> {
  return openOrFail(config, {
    waitSeconds: config.AVISA_DB_START_WAIT_SECONDS,
    onWait: (reason) => logger.warn({ reason, waitSeconds: config.AVISA_DB_START_WAIT_SECONDS }, 'waiting for the database'),
  });
}

/** Opens the configured database, runs `work`, and always closes it (releasing the data-dir lock). */
export async function withDatabase<T>(work: (database: Database, config: Config) => Promise<T>): Promise<T> {
  const config = configOrFail();
  const database = await openOrFail(config);
  try {
    return await work(database, config);
  } catch (err) {
    if (err instanceof AppError) throw new CliError(`${err.field ? `${err.field}: ` : ''}${err.message}`);
    if (err instanceof ZodError) {
      throw new CliError(err.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '));
    }
    throw err;
  } finally {
    await database.close();
  }
}

/**
 * `start()` of a long-running command (the Agenda's first queries, the server's), tried again every 2 s while the
 * database is unavailable — PostgreSQL restarting just after the process opened it — for up to
 * AVISA_DB_START_WAIT_SECONDS. Any other failure, or one past the wait, is thrown.
 */
export async function startWaiting<T>(config: Config, logger: Pick<Logger, 'warn'>, start: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + config.AVISA_DB_START_WAIT_SECONDS * 1000;
  for (;;) {
    try {
      return await start();
    } catch (err) {
      const reason = unavailableReason(err);
      if (reason === null || Date.now() + 2_000 > deadline) throw err;
      logger.warn({ reason }, 'the database went away while starting; trying again');
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }
}
