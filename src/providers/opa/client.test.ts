import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collectPages, createOpaClient, type OpaClient } from './client.js';
import { OpaError } from './errors.js';
import { startOpaSimulator, type OpaSimulator } from './simulator.js';

const MAIN = '65a1f0c2b7e4d93a1c0f1a01'; // WhatsApp Suporte, dialog360, limit 1000
const SECOND = '65a1f0c2b7e4d93a1c0f1a02'; // WhatsApp Financeiro, facebook, no limit
const INACTIVE = '65a1f0c2b7e4d93a1c0f1a03';
const AVISO = '65a1f3d8b7e4d93a1c0f2b01'; // aviso_instabilidade: nome, bairro, previsao
const NORMALIZADO = '65a1f3d8b7e4d93a1c0f2b03'; // servico_normalizado: nome
const FATURA = '65a1f3d8b7e4d93a1c0f2b04'; // on SECOND
const TO = '+5548999123456';

let sim: OpaSimulator;
let client: OpaClient;

beforeAll(async () => {
  sim = await startOpaSimulator();
  // As a user would paste it: the web UI address and the token with "Bearer ".
  client = createOpaClient({ baseUrl: `${sim.url}/atendente/`, token: `Bearer ${sim.token}`, timeoutMs: 2000 });
});
afterAll(async () => {
  await client.close();
  await sim.close();
});
afterEach(() => {
  sim.sends.length = 0;
  sim.resetDay();
  sim.setDailyLimit(MAIN, 1000);
});

async function failure(promise: Promise<unknown>): Promise<OpaError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(OpaError);
  return error as OpaError;
}

const aviso = (overrides: Partial<Parameters<OpaClient['sendTemplate']>[0]> = {}) => ({
  to: TO,
  templateId: AVISO,
  channelId: MAIN,
  variables: ['Maria', 'Centro', '18h'],
  ref: 'row-1',
  ...overrides,
});

describe('Opa client: reading', () => {
  it('normalises the pasted address', () => {
    expect(client.baseUrl).toBe(sim.baseUrl);
  });

  it('lists channels with a GET carrying the paging body', async () => {
    const before = sim.requests.length;
    const channels = await client.listChannels();
    expect(channels.map((c) => c._id)).toEqual([MAIN, SECOND, INACTIVE]);
    expect(channels[0]).toMatchObject({ nome: 'WhatsApp Suporte', status: 'A', canal: 'Whatsapp', integracao: 'dialog360' });
    const request = sim.requests[before];
    expect(request).toMatchObject({ method: 'GET', path: '/api/v1/canal-comunicacao', body: { filter: {}, options: { limit: 100, skip: 0 } } });
    expect(sim.requests.length - before).toBe(1); // a short page ends the paging
  });

  it('lists a channel’s templates with parsed dados and placeholders', async () => {
    const templates = await client.listTemplates(MAIN);
    expect(templates.map((t) => t.atalho)).toEqual(['aviso_instabilidade', 'manutencao_programada', 'servico_normalizado']);
    const first = templates[0]!;
    expect(typeof first.dados).toBe('string');
    expect(first.meta).toEqual({ elementName: 'aviso_instabilidade', language: 'pt_BR', category: 'UTILITY', templateType: 'simpleTextTemplate' });
    expect(first.placeholders).toEqual(['nome', 'bairro', 'previsao']);
    expect(templates[1]!.placeholders).toEqual(['nome', 'data', 'horario']);
    expect((await client.listTemplates(SECOND)).map((t) => t._id)).toEqual([FATURA]);
  });

  it('reads the daily limit, or null when the channel has none', async () => {
    expect(await client.dailyLimit(MAIN)).toEqual({ messagesSent: 0, dailyLimit: 1000, availableAmount: 1000 });
    expect(await client.dailyLimit(SECOND)).toBeNull();
  });

  it('pages until a page brings nothing new, also when the server ignores skip', async () => {
    const items = Array.from({ length: 250 }, (_, i) => ({ _id: `id${i}` }));
    const honest = await collectPages(async (skip) => items.slice(skip, skip + 100));
    expect(honest).toHaveLength(250);
    let calls = 0;
    const ignoring = await collectPages(async () => {
      calls += 1;
      return items.slice(0, 100);
    });
    expect(ignoring).toHaveLength(100);
    expect(calls).toBe(2);
  });

  it('pages a long channel list from the simulator', async () => {
    const channels = Array.from({ length: 230 }, (_, i) => ({ _id: i.toString(16).padStart(24, '0'), nome: `Canal ${i}` }));
    const big = await startOpaSimulator({ seed: { channels } });
    const bigClient = createOpaClient({ baseUrl: big.baseUrl, token: big.token });
    try {
      expect(await bigClient.listChannels()).toHaveLength(230);
      expect(big.requests.map((r) => (r.body as { options: { skip: number } }).options.skip)).toEqual([0, 100, 200]);
    } finally {
      await bigClient.close();
      await big.close();
    }
  });
});

describe('Opa client: sending', () => {
  it('sends a template and the simulator records exactly what was sent', async () => {
    const result = await client.sendTemplate(aviso());
    expect(result.message).toBe('Template has been succesfully sent.');
    expect(result.messageSentId).toMatch(/^[0-9a-f]{24}$/);
    expect(sim.sends).toHaveLength(1);
    const send = sim.sends[0]!;
    expect(send.body).toEqual({
      contato: { canalCliente: TO },
      template: { _id: AVISO, variaveis: ['Maria', 'Centro', '18h'] },
      canal: MAIN,
      allowSendingToStartedCustomerService: false,
      metadata: { avisaRef: 'row-1' },
    });
    expect(send).toMatchObject({ channelId: MAIN, templateId: AVISO, atalho: 'aviso_instabilidade', to: TO, messageSentId: result.messageSentId });
    expect(send.text).toBe(
      'Olá Maria, identificamos uma instabilidade no serviço de internet na região Centro. Nossa equipe já está atuando. Previsão de normalização: 18h.',
    );
    expect(await client.dailyLimit(MAIN)).toEqual({ messagesSent: 1, dailyLimit: 1000, availableAmount: 999 });
  });

  it('wrong token → config', async () => {
    const bad = createOpaClient({ baseUrl: sim.baseUrl, token: 'wrong' });
    try {
      const error = await failure(bad.sendTemplate(aviso()));
      expect(error).toMatchObject({ kind: 'config', status: 401, message: 'Invalid token' });
      expect((await failure(bad.listChannels())).kind).toBe('config');
      expect(sim.sends).toHaveLength(0);
    } finally {
      await bad.close();
    }
  });

  it('unknown channel → config with Opa’s own words', async () => {
    const error = await failure(client.sendTemplate(aviso({ channelId: 'ffffffffffffffffffffffff' })));
    expect(error).toMatchObject({ kind: 'config', status: 404, code: 'NOT_FOUND_ERROR', message: 'Communication channel not found.' });
    expect((await failure(client.listTemplates('ffffffffffffffffffffffff'))).kind).toBe('config');
  });

  it('inactive channel and a template of another channel → config', async () => {
    expect((await failure(client.sendTemplate(aviso({ channelId: INACTIVE })))).kind).toBe('config');
    expect((await failure(client.sendTemplate(aviso({ channelId: SECOND })))).kind).toBe('config');
  });

  it('contact em atendimento → permanent; with the allow flag → sent', async () => {
    sim.setInAtendimento(TO, 'Ana (Suporte N1)');
    try {
      const error = await failure(client.sendTemplate(aviso()));
      expect(error).toMatchObject({ kind: 'permanent', status: 400, message: 'Este contato já está em atendimento com Ana (Suporte N1)' });
      await client.sendTemplate(aviso({ allowSendingToStartedCustomerService: true }));
      expect(sim.sends[0]!.allowSendingToStartedCustomerService).toBe(true);
      const allowing = createOpaClient({ baseUrl: sim.baseUrl, token: sim.token, allowSendingToStartedCustomerService: true });
      await allowing.sendTemplate(aviso()).finally(() => allowing.close());
      expect(sim.sends).toHaveLength(2);
    } finally {
      sim.endAtendimento(TO);
    }
  });

  it('wrong number of variables → permanent 132000', async () => {
    const error = await failure(client.sendTemplate(aviso({ variables: ['Maria', 'Centro'] })));
    expect(error).toMatchObject({ kind: 'permanent', status: 400, code: '132000' });
    expect(error.message).toContain('Number of parameters does not match');
  });

  it('newline or 4+ spaces in a variable → permanent 132018', async () => {
    for (const bad of ['Centro\nNorte', 'Centro    Norte', 'a\tb']) {
      const error = await failure(client.sendTemplate(aviso({ variables: ['Maria', bad, '18h'] })));
      expect(error).toMatchObject({ kind: 'permanent', code: '132018' });
    }
    expect(sim.sends).toHaveLength(0);
  });

  it('invalid number → permanent; a number not on WhatsApp → permanent 131026', async () => {
    for (const to of ['+554833334444', '5548999123456', '+1 555 0100']) {
      const error = await failure(client.sendTemplate(aviso({ to })));
      expect(error).toMatchObject({ kind: 'permanent', status: 400 });
      expect(error.message).toContain('canalCliente');
    }
    expect(await failure(client.sendTemplate(aviso({ to: '+5548999990000' })))).toMatchObject({ kind: 'permanent', code: '131026' });
  });

  it('daily limit runs out → quota, and the counter reflects the sends', async () => {
    sim.setDailyLimit(MAIN, 2);
    await client.sendTemplate(aviso({ ref: 'a' }));
    await client.sendTemplate({ to: TO, templateId: NORMALIZADO, channelId: MAIN, variables: ['João'], ref: 'b' });
    expect(await client.dailyLimit(MAIN)).toEqual({ messagesSent: 2, dailyLimit: 2, availableAmount: 0 });
    const error = await failure(client.sendTemplate(aviso({ ref: 'c' })));
    expect(error.kind).toBe('quota');
    expect(error.message).toMatch(/Limite diário/);
    expect(sim.sends.map((s) => (s.metadata as { avisaRef: string }).avisaRef)).toEqual(['a', 'b']);
    sim.resetDay();
    await client.sendTemplate(aviso({ ref: 'd' }));
    expect(await client.dailyLimit(MAIN)).toMatchObject({ messagesSent: 1 });
  });

  it('HTTP 200 with an error envelope is a failure, classified by its code', async () => {
    sim.setFaults({ envelopeError: true });
    try {
      const error = await failure(client.sendTemplate(aviso()));
      expect(error).toMatchObject({ kind: 'retryable', status: 200, code: '500' });
      expect(error.message).toMatch(/Erro interno/);
      expect((await failure(client.listChannels())).status).toBe(200);
      expect(sim.sends).toHaveLength(0);
    } finally {
      sim.setFaults({ envelopeError: false });
    }
  });

  it('an address that is not the API → config', async () => {
    const outside = createOpaClient({ baseUrl: `${sim.url}/x/api/v1`, token: sim.token });
    try {
      const error = await failure(outside.listChannels());
      expect(error).toMatchObject({ kind: 'config', status: 404, message: 'Cannot GET /x/api/v1/canal-comunicacao/' });
    } finally {
      await outside.close();
    }
  });

  it('never puts the token in an error', async () => {
    const secret = 'super-secret-token-123';
    const bad = createOpaClient({ baseUrl: sim.baseUrl, token: secret });
    try {
      const error = await failure(bad.sendTemplate(aviso()));
      expect(JSON.stringify({ ...error, message: error.message })).not.toContain(secret);
    } finally {
      await bad.close();
    }
  });
});
