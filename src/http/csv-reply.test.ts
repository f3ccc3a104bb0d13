/**
 * The CSV downloads the database writes (report and logs), over a real socket: a client that goes away mid-download
 * stops the database's work and frees its connection, and the next download is whole.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/database.js';
import { generateDemo } from '../ingest/demo/generate.js';
import { backends } from '../test-support/databases.js';
import { openRouteApp, type RouteApp } from '../test-support/route-app.js';

const LOGINS = 1_500;

describe.each(backends)('CSV downloads on $name', (backend) => {
  let t: RouteApp;
  let base: string;
  beforeAll(async () => {
    t = await openRouteApp(backend, {
      seed: async (db) => {
        await generateDemo(db, { logins: LOGINS, seed: 3, timezone: 'America/Sao_Paulo' });
        // ~30 MB of CSV: more than the sockets between the database, Avisa and the client hold
        await db.execute(sql`update clients set name = name || ' ' || repeat('x', 20000)`);
      },
    });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => t?.close());

  /** The COPY statements running on the test's database (PostgreSQL; PGlite has no such view of itself). */
  const copies = async () =>
    backend.name === 'pglite'
      ? 0
      : (
          await queryRows<{ n: number }>(
            t.database.db,
            sql`select count(*)::int as n from pg_stat_activity
                 where datname = current_database() and state = 'active' and query like 'copy (%'`,
          )
        )[0]?.n;

  it('stops the export of a client that went away, as often as they do, and serves the next one whole', async () => {
    for (let i = 0; i < 6; i++) {
      const abort = new AbortController();
      const res = await fetch(`${base}/api/report/logins/export.csv?filter=%7B%7D`, { headers: t.as.viewer, signal: abort.signal });
      expect(res.status).toBe(200);
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      expect((await reader.read()).done).toBe(false);
      if (backend.name === 'postgres') expect(await copies()).toBe(1); // the COPY waits for the client
      abort.abort();
      for (let waited = 0; (await copies()) !== 0 && waited < 5_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
      expect(await copies()).toBe(0);
    }
    // six went away, on a lane of four connections (PostgreSQL): none was kept
    const whole = await fetch(`${base}/api/report/logins/export.csv?filter=%7B%7D`, { headers: t.as.viewer });
    expect((await whole.text()).split('\r\n')).toHaveLength(LOGINS + 2);
  });
});
