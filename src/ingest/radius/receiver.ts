/**
 * The RADIUS accounting receiver (`avisa radius`): a UDP socket where NAS send Accounting-Requests, applied in
 * batches to the logins' status and answered once stored.
 *
 * Per datagram: framing checked (malformed → dropped, counted); the NAS found by source address (else
 * NAS-IP-Address) among NAS with a shared secret (unknown → dropped, counted); Request Authenticator verified
 * (bad → dropped, counted). Nothing dropped is answered, so a NAS with a wrong secret sees timeouts, as with
 * any RADIUS server. A retransmission (same NAS, Identifier and Request Authenticator, remembered 2 minutes)
 * is never applied twice: it gets the stored answer again, or nothing while its first copy waits for its batch.
 * A Start/Interim of a session whose Stop was seen in the last hour is stale: answered, not applied.
 *
 * Batching: accepted events wait at most `windowMs` (100 ms; sooner when `maxBatch` are waiting or packets
 * stop coming for `idleMs`), are folded per login — in arrival order around any Accounting-On/Off
 * (coalesce.ts) — and applied in one transaction (status.ts); every packet of the batch is answered after the
 * commit, so an Accounting-Response means "stored". A batch that fails is not answered — its packets are
 * forgotten as handled, and the NAS's retransmissions bring them again. Memory is bounded: at most
 * `maxPending` packets wait (beyond, new ones are dropped unanswered and counted: the NAS retries), and both
 * memories are capped.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Db } from '../../db/database.js';
import { coalesce } from './coalesce.js';
import { type AccountingEvent, interpretRequest } from './events.js';
import { NasRegistry } from './nas-registry.js';
import { RecentMap } from './recent.js';
import { type ApplyResult, applyStatusBatch } from './status.js';
import { CODE_ACCOUNTING_REQUEST, encodeAccountingResponse, parseAccountingRequest, verifyAccountingRequest } from './wire.js';

export interface ReceiverLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ReceiverOptions {
  db: Db;
  /** The installation key that opens the NAS secrets. */
  secretKey: Buffer;
  host?: string;
  /** UDP port; 0 picks a free one (tests). Default 1813. */
  port?: number;
  windowMs?: number;
  /** A batch starts early once no packet has come for this long (the NAS waits for answers). Default 10 ms. */
  idleMs?: number;
  maxBatch?: number;
  maxPending?: number;
  logger?: ReceiverLogger;
  /** Called after each committed batch that changed a login (outage detection runs from here, src/incidents). */
  onApplied?: (result: ApplyResult) => void;
}

export interface ReceiverStats {
  received: number;
  /** Packets whose event was committed and answered. */
  applied: number;
  /** Answered without applying anything: no User-Name, a status type that changes nothing. */
  ignored: number;
  /** Answered, not applied: a Start/Interim of a session already stopped. */
  stale: number;
  duplicates: number;
  malformed: number;
  /** Not an Accounting-Request (e.g. an Access-Request sent to the accounting port). */
  unsupported: number;
  unknownNas: number;
  badAuthenticator: number;
  /** Dropped because `maxPending` packets were already waiting. */
  overload: number;
  batches: number;
  /** Time spent applying batches (transaction included), ms. */
  applyMs: number;
  applyErrors: number;
  /** Login rows changed, usernames matching no login, logins closed by Accounting-On/Off. */
  changed: number;
  unknownLogins: number;
  closedByReset: number;
}

interface Pending {
  key: string;
  sessionKey: string | null;
  event: AccountingEvent;
  response: Buffer;
  address: string;
  port: number;
}

const newStats = (): ReceiverStats => ({
  received: 0, applied: 0, ignored: 0, stale: 0, duplicates: 0, malformed: 0, unsupported: 0, unknownNas: 0,
  badAuthenticator: 0, overload: 0, batches: 0, applyMs: 0, applyErrors: 0, changed: 0, unknownLogins: 0, closedByReset: 0,
});

export class RadiusReceiver {
  readonly stats: ReceiverStats = newStats();
  readonly registry: NasRegistry;
  private socket: Socket | null = null;
  private pending: Pending[] = [];
  /** Handled packets: the answer once committed, `null` while waiting for its batch. */
  private readonly handled = new RecentMap<Buffer | null>(200_000, 120_000);
  private readonly stopped = new RecentMap<true>(200_000, 3_600_000);
  /** Addresses and NAS already warned about (once per 10 minutes). */
  private readonly warned = new RecentMap<true>(1_000, 600_000);
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private lastBatchAt = 0;
  private lastPacketAt = 0;
  private readonly windowMs: number;
  private readonly idleMs: number;
  private readonly maxBatch: number;
  private readonly maxPending: number;

  constructor(private readonly options: ReceiverOptions) {
    this.registry = new NasRegistry(options.db, options.secretKey);
    this.windowMs = options.windowMs ?? 100;
    this.idleMs = options.idleMs ?? 10;
    this.maxBatch = options.maxBatch ?? 5_000;
    this.maxPending = options.maxPending ?? 50_000;
  }

  /** Loads the NAS secrets and binds the socket; resolves with the bound address. */
  async start(): Promise<{ address: string; port: number }> {
    await this.registry.load();
    const host = this.options.host ?? '0.0.0.0';
    // A large receive buffer rides out a batch commit (the kernel caps it at net.core.rmem_max).
    const socket = createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4', recvBufferSize: 8 * 1024 * 1024 });
    socket.on('message', (msg, rinfo) => this.onMessage(msg, rinfo));
    socket.on('error', (err) => this.options.logger?.error({ err }, 'RADIUS socket error'));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.options.port ?? 1813, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    this.socket = socket;
    const bound = socket.address();
    return { address: bound.address, port: bound.port };
  }

  /** Stops receiving, applies and answers what is waiting, closes the socket. */
  async stop(): Promise<void> {
    const socket = this.socket;
    if (!socket) return;
    socket.removeAllListeners('message');
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.drain();
    await this.registry.settled();
    this.socket = null;
    await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  private send(response: Buffer, address: string, port: number): void {
    this.socket?.send(response, port, address);
  }

  private warnOnce(key: string, obj: object, msg: string): void {
    if (this.warned.get(key)) return;
    this.warned.set(key, true);
    this.options.logger?.warn(obj, msg);
  }

  private onMessage(msg: Buffer, rinfo: RemoteInfo): void {
    this.stats.received++;
    const parsed = parseAccountingRequest(msg);
    if (!parsed.ok) {
      this.stats.malformed++;
      this.warnOnce(`malformed ${rinfo.address}`, { from: rinfo.address, reason: parsed.reason }, 'malformed RADIUS packet dropped');
      return;
    }
    const request = parsed.request;
    if (request.code !== CODE_ACCOUNTING_REQUEST) {
      this.stats.unsupported++;
      return;
    }
    let candidates = this.registry.candidates(rinfo.address);
    if (candidates.length === 0) candidates = this.registry.candidates(request.attributes.nasIp);
    if (candidates.length === 0) {
      this.stats.unknownNas++;
      this.registry.refreshIfDue(true);
      this.warnOnce(`unknown ${rinfo.address}`, { from: rinfo.address, nasIp: request.attributes.nasIp }, 'accounting from an unknown NAS dropped (set its secret: avisa nas secret <id> --ip <address>)');
      return;
    }
    const nas = candidates.find((c) => verifyAccountingRequest(request, c.secret));
    if (!nas) {
      this.stats.badAuthenticator++;
      this.warnOnce(`auth ${rinfo.address}`, { from: rinfo.address }, 'accounting with a bad authenticator dropped (shared secret mismatch?)');
      return;
    }
    const key = `${nas.nasId}:${request.identifier}:${request.authenticator.toString('base64')}`;
    const seen = this.handled.get(key);
    if (seen !== undefined) {
      this.stats.duplicates++;
      if (seen) this.send(seen, rinfo.address, rinfo.port);
      return;
    }
    const response = encodeAccountingResponse(request, nas.secret);
    const meaning = interpretRequest(request, nas.nasId, Date.now());
    if ('ignored' in meaning) {
      this.answerNow(key, response, rinfo, 'ignored');
      return;
    }
    const event = meaning.event;
    const sessionKey = event.kind !== 'nas-reset' && event.sessionId ? `${nas.nasId}:${event.username}:${event.sessionId}` : null;
    if (sessionKey && event.kind !== 'stop' && this.stopped.get(sessionKey)) {
      this.answerNow(key, response, rinfo, 'stale');
      return;
    }
    if (this.pending.length >= this.maxPending) {
      this.stats.overload++;
      return;
    }
    if (sessionKey && event.kind === 'stop') this.stopped.set(sessionKey, true);
    this.handled.set(key, null);
    this.pending.push({ key, sessionKey, event, response, address: rinfo.address, port: rinfo.port });
    this.lastPacketAt = Date.now();
    this.schedule();
  }

  private answerNow(key: string, response: Buffer, rinfo: RemoteInfo, counter: 'ignored' | 'stale'): void {
    this.stats[counter]++;
    this.handled.set(key, response);
    this.send(response, rinfo.address, rinfo.port);
  }

  /**
   * A batch starts `windowMs` after the previous one started — or sooner: at once when `maxBatch` are waiting,
   * or when packets stopped coming for `idleMs` (a NAS with all its Identifiers outstanding waits for answers:
   * holding its packets for the whole window would only slow it down).
   */
  private schedule(): void {
    if (this.draining || this.pending.length === 0) return;
    const wait = Math.min(this.lastBatchAt + this.windowMs, this.lastPacketAt + this.idleMs) - Date.now();
    if (this.pending.length >= this.maxBatch || wait <= 0) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      void this.drain();
      return;
    }
    if (this.timer) return; // it fires no later than needed and looks again
    this.timer = setTimeout(() => {
      this.timer = null;
      this.schedule();
    }, wait);
  }

  private drain(): Promise<void> {
    if (!this.draining) {
      this.draining = (async () => {
        try {
          while (this.pending.length > 0) {
            this.lastBatchAt = Date.now();
            await this.applyBatch(this.pending.splice(0, this.maxBatch));
            if (this.pending.length < this.maxBatch && this.socket?.listenerCount('message')) break;
          }
        } finally {
          this.draining = null;
          this.schedule();
        }
      })();
    }
    return this.draining;
  }

  private async applyBatch(items: Pending[]): Promise<void> {
    const started = performance.now();
    try {
      const result = await applyStatusBatch(this.options.db, coalesce(items.map((i) => i.event)));
      this.stats.applyMs += performance.now() - started;
      this.stats.batches++;
      this.stats.applied += items.length;
      this.stats.changed += result.changed;
      this.stats.unknownLogins += result.unknown;
      this.stats.closedByReset += result.closedByReset;
      if (result.changed > 0 || result.closedByReset > 0) this.options.onApplied?.(result);
      for (const item of items) {
        this.handled.update(item.key, item.response);
        this.send(item.response, item.address, item.port);
      }
    } catch (err) {
      this.stats.applyErrors++;
      this.options.logger?.error({ err, packets: items.length }, 'accounting batch not stored; the NAS will retransmit');
      for (const item of items) {
        this.handled.delete(item.key);
        if (item.sessionKey && item.event.kind === 'stop') this.stopped.delete(item.sessionKey);
      }
    }
  }
}
