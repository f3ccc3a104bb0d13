import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Outbound } from '../types.js';
import { opaProvider } from './provider.js';
import { startOpaSimulator, type OpaSimulator } from './simulator.js';

const MAIN = '65a1f0c2b7e4d93a1c0f1a01';
const NORMALIZADO = '65a1f3d8b7e4d93a1c0f2b03';

let sim: OpaSimulator;
beforeAll(async () => {
  sim = await startOpaSimulator();
});
afterAll(() => sim.close());

const message = (overrides: Partial<Extract<Outbound, { channel: 'whatsapp' }>> = {}): Outbound => ({
  channel: 'whatsapp',
  ref: 'q-42',
  to: '+5548999123456',
  channelId: MAIN,
  templateId: NORMALIZADO,
  variables: ['Ana'],
  ...overrides,
});

describe('opaProvider', () => {
  it('send → ok with Opa’s messageSentId, correlated by ref', async () => {
    const provider = opaProvider({ baseUrl: sim.url, token: sim.token });
    try {
      expect(provider.channel).toBe('whatsapp');
      const result = await provider.send(message());
      expect(result).toEqual({ ok: true, providerMessageId: sim.sends.at(-1)!.messageSentId, detail: 'Template has been succesfully sent.' });
      expect(sim.sends.at(-1)!.metadata).toEqual({ avisaRef: 'q-42' });
    } finally {
      await provider.close();
    }
  });

  it('send never throws: provider failures come back as SendResult', async () => {
    const provider = opaProvider({ baseUrl: sim.baseUrl, token: sim.token, timeoutMs: 300 });
    try {
      expect(await provider.send(message({ variables: [] }))).toMatchObject({ ok: false, kind: 'permanent', status: 400, code: '132000' });
      expect(await provider.send(message({ channelId: 'ffffffffffffffffffffffff' }))).toMatchObject({
        ok: false,
        kind: 'config',
        status: 404,
        notice: { code: 'provider_said', detail: 'Communication channel not found.' },
      });
      sim.setFaults({ burst429: 1, retryAfterSeconds: 5 });
      expect(await provider.send(message())).toMatchObject({ ok: false, kind: 'retryable', status: 429, retryAfterMs: 5000 });
      sim.setFaults({ reset: true });
      expect(await provider.send(message())).toMatchObject({ ok: false, kind: 'retryable' });
      sim.setFaults({ reset: false });
      expect(await provider.send({ channel: 'sms', ref: 'x', to: '+5548999123456', text: 'oi' })).toMatchObject({ ok: false, kind: 'config' });
    } finally {
      sim.setFaults({ reset: false, burst429: 0 });
      await provider.close();
    }
  });

  it('a bad address or empty token is a config failure, not an exception', async () => {
    const badUrl = opaProvider({ baseUrl: 'ftp://opa', token: 't' });
    expect(await badUrl.send(message())).toMatchObject({ ok: false, kind: 'config' });
    expect(await badUrl.check()).toMatchObject({ ok: false, kind: 'config' });
    const noToken = opaProvider({ baseUrl: sim.baseUrl, token: 'Bearer  ' });
    expect(await noToken.send(message())).toMatchObject({
      ok: false,
      kind: 'config',
      notice: { code: 'not_configured', params: { provider: 'opa' }, detail: 'The Opa! Suite API token is empty' },
    });
    await badUrl.close();
    await noToken.close();
  });

  it('check() counts channels and active WhatsApp ones', async () => {
    const provider = opaProvider({ baseUrl: sim.baseUrl, token: sim.token });
    const wrong = opaProvider({ baseUrl: sim.baseUrl, token: 'nope' });
    try {
      expect(await provider.check()).toEqual({ ok: true, notice: { code: 'check_opa', params: { channels: 3, whatsapp: 2 } } });
      expect(await wrong.check()).toEqual({ ok: false, kind: 'config', notice: { code: 'provider_said', detail: 'Invalid token' }, status: 401 });
    } finally {
      await provider.close();
      await wrong.close();
    }
  });
});
