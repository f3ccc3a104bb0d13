import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { noticeText } from '../../shared/notice-text.js';
import type { HttpResponse } from '../http.js';
import type { Outbound, Provider, SendResult } from '../types.js';
import { FAULT_TIMEOUT_MS, freePort, registerFaultModeTests } from './sim-faults.test-support.js';
import { zenviaFailure, zenviaProvider } from './zenvia.js';
import { startZenviaSimulator, type ZenviaSimulator } from './zenvia-sim.js';

const TOKEN = 'zv-token-s3cr3t-0001';
const sms = (to: string, text = 'Avisa: manutenção programada às 14h na região Centro.'): Outbound => ({
  channel: 'sms',
  ref: 'msg-42',
  to,
  text,
});

let sim: ZenviaSimulator;
let provider: Provider;
let fast: Provider;

beforeAll(async () => {
  sim = await startZenviaSimulator({ token: TOKEN, from: 'ProvedorX' });
  provider = zenviaProvider({ baseUrl: `${sim.url}/`, token: TOKEN, from: 'ProvedorX', timeoutMs: 5000 });
  fast = zenviaProvider({ baseUrl: sim.url, token: TOKEN, from: 'ProvedorX', timeoutMs: FAULT_TIMEOUT_MS });
});

afterAll(async () => {
  await provider.close();
  await fast.close();
  await sim.close();
});

afterEach(() => {
  sim.sends.splice(0);
  sim.setBodyFailure(false);
  sim.setCredits(null);
});

function failure(result: SendResult) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  expect(JSON.stringify(result.notice)).not.toContain(TOKEN);
  return result;
}

describe('zenviaProvider.send', () => {
  it('posts from / 55-digits / one text content and returns Zenvia’s id', async () => {
    const text = 'Avisa: manutenção programada às 14h na região Centro. Previsão de retorno: 16h.';
    const result = await provider.send(sms('+5548999123456', text));
    expect(sim.sends).toHaveLength(1);
    const [recorded] = sim.sends;
    expect(recorded).toMatchObject({ to: '5548999123456', text, from: 'ProvedorX', credits: 2 });
    expect(result).toEqual({ ok: true, providerMessageId: recorded!.id });
  });

  it('wrong token → config, without echoing the token', async () => {
    const wrong = zenviaProvider({ baseUrl: sim.url, token: 'not-the-token', from: 'ProvedorX', timeoutMs: 5000 });
    try {
      const result = failure(await wrong.send(sms('+5548999123456')));
      expect(result).toMatchObject({ kind: 'config', status: 401, code: 'AUTHENTICATION_ERROR', notice: { code: 'provider_said', detail: 'Invalid API token' } });
      expect(sim.sends).toHaveLength(0);
    } finally {
      await wrong.close();
    }
  });

  it('missing token → config with Zenvia’s documented text', async () => {
    const none = zenviaProvider({ baseUrl: sim.url, token: '', from: 'ProvedorX', timeoutMs: 5000 });
    try {
      expect(await none.send(sms('+5548999123456'))).toMatchObject({
        ok: false,
        kind: 'config',
        notice: { code: 'provider_said', detail: 'No authorization token was found' },
      });
    } finally {
      await none.close();
    }
  });

  it('a sender not registered at Zenvia → config (every message would fail)', async () => {
    const other = zenviaProvider({ baseUrl: sim.url, token: TOKEN, from: 'Outro', timeoutMs: 5000 });
    try {
      const result = failure(await other.send(sms('+5548999123456')));
      expect(result).toMatchObject({ kind: 'config', status: 400, code: 'VALIDATION_ERROR' });
      expect(result.notice.detail).toContain('from: Sender "Outro" is not registered');
    } finally {
      await other.close();
    }
  });

  it('a landline → permanent with Zenvia’s words', async () => {
    const result = failure(await provider.send(sms('+554833334444')));
    expect(result).toMatchObject({ kind: 'permanent', status: 400, code: 'VALIDATION_ERROR' });
    expect(result.notice).toEqual({ code: 'provider_said', detail: 'Validation error; to: "554833334444" is a landline and cannot receive SMS' });
  });

  it('a number that is not Brazilian E.164 → permanent without calling Zenvia', async () => {
    sim.setFaults({ errorRate: 1 }); // would turn any request into a 5xx
    try {
      expect(await provider.send(sms('48999123456'))).toMatchObject({ ok: false, kind: 'permanent', notice: { code: 'invalid_number' } });
      expect(await provider.send(sms('+12025550123'))).toMatchObject({ ok: false, kind: 'permanent' });
    } finally {
      sim.setFaults({ errorRate: 0 });
    }
  });

  it('HTTP 200 without an id → permanent failure (not retried: no duplicate SMS)', async () => {
    sim.setBodyFailure(true);
    const result = failure(await provider.send(sms('+5548999123456')));
    expect(result).toMatchObject({ kind: 'permanent', status: 200, code: 'MESSAGE_NOT_ACCEPTED' });
    expect(sim.sends).toHaveLength(0);
  });

  it('credits out → quota; a 2-part text needs 2 credits', async () => {
    sim.setCredits(2);
    expect((await provider.send(sms('+5548999123456', 'curto'))).ok).toBe(true);
    const long = failure(await provider.send(sms('+5548999123456', 'x'.repeat(161))));
    expect(long).toMatchObject({ kind: 'quota', status: 402, code: 'INSUFFICIENT_CREDIT' });
    expect((await provider.send(sms('+5548999123456', 'curto'))).ok).toBe(true);
    expect(failure(await provider.send(sms('+5548999123456', 'curto')))).toMatchObject({ kind: 'quota' });
    expect(sim.sends).toHaveLength(2);
    expect(sim.settings.credits).toBe(0);
  });
});

describe('zenviaProvider.check', () => {
  it('ok when Zenvia accepts the token, and says the sender is not verified', async () => {
    const result = await provider.check();
    expect(result).toEqual({ ok: true, notice: { code: 'check_zenvia_subscriptions', params: { from: 'ProvedorX', subscriptions: 0 } } });
    expect(result.ok && noticeText(result.notice, 'en')).toContain('“ProvedorX” is only verified by the first send');
  });

  it('config when the token is refused', async () => {
    const wrong = zenviaProvider({ baseUrl: sim.url, token: 'nope', from: 'ProvedorX', timeoutMs: 5000 });
    try {
      expect(await wrong.check()).toMatchObject({ ok: false, kind: 'config', status: 401 });
    } finally {
      await wrong.close();
    }
  });

  it('retryable when nothing listens', async () => {
    const port = await freePort();
    const down = zenviaProvider({ baseUrl: `http://127.0.0.1:${port}`, token: TOKEN, from: 'ProvedorX', timeoutMs: 2000 });
    try {
      expect(await down.check()).toMatchObject({ ok: false, kind: 'retryable' });
      expect(await down.send(sms('+5548999123456'))).toMatchObject({ ok: false, kind: 'retryable' });
    } finally {
      await down.close();
    }
  });
});

describe('zenviaProvider fault modes', () => {
  registerFaultModeTests(() => ({ sim, provider: fast, message: sms('+5548999123456', 'teste') }));
});

describe('zenviaFailure classification', () => {
  const response = (status: number, json: unknown): HttpResponse => ({
    status,
    headers: {},
    text: json === undefined ? '<html><h1>502 Bad Gateway</h1></html>' : JSON.stringify(json),
    json,
  });
  const cases: [name: string, kind: string, status: number, body: unknown][] = [
    ['credit wording on a 400', 'quota', 400, { code: 'VALIDATION_ERROR', description: 'Insufficient credit' }],
    ['saldo wording on a 403', 'quota', 403, { code: 'FORBIDDEN', description: 'Saldo insuficiente' }],
    ['403 without credit wording', 'config', 403, { code: 'FORBIDDEN', description: 'Channel not enabled' }],
    ['404 on the fixed path', 'config', 404, { code: 'NOT_FOUND', description: 'Not found' }],
    ['409 duplicated', 'permanent', 409, { code: 'DUPLICATED', description: 'Entity already exists' }],
    ['500 internal', 'retryable', 500, { code: 'INTERNAL_ERROR', description: 'Internal error' }],
    ['a `to` detail in the spec’s `message` form', 'permanent', 400, { code: 'VALIDATION_ERROR', message: 'Validation error', details: [{ path: 'to', message: 'invalid' }] }],
    ['a `from` detail', 'config', 400, { code: 'VALIDATION_ERROR', message: 'Validation error', details: [{ path: 'from', message: 'invalid' }] }],
    ['an HTML 502 from a proxy', 'retryable', 502, undefined],
  ];
  it.each(cases)('%s → %s', (_name, kind, status, body) => {
    expect(zenviaFailure(response(status, body), TOKEN)).toMatchObject({ ok: false, kind, status });
  });

  it('keeps the spec’s `message` and details verbatim', () => {
    const body = { code: 'VALIDATION_ERROR', message: 'Validation error', details: [{ code: 'X', path: 'to', message: 'must match pattern' }] };
    expect(zenviaFailure(response(400, body), TOKEN).notice).toEqual({ code: 'provider_said', detail: 'Validation error; to: must match pattern' });
  });

  it('scrubs the token from an echoed body', () => {
    const echoed = { status: 400, headers: {}, text: `bad token ${TOKEN}`, json: undefined };
    expect(zenviaFailure(echoed, TOKEN).notice).toEqual({ code: 'http_status', params: { status: 400 }, detail: 'HTTP 400: bad token ***' });
  });
});
