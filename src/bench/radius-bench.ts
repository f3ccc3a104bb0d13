/**
 * RADIUS accounting throughput (issue target: ≥ 5,000 packets/s applied; a 50,000-subscriber BRAS reboot storm
 * absorbed in ≤ 10 s). What it measures: real UDP packets, on loopback, from a sender on its own thread (a
 * `worker_threads` worker with its own event loop — the NAS keeps sending while PGlite's WASM holds the main
 * thread) to the real receiver (src/ingest/radius/receiver.ts) on the database given, through every step a
 * packet takes in production: framing, authenticator check, duplicate memory, batching, the order-safe
 * `UPDATE … FROM unnest` and its commit, then the Accounting-Response. A packet counts when its answer arrives,
 * i.e. once stored. The sender behaves like a NAS: at most `window` requests outstanding (256 Identifiers on
 * each of window/256 source ports), retransmitting after 3 s without an answer.
 *
 * Phases, on `subscribers` bench logins (default 50,000) of a bench NAS, all online, added to whatever the
 * database already holds (the bench's 1M demo logins: realistic index sizes) and removed afterwards:
 *  1. Accounting-On alone: the one statement that closes the 50,000 sessions;
 *  2. a Start per subscriber (packets/s of status changes);
 *  3. the storm: Accounting-On, then a Start per subscriber, sent as one stream — a rebooted BRAS does not wait
 *     for the On's answer before accounting the sessions that reconnect; storm seconds = first packet sent →
 *     last Start answered;
 *  4. an Interim-Update per subscriber (same session and IP: no row rewritten — the steady state);
 *  5. a Stop per subscriber.
 * Packets are encoded before timing starts, by the `radius` npm package (not our own codec). Each line prints
 * packets/s (packets answered ÷ wall seconds of the phase), the batches the receiver made, the share of the
 * phase spent inside the batch transactions ("in the database"; the rest is the receiver's JavaScript and the
 * batching window), and the sender's retransmissions; each phase checks how many bench logins are online.
 * The logins table is vacuumed after seeding, so every run starts without the previous runs' dead rows.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import radius from 'radius';
import { type Database, type Db, queryRows } from '../db/database.js';
import { RadiusReceiver } from '../ingest/radius/receiver.js';
import { sealSecret } from '../shared/secret-box.js';

export interface RadiusPhase {
  name: string;
  packets: number;
  seconds: number;
  perSecond: number;
  retransmits: number;
}

export interface RadiusFigures {
  backend: string;
  subscribers: number;
  window: number;
  phases: RadiusPhase[];
  stormSeconds: number;
  batches: number;
  checks: string[];
}

export const SECRET = 'bench-radius-secret';

/** The NAS side, run in a worker: sends `packets` to `port` with flow control, resolves when all are answered. */
const SENDER = `
const { parentPort, workerData } = require('node:worker_threads');
const dgram = require('node:dgram');
const { createHash } = require('node:crypto');
const { port, sockets: count, secret } = workerData;
const packets = workerData.packets.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength));
const total = packets.length;
let answered = 0, retransmits = 0, next = 0;
const sentAt = new Float64Array(total);
const done = new Uint8Array(total);
const t0 = performance.now();
const sockets = [];
function send(i) { sentAt[i] = performance.now(); sockets[i % count].send(packets[i], port, '127.0.0.1'); }
function pump() {
  // packet i reuses the Identifier of packet i - 256*count on the same socket: only once that one is answered
  while (next < total && (next < 256 * count || done[next - 256 * count])) send(next++);
}
let pending = count;
for (let s = 0; s < count; s++) {
  const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 << 20, sendBufferSize: 4 << 20 });
  socket.on('message', (msg) => {
    if (msg[0] !== 5) return;
    // the in-flight packet with this Identifier on this socket is the lowest unanswered one with that id;
    // the answer must carry its authenticator (a late answer to a retransmitted packet must not count twice)
    const id = msg[1];
    let i = s + count * id;
    while (i < total && done[i]) i += 256 * count;
    if (i >= total || sentAt[i] === 0) return;
    const check = Buffer.from(msg);
    packets[i].copy(check, 4, 4, 20);
    const expected = createHash('md5').update(check).update(secret).digest();
    if (!expected.equals(msg.subarray(4, 20))) return;
    done[i] = 1;
    if (++answered === total) finish(); else pump();
  });
  socket.bind(0, '127.0.0.1', () => { if (--pending === 0) pump(); });
  sockets.push(socket);
}
const timer = setInterval(() => {
  const now = performance.now();
  for (let i = 0; i < next; i++) if (!done[i] && now - sentAt[i] > 3000) { retransmits++; send(i); }
}, 500);
function finish() {
  clearInterval(timer);
  for (const socket of sockets) socket.close();
  parentPort.postMessage({ seconds: (performance.now() - t0) / 1000, retransmits });
}
`;

export function sendAll(port: number, packets: Buffer[], window: number): Promise<{ seconds: number; retransmits: number }> {
  const sockets = Math.max(1, Math.ceil(window / 256));
  return new Promise((resolve, reject) => {
    const worker = new Worker(SENDER, { eval: true, workerData: { port, packets, sockets, secret: SECRET } });
    worker.once('message', (m) => {
      resolve(m as { seconds: number; retransmits: number });
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

/** Packet i of a phase goes out on socket i % sockets with Identifier floor(i / sockets) % 256 (see SENDER). */
export function encode(attributes: (i: number) => [string, unknown][], count: number, sockets: number): Buffer[] {
  // copied out: `radius` returns a view into a fresh 4 KB buffer per packet
  return Array.from({ length: count }, (_, i) =>
    Buffer.from(radius.encode({ code: 'Accounting-Request', secret: SECRET, identifier: Math.floor(i / sockets) % 256, attributes: attributes(i) })),
  );
}

/** The one number a statement selects as `n`. */
export async function scalar(db: Db, query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, query);
  return Number(row?.n ?? 0);
}

async function seed(db: Db, key: Buffer, subscribers: number): Promise<{ nasId: number; clientId: number; firstLogin: number }> {
  const nasId = (await scalar(db, sql`select coalesce(max(id), 0) + 1000 as n from nas`)) | 0;
  const clientId = (await scalar(db, sql`select coalesce(max(id), 0) + 1000 as n from clients`)) | 0;
  const firstLogin = (await scalar(db, sql`select coalesce(max(id), 0) + 1000 as n from logins`)) | 0;
  await db.execute(sql`insert into nas (id, name, ip_address, radius_secret) values (${nasId}, 'BENCH-BRAS', '127.0.0.1', ${sealSecret(key, SECRET)})`);
  await db.execute(sql`insert into clients (id, name, name_search) values (${clientId}, 'Bench', 'bench')`);
  for (let from = 0; from < subscribers; from += 10_000) {
    const to = Math.min(subscribers, from + 10_000) - 1;
    await db.execute(sql`insert into logins (id, login, client_id, online, session_started_at, nas_id, ip_address)
      select ${firstLogin} + g, 'radbench-' || g, ${clientId}, 'S', now() - interval '1 hour', ${nasId}, '100.64.0.1'
        from generate_series(${from}::int, ${to}::int) g`);
  }
  await db.execute(sql`vacuum (analyze) logins`); // earlier runs' dead rows and fresh statistics: every run starts alike
  return { nasId, clientId, firstLogin };
}

async function cleanup(db: Db, ids: { nasId: number; clientId: number }): Promise<void> {
  await db.execute(sql`delete from logins where client_id = ${ids.clientId}`);
  await db.execute(sql`delete from clients where id = ${ids.clientId}`);
  await db.execute(sql`delete from nas where id = ${ids.nasId}`);
}

export async function benchRadius(
  database: Database,
  options: { subscribers?: number; window?: number; print?: (line: string) => void } = {},
): Promise<RadiusFigures> {
  const subscribers = options.subscribers ?? 50_000;
  const window = options.window ?? 2048;
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const sockets = Math.max(1, Math.ceil(window / 256));
  const db = database.db;
  const key = randomBytes(32);
  const ids = await seed(db, key, subscribers);
  const receiver = new RadiusReceiver({ db, secretKey: key, host: '127.0.0.1', port: 0 });
  const { port } = await receiver.start();
  const figures: RadiusFigures = { backend: database.kind, subscribers, window, phases: [], stormSeconds: 0, batches: 0, checks: [] };
  const online = () => scalar(db, sql`select count(*)::int as n from logins where nas_id = ${ids.nasId} and online = 'S'`);
  const user = (i: number) => `radbench-${i}`;
  const session = (i: number) => `B${i.toString(16)}`;
  try {
    const nasIp: [string, unknown] = ['NAS-IP-Address', '127.0.0.1'];
    const ip = (i: number) => `100.${64 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
    const on = encode(() => [['Acct-Status-Type', 'Accounting-On'], ['Acct-Session-Id', 'on-1'], nasIp], 1, sockets);
    const starts = encode((i) => [['User-Name', user(i)], ['Acct-Status-Type', 'Start'], ['Acct-Session-Id', session(i)], ['Framed-IP-Address', ip(i)], nasIp], subscribers, sockets);
    // the storm: the rebooted BRAS sends Accounting-On, then a Start for each subscriber reconnecting, without
    // waiting for the On's answer (packet 0 is the On; the Starts follow it on the same Identifier plan)
    const storm = encode((i) => (i === 0 ? [['Acct-Status-Type', 'Accounting-On'], ['Acct-Session-Id', 'on-2'], nasIp] : [['User-Name', user(i - 1)], ['Acct-Status-Type', 'Start'], ['Acct-Session-Id', `R${i}`], ['Framed-IP-Address', ip(i - 1)], nasIp]), subscribers + 1, sockets);
    // [name, packets, logins online afterwards]
    const phases: [string, Buffer[], number][] = [
      [`Accounting-On alone (closes ${subscribers.toLocaleString('en')})`, on, 0],
      ['Start', starts, subscribers],
      ['storm: On + Starts', storm, subscribers],
      ['Interim-Update', encode((i) => [['User-Name', user(i)], ['Acct-Status-Type', 'Interim-Update'], ['Acct-Session-Id', `R${i + 1}`], ['Framed-IP-Address', ip(i)], nasIp], subscribers, sockets), subscribers],
      ['Stop', encode((i) => [['User-Name', user(i)], ['Acct-Status-Type', 'Stop'], ['Acct-Session-Id', `R${i + 1}`], ['Acct-Terminate-Cause', 'User-Request'], nasIp], subscribers, sockets), 0],
    ];
    for (const [name, packets, expected] of phases) {
      // the storm's sessions must be newer than the Start phase's by more than the 2 s tolerance (a reboot takes longer)
      if (name.startsWith('storm')) await new Promise((r) => setTimeout(r, 2500));
      const applyMs = receiver.stats.applyMs;
      const batches = receiver.stats.batches;
      const wall = performance.now();
      const sent = await sendAll(port, packets, window);
      const seconds = (performance.now() - wall) / 1000;
      const phase = { name, packets: packets.length, seconds, perSecond: packets.length / seconds, retransmits: sent.retransmits };
      figures.phases.push(phase);
      if (name.startsWith('storm')) figures.stormSeconds = seconds;
      const count = await online();
      const ok = count === expected;
      figures.checks.push(`${name}: ${count} online (${ok ? 'as expected' : `EXPECTED ${expected}`})`);
      const dbMs = receiver.stats.applyMs - applyMs;
      print(
        `radius ${name.padEnd(34)} ${String(phase.packets).padStart(6)} packets ${seconds.toFixed(2).padStart(6)} s ` +
          `${Math.round(phase.perSecond).toLocaleString('en').padStart(7)}/s  ${receiver.stats.batches - batches} batches, ` +
          `${Math.round(dbMs / 10 / seconds)}% in the database, retransmits ${phase.retransmits}${ok ? '' : `  ✗ ${count} online, expected ${expected}`}`,
      );
    }
    figures.batches = receiver.stats.batches;
    print(
      `radius ${subscribers.toLocaleString('en')}-subscriber reboot storm absorbed in ${figures.stormSeconds.toFixed(2)} s (target ≤ 10 s); ` +
        `duplicates ${receiver.stats.duplicates}, overload ${receiver.stats.overload}, errors ${receiver.stats.applyErrors}`,
    );
  } finally {
    await receiver.stop();
    await cleanup(db, ids);
  }
  return figures;
}
