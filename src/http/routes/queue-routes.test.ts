import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmsDevSimulator, startSmsDevSimulator } from '../../providers/sms/smsdev-sim.js';
import { drainChannel } from '../../queue/drain.js';
import { backends } from '../../test-support/databases.js';
import { type Method, openRouteApp, type Role, type RouteApp } from '../../test-support/route-app.js';
import { seedSmallIspWithContacts } from '../../test-support/seed.js';

const seed = seedSmallIspWithContacts;

describe.each(backends)('send, queue and logs API on $name', (backend) => {
  let t: RouteApp;
  let sms: SmsDevSimulator;

  beforeAll(async () => {
    sms = await startSmsDevSimulator({ key: 'chave-0001', balance: 1000 });
    t = await openRouteApp(backend, { seed });
  });
  afterAll(async () => {
    await t?.close();
    await sms?.close();
  });

  const call = (method: Method, url: string, payload?: unknown, who: Role = 'operator') => t.call(method, url, who, payload);

  it('plans, enqueues once per click, drains, and shows rows and logs with their dates', async () => {
    const integration = (
      await call('POST', '/api/integrations', { kind: 'smsdev', description: 'SMS', config: { baseUrl: sms.url }, secret: 'chave-0001' }, 'admin')
    ).json().integration;
    const message = (
      await call('POST', '/api/messages', { channel: 'sms', description: 'Queda', integrationId: integration.id, content: { text: 'Olá {{primeiro_nome}}' } }, 'admin')
    ).json().message;
    const filter = { nasIds: [1] };
    const plan = (await call('POST', '/api/sends/plan', { messageId: message.id, filter })).json();
    expect(plan).toMatchObject({ matched: 3, enqueue: 3, skipped: 0 });
    expect((await call('POST', '/api/sends', { messageId: message.id, filter }, 'viewer')).statusCode).toBe(403);
    const clicks = await Promise.all([1, 2].map(() => call('POST', '/api/sends', { messageId: message.id, filter, idempotencyKey: 'one-click-0001' })));
    expect(clicks.map((c) => c.statusCode)).toEqual([201, 201]);
    const batchId = clicks[0]!.json().batchId;
    expect(clicks.map((c) => c.json().batchId)).toEqual([batchId, batchId]);
    expect(clicks.filter((c) => c.json().replayed)).toHaveLength(1);

    const drained = await drainChannel(t.database.db, { channel: 'sms', secretKey: t.secretKey, owner: 't', budgetMs: 5000, maxAttempts: 2, signal: new AbortController().signal });
    expect(drained.sent).toBe(3);

    const batch = (await call('GET', `/api/batches/${batchId}`, undefined, 'viewer')).json().batch;
    expect(batch).toMatchObject({ enqueued: 3, states: { sent: 3, pending: 0 } });
    const items = await call('GET', `/api/batches/${batchId}/items?status=sent`, undefined, 'viewer');
    expect(items.statusCode).toBe(200);
    expect(items.json().items[0]).toMatchObject({ status: 'sent', finishedAt: expect.stringMatching(/^\d{4}-/) });
    // bigint ids as JSON numbers (node-postgres gives them as strings unless told otherwise: a 500 on PostgreSQL)
    const itemIds = items.json().items.map((i: { id: unknown }) => i.id);
    expect(itemIds).toEqual([expect.any(Number), expect.any(Number), expect.any(Number)]);
    expect((await call('GET', '/api/batches', undefined, 'viewer')).json().batches[0]).toMatchObject({ id: batchId, enqueued: 3 });

    const logs = await call('GET', `/api/logs?channel=sms&status=success&batchId=${batchId}`, undefined, 'viewer');
    expect(logs.statusCode).toBe(200);
    expect(logs.json()).toMatchObject({ total: 3 });
    expect(logs.json().rows[0]).toMatchObject({ success: true, contactDisplay: expect.stringMatching(/^\+55 \(48\) 9\d{4}-\d{4}$/), at: expect.stringMatching(/^\d{4}-/) });
    for (const row of logs.json().rows) expect(row).toMatchObject({ id: expect.any(Number), batchId, attempt: 1 });
    expect(logs.json().rows.map((r: { queueItemId: number }) => r.queueItemId).sort()).toEqual([...itemIds].sort());
    // a page with the total an earlier page was answered with: not counted again, the same rows
    const paged = await call('GET', `/api/logs?channel=sms&status=success&batchId=${batchId}&pageSize=2&page=2&knownTotal=7`, undefined, 'viewer');
    expect(paged.json()).toMatchObject({ total: 7 });
    expect(paged.json().rows).toEqual(logs.json().rows.slice(2));
    const negative = await call('GET', `/api/logs?channel=sms&knownTotal=-1`, undefined, 'viewer');
    expect([negative.statusCode, negative.json().error]).toMatchObject([400, { code: 'VALIDATION', field: 'knownTotal' }]);
    const byPhone = await call('GET', `/api/logs?contact=${encodeURIComponent(logs.json().rows[0].contactDisplay)}`, undefined, 'viewer');
    expect(byPhone.json().total).toBe(1);
    const csv = await call('GET', `/api/logs/export.csv?channel=sms`, undefined, 'viewer');
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('ID;ID cliente;Cliente;Tipo comunicação;Contato;Data envio;Status;Mensagem;ID mensagem no provedor;Tentativa;Lote;Item da fila;Entrega;Data entrega;Erro na entrega;Fallback');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/;SMS;\+55 \(48\) 9\d{4}-\d{4};\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d;Sucesso;/);
    const bad = await call('GET', '/api/logs?from=2026-11-25T00:00:00-03:00&to=2026-11-24T00:00:00-03:00', undefined, 'viewer');
    expect(bad.json().error).toMatchObject({ code: 'VALIDATION', field: 'to' });
  });

  it('cancels and re-queues through the API, writing the audit trail', async () => {
    const [message] = (await call('GET', '/api/messages?channel=sms', undefined, 'viewer')).json().messages;
    const sent = (await call('POST', '/api/sends', { messageId: message.id, filter: { nasIds: [2, 3] } })).json();
    const cancelled = await call('POST', `/api/batches/${sent.batchId}/cancel`, {});
    expect(cancelled.json()).toMatchObject({ cancelled: sent.enqueued, batch: { cancelledBy: 'operator' } });
    const requeued = await call('POST', `/api/batches/${sent.batchId}/requeue`, { status: 'failed' });
    expect(requeued.json()).toMatchObject({ requeued: 0, kept: 0 });
    const skipped = await call('GET', `/api/batches/${sent.batchId}/skipped.csv`, undefined, 'viewer');
    expect(skipped.statusCode).toBe(200);
    expect(skipped.headers['content-disposition']).toMatch(/lote-\d+-ignorados-\d{8}-\d{4}\.csv/);
  });
});
