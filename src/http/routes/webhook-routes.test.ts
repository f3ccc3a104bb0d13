/**
 * Configurações › Webhooks over HTTP: the secret is in the creation's answer and never again, plain http is saved
 * with a warning, only http(s) URLs and known events are accepted, Testar sends a signed ping at once, Reenviar
 * queues a failed delivery again, and only admins reach any of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test-support/databases.js';
import { openRouteApp, type RouteApp } from '../../test-support/route-app.js';
import { type Receiver, startReceiver } from '../../webhooks/receiver.test-support.js';
import { verifyWebhook } from '../../webhooks/sign.js';

describe.each(backends)('webhook routes on $name', (backend) => {
  let t: RouteApp;
  let receiver: Receiver;
  beforeAll(async () => {
    t = await openRouteApp(backend);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.close();
  });

  const create = (body: Record<string, unknown>) => t.call('POST', '/api/webhooks', 'admin', body);

  it('shows the secret once, never lists it, and warns about plain http', async () => {
    const res = await create({ url: receiver.url, description: 'ERP', events: ['batch.finished', 'integration.halted'] });
    expect(res.statusCode).toBe(201);
    const { endpoint, secret, warnings } = res.json();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(warnings).toEqual([expect.stringMatching(/plain http/)]);
    expect(endpoint).toMatchObject({ url: receiver.url, events: ['batch.finished', 'integration.halted'], active: true, createdBy: 'admin', lastDelivery: null });

    const list = await t.call('GET', '/api/webhooks', 'admin');
    expect(list.body).not.toContain(secret);
    expect(list.body).not.toContain(secret.slice(-12));
    expect(list.json().endpoints[0]).not.toHaveProperty('secret');

    const updated = await t.call('PUT', `/api/webhooks/${endpoint.id}`, 'admin', { url: 'https://erp.example.com/avisa', active: false });
    expect(updated.json()).toMatchObject({ endpoint: { url: 'https://erp.example.com/avisa', active: false }, warnings: [] });
    expect(updated.body).not.toContain(secret);
    const audit = await t.call('GET', '/api/audit', 'admin');
    expect(audit.body).toContain('webhook.create');
    expect(audit.body).not.toContain(secret);
  });

  it('refuses a URL that is not http(s), an unknown event and no event, naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ url: 'ftp://example.com/x', description: 'x', events: ['batch.finished'] }, 'url'],
      [{ url: 'javascript:alert(1)', description: 'x', events: ['batch.finished'] }, 'url'],
      [{ url: 'https://example.com', description: 'x', events: ['batch.started'] }, 'events.0'],
      [{ url: 'https://example.com', description: 'x', events: [] }, 'events'],
      [{ url: 'https://example.com', description: 'x', events: ['webhook.ping'] }, 'events.0'],
    ];
    for (const [body, field] of cases) {
      const res = await create(body);
      expect([res.statusCode, res.json().error.field], JSON.stringify(body)).toEqual([400, field]);
    }
    expect((await t.call('PUT', '/api/webhooks/2147483000', 'admin', { active: true })).statusCode).toBe(404);
  });

  it('Testar sends a signed webhook.ping now and answers with its delivery; Reenviar a failed one', async () => {
    const { endpoint, secret } = (await create({ url: receiver.url, description: 'NOC', events: ['integration.halted'], active: false })).json();
    receiver.received.length = 0;
    receiver.script([], 200);
    const ok = await t.call('POST', `/api/webhooks/${endpoint.id}/test`, 'admin', {});
    expect(ok.statusCode).toBe(200);
    expect(ok.json().delivery).toMatchObject({ endpointId: endpoint.id, event: 'webhook.ping', status: 'succeeded', attempts: 1, httpStatus: 200 });
    const [ping] = receiver.received;
    expect(JSON.parse(ping!.body)).toMatchObject({ event: 'webhook.ping', data: { endpointId: endpoint.id, requestedBy: 'admin' } });
    expect(verifyWebhook(secret, { signature: ping!.headers['x-avisa-signature'] as string, timestamp: ping!.headers['x-avisa-timestamp'] as string }, ping!.body)).toBe(true);

    receiver.script([500], 200);
    const failed = (await t.call('POST', `/api/webhooks/${endpoint.id}/test`, 'admin', {})).json().delivery;
    expect(failed).toMatchObject({ status: 'failed', httpStatus: 500, error: { code: 'http_status', params: { status: 500 } } });
    expect((await t.call('POST', `/api/webhooks/deliveries/${ok.json().delivery.id}/retry`, 'admin', {})).statusCode).toBe(409);
    const again = await t.call('POST', `/api/webhooks/deliveries/${failed.id}/retry`, 'admin', {});
    expect(again.statusCode).toBe(201);
    expect(again.json().delivery).toMatchObject({ eventId: failed.eventId, endpointId: endpoint.id, status: 'pending', attempts: 0 });

    const log = (await t.call('GET', `/api/webhooks/deliveries?endpointId=${endpoint.id}`, 'admin')).json();
    expect(log.rows.map((r: { status: string }) => r.status)).toEqual(['pending', 'failed', 'succeeded']);
    const failedOnly = (await t.call('GET', '/api/webhooks/deliveries?status=failed', 'admin')).json();
    expect(failedOnly.rows.map((r: { id: number }) => r.id)).toEqual([failed.id]);
    expect((await t.call('GET', '/api/webhooks/deliveries?status=lost', 'admin')).json().error.field).toBe('status');

    expect((await t.call('DELETE', `/api/webhooks/${endpoint.id}`, 'admin')).statusCode).toBe(204);
    expect((await t.call('GET', `/api/webhooks/deliveries?endpointId=${endpoint.id}`, 'admin')).json().total).toBe(0);
  });

  it('is for admins only', async () => {
    for (const who of ['operator', 'viewer'] as const) {
      expect((await t.call('GET', '/api/webhooks', who)).statusCode).toBe(403);
      expect((await t.call('POST', '/api/webhooks', who, { url: 'https://x.example', description: 'x', events: ['batch.finished'] })).statusCode).toBe(403);
      expect((await t.call('GET', '/api/webhooks/deliveries', who)).statusCode).toBe(403);
    }
  });
});
