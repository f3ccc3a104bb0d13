/**
 * Integration bodies are a union told apart by `kind`: each kind's settings are checked by that kind's schema and a
 * refusal names `config.<field>` (what the form maps back to its inputs); a change carries the saved kind, which
 * never changes; responses carry each kind's settings, never the secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test-support/databases.js';
import { type Method, openRouteApp, type RouteApp } from '../../test-support/route-app.js';

describe.each(backends)('integration kinds over HTTP on $name', (backend) => {
  let t: RouteApp;
  beforeAll(async () => {
    t = await openRouteApp(backend);
  });
  afterAll(async () => t?.close());

  const call = (method: Method, url: string, payload?: unknown) => t.call(method, url, 'admin', payload);
  const refusal = async (method: Method, url: string, payload: unknown) => {
    const res = await call(method, url, payload);
    expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    return res.json().error as { code: string; field?: string; message: string };
  };

  it("checks each kind's own settings and names the field as config.<field>", async () => {
    expect(await refusal('POST', '/api/integrations', { kind: 'smtp', description: 'E-mail', config: { from: 'a@b.c' } })).toMatchObject({
      code: 'VALIDATION',
      field: 'config.host',
    });
    // an Opa! Suite setting is not an SMTP one
    expect(
      await refusal('POST', '/api/integrations', { kind: 'smtp', description: 'E-mail', config: { host: 'smtp.x', from: 'a@b.c', url: 'https://x' } }),
    ).toMatchObject({ field: 'config.url' });
    expect(await refusal('POST', '/api/integrations', { kind: 'opa', description: 'Opa', config: { url: 'ftp://x' }, secret: 't' })).toMatchObject({
      field: 'config.url',
      message: expect.stringContaining('must start with https:// or http://'),
    });
    expect(await refusal('POST', '/api/integrations', { kind: 'zenvia', description: 'SMS', config: { from: 'P', baseUrl: 'nope' }, secret: 't' })).toMatchObject({
      field: 'config.baseUrl',
    });
    expect(await refusal('POST', '/api/integrations', { kind: 'telegram', description: 'T', config: {} })).toMatchObject({ field: 'kind' });
    expect(await refusal('POST', '/api/integrations/check', { kind: 'smsdev', description: 'S', config: { timeoutSeconds: 0 } })).toMatchObject({
      field: 'config.timeoutSeconds',
    });
  });

  it("answers each kind's settings normalised, and a change must name the saved kind", async () => {
    const created = await call('POST', '/api/integrations', {
      kind: 'opa',
      description: 'Opa Suporte',
      config: { url: 'suporte.provedor.com.br/atendente/' },
      secret: 'token-0123456789',
    });
    expect(created.statusCode).toBe(201);
    const opa = created.json().integration;
    expect(opa).toMatchObject({
      kind: 'opa',
      channel: 'whatsapp',
      config: { url: 'https://suporte.provedor.com.br/api/v1', insecureTls: false, allowSendingToStartedCustomerService: false, timeoutSeconds: 20 },
      secretHint: '6789',
    });
    expect(created.body).not.toContain('token-0123456789');

    expect(await refusal('PUT', `/api/integrations/${opa.id}`, { description: 'Sem tipo' })).toMatchObject({ field: 'kind' });
    expect(await refusal('PUT', `/api/integrations/${opa.id}`, { kind: 'smtp', config: { host: 'smtp.x', from: 'a@b.c' } })).toMatchObject({
      code: 'VALIDATION',
      field: 'kind',
    });
    expect(await refusal('PUT', `/api/integrations/${opa.id}`, { kind: 'opa', config: { url: '' } })).toMatchObject({ field: 'config.url' });
    // a new address without the token: the saved one is not sent there
    expect(await refusal('PUT', `/api/integrations/${opa.id}`, { kind: 'opa', config: { url: 'https://outro.example.com' } })).toMatchObject({
      code: 'SECRET_REQUIRED',
      field: 'secret',
    });

    const renamed = await call('PUT', `/api/integrations/${opa.id}`, { kind: 'opa', description: 'Opa Matriz', config: { url: opa.config.url, timeoutSeconds: 9 } });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().integration).toMatchObject({ description: 'Opa Matriz', config: { url: opa.config.url, timeoutSeconds: 9 }, hasSecret: true });
  });
});
