/** Composition root: from a validated configuration to an open database and a listening server. */
import type { FastifyInstance } from 'fastify';
import { ensureFirstAdmin } from '../auth/bootstrap.js';
import { type Config, describeStorage } from '../config/config.js';
import { type Database, openDatabase } from '../db/database.js';
import { buildDeferredIndexes } from '../db/deferred-indexes.js';
import { buildApp } from '../http/app.js';
import { fillClientContacts } from '../ingest/derived.js';
import type { Logger } from '../log/logger.js';
import { resolveSecretKey } from '../shared/secret-box.js';
import { startWebhookDispatcher } from '../webhooks/dispatcher.js';
import { startAgenda } from './agenda.js';
import { startConfiguredMetrics } from './metrics-listener.js';
import { installationTaskTypes } from './task-types.js';

export async function openConfiguredDatabase(config: Config): Promise<Database> {
  const database = await openDatabase(
    config.DATABASE_URL
      ? {
          url: config.DATABASE_URL,
          connectTimeoutMs: config.AVISA_DB_CONNECT_TIMEOUT_MS,
          statementTimeoutMs: config.AVISA_DB_STATEMENT_TIMEOUT_MS,
          longStatementTimeoutMs: config.AVISA_DB_REPORT_TIMEOUT_MS,
          poolMode: config.AVISA_DB_POOL_MODE,
        }
      : { dataDir: config.AVISA_DATA_DIR, sharedBuffers: config.AVISA_PGLITE_SHARED_BUFFERS },
  );
  try {
    await database.migrate();
    await buildDeferredIndexes(database.db, { onKeyRefused: warnKeyRefused }); // left by a bulk load that was killed (deferred-indexes.ts)
    await fillClientContacts(database.db); // clients stored before their contact columns existed
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}

/** A foreign key a bulk load deferred that rows now break: said on every start until they are fixed (it is not a lockout). */
function warnKeyRefused(name: string, reason: string): void {
  process.stderr.write(
    `avisa: warning: foreign key ${name}, deferred by a bulk load, cannot be added again: ${reason}. ` +
      'Fix or delete the rows it names; it is tried again at every start.\n',
  );
}

/** The key sealing integration secrets: AVISA_SECRET_KEY, or `secret.key` in the data directory. */
export function secretKeyOf(config: Config): Buffer {
  return resolveSecretKey({ envKey: config.AVISA_SECRET_KEY, dataDir: config.AVISA_DATA_DIR });
}

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

/** Starts API + UI on the configured port; the caller owns the database and closes it after `stop()`. */
export async function startServer(
  config: Config,
  database: Database,
  logger: Logger,
  options: { agenda?: boolean } = {},
): Promise<RunningServer> {
  const created = await ensureFirstAdmin(database.db, {
    username: config.AVISA_ADMIN_USER,
    password: config.AVISA_ADMIN_PASSWORD,
  });
  if (created) logger.info({ username: created.user.username }, 'first admin created from AVISA_ADMIN_USER');
  const secretKey = secretKeyOf(config);
  const metrics = await startConfiguredMetrics(config, database.db, logger); // AVISA_METRICS_LISTEN
  const tasks = installationTaskTypes();
  const scheduler = await startAgenda({
    db: database.db,
    types: tasks,
    secretKey,
    timezone: config.AVISA_TIMEZONE,
    logger,
    claimDue: options.agenda !== false,
    stopTimeoutMs: runStopTimeoutMs(config),
  });
  // Outgoing webhooks, delivered by the process that runs the scheduler (src/webhooks/dispatcher.ts).
  const webhooks = startWebhookDispatcher({ db: database.db, secretKey, logger });
  const app = await buildApp({ db: database.db, kind: database.kind, config, logger, secretKey, tasks, scheduler });
  // Fastify says "Server listening at …" once per interface; the banner says where Avisa is, once.
  const level = app.log.level;
  app.log.level = 'warn';
  const stop = async () => {
    await scheduler.stop();
    await webhooks.stop();
    await app.close();
    await metrics?.stop();
  };
  try {
    await app.listen({ host: config.HOST, port: config.PORT });
  } catch (err) {
    await stop(); // the port is taken (EADDRINUSE) or not ours to use: nothing started here may outlive the failure
    throw err;
  }
  app.log.level = level;
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  const url = `http://${host}:${port}`;
  logger.debug({ url, storage: describeStorage(config) }, 'Avisa is listening');
  return {
    app,
    url,
    stop,
  };
}

/** What a process gives its runs to stop after a signal, out of AVISA_SHUTDOWN_SECONDS (the rest: server, database). */
export function runStopTimeoutMs(config: Pick<Config, 'AVISA_SHUTDOWN_SECONDS'>): number {
  return Math.max(1_000, config.AVISA_SHUTDOWN_SECONDS * 1000 - 3_000);
}

/**
 * Runs until SIGINT/SIGTERM, then `close()` (scheduler, server, database, in the caller's order) and exits 0.
 * Past `deadlineSeconds`, or at a second signal, it exits 1 without waiting: what it still held (task runs, leased
 * rows) is reaped by the other processes, as after a crash.
 */
export function closeOnSignal(logger: Logger, close: () => Promise<void>, deadlineSeconds = 30): void {
  let closing = false;
  const handler = (signal: string) => {
    if (closing) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    closing = true;
    logger.info({ signal, deadlineSeconds }, 'shutting down');
    setTimeout(() => {
      logger.error({ deadlineSeconds }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, deadlineSeconds * 1000);
    close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err) => {
        logger.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => handler('SIGINT'));
  process.on('SIGTERM', () => handler('SIGTERM'));
}
