import { describe, expect, it } from 'vitest';
import { aborted, sleep } from './abort.js';

describe('waits an AbortSignal cuts short', () => {
  it('sleeps the time, or rejects with the reason as soon as the signal aborts (at once if it had)', async () => {
    const t0 = performance.now();
    await sleep(20);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(15);

    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort(new Error('parou'));
    await expect(waiting).rejects.toThrow('parou');
    await expect(sleep(10, controller.signal)).rejects.toThrow('parou');
  });

  it('resolves `aborted` when the signal fires, or at once when it already has', async () => {
    const controller = new AbortController();
    let done = false;
    const waiting = aborted(controller.signal).then(() => (done = true));
    await sleep(5);
    expect(done).toBe(false);
    controller.abort();
    await waiting;
    expect(done).toBe(true);
    await aborted(controller.signal);
  });
});
