/**
 * A real Avisa HTTP server for end-to-end tests: in-memory PGlite with a demo ISP of 1,500 logins (enough to
 * page through), an admin user and the built UI (run `npm run build:web` first), on 127.0.0.1, a free port, with
 * the Agenda de tarefas' scheduler ticking every 0.5 s (Executar agora and due tasks run in the test's time).
 */
import { randomBytes } from 'node:crypto';
import { createUser } from '../auth/users.js';
import { loadConfig } from '../config/config.js';
import type { Database } from '../db/database.js';
import { buildApp } from '../http/app.js';
import { generateDemo } from '../ingest/demo/generate.js';
import { startAgenda } from '../app/agenda.js';
import { installationTaskTypes } from '../app/task-types.js';
import { openMigratedPglite } from './databases.js';
import { quietHoursOff } from './quiet-hours.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

export interface TestServer {
  url: string;
  admin: { username: string; password: string };
  database: Database;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const database = await openMigratedPglite();
  await generateDemo(database.db, { logins: 1500, seed: 3, timezone: 'America/Sao_Paulo' });
  const admin = { username: 'admin', password: randomBytes(9).toString('base64url') };
  await createUser(database.db, { ...admin, name: 'Admin Teste', role: 'admin' });
  await quietHoursOff(database.db); // the browser tests drain at any hour
  const config = loadConfig({ AVISA_TIMEZONE: 'America/Sao_Paulo' });
  const secretKey = randomBytes(32);
  const tasks = installationTaskTypes();
  // No default drains: the browser tests drain by hand (Executar agora), which a drain enabled by their first
  // integration and running every minute would race.
  const scheduler = await startAgenda({
    db: database.db,
    types: tasks,
    secretKey,
    timezone: config.AVISA_TIMEZONE,
    logger: silent,
    tickMs: 500,
    defaultDrains: false,
  });
  const app = await buildApp({ db: database.db, kind: database.kind, config, logger: false, loginAttemptsPerMinute: 100, secretKey, tasks, scheduler });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    admin,
    database,
    async close() {
      await scheduler.stop();
      await app.close();
      await database.close();
    },
  };
}
