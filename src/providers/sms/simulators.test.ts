/** The SMS simulators themselves: number rules, settings, control routes and the request forms they accept. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brazilianMobile, patchSettings } from './sim-common.js';
import { smsDevCredits, startSmsDevSimulator, type SmsDevSimulator } from './smsdev-sim.js';
import { startZenviaSimulator, type ZenviaSimulator } from './zenvia-sim.js';

async function call(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

describe('brazilianMobile', () => {
  const cases: [input: unknown, mode: 'required' | 'optional', expected: ReturnType<typeof brazilianMobile>][] = [
    ['5548999123456', 'required', { ok: true, national: '48999123456' }],
    ['48999123456', 'optional', { ok: true, national: '48999123456' }],
    [48999123456, 'optional', { ok: true, national: '48999123456' }],
    ['5548999123456', 'optional', { ok: true, national: '48999123456' }],
    ['48999123456', 'required', { ok: false, problem: 'invalid' }],
    ['554833334444', 'required', { ok: false, problem: 'landline' }],
    ['4833334444', 'optional', { ok: false, problem: 'landline' }],
    ['4899123456', 'optional', { ok: false, problem: 'invalid' }], // 8-digit mobile without the ninth digit
    ['0848999123456', 'optional', { ok: false, problem: 'invalid' }],
    ['+5548999123456', 'required', { ok: false, problem: 'invalid' }],
    ['abc', 'optional', { ok: false, problem: 'invalid' }],
    [null, 'optional', { ok: false, problem: 'invalid' }],
  ];
  it.each(cases)('%j (%s country code) → %j', (input, mode, expected) => {
    expect(brazilianMobile(input, mode)).toEqual(expected);
  });
});

describe('patchSettings', () => {
  it('takes known keys of the right type only; null only where allowed', () => {
    const settings = { bodyFailure: false, credits: null as number | null, balance: 5 };
    patchSettings(settings, { bodyFailure: 'yes', credits: 3, balance: null, other: 1 }, ['credits']);
    expect(settings).toEqual({ bodyFailure: false, credits: 3, balance: 5 });
    patchSettings(settings, { bodyFailure: true, credits: null, balance: 9 }, ['credits']);
    expect(settings).toEqual({ bodyFailure: true, credits: null, balance: 9 });
  });
});

describe('smsDevCredits', () => {
  it.each([
    ['', 1],
    ['a'.repeat(160), 1],
    ['a'.repeat(161), 2],
    ['ç'.repeat(160), 1],
    ['👍'.repeat(161), 2],
  ] as const)('%j… → %i', (text, credits) => {
    expect(smsDevCredits(text)).toBe(credits);
  });
});

describe('SMS Dev simulator', () => {
  let sim: SmsDevSimulator;
  beforeAll(async () => {
    sim = await startSmsDevSimulator({ key: 'K', balance: 10 });
  });
  afterAll(() => sim.close());

  it('accepts the documented GET form, a JSON object and a JSON array; control routes read and clear sends', async () => {
    const get = await call(`${sim.url}/v1/send?key=K&type=9&number=11988887777&msg=${encodeURIComponent('Teste de envio')}`);
    expect(get).toEqual({ status: 200, body: { situacao: 'OK', codigo: '1', id: expect.any(String), descricao: 'MENSAGEM NA FILA' } });
    const array = await call(`${sim.url}/v1/send`, {
      method: 'POST',
      body: [
        { key: 'K', type: 9, number: 62988886666, msg: 'Linha 1\nLinha 2' },
        { key: 'K', type: 9, number: '6233334444', msg: 'fixo' },
      ],
    });
    expect(array.body).toEqual([
      expect.objectContaining({ situacao: 'OK' }),
      { situacao: 'ERRO', descricao: 'NUMERO INVALIDO: TELEFONE FIXO NAO RECEBE SMS' },
    ]);
    const listed = await call(`${sim.url}/__sim/sends`);
    expect(listed.body).toEqual([
      expect.objectContaining({ to: '11988887777', text: 'Teste de envio', credits: 1 }),
      expect.objectContaining({ to: '62988886666', text: 'Linha 1\nLinha 2', credits: 1 }),
    ]);
    expect(await call(`${sim.url}/__sim/sends`, { method: 'DELETE' })).toEqual({ status: 200, body: { cleared: 2 } });
    expect(sim.sends).toEqual([]);
  });

  it('settings over HTTP: balance and the body-failure switch', async () => {
    expect((await call(`${sim.url}/__sim/settings`, { method: 'PATCH', body: { balance: 0, bodyFailure: true } })).body).toEqual({
      bodyFailure: true,
      balance: 0,
    });
    expect((await call(`${sim.url}/v1/balance`, { method: 'POST', body: { key: 'K' } })).body).toEqual({
      situacao: 'OK',
      saldo_sms: '0',
      descricao: 'SALDO ATUAL',
    });
    expect((await call(`${sim.url}/v1/send`, { method: 'POST', body: { key: 'K', type: 9, number: '11988887777', msg: 'x' } })).body).toEqual({
      situacao: 'ERRO',
      descricao: 'FALHA SIMULADA NO ENVIO',
    });
    sim.setBodyFailure(false);
    expect((await call(`${sim.url}/v1/send`, { method: 'POST', body: { key: 'K', type: 9, number: '11988887777', msg: 'x' } })).body).toEqual({
      situacao: 'ERRO',
      descricao: 'SALDO INSUFICIENTE',
    });
  });

  it('refuses another service type and an empty text', async () => {
    sim.setBalance(10);
    const send = (body: unknown) => call(`${sim.url}/v1/send`, { method: 'POST', body });
    expect((await send({ key: 'K', type: 1, number: '11988887777', msg: 'x' })).body).toEqual({ situacao: 'ERRO', descricao: 'TIPO DE SERVICO INVALIDO' });
    expect((await send({ key: 'K', type: 9, number: '11988887777', msg: ' ' })).body).toEqual({ situacao: 'ERRO', descricao: 'MENSAGEM EM BRANCO' });
  });
});

describe('Zenvia simulator', () => {
  let sim: ZenviaSimulator;
  beforeAll(async () => {
    sim = await startZenviaSimulator({ token: 'T', from: 'Avisa', credits: 5 });
  });
  afterAll(() => sim.close());
  const post = (body: unknown, token = 'T') => call(`${sim.url}/v2/channels/sms/messages`, { method: 'POST', headers: { 'x-api-token': token }, body });

  it('answers the created message object and records it; credits count SMS parts', async () => {
    const text = 'Manutenção às 14h'; // UCS-2, 1 part
    const answer = await post({ from: 'Avisa', to: '5511988887777', contents: [{ type: 'text', text }] });
    expect(answer).toEqual({
      status: 200,
      body: { id: expect.any(String), from: 'Avisa', to: '5511988887777', direction: 'OUT', channel: 'sms', contents: [{ type: 'text', text }] },
    });
    expect(sim.sends).toEqual([expect.objectContaining({ id: (answer.body as { id: string }).id, to: '5511988887777', text, credits: 1 })]);
    expect(sim.settings.credits).toBe(4);
  });

  it('validates contents and the JSON', async () => {
    expect(await post({ from: 'Avisa', to: '5511988887777', contents: [{ type: 'file', text: 'x' }] })).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_ERROR', details: [{ path: 'contents' }] },
    });
    const raw = await fetch(`${sim.url}/v2/channels/sms/messages`, { method: 'POST', headers: { 'x-api-token': 'T' }, body: '{' });
    expect(raw.status).toBe(400);
  });

  it('credits can be unlimited again and the control routes work', async () => {
    expect((await call(`${sim.url}/__sim/settings`, { method: 'PUT', body: { credits: null } })).body).toEqual({ bodyFailure: false, credits: null });
    expect((await call(`${sim.url}/__sim/sends`)).body).toHaveLength(1);
    expect((await call(`${sim.url}/__sim/nothing`)).status).toBe(404);
  });

  it('unknown paths answer NOT_FOUND; GET /v2/subscriptions needs the token', async () => {
    expect(await call(`${sim.url}/v2/other`)).toEqual({ status: 404, body: { code: 'NOT_FOUND', description: 'Not found' } });
    expect((await call(`${sim.url}/v2/subscriptions`)).status).toBe(401);
    expect(await call(`${sim.url}/v2/subscriptions`, { headers: { 'x-api-token': 'T' } })).toEqual({ status: 200, body: [] });
  });
});
