/** The running server's scheduler clears expired sessions and forgotten sign-in failures (they used to pile up). */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../app/runtime.js';
import { loadConfig } from '../config/config.js';
import { type Database, queryRows } from '../db/database.js';
import { loginThrottle, sessions } from '../db/schema/access.js';
import { createLogger } from '../log/logger.js';
import { backends } from '../test-support/databases.js';
import { createRoleUsers } from '../test-support/principals.js';
import { sha256 } from './secrets.js';
import { createSession } from './sessions.js';

describe.each(backends)('access housekeeping on $name', (backend) => {
  let database: Database;

  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('purges expired sessions and stale sign-in failures when the server starts, keeping live ones', async () => {
    const { viewer } = await createRoleUsers(database.db);
    const live = await createSession(database.db, viewer.id, { hours: 1 });
    await createSession(database.db, viewer.id, { hours: 1 });
    await database.db.execute(sql`update sessions set expires_at = now() - interval '1 minute' where id <> ${sha256(live.cookie)}`);
    const old = new Date(Date.now() - 2 * 86_400_000);
    await database.db.insert(loginThrottle).values([
      { usernameKey: 'stale', failures: 3, lastFailureAt: old, allowed: true },
      { usernameKey: 'recent', failures: 2, lastFailureAt: new Date(), allowed: true },
      { usernameKey: 'still-locked', failures: 9, lastFailureAt: old, lockedUntil: new Date(Date.now() + 600_000), allowed: false },
    ]);

    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', AVISA_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') });
    const server = await startServer(config, database, createLogger({ level: 'silent' }));
    try {
      for (let i = 0; i < 50; i++) {
        const [n] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from sessions`);
        if (n!.n === 1) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await server.stop();
    }
    const left = await database.db.select({ id: sessions.id }).from(sessions);
    expect(left).toEqual([{ id: sha256(live.cookie) }]);
    const keys = (await database.db.select({ key: loginThrottle.usernameKey }).from(loginThrottle)).map((r) => r.key).sort();
    expect(keys).toEqual(['recent', 'still-locked']);
  });
});
