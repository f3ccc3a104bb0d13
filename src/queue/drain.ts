/**
 * The drain engine: sends the pending rows of a channel through each of its active integrations, at the
 * integration's pace (max concurrency, messages per second, whatever allowance the provider keeps, through
 * `Provider.reserve`, and WhatsApp's distinct-recipient limit, ./recipient-budget.ts), until the queue is empty,
 * the time budget is spent, or the provider stops it. Retryable
 * failures go back to the queue with exponential backoff and jitter up to `maxAttempts`; permanent ones fail at
 * once; an integration the provider refuses (auth/config) is halted — its rows wait, untouched — until an admin
 * fixes and tests it.
 */
import type { Db } from '../db/database.js';
import { sendCounter } from '../metrics/instruments.js';
import { haltIntegration, listIntegrations, openIntegration } from '../providers/integrations.js';
import { createProvider, type OpenIntegration } from '../providers/registry.js';
import type { Channel, Provider, SendResult } from '../providers/types.js';
import { type Notice, notice, said, unexpected, withExtras } from '../shared/notice.js';
import { SecretUnreadableError } from '../shared/secret-box.js';
import { emitIntegrationHalted } from '../webhooks/emit.js';
import { claimRows, type ClaimedRow, renewLeases, type Swept, sweepExpiredLeases } from './claim.js';
import type { Outcome } from './complete.js';
import { createLedger } from './ledger.js';
import { createPacer } from './pacing.js';
import { readOutbound } from './payload.js';
import { type RecipientBudget, recipientBudget, reserveBoth } from './recipient-budget.js';

export type StoppedBy = 'empty' | 'budget' | 'aborted' | 'config' | 'quota' | 'halted' | 'error';

export interface DrainCounts {
  processed: number;
  sent: number;
  failed: number;
  retried: number;
  held: number;
}

export interface IntegrationRun extends DrainCounts {
  id: number;
  description: string;
  stoppedBy: StoppedBy;
  /** Why it stopped, when that was a failure or a quota. */
  error?: Notice;
}

export interface DrainOptions {
  owner: string;
  budgetMs: number;
  maxAttempts: number;
  signal: AbortSignal;
  onProgress?: (p: { processed: number; sent: number; failed: number }) => void;
  /** Lease of claimed and sending rows; renewed every third of it while the run goes on. Default 60 s. */
  leaseSeconds?: number;
  /** Delay before retry N (1-based); default 30 s·2^(N−1), at most 30 min, ±20 % jitter. */
  backoffMs?: (attempt: number) => number;
  /** Quiet hours: only rows of at least this priority are sent (src/queue/quiet-hours.ts); undefined: all. */
  minPriority?: number | undefined;
  /**
   * How many drains of the channel run now across the installation, this one included (src/queue/drain-tasks.ts
   * counts the running drain task runs). Each integration's rate is split evenly among them, re-read every few
   * seconds, so N workers together keep to the rate the admin set. Absent: this drain alone.
   */
  peers?: () => Promise<number>;
  /** Tests inject providers; production builds them from the integration. */
  providerFor?: (open: OpenIntegration) => Provider;
}

function defaultBackoff(attempt: number, random = Math.random): number {
  const base = Math.min(30_000 * 2 ** (attempt - 1), 30 * 60_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** How often a drain re-reads how many drains share its integrations' rates. */
const RESHARE_MS = 5_000;

const zero = (): DrainCounts => ({ processed: 0, sent: 0, failed: 0, retried: 0, held: 0 });

function outcomeOf(row: ClaimedRow, result: SendResult, durationMs: number, options: DrainOptions): Outcome {
  const attempt = row.attempts;
  if (result.ok) {
    return { id: row.id, outcome: 'sent', attempt, providerMessageId: result.providerMessageId, notice: said('sent', result.detail), durationMs };
  }
  const common = { id: row.id, attempt, kind: result.kind, durationMs, ...(result.status === undefined ? {} : { status: result.status }) };
  if (result.kind === 'config' || result.kind === 'quota') return { ...common, outcome: 'hold', notice: result.notice };
  const tried = (retrying: boolean) => withExtras(result.notice, { attempt: { number: attempt, of: options.maxAttempts, retrying } });
  if (result.kind === 'retryable' && attempt < options.maxAttempts) {
    const delayMs = result.retryAfterMs ?? (options.backoffMs ?? defaultBackoff)(attempt);
    return { ...common, outcome: 'retry', delayMs, notice: tried(true) };
  }
  return {
    ...common,
    outcome: 'failed',
    notice: result.kind === 'retryable' ? tried(false) : result.notice,
    ...(result.fallback ? { fallback: true } : {}),
  };
}

/** Stops sending through the integration (src/providers) and tells the webhooks (an outbox row, sent later). */
async function halt(db: Db, id: number, reason: Notice): Promise<void> {
  await haltIntegration(db, id, reason);
  await emitIntegrationHalted(db, id);
}

async function drainIntegration(db: Db, open: OpenIntegration, options: DrainOptions): Promise<IntegrationRun> {
  const { integration } = open;
  const counts = zero();
  const deadline = Date.now() + options.budgetMs;
  const leaseSeconds = options.leaseSeconds ?? 60;
  const provider = (options.providerFor ?? createProvider)(open);
  const pacer = createPacer(integration.ratePerSecond);
  let sharedBy = 1;
  const reshare = async () => {
    const n = Math.max(1, options.peers ? await options.peers() : 1);
    if (n !== sharedBy) pacer.setRate(integration.ratePerSecond / n);
    sharedBy = n;
  };
  await reshare().catch(() => {}); // unknown: the whole rate, until the next reading
  const resharing = options.peers ? setInterval(() => void reshare().catch(() => {}), RESHARE_MS) : undefined;
  // WhatsApp's messaging limit, read at the first send (as Opa's daily limit is) and kept for the run.
  let budget: Promise<RecipientBudget | null> | undefined;
  const budgetOf = () => {
    budget ??= provider.recipientLimit ? provider.recipientLimit().then((limit) => recipientBudget(db, integration.id, limit)) : Promise.resolve(null);
    return budget;
  };
  const renewal = setInterval(() => void renewLeases(db, options.owner, leaseSeconds).catch(() => {}), (leaseSeconds * 1000) / 3);
  let stoppedBy: StoppedBy | null = null;
  let error: Notice | undefined;
  const stop = (why: StoppedBy, reason?: Notice) => {
    if (!stoppedBy) {
      stoppedBy = why;
      error = reason;
    }
  };
  const ledger = createLedger(db, {
    owner: options.owner,
    leaseSeconds,
    onWritten: () => options.onProgress?.({ processed: counts.processed, sent: counts.sent, failed: counts.failed }),
    onError: (err) => stop('error', unexpected(err)),
  });

  /** The row's outcome, or null when it is not this run's to send any more (nothing to record). */
  const sendOne = async (row: ClaimedRow): Promise<Outcome | null> => {
    const release: Outcome = { id: row.id, outcome: 'release' };
    if (stoppedBy) return release;
    if (options.signal.aborted) {
      stop('aborted');
      return release;
    }
    const read = readOutbound(row);
    if (!read.ok) return { id: row.id, outcome: 'failed', attempt: row.attempts, kind: 'permanent', notice: said('payload_unreadable', read.error), durationMs: 0 };
    const message = read.message;
    const recipients = await budgetOf();
    const quota = await reserveBoth(recipients?.reserve(row.contact) ?? null, () => (provider.reserve ? provider.reserve(message) : null));
    if (quota && !quota.ok) {
      stop('quota', quota.notice);
      return { ...release, notice: quota.notice };
    }
    try {
      await pacer.take(options.signal);
    } catch {
      quota?.settle(false);
      stop('aborted');
      return release;
    }
    // Marked `sending` (one write with the other sends of this turn) before the request leaves. A send that got
    // this far goes out even if the run stopped meanwhile, as it would have a moment earlier.
    const started = await ledger.start(row.id).catch(() => null); // null: the write failed, and the run stops
    if (started !== true) {
      quota?.settle(false);
      return started === false ? null : release; // false: cancelled, or put back after its lease ran out
    }
    try {
      await pacer.depart(options.signal); // the rate is capped where the request leaves, after the write
    } catch {
      quota?.settle(false);
      stop('aborted');
      return release; // marked but never sent: its attempt is given back
    }
    const t0 = performance.now();
    // In-flight sends are not aborted: a send cut short may still have reached the customer.
    const result = await provider.send(message);
    quota?.settle(true);
    const outcome = outcomeOf(row, result, Math.round(performance.now() - t0), options);
    if (!result.ok && (result.kind === 'config' || result.kind === 'quota')) stop(result.kind, result.notice);
    return outcome;
  };

  // Pipelined: the next rows are claimed while these are sent, and outcomes are written behind the sends (with
  // the next starts), so neither database round trip stalls the provider's pace.
  const batchSize = Math.min(200, Math.max(10, integration.maxConcurrency * 4, Math.ceil(integration.ratePerSecond / 2)));
  const buffer: ClaimedRow[] = [];
  let exhausted = false;
  let claiming: Promise<void> | null = null;
  const refill = () => {
    if (claiming || exhausted || stoppedBy || buffer.length > batchSize / 2) return;
    if (options.signal.aborted) return stop('aborted');
    if (Date.now() >= deadline) return stop('budget');
    claiming = claimRows(db, { integrationId: integration.id, limit: batchSize, owner: options.owner, leaseSeconds, minPriority: options.minPriority })
      .then((rows) => {
        buffer.push(...rows);
        if (rows.length < batchSize) exhausted = true;
      })
      .catch((err: unknown) => stop('error', unexpected(err)))
      .finally(() => {
        claiming = null;
      });
  };
  const next = async (): Promise<ClaimedRow | null> => {
    for (;;) {
      if (stoppedBy) return null;
      refill();
      const row = buffer.shift();
      if (row) return row;
      if (!claiming) return null;
      await claiming;
    }
  };

  const counted = sendCounter(integration); // Prometheus: avisa_sends_total
  const tally = (o: Outcome) => {
    if (o.outcome === 'release') return;
    counted(o.outcome);
    counts.processed += 1;
    if (o.outcome === 'sent') counts.sent += 1;
    else if (o.outcome === 'failed') counts.failed += 1;
    else if (o.outcome === 'retry') counts.retried += 1;
    else counts.held += 1;
  };

  try {
    const worker = async () => {
      for (let row = await next(); row; row = await next()) {
        const outcome = await sendOne(row);
        if (!outcome) continue;
        tally(outcome);
        ledger.record(outcome);
      }
    };
    await Promise.all(Array.from({ length: integration.maxConcurrency }, worker));
    if (claiming) await claiming;
    for (const row of buffer.splice(0)) ledger.record({ id: row.id, outcome: 'release' });
    await ledger.settle();
    if (!stoppedBy) stop('empty');
    if (stoppedBy === 'config') await halt(db, integration.id, error ?? notice('provider_refused'));
  } catch (err) {
    stop('error', unexpected(err));
  } finally {
    clearInterval(renewal);
    clearInterval(resharing);
    await provider.close();
  }
  return { id: integration.id, description: integration.description, ...counts, stoppedBy: stoppedBy ?? 'empty', ...(error ? { error } : {}) };
}

/** Every active, not halted integration of `channel`, drained in parallel (each at its own pace). */
export async function drainChannel(
  db: Db,
  options: DrainOptions & { channel: Channel; secretKey: Buffer },
): Promise<DrainCounts & { integrations: IntegrationRun[]; swept: Swept }> {
  // Rows a dead process held go back to pending (claimed) or become uncertain (sending) first: whoever drains next
  // finishes a crashed run.
  const swept = await sweepExpiredLeases(db);
  const active = (await listIntegrations(db, { channel: options.channel })).filter((i) => i.active && !i.halted);
  const totals = new Map<number, { processed: number; sent: number; failed: number }>();
  const runs = await Promise.all(
    active.map(async ({ id, description }): Promise<IntegrationRun> => {
      const failed = (stoppedBy: StoppedBy, error: Notice): IntegrationRun => ({ id, description, ...zero(), stoppedBy, error });
      let open: OpenIntegration;
      try {
        open = await openIntegration(db, options.secretKey, id);
      } catch (err) {
        if (!(err instanceof SecretUnreadableError)) return failed('error', unexpected(err));
        // Sealed with another key (AVISA_SECRET_KEY or secret.key changed): a configuration problem of this
        // integration alone. Marked, so the screen says to enter the token again; the others still drain.
        await halt(db, id, notice('secret_unreadable')).catch(() => {});
        return failed('config', notice('secret_unreadable'));
      }
      return drainIntegration(db, open, {
        ...options,
        onProgress: (p) => {
          totals.set(id, p);
          const sum = [...totals.values()].reduce((a, b) => ({ processed: a.processed + b.processed, sent: a.sent + b.sent, failed: a.failed + b.failed }));
          options.onProgress?.(sum);
        },
      }).catch((err: unknown) => failed('error', unexpected(err)));
    }),
  );
  const sum = runs.reduce((a, r) => ({ processed: a.processed + r.processed, sent: a.sent + r.sent, failed: a.failed + r.failed, retried: a.retried + r.retried, held: a.held + r.held }), zero());
  return { ...sum, integrations: runs, swept };
}
