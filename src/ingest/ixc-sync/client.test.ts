import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIxcClient, type IxcClient, IxcError, listBody } from './client.js';
import { type IxcSimulator, startIxcSimulator } from './simulator.js';

const byId = { qtype: 'cliente.id', query: '0', oper: '>' as const, rp: 2, sortname: 'cliente.id', sortorder: 'asc' as const };
const fast = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };

describe('IXC webservice client against the simulator', () => {
  let sim: IxcSimulator;
  let client: IxcClient;
  beforeAll(async () => {
    sim = await startIxcSimulator({ seed: { logins: 5, seed: 3 } });
    client = createIxcClient({ baseUrl: sim.url, userId: sim.userId, token: sim.token, timeoutMs: 300, retry: fast });
  });
  afterAll(async () => {
    await client.close();
    await sim.close();
  });

  it('lists with POST, ixcsoft: listar, Basic id:token and a body of strings; reads {page, total, registros}', async () => {
    const page = await client.list('cliente', { ...byId, grid: [{ TB: 'cliente.ativo', OP: '=', P: 'S' }] });
    const active = sim.records('cliente').filter((c) => c.ativo === 'S');
    expect(page).toEqual({ page: 1, total: active.length, records: active.slice(0, 2) });
    expect(sim.requests.at(-1)).toEqual({
      method: 'POST',
      table: 'cliente',
      listar: true,
      body: { ...listBody(byId), grid_param: '[{"TB":"cliente.ativo","OP":"=","P":"S"}]' },
    });
    expect(listBody({ ...byId, rp: 5000 }).rp).toBe('1000');
    const none = await client.list('cliente', { ...byId, query: '999999' });
    expect(none).toEqual({ page: 1, total: 0, records: [] }); // IXC leaves `registros` out
  });

  it('a wrong token is a config error whose message holds no secret', async () => {
    const wrong = createIxcClient({ baseUrl: sim.url, userId: sim.userId, token: 'not-the-token-0123456789', retry: fast });
    const error = await wrong.list('cliente', byId).catch((e: unknown) => e);
    await wrong.close();
    expect(error).toMatchObject({ kind: 'config', status: 401 });
    expect(String((error as Error).message)).not.toContain('not-the-token');
  });

  it('IXC\'s error envelope, HTML fragment and unknown fields are permanent errors with IXC\'s words', async () => {
    await expect(client.list('cliente', { ...byId, qtype: 'cliente.cor' })).rejects.toMatchObject({
      kind: 'permanent',
      message: 'IXC refused to list cliente: Campo cliente.cor não existe na tabela cliente',
      notice: { code: 'ixc_refused_listing', params: { table: 'cliente' }, detail: 'Campo cliente.cor não existe na tabela cliente' },
    });
    sim.setFaults({ htmlError: true });
    await expect(client.list('cliente', byId)).rejects.toMatchObject({ kind: 'permanent', message: /sessão do webservice expirada/ });
    sim.setFaults({ htmlError: false });
    const elsewhere = createIxcClient({ baseUrl: `${sim.url}/outro`, userId: sim.userId, token: sim.token, retry: fast });
    await expect(elsewhere.list('cliente', byId)).rejects.toMatchObject({
      kind: 'config',
      status: 404,
      notice: { code: 'ixc_no_webservice', params: { table: 'cliente' } },
    });
    await elsewhere.close();
  });

  it('retries 429 (Retry-After), 5xx, resets and timeouts, then gives up as retryable', async () => {
    const retries: number[] = [];
    const patient = createIxcClient({
      baseUrl: sim.url,
      userId: sim.userId,
      token: sim.token,
      timeoutMs: 300,
      retry: fast,
      onRetry: (e) => retries.push(e.status ?? 0),
    });
    sim.setFaults({ burst429: 2, retryAfterSeconds: 0 });
    expect((await patient.list('cliente', byId)).records).toHaveLength(2);
    expect(retries).toEqual([429, 429]);
    sim.setFaults({ reset: true });
    await expect(patient.list('cliente', byId)).rejects.toMatchObject({
      kind: 'retryable',
      message: /Connection failed/,
      notice: { code: 'ixc_unreachable', detail: expect.stringMatching(/Connection failed/) },
    });
    sim.setFaults({ reset: false, hang: true });
    const hung = await patient.list('cliente', byId).catch((e: unknown) => e);
    sim.setFaults({ hang: false });
    expect(hung).toBeInstanceOf(IxcError);
    expect(hung).toMatchObject({ kind: 'retryable', message: /timeout/ });
    sim.setFaults({ failAfter: 0 });
    await expect(patient.list('cliente', byId)).rejects.toMatchObject({ kind: 'retryable', status: 503, notice: { code: 'ixc_http_status', params: { status: 503 } } });
    sim.setFaults({ failAfter: null });
    await patient.close();
  });

  it('refuses to send anything but a listing: a body without ixcsoft: listar would be an insert for IXC', async () => {
    const response = await fetch(`${sim.url}/webservice/v1/cliente`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${sim.userId}:${sim.token}`).toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ razao: 'x' }),
    });
    expect(await response.json()).toMatchObject({ type: 'error' });
    expect(sim.requests.at(-1)).toMatchObject({ listar: false });
  });
});
