import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpCall } from '../http.js';
import { startOpaSimulator, type OpaSimulator } from './simulator.js';

const MAIN = '65a1f0c2b7e4d93a1c0f1a01';
const SECOND = '65a1f0c2b7e4d93a1c0f1a02';
const NORMALIZADO = '65a1f3d8b7e4d93a1c0f2b03';
const http = createHttpClient({ timeoutMs: 2000 });

let sim: OpaSimulator;
beforeAll(async () => {
  sim = await startOpaSimulator({ token: 'tok-123' });
});
afterAll(async () => {
  await sim.close();
  await http.close();
});

const api = (method: HttpCall['method'], path: string, body?: unknown, token = 'tok-123') =>
  http.call({ method, url: `${sim.baseUrl}${path}`, body, headers: token ? { authorization: `Bearer ${token}` } : {} });
const ctl = (method: HttpCall['method'], path: string, body?: unknown) => http.call({ method, url: `${sim.url}/__sim/${path}`, body });
const sendBody = (to = '+5548988887777', extra: Record<string, unknown> = {}) => ({
  contato: { canalCliente: to },
  template: { _id: NORMALIZADO, variaveis: ['Ana'] },
  canal: MAIN,
  ...extra,
});

describe('Opa simulator API', () => {
  it('asks for the Bearer token, in the envelope style', async () => {
    expect(await api('GET', '/canal-comunicacao/', undefined, '')).toMatchObject({
      status: 401,
      json: { status: 'error', code: 401, description: 'Token not provided' },
    });
    expect((await api('GET', '/canal-comunicacao/', undefined, 'other')).json).toMatchObject({ description: 'Invalid token' });
  });

  it('filters and pages lists from the GET body, refusing unknown filter fields', async () => {
    const byIntegration = await api('GET', '/canal-comunicacao/', { filter: { integracao: 'facebook' }, options: { limit: 100 } });
    expect(byIntegration.json).toMatchObject({ status: 'success', code: 200, data: [{ _id: SECOND }] });
    expect((byIntegration.json as { data: unknown[] }).data).toHaveLength(1);
    const page = await api('GET', '/canal-comunicacao/', { filter: {}, options: { limit: 1, skip: 1 } });
    expect((page.json as { data: { _id: string }[] }).data.map((c) => c._id)).toEqual([SECOND]);
    expect(await api('GET', '/canal-comunicacao/', { filter: { cor: 'blue' } })).toMatchObject({
      status: 400,
      json: { description: "Field 'cor' is not allowed" },
    });
    const templates = await api('GET', '/template', { filter: { atalho: 'servico_normalizado' } });
    expect((templates.json as { data: object[] }).data).toEqual([
      expect.objectContaining({ _id: NORMALIZADO, atalho: 'servico_normalizado', tipo_mensagem: 'dialog360' }),
    ]);
  });

  it('answers single records populated, and Invalid ID / not found', async () => {
    expect((await api('GET', `/canal-comunicacao/${MAIN}`)).json).toMatchObject({
      data: { _id: MAIN, id_atendente: { nome: 'Bia (assistente virtual)' } },
    });
    expect(await api('GET', '/canal-comunicacao/uej2uHCH')).toMatchObject({ status: 400, json: { description: 'Invalid ID' } });
    expect(await api('GET', '/canal-comunicacao/ffffffffffffffffffffffff/template')).toMatchObject({
      status: 404,
      json: { error: 'NOT_FOUND_ERROR', message: 'Communication channel not found.' },
    });
  });

  it('serves dados as a JSON string with the Meta template fields', async () => {
    const { json } = await api('GET', `/canal-comunicacao/${MAIN}/template`, { filter: {}, options: { limit: 100 } });
    const first = (json as { data: { dados: string }[] }).data[0]!;
    expect(Object.keys(JSON.parse(first.dados))).toEqual([
      'element_name', 'id', 'namespace', 'idioma', 'category', 'templateType', 'headerContentType',
      'mediaType', 'title', 'midia', 'footer', 'buttonType', 'textButton1', 'textButton2', 'url',
    ]);
  });

  it('answers Express-style for paths and methods it does not have', async () => {
    expect(await api('GET', '/atendimento')).toMatchObject({ status: 404, text: 'Cannot GET /api/v1/atendimento' });
    expect(await api('DELETE', '/template/send')).toMatchObject({ status: 404, text: 'Cannot DELETE /api/v1/template/send' });
  });
});

describe('Opa simulator control API', () => {
  it('reads and clears recorded sends', async () => {
    expect((await api('POST', '/template/send', sendBody())).json).toMatchObject({ status: 'success' });
    const listed = await ctl('GET', 'sends');
    expect((listed.json as { sends: { to: string; text: string }[] }).sends.at(-1)).toMatchObject({
      to: '+5548988887777',
      text: expect.stringMatching(/^Olá Ana, o serviço de internet/),
    });
    const count = sim.sends.length;
    expect((await ctl('DELETE', 'sends')).json).toEqual({ deleted: count });
    expect(sim.sends).toHaveLength(0);
  });

  it('opens and ends an atendimento', async () => {
    await ctl('POST', 'atendimento', { phone: '+5548977776666' });
    expect((await api('POST', '/template/send', sendBody('+5548977776666'))).json).toMatchObject({
      description: 'Este contato já está em atendimento com Suporte N1',
    });
    await ctl('DELETE', 'atendimento', { phone: '+5548977776666' });
    expect((await api('POST', '/template/send', sendBody('+5548977776666'))).status).toBe(200);
    expect((await ctl('POST', 'atendimento', {})).status).toBe(400);
  });

  it('sets a daily limit and starts a new day', async () => {
    await ctl('POST', 'reset-day');
    expect((await ctl('POST', 'daily-limit', { channelId: SECOND, limit: 1 })).json).toEqual({ channelId: SECOND, limit: 1, sent: 0 });
    const toSecond = { contato: { canalCliente: '+5548988887777' }, template: { _id: '65a1f3d8b7e4d93a1c0f2b04', variaveis: ['Ana', '10/05', '99,90'] }, canal: SECOND };
    expect((await api('POST', '/template/send', toSecond)).status).toBe(200);
    expect(await api('POST', '/template/send', toSecond)).toMatchObject({ status: 400, json: { description: expect.stringMatching(/Limite diário/) } });
    expect((await api('GET', `/canal-comunicacao/${SECOND}/template/limites-diarios-envio`)).json).toMatchObject({
      data: { messagesSent: 1, dailyLimit: 1, availableAmount: 0 },
    });
    await ctl('POST', 'reset-day');
    expect((await api('POST', '/template/send', toSecond)).status).toBe(200);
    await ctl('POST', 'daily-limit', { channelId: SECOND, limit: null });
    expect((await api('GET', `/canal-comunicacao/${SECOND}/template/limites-diarios-envio`)).json).toMatchObject({ data: {} });
    expect((await ctl('POST', 'daily-limit', { channelId: 'nope', limit: 1 })).status).toBe(404);
    expect((await ctl('POST', 'daily-limit', { channelId: SECOND, limit: -1 })).status).toBe(400);
  });

  it('switches the envelopeError fault over HTTP', async () => {
    expect((await ctl('POST', 'opa-faults', { envelopeError: true })).json).toEqual({ envelopeError: true });
    expect(sim.faults.envelopeError).toBe(true);
    expect(await api('GET', '/canal-comunicacao/')).toMatchObject({ status: 200, json: { status: 'error', code: 500 } });
    await ctl('POST', 'opa-faults', { envelopeError: false });
    expect((await api('GET', '/canal-comunicacao/')).json).toMatchObject({ status: 'success' });
  });
});

describe('Opa simulator seeds', () => {
  it('loads a seed file, counts every placeholder occurrence and sends only through WhatsApp', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'opa-seed-'));
    const seedFile = join(dir, 'seed.json');
    await writeFile(
      seedFile,
      JSON.stringify({
        channels: [
          { _id: 'a'.repeat(24), nome: 'Zap', templates: [{ _id: 'b'.repeat(24), atalho: 't', texto: '{{nome}}, {{nome}}!' }] },
          { _id: 'c'.repeat(24), nome: 'Insta', canal: 'Instagram', templates: [{ _id: 'd'.repeat(24), atalho: 'i', texto: 'Oi' }] },
        ],
      }),
    );
    const custom = await startOpaSimulator({ seed: seedFile });
    try {
      const send = (canal: string, _id: string, variaveis: string[]) =>
        http.call({
          method: 'POST',
          url: `${custom.baseUrl}/template/send`,
          headers: { authorization: `Bearer ${custom.token}` },
          body: { contato: { canalCliente: '+5511987654321' }, template: { _id, variaveis }, canal },
        });
      expect((await send('a'.repeat(24), 'b'.repeat(24), ['Ana'])).json).toMatchObject({ data: { message: expect.stringContaining('(#132000)') } });
      expect((await send('a'.repeat(24), 'b'.repeat(24), ['Ana', 'Ana'])).status).toBe(200);
      expect(custom.sends[0]!.text).toBe('Ana, Ana!');
      expect((await send('c'.repeat(24), 'd'.repeat(24), [])).status).toBe(400);
    } finally {
      await custom.close();
      await rm(dir, { recursive: true });
    }
  });

  it('refuses an invalid seed with a readable message', async () => {
    await expect(startOpaSimulator({ seed: { channels: [{ _id: 'short', nome: 'x' }] } })).rejects.toThrow(/Invalid Opa simulator seed.*24-hex/s);
    await expect(startOpaSimulator({ seed: '/nonexistent/seed.json' })).rejects.toThrow(/Cannot read the Opa simulator seed/);
  });
});
