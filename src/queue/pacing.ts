/**
 * Keeping to an integration's rate: a pacer that spaces sends `1/rate` seconds apart — never above the rate, not
 * even in a burst (the drain's workers bound the concurrency).
 */

export interface Pacer {
  /** Resolves when the next send may start; rejects when `signal` aborts first. */
  take(signal?: AbortSignal): Promise<void>;
}

export function createPacer(ratePerSecond: number, now: () => number = () => performance.now()): Pacer {
  const interval = 1000 / ratePerSecond;
  let next = 0;
  return {
    async take(signal) {
      const t = now();
      const slot = Math.max(t, next);
      next = slot + interval;
      if (slot > t) await sleep(slot - t, signal);
    },
  };
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
