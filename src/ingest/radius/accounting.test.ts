/**
 * Storage tests of the RADIUS accounting path, in one file because every test file pays for its own embedded
 * database (creating a PGlite takes ≈ 7 s on the project's 2-core machine): the order-safe status statement
 * (status.ts + coalesce.ts), the UDP receiver fed by packets of the `radius` npm package (an encoder independent
 * of wire.ts), and the receiver fed by Debian's `radclient` (package freeradius-utils) — skipped when
 * /usr/bin/radclient is missing, except under CI (CI=true), where a missing radclient fails the run.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { backends } from '../../test-support/databases.js';
import { fuzzParameters, fuzzTimeout } from '../../test-support/fuzz.js';
import { coalesce } from './coalesce.js';
import type { LoginEvent, NasEvent } from './events.js';
import { onlineCount, seedLogins, seedManyLogins, seedNas, statusOf } from './fixtures.test-support.js';
import { bytes, packet, sign } from './fuzz-packets.test-support.js';
import { setNasSecret } from './nas-registry.js';
import { accountingRequest, rawRequest, type UdpClient, u32, udpClient, verifyResponse } from './packets.test-support.js';
import { RadiusReceiver } from './receiver.js';
import { applyStatusBatch } from './status.js';

const RADCLIENT = '/usr/bin/radclient';
const skipRadclient = !existsSync(RADCLIENT) && !process.env.CI;
const secret = 'bras-secret-1';
const key = randomBytes(32);
let nextId = 1;
const id = () => nextId++ % 256;

const T = (hhmmss: string) => Date.parse(`2026-11-20T${hhmmss}Z`);
const iso = (hhmmss: string) => `2026-11-20T${hhmmss}Z`;

function ev(kind: LoginEvent['kind'], username: string, at: string, more: Partial<LoginEvent> = {}): LoginEvent {
  const ms = T(at);
  return {
    kind,
    username,
    at: ms,
    sessionStart: kind === 'start' ? ms : null,
    sessionId: null,
    ip: null,
    nasId: 1,
    cause: kind === 'stop' ? 'User-Request' : null,
    ...more,
  };
}
const reset = (nasId: number, at: string): NasEvent => ({ kind: 'nas-reset', nasId, at: T(at), cause: 'NAS-Reboot' });

/** Runs radclient with `requests` (blank-line separated attribute lists) on stdin; resolves with its exit code and output. */
function radclient(port: number, requests: string[], options: { secret?: string; parallel?: number; timeout?: number } = {}) {
  if (!existsSync(RADCLIENT)) throw new Error(`${RADCLIENT} is missing; install it once with: apt-get install -y freeradius-utils`);
  const args = ['-r', '1', '-t', String(options.timeout ?? 3), '-p', String(options.parallel ?? 1), '-s', `127.0.0.1:${port}`, 'acct', options.secret ?? secret];
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(RADCLIENT, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(`${requests.join('\n\n')}\n`);
  });
}

describe.each(backends)('RADIUS accounting on $name', (backend) => {
  let database: Database;
  let receiver: RadiusReceiver;
  let client: UdpClient;
  let address: { port: number };

  beforeAll(async () => {
    database = await backend.open();
    await seedNas(database.db, 1, '10.0.0.1');
    await seedNas(database.db, 2, '10.0.0.2');
    await seedNas(database.db, 11, '127.0.0.1'); // the NAS the receiver tests speak for
    await setNasSecret(database.db, key, 11, secret);
    await seedNas(database.db, 12, '10.9.9.9'); // no secret: its packets are dropped
    receiver = new RadiusReceiver({ db: database.db, secretKey: key, host: '127.0.0.1', port: 0, windowMs: 20 });
    address = await receiver.start();
    client = await udpClient(address.port);
  });
  afterAll(async () => {
    await client?.close();
    await receiver?.stop();
    await database?.close();
  });

  describe('applyStatusBatch (order safety)', () => {
    /** Events in arrival order (NAS resets among them), as one batch. */
    const apply = (events: (LoginEvent | NasEvent)[]) => applyStatusBatch(database.db, coalesce(events));

    it('a Start puts the login online with its session, IP and NAS; its Stop takes it offline with time, cause and count', async () => {
      await seedLogins(database.db, [{ login: 'ana' }]);
      await apply([ev('start', 'ana', '10:00:00', { ip: '100.64.0.10', nasId: 2 })]);
      expect(await statusOf(database.db, 'ana')).toMatchObject({ online: 'S', startedAt: iso('10:00:00'), ip: '100.64.0.10', nasId: 2 });
      const result = await apply([ev('stop', 'ana', '10:30:00', { sessionStart: T('10:00:00'), cause: 'Lost-Carrier', nasId: 2 })]);
      expect(result.changed).toBe(1);
      expect(await statusOf(database.db, 'ana')).toEqual({
        online: 'N',
        startedAt: iso('10:00:00'),
        endedAt: iso('10:30:00'),
        reason: 'Lost-Carrier',
        count: 1,
        ip: '100.64.0.10',
        nasId: 2,
      });
    });

    it('a Stop of the previous session arriving after the next Start leaves the login online', async () => {
      await seedLogins(database.db, [{ login: 'bia' }]);
      await apply([ev('start', 'bia', '11:00:05')]);
      const late = await apply([ev('stop', 'bia', '11:00:04', { sessionStart: T('10:00:00') })]);
      expect(late.changed).toBe(0);
      // even a Stop stamped after the Start: its session began long before the current one
      await apply([ev('stop', 'bia', '11:00:06', { sessionStart: T('10:00:00') })]);
      expect(await statusOf(database.db, 'bia')).toMatchObject({ online: 'S', startedAt: iso('11:00:05'), endedAt: null });
    });

    it('a Start or Interim-Update arriving after its session’s Stop does not bring the login back online', async () => {
      await seedLogins(database.db, [{ login: 'caio' }]);
      await apply([ev('stop', 'caio', '12:10:00', { sessionStart: T('12:00:00') })]);
      expect((await apply([ev('start', 'caio', '12:00:00')])).changed).toBe(0);
      expect((await apply([ev('interim', 'caio', '12:10:00', { sessionStart: T('12:00:00') })])).changed).toBe(0);
      expect(await statusOf(database.db, 'caio')).toMatchObject({ online: 'N', endedAt: iso('12:10:00'), count: 1 });
      // the next session does
      await apply([ev('start', 'caio', '12:10:00')]);
      expect(await statusOf(database.db, 'caio')).toMatchObject({ online: 'S', startedAt: iso('12:10:00') });
    });

    it('the same Stop applied twice (a retransmission, even re-sent a second later) counts once', async () => {
      await seedLogins(database.db, [{ login: 'davi', online: 'S', startedAt: iso('08:00:00') }]);
      const stop = ev('stop', 'davi', '09:00:00', { sessionStart: T('08:00:00') });
      expect((await apply([stop])).changed).toBe(1);
      expect((await apply([stop])).changed).toBe(0);
      expect((await apply([{ ...stop, at: stop.at + 1000 }])).changed).toBe(0);
      expect(await statusOf(database.db, 'davi')).toMatchObject({ online: 'N', count: 1, endedAt: iso('09:00:00') });
    });

    it('a Stop of a newer session whose Start was lost is applied, with that session’s start', async () => {
      await seedLogins(database.db, [{ login: 'eva', online: 'N', startedAt: iso('06:00:00'), endedAt: iso('07:00:00') }]);
      await apply([ev('stop', 'eva', '09:00:00', { sessionStart: T('08:00:00'), cause: 'Idle-Timeout' })]);
      expect(await statusOf(database.db, 'eva')).toMatchObject({
        online: 'N',
        startedAt: iso('08:00:00'),
        endedAt: iso('09:00:00'),
        reason: 'Idle-Timeout',
      });
    });

    it('an Interim-Update of the open session rewrites nothing; one of a login never seen puts it online', async () => {
      await seedLogins(database.db, [{ login: 'fabio', online: 'S', startedAt: iso('05:00:00'), ip: '100.64.0.1', nasId: 1 }, { login: 'gil' }]);
      const same = await apply([ev('interim', 'fabio', '05:15:01', { sessionStart: T('05:00:00') + 1000, ip: '100.64.0.1' })]);
      expect(same.changed).toBe(0);
      await apply([ev('interim', 'gil', '05:15:00', { sessionStart: T('05:00:00') })]);
      expect(await statusOf(database.db, 'gil')).toMatchObject({ online: 'S', startedAt: iso('05:00:00') });
    });

    it('within one batch, a Stop and the next Start in the same second leave the login online with one more disconnect', async () => {
      await seedLogins(database.db, [{ login: 'hugo', online: 'S', startedAt: iso('04:00:00') }]);
      await apply([ev('start', 'hugo', '04:30:00', { sessionId: 'B' }), ev('stop', 'hugo', '04:30:00', { sessionStart: T('04:00:00'), sessionId: 'A' })]);
      expect(await statusOf(database.db, 'hugo')).toMatchObject({ online: 'S', startedAt: iso('04:30:00'), count: 1 });
    });

    it('a NAS reset closes that NAS’s sessions started before it, and only those', async () => {
      await seedLogins(database.db, [
        { login: 'ivo', online: 'S', startedAt: iso('01:00:00'), nasId: 2 },
        { login: 'jo', online: 'S', startedAt: iso('03:00:01'), nasId: 2 },
        { login: 'kai', online: 'S', startedAt: iso('01:00:00'), nasId: 1 },
        { login: 'lia', online: 'S', startedAt: iso('01:00:00'), nasId: 2 },
      ]);
      // lia's own Stop is in the same batch: it keeps its time and cause
      const result = await apply([ev('stop', 'lia', '02:59:00', { sessionStart: T('01:00:00'), cause: 'Lost-Service', nasId: 2 }), reset(2, '03:00:00')]);
      expect(result.closedByReset).toBe(1);
      expect(await statusOf(database.db, 'ivo')).toMatchObject({ online: 'N', endedAt: iso('03:00:00'), reason: 'NAS-Reboot', count: 1 });
      expect(await statusOf(database.db, 'jo')).toMatchObject({ online: 'S' });
      expect(await statusOf(database.db, 'kai')).toMatchObject({ online: 'S' });
      expect(await statusOf(database.db, 'lia')).toMatchObject({ online: 'N', endedAt: iso('02:59:00'), reason: 'Lost-Service' });
      // a Start sent before the reboot but delivered after it changes nothing; one after it does
      expect((await apply([ev('start', 'ivo', '02:00:00', { nasId: 2 })])).changed).toBe(0);
      await apply([ev('start', 'ivo', '03:01:00', { nasId: 2 })]);
      expect(await statusOf(database.db, 'ivo')).toMatchObject({ online: 'S', startedAt: iso('03:01:00') });
    });

    it('in one batch, a reset closes the Starts that arrived before it but not those after it, even stamped the same second', async () => {
      await seedLogins(database.db, [
        { login: 'nina', online: 'S', startedAt: iso('05:00:00'), nasId: 3 },
        { login: 'otto', online: 'S', startedAt: iso('05:00:00'), nasId: 3 },
      ]);
      const result = await apply([
        ev('start', 'nina', '06:00:00', { nasId: 3 }),
        reset(3, '06:00:00'),
        ev('start', 'otto', '06:00:00', { nasId: 3 }),
      ]);
      expect(result).toMatchObject({ closedByReset: 2 }); // both sessions of 05:00; otto's new one comes after
      expect(await statusOf(database.db, 'nina')).toMatchObject({ online: 'N', endedAt: iso('06:00:00'), reason: 'NAS-Reboot' });
      expect(await statusOf(database.db, 'otto')).toMatchObject({ online: 'S', startedAt: iso('06:00:00') });
    });

    it('counts usernames that match no login and leaves everything else alone', async () => {
      await seedLogins(database.db, [{ login: 'mel' }]);
      const result = await apply([ev('start', 'nobody', '10:00:00'), ev('start', 'MEL', '10:00:00')]);
      expect(result).toEqual({ changed: 0, unknown: 2, closedByReset: 0 });
      expect(await statusOf(database.db, 'mel')).toMatchObject({ online: 'SS' });
    });
  });

  describe('receiver, packets from the `radius` package', () => {
    it('applies a Start and a Stop and answers each only once it is stored', async () => {
      await seedLogins(database.db, [{ login: 'ana@isp' }]);
      const start = accountingRequest(secret, id(), [
        ['User-Name', 'ana@isp'], ['Acct-Status-Type', 'Start'], ['Acct-Session-Id', 'S1'], ['Framed-IP-Address', '100.64.0.7'],
      ]);
      const answer = await client.exchange(start);
      expect(answer && verifyResponse(start, answer, secret)).toBe(true);
      expect(await statusOf(database.db, 'ana@isp')).toMatchObject({ online: 'S', ip: '100.64.0.7', nasId: 11 });
      const stop = accountingRequest(secret, id(), [
        ['User-Name', 'ana@isp'], ['Acct-Status-Type', 'Stop'], ['Acct-Session-Id', 'S1'], ['Acct-Session-Time', 0],
        ['Acct-Terminate-Cause', 'User-Request'],
      ]);
      expect(await client.exchange(stop)).not.toBeNull();
      expect(await statusOf(database.db, 'ana@isp')).toMatchObject({ online: 'N', reason: 'User-Request', count: 1 });
    });

    it('answers a retransmission again without applying it twice, and echoes Proxy-State', async () => {
      await seedLogins(database.db, [{ login: 'r.bia', online: 'S', startedAt: new Date(Date.now() - 60_000).toISOString() }]);
      const stop = accountingRequest(secret, id(), [
        ['User-Name', 'r.bia'], ['Acct-Status-Type', 'Stop'], ['Acct-Session-Id', 'B1'], ['Acct-Session-Time', 60],
        ['Proxy-State', Buffer.from('px')],
      ]);
      const before = receiver.stats.duplicates;
      client.send(stop); // the copy that waits for its batch makes the second one a duplicate with no answer yet
      const first = await client.exchange(stop);
      const second = await client.exchange(stop);
      expect(first && second && verifyResponse(stop, second, secret)).toBe(true);
      expect(second?.subarray(20).toString()).toBe('\x21\x04px');
      // three copies of one packet: at least the last is seen as a duplicate (how the first two meet depends on
      // whether the first copy's batch has committed yet — timing on a loaded machine)
      expect(receiver.stats.duplicates - before).toBeGreaterThanOrEqual(1);
      expect(await statusOf(database.db, 'r.bia')).toMatchObject({ online: 'N', count: 1 });
    });

    it('drops, without answering, packets from an unknown NAS or with a bad authenticator', async () => {
      await seedLogins(database.db, [{ login: 'r.caio' }]);
      const wrongSecret = accountingRequest('not-the-secret', id(), [['User-Name', 'r.caio'], ['Acct-Status-Type', 'Start']]);
      const before = { ...receiver.stats };
      expect(await client.exchange(wrongSecret, 300)).toBeNull();
      expect(receiver.stats.badAuthenticator - before.badAuthenticator).toBe(1);
      // NAS 11 loses its secret: 127.0.0.1 is now an unknown NAS
      await setNasSecret(database.db, key, 11, null);
      await receiver.registry.load();
      const valid = accountingRequest(secret, id(), [['User-Name', 'r.caio'], ['Acct-Status-Type', 'Start']]);
      expect(await client.exchange(valid, 300)).toBeNull();
      expect(receiver.stats.unknownNas - before.unknownNas).toBe(1);
      await setNasSecret(database.db, key, 11, secret);
      await receiver.registry.load();
      expect(await statusOf(database.db, 'r.caio')).toMatchObject({ online: 'SS' });
      expect(await client.exchange(valid)).not.toBeNull(); // the NAS's retransmission, now accepted
      expect(await statusOf(database.db, 'r.caio')).toMatchObject({ online: 'S' });
    });

    it('survives truncated, mis-sized and malformed packets — signed or not — and stores nothing from them', async () => {
      await seedLogins(database.db, [{ login: 'r.davi' }]);
      const good = accountingRequest(secret, id(), [['User-Name', 'r.davi'], ['Acct-Status-Type', 'Start']]);
      const garbage = [
        good.subarray(0, 10),
        good.subarray(0, good.length - 3),
        Buffer.concat([good.subarray(0, 2), Buffer.from([0xff, 0xff]), good.subarray(4)]),
        Buffer.concat([good.subarray(0, 2), Buffer.from([0, 5]), good.subarray(4)]),
        rawRequest(id(), [[1, Buffer.from('r.davi')], [40, Buffer.from([0, 1])]], secret), // signed, Acct-Status-Type of 2 octets
        rawRequest(id(), [[1, Buffer.from('r.davi')], [40, u32(1)], [8, Buffer.from([1, 2, 3])]], secret), // signed, 3-octet IP
        Buffer.concat([Buffer.from([4, id(), 0, 30]), randomBytes(16), Buffer.from([1, 200, 1, 2, 3, 4, 5, 6, 7, 8])]),
        Buffer.concat([Buffer.from([1, id()]), good.subarray(2)]), // an Access-Request on the accounting port
      ];
      for (let i = 0; i < 200; i++) garbage.push(randomBytes(1 + (i % 60)));
      const before = { ...receiver.stats };
      for (const packet of garbage) client.send(packet);
      const marker = accountingRequest(secret, id(), [['User-Name', 'nobody'], ['Acct-Status-Type', 'Interim-Update']]);
      expect(await client.exchange(marker)).not.toBeNull(); // still serving
      const dropped =
        receiver.stats.malformed - before.malformed + receiver.stats.unsupported - before.unsupported + receiver.stats.badAuthenticator - before.badAuthenticator;
      expect(dropped).toBe(garbage.length);
      expect(receiver.stats.applied - before.applied).toBe(1);
      expect(await statusOf(database.db, 'r.davi')).toMatchObject({ online: 'SS' });
    });

    it('closes every open session of a NAS on Accounting-On, and ignores a late Start of a session already stopped', async () => {
      await seedManyLogins(database.db, 'reboot', 300, 11, new Date(Date.now() - 3600_000).toISOString());
      const on = accountingRequest(secret, id(), [['Acct-Status-Type', 'Accounting-On'], ['NAS-IP-Address', '127.0.0.1']]);
      expect(await client.exchange(on)).not.toBeNull();
      expect(await onlineCount(database.db, 11)).toBe(0);
      expect(await statusOf(database.db, 'reboot7')).toMatchObject({ online: 'N', reason: 'NAS-Reboot' });

      await seedLogins(database.db, [{ login: 'r.eva' }]);
      const stop = accountingRequest(secret, id(), [['User-Name', 'r.eva'], ['Acct-Status-Type', 'Stop'], ['Acct-Session-Id', 'E1'], ['Acct-Session-Time', 5]]);
      const lateStart = accountingRequest(secret, id(), [['User-Name', 'r.eva'], ['Acct-Status-Type', 'Start'], ['Acct-Session-Id', 'E1']]);
      expect(await client.exchange(stop)).not.toBeNull();
      const stale = receiver.stats.stale;
      expect(await client.exchange(lateStart)).not.toBeNull();
      expect(receiver.stats.stale - stale).toBe(1);
      expect(await statusOf(database.db, 'r.eva')).toMatchObject({ online: 'N' });
    });
  });

  describe('receiver, fuzzed (src/test-support/fuzz.ts)', () => {
    it('keeps serving after any burst of datagrams, and applies the valid packet that follows it', async () => {
      let probe = 0;
      const datagram = fc.oneof(
        bytes(200), // anything
        packet.map((p) => sign(p, secret)), // signed: dropped if malformed, else applied, ignored or stale
        packet.map((p) => sign(p, 'not-the-secret')), // a bad authenticator
        fc.tuple(packet, fc.nat(), fc.nat(255)).map(([p, at, octet]) => {
          const signed = Buffer.from(sign(p, secret));
          signed[at % signed.length] = octet; // altered after signing
          return signed;
        }),
      );
      // The burst from a socket of its own: the answers to it cannot be taken for the probe's (same Identifier).
      const noise = await udpClient(address.port);
      await fc.assert(
        fc.asyncProperty(fc.array(datagram, { maxLength: 30 }), async (burst) => {
          const login = `fuzz.${++probe}`;
          await seedLogins(database.db, [{ login }]);
          const before = { ...receiver.stats };
          for (const d of burst) noise.send(d);
          const start = accountingRequest(secret, id(), [['User-Name', login], ['Acct-Status-Type', 'Start'], ['Acct-Session-Id', `F${probe}`]]);
          const answer = await client.exchange(start);
          expect(answer && verifyResponse(start, answer, secret)).toBe(true);
          expect(await statusOf(database.db, login)).toMatchObject({ online: 'S', nasId: 11 });
          expect(receiver.stats.applyErrors).toBe(before.applyErrors); // no batch failed on what the burst held
        }),
        fuzzParameters({ runs: 10, budgetMs: 2_000, caseMs: 10_000 }),
      ).finally(() => noise.close());
    }, fuzzTimeout);
  });

  describe.skipIf(skipRadclient)('receiver, packets from radclient', () => {
    it('Start, Interim-Update and Stop from radclient are acknowledged and applied', async () => {
      await seedLogins(database.db, [{ login: 'cliente.radclient' }]);
      const common = 'User-Name = "cliente.radclient", Acct-Session-Id = "8100001A", NAS-IP-Address = 127.0.0.1, NAS-Port-Type = Virtual';
      // the session started 310 s ago (the Start was delayed), had an Interim-Update 10 s ago and stops now
      const start = await radclient(address.port, [`${common}, Acct-Status-Type = Start, Acct-Delay-Time = 310, Framed-IP-Address = 100.64.3.3`]);
      expect(start.output).toContain('Received Accounting-Response');
      expect(start.code).toBe(0);
      expect(await statusOf(database.db, 'cliente.radclient')).toMatchObject({ online: 'S', ip: '100.64.3.3', nasId: 11 });
      const rest = await radclient(address.port, [
        `${common}, Acct-Status-Type = Interim-Update, Acct-Session-Time = 300, Acct-Delay-Time = 10, Framed-IP-Address = 100.64.3.3`,
        `${common}, Acct-Status-Type = Stop, Acct-Session-Time = 310, Acct-Terminate-Cause = Lost-Carrier, Acct-Delay-Time = 0`,
      ]);
      expect(rest.code).toBe(0);
      const stopped = await statusOf(database.db, 'cliente.radclient');
      expect(stopped).toMatchObject({ online: 'N', reason: 'Lost-Carrier', count: 1 });
      expect(Date.parse(stopped.endedAt!) - Date.parse(stopped.startedAt!)).toBeGreaterThanOrEqual(309_000);
    });

    it('a wrong shared secret gets no answer and changes nothing', async () => {
      await seedLogins(database.db, [{ login: 'sem.segredo' }]);
      const before = receiver.stats.badAuthenticator;
      const result = await radclient(address.port, ['User-Name = "sem.segredo", Acct-Status-Type = Start, Acct-Session-Id = "X"'], { secret: 'wrong', timeout: 0.3 });
      expect(result.code).not.toBe(0);
      expect(receiver.stats.badAuthenticator - before).toBeGreaterThanOrEqual(1);
      expect(await statusOf(database.db, 'sem.segredo')).toMatchObject({ online: 'SS' });
    });

    it('Accounting-On closes the NAS’s sessions; the Starts that follow bring 200 logins back, sent 50 at a time', async () => {
      await seedManyLogins(database.db, 'rc', 200, 11, new Date(Date.now() - 7200_000).toISOString());
      const on = await radclient(address.port, ['Acct-Status-Type = Accounting-On, NAS-IP-Address = 127.0.0.1, Acct-Session-Id = "0"']);
      expect(on.code).toBe(0);
      expect(await onlineCount(database.db, 11)).toBe(0);
      const starts = Array.from({ length: 200 }, (_, i) => `User-Name = "rc${i}", Acct-Status-Type = Start, Acct-Session-Id = "S${i}"`);
      const result = await radclient(address.port, starts, { parallel: 50 });
      expect(result.code).toBe(0);
      expect(result.output).toMatch(/Accepted\s*:\s*200\b/);
      expect(result.output).toMatch(/Lost\s*:\s*0\b/);
      expect(await onlineCount(database.db, 11)).toBe(200);
    });
  });
});
