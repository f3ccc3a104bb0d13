import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HttpResponse } from '../http.js';
import type { Outbound, Provider, SendResult } from '../types.js';
import { FAULT_TIMEOUT_MS, freePort, registerFaultModeTests } from './sim-faults.test-support.js';
import { smsDevFailure, smsDevKind, smsDevProvider } from './smsdev.js';
import { startSmsDevSimulator, type SmsDevSimulator } from './smsdev-sim.js';

const KEY = 'SMSDEVKEY0123456789ABCDEF';
const sms = (to: string, text = 'Avisa: manutenção às 14h.', ref = 'msg-7'): Outbound => ({ channel: 'sms', ref, to, text });

let sim: SmsDevSimulator;
let provider: Provider;
let fast: Provider;

beforeAll(async () => {
  sim = await startSmsDevSimulator({ key: KEY, balance: 50 });
  provider = smsDevProvider({ baseUrl: `${sim.url}/`, key: KEY, timeoutMs: 5000 });
  fast = smsDevProvider({ baseUrl: sim.url, key: KEY, timeoutMs: FAULT_TIMEOUT_MS });
});

afterAll(async () => {
  await provider.close();
  await fast.close();
  await sim.close();
});

afterEach(() => {
  sim.sends.splice(0);
  sim.setBodyFailure(false);
  sim.setBalance(50);
});

function failure(result: SendResult | Awaited<ReturnType<Provider['check']>>) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  expect(JSON.stringify(result.notice)).not.toContain(KEY);
  return result;
}

describe('smsDevProvider.send', () => {
  it('sends national digits, the text and our ref; returns SMS Dev’s id and descricao', async () => {
    const text = 'Provedor: manutenção programada hoje às 14h na região Centro; previsão de retorno às 16h.';
    const result = await provider.send(sms('+5548999123456', text, 'row-123'));
    expect(sim.sends).toHaveLength(1);
    const [recorded] = sim.sends;
    expect(recorded).toMatchObject({ to: '48999123456', text, refer: 'row-123', credits: 1 });
    expect(result).toEqual({ ok: true, providerMessageId: recorded!.id, detail: 'MENSAGEM NA FILA' });
    expect(sim.settings.balance).toBe(49);
  });

  it('a long text costs one credit per started 160 characters', async () => {
    expect((await provider.send(sms('+5548999123456', 'a'.repeat(321)))).ok).toBe(true);
    expect(sim.sends[0]!.credits).toBe(3);
    expect(sim.settings.balance).toBe(47);
  });

  it('wrong key → config (HTTP 200 with situacao ERRO), without echoing the key', async () => {
    const wrong = smsDevProvider({ baseUrl: sim.url, key: 'WRONGKEY', timeoutMs: 5000 });
    try {
      expect(failure(await wrong.send(sms('+5548999123456')))).toMatchObject({ kind: 'config', status: 200, notice: { code: 'provider_said', detail: 'CHAVE KEY INVALIDA' } });
      expect(sim.sends).toHaveLength(0);
    } finally {
      await wrong.close();
    }
  });

  it('a landline → permanent with SMS Dev’s descricao', async () => {
    expect(failure(await provider.send(sms('+554833334444')))).toMatchObject({
      kind: 'permanent',
      status: 200,
      notice: { code: 'provider_said', detail: 'NUMERO INVALIDO: TELEFONE FIXO NAO RECEBE SMS' },
    });
  });

  it('a number that is not Brazilian E.164 → permanent without calling SMS Dev', async () => {
    expect(await provider.send(sms('+351912345678'))).toMatchObject({
      ok: false,
      kind: 'permanent',
      notice: { code: 'invalid_number', params: { number: '+351912345678' } },
    });
    expect(await provider.send({ channel: 'email', ref: 'r', to: 'a@b.c', subject: 's', text: 't' })).toMatchObject({
      ok: false,
      kind: 'permanent',
    });
    expect(sim.sends).toHaveLength(0);
  });

  it('HTTP 200 whose body says ERRO → failure, nothing recorded', async () => {
    sim.setBodyFailure(true);
    expect(failure(await provider.send(sms('+5548999123456')))).toMatchObject({ kind: 'permanent', status: 200, notice: { code: 'provider_said', detail: 'FALHA SIMULADA NO ENVIO' } });
    expect(sim.sends).toHaveLength(0);
    expect(sim.settings.balance).toBe(50);
  });

  it('balance out → quota', async () => {
    sim.setBalance(1);
    expect((await provider.send(sms('+5548999123456'))).ok).toBe(true);
    expect(failure(await provider.send(sms('+5548999123456')))).toMatchObject({ kind: 'quota', notice: { code: 'provider_said', detail: 'SALDO INSUFICIENTE' } });
    expect(sim.sends).toHaveLength(1);
  });
});

describe('smsDevProvider.check', () => {
  it('reports the balance', async () => {
    sim.setBalance(1200);
    expect(await provider.check()).toEqual({ ok: true, notice: { code: 'check_smsdev', params: { balance: '1200' }, detail: 'SALDO ATUAL' } });
  });

  it('a valid key with no balance → quota', async () => {
    sim.setBalance(0);
    expect(failure(await provider.check())).toMatchObject({ kind: 'quota', notice: { code: 'no_credits', params: { balance: '0' } } });
  });

  it('wrong key → config, the key kept out of the message', async () => {
    const wrong = smsDevProvider({ baseUrl: sim.url, key: 'WRONGKEY', timeoutMs: 5000 });
    try {
      expect(failure(await wrong.check())).toMatchObject({ kind: 'config', notice: { code: 'provider_said', detail: 'CHAVE KEY INVALIDA' } });
    } finally {
      await wrong.close();
    }
  });

  it('an HTML 502 → retryable, the key not in the message', async () => {
    sim.setFaults({ errorRate: 1 });
    try {
      const result = failure(await provider.check());
      expect(result).toMatchObject({ kind: 'retryable', status: 502 });
      expect(result.notice).toMatchObject({ code: 'http_status', params: { status: 502 }, detail: expect.stringContaining('502 Bad Gateway') });
    } finally {
      sim.setFaults({ errorRate: 0 });
    }
  });

  it('retryable when nothing listens', async () => {
    const down = smsDevProvider({ baseUrl: `http://127.0.0.1:${await freePort()}`, key: KEY, timeoutMs: 2000 });
    try {
      expect(failure(await down.check())).toMatchObject({ kind: 'retryable' });
      expect(failure(await down.send(sms('+5548999123456')))).toMatchObject({ kind: 'retryable' });
    } finally {
      await down.close();
    }
  });
});

describe('smsDevProvider fault modes', () => {
  registerFaultModeTests(() => ({ sim, provider: fast, message: sms('+5548999123456', 'teste') }));
});

describe('SMS Dev classification', () => {
  const words: [descricao: string, kind: string][] = [
    ['SALDO INSUFICIENTE', 'quota'],
    ['Sem créditos disponíveis', 'quota'],
    ['CHAVE KEY INVALIDA', 'config'],
    ['USUARIO BLOQUEADO', 'config'],
    ['TIPO DE SERVICO INVALIDO', 'config'],
    ['NUMERO INVALIDO', 'permanent'],
    ['MENSAGEM EM BRANCO', 'permanent'],
    ['qualquer outra coisa', 'permanent'],
  ];
  it.each(words)('%j → %s', (descricao, kind) => {
    expect(smsDevKind(descricao)).toBe(kind);
  });

  const response = (status: number, json: unknown, text = JSON.stringify(json)): HttpResponse => ({ status, headers: {}, text, json });

  it('reads the first element of an array answer', () => {
    const result = smsDevFailure(response(200, [{ situacao: 'ERRO', codigo: '9', descricao: 'SALDO INSUFICIENTE' }]), KEY, 'no_message_id');
    expect(result).toMatchObject({ kind: 'quota', code: '9', notice: { code: 'provider_said', detail: 'SALDO INSUFICIENTE' } });
  });

  it('situacao OK without an id → permanent, its descricao not read as an error', () => {
    const result = smsDevFailure(response(200, { situacao: 'OK', descricao: 'SALDO ATUAL' }), KEY, 'no_message_id');
    expect(result).toMatchObject({ kind: 'permanent', notice: { code: 'no_message_id', params: { provider: 'smsdev' }, detail: 'SALDO ATUAL' } });
  });

  it('a 2xx that is not JSON → permanent (fate unknown, not retried)', () => {
    expect(smsDevFailure(response(200, undefined, '<html>ok</html>'), KEY, 'no_message_id')).toMatchObject({ kind: 'permanent', status: 200 });
  });

  it('a 5xx with an ERRO body stays retryable; 401/404 → config', () => {
    expect(smsDevFailure(response(503, { situacao: 'ERRO', descricao: 'NUMERO INVALIDO' }), KEY, 'no_message_id')).toMatchObject({ kind: 'retryable' });
    expect(smsDevFailure(response(401, undefined, 'Unauthorized'), KEY, 'no_message_id')).toMatchObject({ kind: 'config' });
    expect(smsDevFailure(response(404, undefined, 'Not Found'), KEY, 'no_message_id')).toMatchObject({ kind: 'config' });
  });

  it('scrubs the key from an echoed answer', () => {
    const echoed = smsDevFailure(response(200, { situacao: 'ERRO', descricao: `CHAVE ${KEY} INVALIDA` }), KEY, 'no_message_id');
    expect(echoed.notice).toEqual({ code: 'provider_said', detail: 'CHAVE *** INVALIDA' });
  });
});
