/** Shared plumbing of CLI commands: configuration, database lifetime, exit codes and messages. */
import { openConfiguredDatabase } from '../app/runtime.js';
import { ConfigError, type Config, describeStorage, loadConfig } from '../config/config.js';
import { DatabaseUnavailableError } from '../db/availability.js';
import type { Database } from '../db/database.js';
import { DataDirLockedError } from '../db/lock.js';
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

export async function openOrFail(config: Config): Promise<Database> {
  try {
    return await openConfiguredDatabase(config);
  } catch (err) {
    if (err instanceof DataDirLockedError) throw new CliError(`${err.message} ${DATA_DIR_IN_USE_HINT}`);
    if (err instanceof DatabaseUnavailableError) {
      const limit = /connect timeout/.test(err.message) ? ` (AVISA_DB_CONNECT_TIMEOUT_MS=${config.AVISA_DB_CONNECT_TIMEOUT_MS})` : '';
      throw new CliError(`cannot open ${describeStorage(config)}: ${err.message}${limit}`);
    }
    throw err;
  }
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
