/**
 * The webhook dispatcher, run by every process that runs the scheduler (`avisa serve`, `avisa worker`), beside it
 * rather than as a task of the Agenda de tarefas: webhooks just work, with nothing to schedule. Every `tickMs` it
 * makes deliveries whose process died due again, emits `batch.finished` for batches that ended (every
 * `batchCheckMs`), and sends the due deliveries — claimed with `FOR UPDATE SKIP LOCKED`, so any number of
 * dispatchers on one database never send one twice — retrying a failure with exponential backoff and jitter
 * (1 min, 2, 4 … at most 12 h) up to `maxAttempts`.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../db/database.js';
import type { Logger } from '../log/logger.js';
import { unexpected } from '../shared/notice.js';
import { openSecret } from '../shared/secret-box.js';
import { type ClaimedDelivery, claimDeliveries, pruneEvents, recordAttempt, releaseExpiredLeases } from './deliveries.js';
import { createWebhookSender, type DeliveryOutcome, type WebhookSender } from './deliver.js';
import { emitFinishedBatches } from './emit.js';

const DEFAULT_MAX_ATTEMPTS = 10;
const HOUR = 3_600_000;

/** Delay before retry N (N = attempts made so far): 1 min·2^(N−1), at most 12 h, ±20 % jitter. */
export function webhookBackoff(attempt: number, random = Math.random): number {
  const base = Math.min(60_000 * 2 ** (attempt - 1), 12 * HOUR);
  return Math.round(base * (0.8 + 0.4 * random()));
}

export interface DispatcherOptions {
  db: Db;
  secretKey: Buffer;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  owner?: string;
  /** How often to look for due deliveries (default 2 s). */
  tickMs?: number;
  /** How often to look for batches that finished (default 15 s). */
  batchCheckMs?: number;
  /** Whole-request budget of one delivery (default 10 s). */
  timeoutMs?: number;
  maxAttempts?: number;
  backoffMs?: (attempt: number) => number;
  /** Deliveries sent at once (default 4). */
  concurrency?: number;
  /** Days an event is kept once nothing is left to deliver (default 30). */
  keepDays?: number;
}

export interface WebhookDispatcher {
  readonly owner: string;
  /** One round now: resolves when the deliveries it took are recorded. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/** Sends claimed deliveries and records each attempt; shared by the dispatcher and Testar. */
export async function sendClaimed(
  db: Db,
  claimed: readonly ClaimedDelivery[],
  options: { owner: string; secretKey: Buffer; sender: WebhookSender; retryInMs: (d: ClaimedDelivery, outcome: DeliveryOutcome) => number | null },
): Promise<void> {
  await Promise.all(
    claimed.map(async (d) => {
      let outcome: DeliveryOutcome;
      try {
        const secret = openSecret(options.secretKey, d.secret);
        outcome = await options.sender.send({ deliveryId: d.id, eventId: d.eventId, event: d.event, occurredAt: d.occurredAt, data: d.data, url: d.url, secret });
      } catch (err) {
        outcome = { ok: false, httpStatus: null, durationMs: 0, error: unexpected(err) };
      }
      await recordAttempt(db, d.id, options.owner, { ...outcome, retryInMs: outcome.ok ? null : options.retryInMs(d, outcome) });
    }),
  );
}

export function startWebhookDispatcher(options: DispatcherOptions): WebhookDispatcher {
  const { db, logger } = options;
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}:webhooks`;
  const tickMs = options.tickMs ?? 2_000;
  const batchCheckMs = options.batchCheckMs ?? 15_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const backoff = options.backoffMs ?? webhookBackoff;
  const concurrency = options.concurrency ?? 4;
  const leaseSeconds = Math.max(60, Math.ceil((3 * timeoutMs) / 1000));
  const sender = createWebhookSender({ timeoutMs });
  let batchCheckedAt = -Infinity;
  let prunedAt = -Infinity;
  let chain: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function once(): Promise<void> {
    try {
      await releaseExpiredLeases(db);
      if (Date.now() - batchCheckedAt >= batchCheckMs) {
        batchCheckedAt = Date.now();
        const finished = await emitFinishedBatches(db);
        if (finished > 0) logger.info({ batches: finished }, 'send batches finished');
      }
      if (Date.now() - prunedAt >= HOUR) {
        prunedAt = Date.now();
        await pruneEvents(db, options.keepDays ?? 30);
      }
      // A backlog is worked through in rounds of `concurrency`, up to 25 rounds a tick so that stop() is prompt.
      for (let round = 0; round < 25 && !stopped; round++) {
        const claimed = await claimDeliveries(db, { owner, limit: concurrency, leaseSeconds });
        if (claimed.length === 0) break;
        await sendClaimed(db, claimed, {
          owner,
          secretKey: options.secretKey,
          sender,
          retryInMs: (d, outcome) => {
            if (d.attempt >= maxAttempts) {
              logger.warn({ deliveryId: d.id, event: d.event, attempts: d.attempt, error: outcome.error }, 'webhook delivery gave up');
              return null;
            }
            return backoff(d.attempt);
          },
        });
        if (claimed.length < concurrency) break;
      }
    } catch (err) {
      logger.error({ err }, 'webhook dispatcher tick failed; retrying next tick');
    }
  }

  function tick(): Promise<void> {
    chain = chain.then(once);
    return chain;
  }

  function loop(): void {
    if (stopped) return;
    timer = setTimeout(() => void tick().finally(loop), tickMs);
  }
  loop(); // the first round one tick after start, when the process is up

  return {
    owner,
    tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await chain;
      await sender.close();
    },
  };
}
