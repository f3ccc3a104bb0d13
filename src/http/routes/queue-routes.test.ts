import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../auth/users.js';
import { loadConfig } from '../../config/config.js';
import { type Database, openDatabase } from '../../db/index.js';
import { fillClientContacts } from '../../ingest/index.js';
import { type SmsDevSimulator, startSmsDevSimulator } from '../../providers/sms/smsdev-sim.js';
import { drainChannel } from '../../queue/drain.js';
import { seedSmallIsp } from '../../test-support/seed.js';
import { buildApp } from '../app.js';

type Who = { cookie: string; 'x-csrf-token': string };

describe('send, queue and logs API', () => {
  let database: Database;
  let app: FastifyInstance;
  let sms: SmsDevSimulator;
  const key = randomBytes(32);
  const as: Record<'admin' | 'operator' | 'viewer', Who> = {} as never;

  beforeAll(async () => {
    sms = await startSmsDevSimulator({ key: 'chave-0001', balance: 1000 });
    database = await openDatabase({ memory: true });
    await database.migrate();
    await seedSmallIsp(database.db);
    await fillClientContacts(database.db);
    app = await buildApp({ db: database.db, kind: database.kind, config: loadConfig({}), logger: false, webRoot: '/none', secretKey: key });
    for (const role of ['admin', 'operator', 'viewer'] as const) {
      await createUser(database.db, { username: role, name: role, role, password: 'correct horse battery' });
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: role, password: 'correct horse battery' } });
      as[role] = { cookie: `avisa_session=${res.cookies.find((c) => c.name === 'avisa_session')?.value}`, 'x-csrf-token': res.json().csrfToken };
    }
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await sms?.close();
  });

  const call = (method: 'GET' | 'POST', url: string, payload?: unknown, who: Who = as.operator) =>
    app.inject({ method, url, headers: who, ...(payload === undefined ? {} : { payload: payload as object }) });

  it('plans, enqueues once per click, drains, and shows rows and logs with their dates', async () => {
    const integration = (
      await call('POST', '/api/integrations', { kind: 'smsdev', description: 'SMS', config: { baseUrl: sms.url }, secret: 'chave-0001' }, as.admin)
    ).json().integration;
    const message = (
      await call('POST', '/api/messages', { channel: 'sms', description: 'Queda', integrationId: integration.id, content: { text: 'Olá {{primeiro_nome}}' } }, as.admin)
    ).json().message;
    const filter = { nasIds: [1] };
    const plan = (await call('POST', '/api/sends/plan', { messageId: message.id, filter })).json();
    expect(plan).toMatchObject({ matched: 3, enqueue: 3, skipped: 0 });
    expect((await call('POST', '/api/sends', { messageId: message.id, filter }, as.viewer)).statusCode).toBe(403);
    const clicks = await Promise.all([1, 2].map(() => call('POST', '/api/sends', { messageId: message.id, filter, idempotencyKey: 'one-click-0001' })));
    expect(clicks.map((c) => c.statusCode)).toEqual([201, 201]);
    const batchId = clicks[0]!.json().batchId;
    expect(clicks.map((c) => c.json().batchId)).toEqual([batchId, batchId]);
    expect(clicks.filter((c) => c.json().replayed)).toHaveLength(1);

    const drained = await drainChannel(database.db, { channel: 'sms', secretKey: key, owner: 't', budgetMs: 5000, maxAttempts: 2, signal: new AbortController().signal });
    expect(drained.sent).toBe(3);

    const batch = (await call('GET', `/api/batches/${batchId}`, undefined, as.viewer)).json().batch;
    expect(batch).toMatchObject({ enqueued: 3, states: { sent: 3, pending: 0 } });
    const items = await call('GET', `/api/batches/${batchId}/items?status=sent`, undefined, as.viewer);
    expect(items.statusCode).toBe(200);
    expect(items.json().items[0]).toMatchObject({ status: 'sent', finishedAt: expect.stringMatching(/^\d{4}-/) });

    const logs = await call('GET', `/api/logs?channel=sms&status=success&batchId=${batchId}`, undefined, as.viewer);
    expect(logs.statusCode).toBe(200);
    expect(logs.json()).toMatchObject({ total: 3 });
    expect(logs.json().rows[0]).toMatchObject({ success: true, contactDisplay: expect.stringMatching(/^\+55 \(48\) 9\d{4}-\d{4}$/), at: expect.stringMatching(/^\d{4}-/) });
    const byPhone = await call('GET', `/api/logs?contact=${encodeURIComponent(logs.json().rows[0].contactDisplay)}`, undefined, as.viewer);
    expect(byPhone.json().total).toBe(1);
    const csv = await call('GET', `/api/logs/export.csv?channel=sms`, undefined, as.viewer);
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('ID;ID cliente;Cliente;Tipo comunicação;Contato;Data envio;Status;Mensagem;ID mensagem no provedor;Tentativa;Lote;Item da fila');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/;SMS;\+55 \(48\) 9\d{4}-\d{4};\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d;Sucesso;/);
    const bad = await call('GET', '/api/logs?from=2026-11-25T00:00:00-03:00&to=2026-11-24T00:00:00-03:00', undefined, as.viewer);
    expect(bad.json().error).toMatchObject({ code: 'VALIDATION', field: 'to' });
  });

  it('cancels and re-queues through the API, writing the audit trail', async () => {
    const [message] = (await call('GET', '/api/messages?channel=sms', undefined, as.viewer)).json().messages;
    const sent = (await call('POST', '/api/sends', { messageId: message.id, filter: { nasIds: [2, 3] } })).json();
    const cancelled = await call('POST', `/api/batches/${sent.batchId}/cancel`, {});
    expect(cancelled.json()).toMatchObject({ cancelled: sent.enqueued, batch: { cancelledBy: 'operator' } });
    const requeued = await call('POST', `/api/batches/${sent.batchId}/requeue`, { status: 'failed' });
    expect(requeued.json()).toMatchObject({ requeued: 0, kept: 0 });
    const skipped = await call('GET', `/api/batches/${sent.batchId}/skipped.csv`, undefined, as.viewer);
    expect(skipped.statusCode).toBe(200);
    expect(skipped.headers['content-disposition']).toMatch(/lote-\d+-ignorados-\d{8}-\d{4}\.csv/);
  });
});
