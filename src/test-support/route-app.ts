/**
 * The whole HTTP API (buildApp, no web UI) on a fresh database of one backend, with an admin, an operator and a
 * viewer who call it with API tokens — what every route test needs, on PGlite and on PostgreSQL alike.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { createApiToken } from '../auth/api-tokens.js';
import { type Role, roles } from '../auth/roles.js';
import { loadConfig } from '../config/config.js';
import type { Database, Db } from '../db/database.js';
import { installationTaskTypes } from '../app/task-types.js';
import { buildApp } from '../http/app.js';
import type { SchedulerHandle } from '../tasks/scheduler.js';
import type { TaskTypes } from '../tasks/types.js';
import type { Backend, OpenOptions } from './databases.js';
import { createRoleUsers } from './principals.js';


export type { Role };
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteApp {
  database: Database;
  app: FastifyInstance;
  secretKey: Buffer;
  /** Each role's `authorization` header. */
  as: Record<Role, { authorization: string }>;
  call(method: Method, url: string, who: Role, payload?: unknown): Promise<LightMyRequestResponse>;
  /** Closes the app, then the database (unless the test closed it already). */
  close(): Promise<void>;
}

export interface RouteAppOptions {
  database?: OpenOptions;
  /** Data to load before the app starts. */
  seed?: (db: Db) => Promise<void>;
  /** Environment read by loadConfig (default: none, i.e. every default). */
  env?: NodeJS.ProcessEnv;
  /** The task types the app knows (default: the installation's, src/app/task-types.ts). */
  tasks?: TaskTypes;
  /** The scheduler behind Executar agora, built on the test's database with the app's task types and key. */
  scheduler?: (app: { db: Db; tasks: TaskTypes; secretKey: Buffer }) => SchedulerHandle;
}

export async function openRouteApp(backend: Backend, options: RouteAppOptions = {}): Promise<RouteApp> {
  const opened = await backend.open(options.database);
  let closing: Promise<void> | undefined;
  const database: Database = { ...opened, close: () => (closing ??= opened.close()) };
  await options.seed?.(database.db);
  const secretKey = randomBytes(32);
  const tasks = options.tasks ?? installationTaskTypes();
  const app = await buildApp({
    db: database.db,
    kind: database.kind,
    config: loadConfig(options.env ?? {}),
    logger: false,
    webRoot: '/nonexistent',
    secretKey,
    tasks,
    ...(options.scheduler ? { scheduler: options.scheduler({ db: database.db, tasks, secretKey }) } : {}),
  });
  const users = await createRoleUsers(database.db);
  const as = {} as RouteApp['as'];
  for (const role of roles) {
    as[role] = { authorization: `Bearer ${(await createApiToken(database.db, users[role].id, 'test')).secret}` };
  }
  return {
    database,
    app,
    secretKey,
    as,
    call: (method, url, who, payload) =>
      app.inject({ method, url, headers: as[who], ...(payload === undefined ? {} : { payload: payload as object }) }),
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** A 400 that says what is wrong: code VALIDATION, a message and the field (the standard for bad input). */
export function expectFieldError(res: LightMyRequestResponse, context: string): void {
  expect(res.statusCode, `${context}: ${res.body}`).toBe(400);
  const { error } = res.json();
  expect(error.code, context).toBe('VALIDATION');
  expect(error.message, context).not.toBe('');
  expect(typeof error.field === 'string' && error.field !== '', `${context}: ${res.body}`).toBe(true);
}
