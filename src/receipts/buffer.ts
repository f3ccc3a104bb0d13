/**
 * Receipts arrive in storms (three callbacks per message, a thousand messages a second): the webhook answers at
 * once and hands its receipts to this buffer, which writes them together — every `flushMs` (200 ms), or sooner when `max`
 * are waiting — as one insert and one apply (./receipts.ts). Writes never overlap; a failed write keeps its
 * receipts for the next one (Meta retries a webhook it got no 200 for, but this one was answered already).
 */
import type { Db } from '../db/database.js';
import { applyReceipts, type Receipt, storeReceipts } from './receipts.js';

export interface ReceiptBuffer {
  push(receipts: readonly Receipt[]): void;
  /** Writes whatever is waiting (and what comes meanwhile); resolves when the buffer is empty. */
  flush(): Promise<void>;
  close(): Promise<void>;
  readonly stats: { received: number; stored: number; applied: number; failedWrites: number };
}

export interface ReceiptBufferOptions {
  flushMs?: number;
  max?: number;
  /** How often unapplied receipts (their row was not written yet) are retried when nothing new comes. */
  retryMs?: number;
  onError?: (err: unknown) => void;
}

export function createReceiptBuffer(db: Db, options: ReceiptBufferOptions = {}): ReceiptBuffer {
  const flushMs = options.flushMs ?? 200;
  const max = options.max ?? 5000;
  const stats = { received: 0, stored: 0, applied: 0, failedWrites: 0 };
  let waiting: Receipt[] = [];
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> | null = null;
  let closed = false;
  /** When receipts were last stored: unapplied ones are retried for a while after. */
  let lastStored = 0;

  const write = async (): Promise<void> => {
    const batch = waiting;
    waiting = [];
    try {
      if (batch.length > 0) stats.stored += await storeReceipts(db, batch);
      stats.applied += await applyReceipts(db);
      if (batch.length > 0) lastStored = Date.now();
    } catch (err) {
      stats.failedWrites++;
      waiting = [...batch, ...waiting];
      options.onError?.(err);
    }
  };

  const run = (): Promise<void> => {
    if (!writing) {
      writing = (async () => {
        do await write();
        while (waiting.length >= max);
      })().finally(() => {
        writing = null;
        if (waiting.length > 0) schedule();
      });
    }
    return writing;
  };

  function schedule(): void {
    if (timer || closed) return;
    timer = setTimeout(() => {
      timer = null;
      void run();
    }, flushMs);
    timer.unref();
  }

  // Receipts that came before their row's provider id was written: applied by a later pass.
  const retry = setInterval(() => {
    if (Date.now() - lastStored < 10 * 60_000 && !writing && waiting.length === 0) void run();
  }, options.retryMs ?? 5000);
  retry.unref();

  return {
    stats,
    push(receipts) {
      if (receipts.length === 0) return;
      stats.received += receipts.length;
      waiting.push(...receipts);
      if (waiting.length >= max) void run();
      else schedule();
    },
    async flush() {
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      do await run();
      while (waiting.length > 0);
    },
    async close() {
      closed = true;
      clearInterval(retry);
      if (timer) clearTimeout(timer);
      timer = null;
      while (waiting.length > 0 || writing) await run();
    },
  };
}
