import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { noFaults } from '../sim/server.js';
import { createOpaClient, type OpaClient } from './client.js';
import { OpaError } from './errors.js';
import { startOpaSimulator, type OpaSimulator } from './simulator.js';

const MAIN = '65a1f0c2b7e4d93a1c0f1a01';
const NORMALIZADO = '65a1f3d8b7e4d93a1c0f2b03';
const TIMEOUT_MS = 300;

let sim: OpaSimulator;
let client: OpaClient;

beforeAll(async () => {
  sim = await startOpaSimulator();
  client = createOpaClient({ baseUrl: sim.baseUrl, token: sim.token, timeoutMs: TIMEOUT_MS });
});
afterAll(async () => {
  await client.close();
  await sim.close();
});
afterEach(() => {
  sim.setFaults({ ...noFaults, envelopeError: false });
  sim.sends.length = 0;
});

const send = (ref: string) => client.sendTemplate({ to: '+5548999123456', templateId: NORMALIZADO, channelId: MAIN, variables: ['Ana'], ref });

async function failure(promise: Promise<unknown>): Promise<Error & { kind?: string; retryAfterMs?: number; status?: number }> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error & { kind?: string };
}

describe('Opa client under simulator faults', () => {
  it('latency: still succeeds, just slower', async () => {
    sim.setFaults({ latencyMs: 120 });
    const started = performance.now();
    await send('slow');
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    expect(sim.sends).toHaveLength(1);
  });

  it('5xx at rate 1 → retryable, nothing recorded', async () => {
    sim.setFaults({ errorRate: 1 });
    const error = await failure(send('5xx'));
    expect(error).toBeInstanceOf(OpaError);
    expect(error).toMatchObject({ kind: 'retryable', status: 503 });
    expect(sim.sends).toHaveLength(0);
  });

  it('429 burst → retryable with retryAfterMs, then success', async () => {
    sim.setFaults({ burst429: 2, retryAfterSeconds: 2 });
    for (let i = 0; i < 2; i += 1) {
      expect(await failure(send(`burst-${i}`))).toMatchObject({ kind: 'retryable', status: 429, retryAfterMs: 2000 });
    }
    await send('after-burst');
    expect(sim.sends.map((s) => (s.metadata as { avisaRef: string }).avisaRef)).toEqual(['after-burst']);
  });

  it('hang → retryable timeout within the configured timeout', async () => {
    sim.setFaults({ hang: true });
    const started = performance.now();
    const error = await failure(send('hang'));
    const elapsed = performance.now() - started;
    expect(error).not.toBeInstanceOf(OpaError);
    expect(error).toMatchObject({ kind: 'retryable', code: 'TIMEOUT' });
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 700);
  });

  it('reset → retryable', async () => {
    sim.setFaults({ reset: true });
    const error = await failure(client.listChannels());
    expect(error).toMatchObject({ kind: 'retryable' });
    expect(error.message).toMatch(/Connection failed|socket|closed/i);
  });

  it('the same client works again once the faults are off', async () => {
    sim.setFaults({ reset: true });
    await failure(send('reset'));
    sim.setFaults({ reset: false });
    await send('ok');
    expect(sim.sends).toHaveLength(1);
  });
});
