/**
 * The fault-mode tests both SMS providers must pass against their simulator, registered with one call so the two
 * test files do not repeat them: every fault of `sim/server.ts` must come back as `retryable` (a 429 with its
 * Retry-After), and a hang must be cut by the client's ~300 ms timeout. Also `freePort()`, a loopback port with
 * nothing listening.
 */
import { createServer } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { noFaults, type Faults } from '../sim/server.js';
import type { Outbound, Provider } from '../types.js';

export interface FaultTarget {
  sim: { setFaults(patch: Partial<Faults>): void };
  /** A provider on the simulator built with `timeoutMs: FAULT_TIMEOUT_MS`. */
  provider: Provider;
  message: Outbound;
}

export const FAULT_TIMEOUT_MS = 300;

export function registerFaultModeTests(target: () => FaultTarget): void {
  afterEach(() => target().sim.setFaults(noFaults));

  it('latency below the timeout only delays the send', async () => {
    const { sim, provider, message } = target();
    sim.setFaults({ latencyMs: 80 });
    const started = performance.now();
    const result = await provider.send(message);
    expect(result.ok).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
  });

  it('latency beyond the timeout → retryable timeout', async () => {
    const { sim, provider, message } = target();
    sim.setFaults({ latencyMs: FAULT_TIMEOUT_MS + 400 });
    expect(await provider.send(message)).toMatchObject({ ok: false, kind: 'retryable', code: 'TIMEOUT' });
  });

  it('5xx → retryable with the status', async () => {
    const { sim, provider, message } = target();
    sim.setFaults({ errorRate: 1 });
    const result = await provider.send(message);
    expect(result).toMatchObject({ ok: false, kind: 'retryable' });
    expect(result.ok === false && result.status).toBeGreaterThanOrEqual(500);
  });

  it('429 burst → retryable with retryAfterMs, then the next send goes through', async () => {
    const { sim, provider, message } = target();
    sim.setFaults({ burst429: 1, retryAfterSeconds: 7 });
    expect(await provider.send(message)).toMatchObject({ ok: false, kind: 'retryable', status: 429, retryAfterMs: 7000 });
    expect((await provider.send(message)).ok).toBe(true);
  });

  it('hang → retryable timeout within the ~300 ms budget', async () => {
    const { sim, provider, message } = target();
    sim.setFaults({ hang: true });
    const started = performance.now();
    const result = await provider.send(message);
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ ok: false, kind: 'retryable', code: 'TIMEOUT' });
    expect(elapsed).toBeGreaterThanOrEqual(FAULT_TIMEOUT_MS - 20);
    expect(elapsed).toBeLessThan(FAULT_TIMEOUT_MS + 700);
  });

  it('connection reset → retryable', async () => {
    const { sim, provider, message } = target();
    sim.setFaults({ reset: true });
    const result = await provider.send(message);
    expect(result).toMatchObject({ ok: false, kind: 'retryable' });
    expect(result.ok === false && result.code).not.toBe('TIMEOUT');
  });

  it('check() under a 5xx fault → retryable', async () => {
    const { sim, provider } = target();
    sim.setFaults({ errorRate: 1 });
    expect(await provider.check()).toMatchObject({ ok: false, kind: 'retryable' });
  });
}

/** A loopback port nothing listens on (bound, read, released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
