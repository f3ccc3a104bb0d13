import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../db/database.js';
import { backends } from '../test-support/databases.js';
import { seedSmallIsp } from '../test-support/seed.js';

describe.each(backends)('login status history on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
    await seedSmallIsp(database.db);
  });
  afterAll(() => database.close());

  const events = () =>
    queryRows<{ login_id: number; nas_id: number; online: boolean; cause: string | null; source: string }>(
      database.db,
      sql`select login_id, nas_id, online, cause, source from login_status_events order by id`,
    );

  it('records each online/offline change once, whatever wrote it, with the writer named', async () => {
    // a NAS reboot as the RADIUS receiver applies it: one statement, many logins
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('avisa.status_source', 'radius', true)`);
      await tx.execute(sql`update logins set online = 'N', session_ended_at = now(), disconnect_reason = 'NAS-Reboot' where nas_id = 1`);
    });
    // an IXC sync rewriting rows without a change of state records nothing
    await database.db.execute(sql`update logins set disconnect_count = 1 where nas_id = 1`);
    await database.db.execute(sql`update logins set online = 'S', session_started_at = now() where id = 2`);
    const all = await events();
    expect(all.filter((e) => e.source === 'radius')).toEqual([
      { login_id: 1, nas_id: 1, online: false, cause: 'NAS-Reboot', source: 'radius' },
    ]); // logins 2 and 3 were already offline
    expect(all.at(-1)).toEqual({ login_id: 2, nas_id: 1, online: true, cause: null, source: 'sync' });
  });

  it('answers "how many logins of NAS X went offline in the last N minutes" with one query', async () => {
    const [row] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(distinct login_id)::int as n from login_status_events
          where nas_id = 1 and not online and at > now() - interval '15 minutes'`,
    );
    expect(row!.n).toBe(1);
  });
});
