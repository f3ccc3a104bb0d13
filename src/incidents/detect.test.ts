/**
 * Incidentes end to end below the HTTP layer: accounting packets through the real RADIUS receiver (and plain login
 * updates, as the IXC sync writes them), detection, the lifecycle and the notices in the queue — a fibre cut on a
 * box, a flapping box, a muted maintenance window, a partial return, a return before the notice, a POP failure
 * with parent suppression, and a BRAS reboot of 5,000 logins. One file: every file pays for its own PGlite.
 * Passes run at explicit instants (`now`) after the packets' Event-Timestamps, so hold-downs need no waiting.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../db/database.js';
import { accountingRequest, type UdpClient, udpClient } from '../ingest/radius/packets.test-support.js';
import { RadiusReceiver } from '../ingest/radius/receiver.js';
import { backends } from '../test-support/databases.js';
import { boxLogins, drainAll, incidentFixture, incidentsNow, noticesOf } from './fixtures.test-support.js';
import { confirmIncident, runIncidentPass } from './lifecycle.js';
import { saveIncidentMessages } from './notices.js';

const TZ = 'America/Sao_Paulo';
const secret = 'bras-secret';
const key = randomBytes(32);
const BULK = 5_000;
let nextId = 1;
const S = 1_000;

describe.each(backends)('Incidentes from the live login status, on $name', (backend) => {
  let database: Database;
  let receiver: RadiusReceiver;
  let client: UdpClient;
  /** Real time at the start: packets carry Event-Timestamps near it (the receiver trusts them within 5 minutes). */
  const T0 = Date.now() - 60 * S;

  beforeAll(async () => {
    database = await backend.open();
    const fx = await incidentFixture(database.db, key, secret, BULK);
    for (const kind of ['nas', 'pop', 'box'] as const) {
      await saveIncidentMessages(database.db, kind, {
        start: [fx.messages.start, fx.sms.start],
        update: [fx.messages.update],
        restored: [fx.messages.restored, fx.sms.restored],
      });
    }
    receiver = new RadiusReceiver({ db: database.db, secretKey: key, host: '127.0.0.1', port: 0, windowMs: 20 });
    client = await udpClient((await receiver.start()).port);
  }, 120_000);
  afterAll(async () => {
    await client?.close();
    await receiver?.stop();
    await database?.close();
  });

  const packet = async (login: string, type: 'Start' | 'Stop', at: number) => {
    const answer = await client.exchange(
      accountingRequest(secret, nextId++ % 256, [
        ['User-Name', login],
        ['Acct-Status-Type', type],
        ['Acct-Session-Id', `${login}-${type === 'Start' ? at : 'old'}`],
        ...(type === 'Stop' ? ([['Acct-Terminate-Cause', 'Lost-Carrier'], ['Acct-Session-Time', 3600]] as [string, string | number][]) : []),
        ['Event-Timestamp', new Date(at)],
      ]),
    );
    expect(answer, `no answer for ${type} ${login}`).not.toBeNull();
  };
  /** Each login of `logins` sends a packet, `step` ms apart from `at`. */
  const send = async (logins: string[], type: 'Start' | 'Stop', at: number, step = 0) => {
    for (const [i, login] of logins.entries()) await packet(login, type, at + i * step);
  };
  const pass = (now: number) => runIncidentPass(database.db, { timezone: TZ, now: new Date(now) });
  const of = async (kind: string, elementId: number) => (await incidentsNow(database.db)).filter((i) => i.kind === kind && i.element_id === elementId);

  it('a fibre cut on a box (8 of 10 logins Stop within 40 s) opens one suspected incident after the hold-down', async () => {
    await send(boxLogins(101, 1, 8), 'Stop', T0, 5 * S);
    expect((await pass(T0 + 60 * S)).opened).toEqual([]); // within the 2-minute hold-down
    const { opened } = await pass(T0 + 165 * S);
    expect(opened).toEqual([expect.objectContaining({ kind: 'box', elementId: 101 })]);
    expect(await of('box', 101)).toEqual([expect.objectContaining({ state: 'suspected', cause: 'mass_drop', affected: 8, back: 0 })]);
    expect(await incidentsNow(database.db)).toHaveLength(1); // neither its POP nor its NAS
    expect((await pass(T0 + 170 * S)).opened).toEqual([]); // the same drops do not open it twice
  });

  it('a flapping box (8 drop, 6 come back within the hold-down) opens nothing', async () => {
    await send(boxLogins(103, 1, 8), 'Stop', T0);
    await send(boxLogins(103, 1, 6), 'Start', T0 + 30 * S);
    expect((await pass(T0 + 165 * S)).opened).toEqual([]);
    expect(await of('box', 103)).toEqual([]);
  });

  it('a box in a maintenance window opens nothing (the drop written as the IXC sync writes it)', async () => {
    await database.db.execute(sql`insert into maintenance_windows (title, elements, starts_at, ends_at)
        values ('Troca de splitter', ${JSON.stringify([{ kind: 'box', id: 104 }])}::jsonb, now() - interval '1 hour', now() + interval '1 hour')`);
    await database.db.execute(sql`update logins set online = 'N', session_ended_at = ${new Date(T0).toISOString()}::timestamptz
        where login like 'b104-%'`);
    expect((await pass(T0 + 165 * S)).opened).toEqual([]);
    await database.db.execute(sql`update maintenance_windows set cancelled_at = now()`);
    expect((await pass(T0 + 166 * S)).opened).toEqual([expect.objectContaining({ kind: 'box', elementId: 104 })]);
  });

  it('a partial return: the normalizado goes to each notified subscriber as their own login comes back, and only to them', async () => {
    const [incident] = await of('box', 101);
    const eta = new Date(T0 + 4 * 3600 * S).toISOString();
    const started = await confirmIncident(database.db, incident!.id, 'maria', { eta }, { timezone: TZ });
    expect(started.enqueued).toBe(8);
    expect((await noticesOf(database.db, incident!.id, 'start')).map((n) => n.login)).toEqual(boxLogins(101, 1, 8).sort());
    // the SMS início finds the same mobiles already told of this outage (the cap by purpose): none goes by SMS
    expect(await noticesOf(database.db, incident!.id, 'start', 'sms')).toEqual([]);
    const [payload] = await queryRows<{ payload: unknown }>(
      database.db,
      sql`select q.payload from queue_items q join send_batches b on b.id = q.batch_id where b.incident_id = ${incident!.id} limit 1`,
    );
    expect(JSON.stringify(payload)).toContain('CTO-101');
    await drainAll(database.db);

    await send(boxLogins(101, 1, 5), 'Start', T0 + 200 * S);
    const back = await pass(T0 + 260 * S);
    expect(back.back).toBe(5);
    expect((await noticesOf(database.db, incident!.id, 'restored')).map((n) => n.login)).toEqual(boxLogins(101, 1, 5).sort());
    // told by WhatsApp, they hear it is over by WhatsApp, not by SMS as well
    expect(await noticesOf(database.db, incident!.id, 'restored', 'sms')).toEqual([]);
    await pass(T0 + 270 * S); // nobody is told twice
    expect(await noticesOf(database.db, incident!.id, 'restored')).toHaveLength(5);
    expect(await of('box', 101)).toEqual([expect.objectContaining({ state: 'confirmed', affected: 8, back: 5 })]);

    await send(boxLogins(101, 6, 8), 'Start', T0 + 280 * S);
    await pass(T0 + 290 * S);
    expect((await noticesOf(database.db, incident!.id, 'restored')).map((n) => n.login)).toEqual(boxLogins(101, 1, 8).sort());
    // normalizado once 90 % have been back for 5 minutes, encerrado 30 minutes later
    expect((await pass(T0 + 560 * S)).restored).toEqual([]);
    expect((await pass(T0 + 600 * S)).restored).toEqual([incident!.id]);
    expect((await pass(T0 + 2_400 * S)).closed).toEqual([incident!.id]);
  });

  it('a return before the notice goes out cancels it: nothing is sent, and no normalizado either', async () => {
    const t = T0 + 10 * S;
    await send(boxLogins(102, 1, 8), 'Stop', t);
    await pass(t + 165 * S);
    const [incident] = await of('box', 102);
    await confirmIncident(database.db, incident!.id, 'maria', {}, { timezone: TZ });
    expect(await noticesOf(database.db, incident!.id, 'start')).toHaveLength(8);
    await send(boxLogins(102, 1, 8), 'Start', t + 170 * S);
    const result = await pass(t + 175 * S);
    expect(result.cancelled).toBe(8);
    expect((await noticesOf(database.db, incident!.id, 'start')).every((n) => n.status === 'cancelled')).toBe(true);
    expect(await noticesOf(database.db, incident!.id, 'restored')).toEqual([]);
  });

  it('a POP failure opens one incident, and a box incident already open becomes part of it', async () => {
    const t = T0 + 20 * S;
    await send(boxLogins(201), 'Stop', t);
    await pass(t + 130 * S);
    const [box] = await of('box', 201);
    expect(box).toMatchObject({ state: 'suspected' });
    await send(BOXES_202_210.flatMap((b) => boxLogins(b)), 'Stop', t + 140 * S);
    const { opened } = await pass(t + 280 * S);
    expect(opened).toEqual([expect.objectContaining({ kind: 'pop', elementId: 2 })]);
    expect(await of('pop', 2)).toEqual([expect.objectContaining({ state: 'suspected', affected: 100 })]);
    expect(await of('box', 201)).toEqual([expect.objectContaining({ state: 'merged', parent_id: opened[0]!.id })]);
    for (const b of BOXES_202_210) expect(await of('box', b)).toEqual([]);
  });

  it('a BRAS reboot (Accounting-On) opens one NAS incident at once for its 5,000+ logins, and nothing under it', async () => {
    const before = await incidentsNow(database.db);
    const at = Date.now();
    const answer = await client.exchange(
      accountingRequest(secret, nextId++ % 256, [['Acct-Status-Type', 'Accounting-On'], ['Event-Timestamp', new Date(at)]]),
      30_000,
    );
    expect(answer).not.toBeNull();
    const { opened } = await pass(at + S);
    expect(opened).toEqual([expect.objectContaining({ kind: 'nas', elementId: 11 })]);
    const [nas] = await of('nas', 11);
    expect(nas).toMatchObject({ state: 'suspected', cause: 'nas_reset' });
    expect(nas!.affected).toBeGreaterThanOrEqual(BULK);
    expect((await pass(at + 200 * S)).opened).toEqual([]); // POPs and boxes under it stay covered
    expect((await incidentsNow(database.db)).length).toBe(before.length + 1);
  });
});

const BOXES_202_210 = [202, 203, 204, 205, 206, 207, 208, 209, 210];
