/**
 * The radacct reader against real databases holding FreeRADIUS's published schema, written the way FreeRADIUS
 * writes it: the machine's MariaDB (TEST_MARIADB_URL, default mysql://root@127.0.0.1:3306/test — skipped when
 * it does not answer, except under CI, where that fails the run) and PostgreSQL (when TEST_DATABASE_URL is set).
 * Avisa's own storage is PGlite (and PostgreSQL when TEST_DATABASE_URL is set).
 */
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { backends } from '../../test-support/databases.js';
import { seedLogins, seedNas, statusOf } from '../radius/fixtures.test-support.js';
import { getSource, updateSource } from '../sources.js';
import { type FreeRadiusDb, MYSQL_RADACCT, mysqlFreeRadius, POSTGRES_RADACCT, postgresFreeRadius } from './freeradius.test-support.js';
import { addRadacctSource } from './source.js';
import { syncRadacctSource } from './sync.js';

const mariadbUrl = new URL(process.env.TEST_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306/test');
const mariadbUp = await mysql
  .createConnection({ host: mariadbUrl.hostname, port: Number(mariadbUrl.port || 3306), user: decodeURIComponent(mariadbUrl.username), password: decodeURIComponent(mariadbUrl.password) || undefined, connectTimeout: 2000 })
  .then(async (c) => {
    await c.end();
    return true;
  })
  .catch(() => false);
if (!mariadbUp && process.env.CI) throw new Error(`MariaDB does not answer at ${mariadbUrl.host}; CI must start it (the radacct tests need it)`);

interface RadiusServer {
  name: string;
  /** Creates a throwaway database with the radacct table; returns its URL (password separate) and a writer. */
  create(): Promise<{ url: string; password: string | null; freeradius: FreeRadiusDb; drop(): Promise<void> }>;
}

const servers: RadiusServer[] = [];
if (mariadbUp) {
  servers.push({
    name: 'MariaDB',
    async create() {
      const name = `avisa_radacct_${process.pid}_${randomBytes(3).toString('hex')}`;
      const password = decodeURIComponent(mariadbUrl.password) || null;
      const admin = await mysql.createConnection({ host: mariadbUrl.hostname, port: Number(mariadbUrl.port || 3306), user: decodeURIComponent(mariadbUrl.username), password: password ?? undefined });
      await admin.query(`create database ${name}`);
      await admin.query(`use ${name}`);
      await admin.query(MYSQL_RADACCT);
      const url = new URL(mariadbUrl);
      url.pathname = `/${name}`;
      url.password = '';
      return {
        url: url.toString(),
        password,
        freeradius: mysqlFreeRadius(admin),
        drop: async () => {
          await admin.query(`drop database ${name}`);
          await admin.end();
        },
      };
    },
  });
}
if (process.env.TEST_DATABASE_URL) {
  const base = process.env.TEST_DATABASE_URL;
  servers.push({
    name: 'PostgreSQL',
    async create() {
      const name = `avisa_radacct_${process.pid}_${randomBytes(3).toString('hex')}`;
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`create database ${name}`);
      const url = new URL(base);
      url.pathname = `/${name}`;
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      await client.query(POSTGRES_RADACCT);
      return {
        url: url.toString(),
        password: null,
        freeradius: postgresFreeRadius(client),
        drop: async () => {
          await client.end();
          await admin.query(`drop database ${name} with (force)`);
          await admin.end();
        },
      };
    },
  });
}

const key = randomBytes(32);

if (!mariadbUp) {
  describe(`radacct sync from MariaDB — skipped: nothing answers at ${mariadbUrl.host}`, () => {
    it.todo('start MariaDB (or set TEST_MARIADB_URL) to run these');
  });
}

describe.skipIf(servers.length === 0).each(backends)('radacct sync into $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
    await seedNas(database.db, 1, '10.0.0.1');
    await seedNas(database.db, 2, '10.0.0.2');
  });
  afterAll(async () => database?.close());

  describe.each(servers)('from $name', (server) => {
    let radius: Awaited<ReturnType<RadiusServer['create']>>;
    const now = Math.floor(Date.now() / 1000);
    const iso = (epoch: number) => new Date(epoch * 1000).toISOString().replace('.000Z', 'Z');
    // each server gets its own logins in the shared Avisa database
    const u = (name: string) => `${server.name.toLowerCase()}.${name}`;

    beforeAll(async () => {
      radius = await server.create();
      await seedLogins(database.db, [{ login: u('alice') }, { login: u('bob'), online: 'S', startedAt: iso(now - 9000) }, { login: u('carol') }, { login: u('dave') }]);
    });
    afterAll(async () => radius?.drop());

    it('reads open and stopped sessions, then only what changed — Accounting-On bulk closes included', async () => {
      const fr = radius.freeradius;
      await fr.start({ username: u('alice'), nasIp: '10.0.0.1', uniqueId: 'a1', at: now - 3600, framedIp: '100.64.0.1' });
      await fr.interim('a1', now - 600, 3000, '100.64.0.2');
      await fr.start({ username: u('bob'), nasIp: '10.0.0.2', uniqueId: 'b0', at: now - 18000 });
      await fr.stop('b0', now - 14400, 3600, 'User-Request');
      await fr.start({ username: u('bob'), nasIp: '10.0.0.2', uniqueId: 'b1', at: now - 7200 });
      await fr.stop('b1', now - 3600, 3600, 'Lost-Carrier');
      await fr.start({ username: u('carol'), nasIp: '10.0.0.1', uniqueId: 'c0', at: now - 10800 });
      await fr.stop('c0', now - 7200, 3600, 'Idle-Timeout');
      await fr.start({ username: u('carol'), nasIp: '10.0.0.1', uniqueId: 'c1', at: now - 1800 });
      await fr.start({ username: 'ghost', nasIp: '10.0.0.1', uniqueId: 'g1', at: now - 100 });

      const source = await addRadacctSource(database.db, key, { description: `FreeRADIUS ${server.name}`, url: radius.url, password: radius.password ?? undefined });
      const first = await syncRadacctSource(database.db, key, source.id);
      expect(first).toMatchObject({ status: 'succeeded', mode: 'full', error: null });
      expect(first.counts.radacct).toMatchObject({ read: 6, rejected: 1 }); // 3 stopped + 3 open; ghost has no login
      expect(await statusOf(database.db, u('alice'))).toMatchObject({ online: 'S', startedAt: iso(now - 3600), ip: '100.64.0.2', nasId: 1 });
      expect(await statusOf(database.db, u('bob'))).toMatchObject({ online: 'N', startedAt: iso(now - 7200), endedAt: iso(now - 3600), reason: 'Lost-Carrier', nasId: 2 });
      expect(await statusOf(database.db, u('carol'))).toMatchObject({ online: 'S', startedAt: iso(now - 1800) });
      expect(await statusOf(database.db, u('dave'))).toMatchObject({ online: 'SS' });

      await fr.stop('a1', now - 60, 3540, 'User-Request');
      await fr.nasReboot('10.0.0.1', now - 30); // closes carol's and ghost's sessions
      await fr.start({ username: u('dave'), nasIp: '10.0.0.1', uniqueId: 'd1', at: now - 20, framedIp: '100.64.0.9' });
      const second = await syncRadacctSource(database.db, key, source.id);
      expect(second).toMatchObject({ status: 'succeeded', mode: 'incremental' });
      expect(await statusOf(database.db, u('alice'))).toMatchObject({ online: 'N', endedAt: iso(now - 60), reason: 'User-Request' });
      expect(await statusOf(database.db, u('carol'))).toMatchObject({ online: 'N', endedAt: iso(now - 30), reason: 'NAS-Reboot' });
      expect(await statusOf(database.db, u('dave'))).toMatchObject({ online: 'S', startedAt: iso(now - 20), ip: '100.64.0.9' });
      // an incremental read does not go back over history: bob's two old sessions are not read again
      expect(second.counts.radacct!.read).toBe(5); // dave's new row, 3 stopped since the cursor, dave's open row

      const third = await syncRadacctSource(database.db, key, source.id);
      expect(third.counts.radacct).toMatchObject({ written: 0 });
      expect((await getSource(database.db, source.id)).cursor).toMatchObject({ radacctid: 7 });
    });

    it('records a failed run, with the reason and no secret, when the database refuses the connection', async () => {
      const source = await addRadacctSource(database.db, key, { description: `broken ${server.name}`, url: radius.url, password: 'wrong-password-x9' });
      const bad = new URL(radius.url);
      bad.pathname = '/avisa_no_such_db';
      await updateSource(database.db, key, source.id, { config: { url: bad.toString() } });
      const run = await syncRadacctSource(database.db, key, source.id);
      expect(run.status).toBe('failed');
      expect(run.error).toBeTruthy();
      expect(run.error).not.toContain('wrong-password-x9');
    });
  });
});
