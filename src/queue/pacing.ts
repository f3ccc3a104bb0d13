/**
 * Keeping to an integration's rate: a pacer that spaces sends `1/rate` seconds apart and never lets more than
 * `rate` of them leave within any one second — not even when a late timer would allow a catch-up burst, nor when
 * the write between getting a slot and sending (the row marked `sending`) takes longer for some sends than for
 * others. The drain's workers bound the concurrency.
 */
import { sleep } from '../shared/abort.js';

export interface Pacer {
  /** Resolves when the next send may get ready (evenly spaced, in call order); rejects when `signal` aborts first. */
  take(signal?: AbortSignal): Promise<void>;
  /**
   * Right before the request leaves: waits while `rate` requests already left within the window, then counts this
   * one. The cap is on departures, not on slots: the drain's write between the two takes 1–5 ms, more when PGlite
   * is busy, and capping the slots let 81 requests into one second at an 80/s limit (bench, PGlite).
   */
  depart(signal?: AbortSignal): Promise<void>;
  /** From now on, this rate (e.g. the integration's rate shared with the drains running in other processes). */
  setRate(ratePerSecond: number): void;
}

/**
 * The window a rate's worth of departures must span: 4 % over a second, so the few milliseconds a request can lag
 * behind its departure (event loop, connection) do not put more than the rate into one second at the provider.
 */
const WINDOW_MS = 1040;

export function createPacer(
  ratePerSecond: number,
  now: () => number = () => performance.now(),
  wait: (ms: number, signal?: AbortSignal) => Promise<void> = sleep,
): Pacer {
  // A little under 1/rate: the one-second window below is the hard cap, the spacing only smooths the sends, and
  // timers that fire late would otherwise cost throughput.
  let interval = (0.97 * 1000) / ratePerSecond;
  let perSecond = Math.max(1, Math.floor(ratePerSecond));
  /** Departure times of the last `perSecond` sends: a late timer must not let a catch-up burst exceed the rate. */
  const departures: number[] = [];
  let next = 0;
  return {
    async take(signal) {
      const t = now();
      const slot = Math.max(t, next);
      next = slot + interval; // reserved in call order, so concurrent callers queue up
      if (slot > t) await wait(slot - t, signal);
    },
    async depart(signal) {
      for (let s = now(); departures.length >= perSecond && s < departures[0]! + WINDOW_MS; s = now()) {
        await wait(departures[0]! + WINDOW_MS - s, signal);
      }
      departures.push(now());
      if (departures.length > perSecond) departures.shift();
    },
    setRate(rate) {
      interval = (0.97 * 1000) / rate;
      perSecond = Math.max(1, Math.floor(rate));
      if (departures.length > perSecond) departures.splice(0, departures.length - perSecond);
    },
  };
}

/** The most instants (ms) within any one second: how the bench and the tests check a pace. */
export function busiestSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j]! - sorted[i]! >= 1000) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}
