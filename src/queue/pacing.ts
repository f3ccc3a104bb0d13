/**
 * Keeping to an integration's rate: a pacer that spaces sends `1/rate` seconds apart and never lets more than
 * `rate` of them start within any one second — not even when a late timer would allow a catch-up burst. The
 * drain's workers bound the concurrency.
 */

export interface Pacer {
  /** Resolves when the next send may start; rejects when `signal` aborts first. */
  take(signal?: AbortSignal): Promise<void>;
}

/**
 * The window a rate's worth of starts must span: 4 % over a second, so the few milliseconds a request can lag
 * behind its start (event loop, connection) do not put more than the rate into one second at the provider.
 */
const WINDOW_MS = 1040;

export function createPacer(
  ratePerSecond: number,
  now: () => number = () => performance.now(),
  wait: (ms: number, signal?: AbortSignal) => Promise<void> = sleep,
): Pacer {
  // A little under 1/rate: the one-second window below is the hard cap, the spacing only smooths the sends, and
  // timers that fire late would otherwise cost throughput.
  const interval = (0.97 * 1000) / ratePerSecond;
  const perSecond = Math.max(1, Math.floor(ratePerSecond));
  /** Start times of the last `perSecond` sends: a late timer must not let a catch-up burst exceed the rate. */
  const starts: number[] = [];
  let next = 0;
  return {
    async take(signal) {
      const t = now();
      const slot = Math.max(t, next);
      next = slot + interval; // reserved in call order, so concurrent callers queue up
      if (slot > t) await wait(slot - t, signal);
      for (let s = now(); starts.length >= perSecond && s < starts[0]! + WINDOW_MS; s = now()) {
        await wait(starts[0]! + WINDOW_MS - s, signal);
      }
      starts.push(now());
      if (starts.length > perSecond) starts.shift();
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
