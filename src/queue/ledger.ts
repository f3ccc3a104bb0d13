/**
 * What a drain writes while it sends, one statement at a time (a group commit): the claimed rows about to be sent
 * and the outcomes of answered sends, gathered over one turn of the event loop into one `writeTick`. A worker's
 * request leaves only once the statement that marked its row `sending` has committed — so a crash can leave a row
 * uncertain only if its request may have gone out. Outcomes ride with the next start (any worker's) and are
 * written alone only when no send starts for `LINGER_MS` or the run ends: a worker's previous answer is then on
 * disk before its next request leaves — after a crash at most one row per concurrent send is uncertain — while a
 * paced drain still writes once per send, not twice. At 0 ms provider latency the sends starting in a turn (up to
 * the concurrency) share one write, and while it runs, the next turn's gather.
 */
import type { Db } from '../db/database.js';
import { type Outcome, writeTick } from './complete.js';

export interface Ledger {
  /**
   * Resolves true once the row is durably `sending` (attempt counted), false when it is no longer this owner's to
   * send (cancelled, or put back to pending when its lease ran out); rejects when the write failed.
   */
  start(id: number): Promise<boolean>;
  /** Queued; written with the next start, or alone after `LINGER_MS` without one, or by `settle`. */
  record(outcome: Outcome): void;
  /** Resolves when everything queued so far is written (or its write failed). */
  settle(): Promise<void>;
}

export interface LedgerOptions {
  owner: string;
  leaseSeconds: number;
  /** After each write that recorded outcomes. */
  onWritten?: (outcomes: readonly Outcome[]) => void;
  /** A failed write: its outcomes are lost (their rows stay `sending` and the sweeper makes them uncertain). */
  onError(err: Error): void;
}

/** How long outcomes wait for a start to ride with before they are written alone (the old flush interval). */
const LINGER_MS = 250;

/** PostgreSQL's deadlock_detected: the statement was rolled back, nothing of it written. */
const DEADLOCK = '40P01';

/**
 * A tick chosen as a deadlock's victim is written again: it is one statement, so nothing of it took effect.
 * (Cancelar updates a batch's claimed rows in its own order while a tick starts some of them.)
 */
async function retryDeadlock<T>(write: () => Promise<T>, tries = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      const code = (err as { code?: string; cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
      if (code !== DEADLOCK || attempt >= tries) throw err;
    }
  }
}

interface Waiting {
  id: number;
  resolve(started: boolean): void;
  reject(err: Error): void;
}

export function createLedger(db: Db, options: LedgerOptions): Ledger {
  let outcomes: Outcome[] = [];
  let starts: Waiting[] = [];
  let writing: Promise<void> | null = null;
  /** Outcomes are written even without a start: they waited `LINGER_MS`, or the run is settling. */
  let due = false;
  let linger: NodeJS.Timeout | null = null;
  const queued = () => starts.length > 0 || (due && outcomes.length > 0);

  const write = async () => {
    while (queued()) {
      // Whatever else is answered or about to start in this turn of the event loop joins the statement.
      await new Promise((resolve) => setImmediate(resolve));
      const batch = outcomes;
      const starting = starts;
      outcomes = [];
      starts = [];
      if (linger) clearTimeout(linger);
      linger = null;
      due = false;
      try {
        const tick = { owner: options.owner, outcomes: batch, start: starting.map((s) => s.id), leaseSeconds: options.leaseSeconds };
        const started = new Set(await retryDeadlock(() => writeTick(db, tick)));
        for (const s of starting) s.resolve(started.has(s.id));
        if (batch.length > 0) options.onWritten?.(batch);
      } catch (err) {
        for (const s of starting) s.reject(err as Error);
        options.onError(err as Error);
      }
    }
  };
  const kick = () => {
    if (writing || !queued()) return;
    writing = write().finally(() => {
      writing = null;
      kick(); // queued between the loop's last look and here
    });
  };

  return {
    start(id) {
      return new Promise<boolean>((resolve, reject) => {
        starts.push({ id, resolve, reject });
        kick();
      });
    },
    record(outcome) {
      outcomes.push(outcome);
      linger ??= setTimeout(() => {
        linger = null;
        due = true;
        kick();
      }, LINGER_MS).unref();
    },
    async settle() {
      due = true;
      kick();
      while (writing) await writing;
    },
  };
}
