/**
 * The RADIUS side of the load bench: `rate` accounting packets per second for `seconds`, open loop (packet i
 * leaves at i / rate s whatever the answers), from the demo's NAS (each packet names its login's NAS in
 * NAS-IP-Address) about a sample of the base's logins. The mix: 90 % Interim-Update of an online login (its
 * session and address unchanged: the row is not rewritten, as in production), 5 % Stop of an online login, 5 %
 * Start of an offline one (a login stopped by this run only 3 s or more after its Stop, past the receiver's 2 s
 * tolerance). Every packet carries its own Acct-Input-Octets, so no two are alike (the receiver would take a
 * repeat for a retransmission). Packets are encoded before the run by the `radius` npm package (not our codec),
 * into one buffer; each NAS has enough source ports that an Identifier is reused only after `slotSeconds` (the
 * sender matches an answer among the last four packets of its port and Identifier: up to 4 × 8 s late). The
 * sender runs in a worker thread (load-radius-worker.ts) of the load process.
 */
import { Worker } from 'node:worker_threads';
import radius from 'radius';
import type { RadiusLogin, RadiusNas } from './load-seed.js';

const STOP_SHARE = 0.05;
const START_SHARE = 0.05;
/** Seconds before a stopped login may start again (the receiver's tolerance is 2 s). */
const RESTART_AFTER_S = 3;

export interface RadiusPlanInput {
  nas: readonly RadiusNas[];
  logins: readonly RadiusLogin[];
  secret: string;
  rate: number;
  seconds: number;
  /** How long an answer can still be matched to its packet (Identifier reuse on the same port). */
  slotSeconds?: number;
}

export interface RadiusPlan {
  packets: Buffer;
  /** Packet i is packets[offsets[i] .. offsets[i + 1]), sent from port socketOf[i] with Identifier idOf[i]. */
  offsets: Uint32Array;
  socketOf: Uint16Array;
  idOf: Uint8Array;
  sockets: number;
  counts: { interim: number; stop: number; start: number };
}

/** A seeded generator (the plan is the same for the same input). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function planRadius(input: RadiusPlanInput): RadiusPlan {
  const total = Math.round(input.rate * input.seconds);
  const slotSeconds = input.slotSeconds ?? 8;
  const next = random(7);
  const ipOf = new Map(input.nas.map((n) => [n.id, n.ip]));
  const online: number[] = [];
  const offline: number[] = [];
  input.logins.forEach((l, i) => {
    (l.online ? online : offline).push(i);
  });
  /** Stopped by this run: [login index, packet index of its Stop], oldest first. */
  const stopped: [number, number][] = [];
  const session = input.logins.map((_, i) => `L${i.toString(36)}`);
  // each NAS's ports: enough for its share of the packets over slotSeconds, 256 Identifiers each
  const share = new Map<number, number>();
  for (const l of input.logins) share.set(l.nasId, (share.get(l.nasId) ?? 0) + 1);
  const firstSocket = new Map<number, number>();
  const socketsOf = new Map<number, number>();
  let sockets = 0;
  for (const [nasId, n] of share) {
    const count = Math.ceil(((n / input.logins.length) * input.rate * slotSeconds) / 256) + 1;
    firstSocket.set(nasId, sockets);
    socketsOf.set(nasId, count);
    sockets += count;
  }
  const sentByNas = new Map<number, number>();
  const parts: Buffer[] = [];
  const offsets = new Uint32Array(total + 1);
  const socketOf = new Uint16Array(total);
  const idOf = new Uint8Array(total);
  const counts = { interim: 0, stop: 0, start: 0 };
  let bytes = 0;
  const take = (list: number[]) => {
    const k = Math.floor(next() * list.length);
    const picked = list[k]!;
    list[k] = list[list.length - 1]!;
    list.pop();
    return picked;
  };
  for (let i = 0; i < total; i++) {
    while (stopped.length > 0 && stopped[0]![1] <= i - RESTART_AFTER_S * input.rate) offline.push(stopped.shift()![0]);
    const dice = next();
    let kind: 'interim' | 'stop' | 'start' = dice < STOP_SHARE ? 'stop' : dice < STOP_SHARE + START_SHARE ? 'start' : 'interim';
    if (kind === 'start' && offline.length === 0) kind = 'interim';
    let who: number;
    if (kind === 'start') {
      who = take(offline);
      session[who] = `R${i.toString(36)}`;
      online.push(who);
    } else if (kind === 'stop') {
      who = take(online);
      stopped.push([who, i]);
    } else who = online[Math.floor(next() * online.length)]!;
    counts[kind]++;
    const login = input.logins[who]!;
    const sent = sentByNas.get(login.nasId) ?? 0;
    sentByNas.set(login.nasId, sent + 1);
    const socket = firstSocket.get(login.nasId)! + (Math.floor(sent / 256) % socketsOf.get(login.nasId)!);
    const identifier = sent % 256;
    const attributes: [string, unknown][] = [
      ['User-Name', login.login],
      ['Acct-Status-Type', kind === 'start' ? 'Start' : kind === 'stop' ? 'Stop' : 'Interim-Update'],
      ['Acct-Session-Id', session[who]],
      ['Acct-Input-Octets', i],
      ['NAS-IP-Address', ipOf.get(login.nasId)],
    ];
    if (login.ip) attributes.push(['Framed-IP-Address', login.ip]);
    if (kind === 'stop') attributes.push(['Acct-Terminate-Cause', dice < STOP_SHARE / 2 ? 'User-Request' : 'Lost-Carrier']);
    const packet = radius.encode({ code: 'Accounting-Request', secret: input.secret, identifier, attributes });
    parts.push(Buffer.from(packet));
    offsets[i] = bytes;
    bytes += packet.length;
    socketOf[i] = socket;
    idOf[i] = identifier;
  }
  offsets[total] = bytes;
  return { packets: Buffer.concat(parts, bytes), offsets, socketOf, idOf, sockets, counts };
}

export interface RadiusLoadResult {
  offered: number;
  /** Seconds from the first packet sent to the last. */
  sendSeconds: number;
  answered: number;
  /** Answer time of each answered packet (ms after it was sent): p50/p99 computed by the caller. */
  answerMs: number[];
  /** From the last packet sent to the last answer (ms); null when some packet was never answered. */
  lagMs: number | null;
  counts: RadiusPlan['counts'];
  encodeSeconds: number;
}

export interface RadiusLoadJob extends RadiusPlanInput {
  port: number;
  /** How long to wait for the last answers after the last packet. */
  graceSeconds: number;
}

/** The sender, in its own thread: `encoded` once the packets are ready, then `run()` offers them. */
export function startRadiusLoad(job: RadiusLoadJob): { encoded: Promise<{ encodeSeconds: number }>; run: () => Promise<RadiusLoadResult> } {
  const worker = new Worker(new URL('./load-radius-worker.js', import.meta.url), { workerData: job });
  let resolveResult: (r: RadiusLoadResult) => void = () => {};
  let rejectAll: (err: Error) => void = () => {};
  const result = new Promise<RadiusLoadResult>((resolve, reject) => {
    resolveResult = resolve;
    rejectAll = reject;
  });
  const encoded = new Promise<{ encodeSeconds: number }>((resolve, reject) => {
    worker.on('message', (m: { encoded?: number; result?: RadiusLoadResult }) => {
      if (m.encoded !== undefined) resolve({ encodeSeconds: m.encoded });
      if (m.result) {
        resolveResult(m.result);
        void worker.terminate();
      }
    });
    worker.once('error', (err) => {
      reject(err);
      rejectAll(err);
    });
  });
  return {
    encoded,
    run: () => {
      worker.postMessage('start');
      return result;
    },
  };
}
