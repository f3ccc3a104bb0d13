/**
 * GET /api/batches/:id/skipped: the recipients a real send skipped, with reason codes, paged by keyset, with the
 * totals by reason — on both databases; the CSV for people stays as it was.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { clients } from '../../db/schema/subscribers.js';
import { fillClientContacts } from '../../ingest/derived.js';
import { skipReasons } from '../../shared/vocabulary.js';
import { backends } from '../../test-support/databases.js';
import { openRouteApp, type Role, type RouteApp } from '../../test-support/route-app.js';
import { seedSmallIsp } from '../../test-support/seed.js';

/** Seven logins: Ana and Fábio reachable; Bruno shares Ana's phone, Fábio's second login his own (duplicates);
 * Carla refuses SMS, Diego has only a landline, Elisa no phone at all. */
const seed = async (db: Db) => {
  await seedSmallIsp(db);
  const set = (id: number, values: Partial<typeof clients.$inferInsert>) => db.update(clients).set(values).where(eq(clients.id, id));
  await set(2, { mobile: '(48) 99910-0000' });
  await set(3, { optOutSms: true });
  await set(4, { mobile: '(48) 3222-1100' });
  await set(5, { mobile: null, phone: null, whatsapp: null });
  await fillClientContacts(db);
};

describe.each(backends)('skipped recipients of a batch on $name', (backend) => {
  let t: RouteApp;
  let batchId = 0;
  let messageId = 0;

  beforeAll(async () => {
    t = await openRouteApp(backend, { seed });
    const integration = (
      await t.call('POST', '/api/integrations', 'admin', { kind: 'smsdev', description: 'SMS', config: {}, secret: 'chave-0001' })
    ).json().integration;
    const message = await t.call('POST', '/api/messages', 'admin', { channel: 'sms', description: 'Queda', integrationId: integration.id, content: { text: 'Olá' } });
    messageId = message.json().message.id;
    const sent = await t.call('POST', '/api/sends', 'operator', { messageId, filter: {} });
    expect(sent.json()).toMatchObject({ matched: 7, enqueued: 2, skipped: 5 });
    batchId = sent.json().batchId;
  });
  afterAll(async () => t?.close());

  const get = (url: string, who: Role = 'viewer') => t.call('GET', url, who);

  it('lists who was skipped with the contact as stored, a reason code, and the totals by reason', async () => {
    const res = await get(`/api/batches/${batchId}/skipped`);
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page).toMatchObject({
      total: 5,
      totals: { duplicate_in_batch: 2, opted_out: 1, landline: 1, no_mobile: 1 },
      next: null,
    });
    expect(Object.keys(page.totals).sort()).toEqual(['duplicate_in_batch', 'landline', 'no_mobile', 'opted_out']);
    const byLogin = [...page.rows].sort((a: { login: string }, b: { login: string }) => a.login.localeCompare(b.login));
    expect(byLogin).toEqual([
      { id: expect.any(Number), clientId: 2, clientName: 'Bruno Lima', loginId: 2, login: 'bruno.lima', contact: '+5548999100000', reason: 'duplicate_in_batch' },
      { id: expect.any(Number), clientId: 3, clientName: 'Carla Dias', loginId: 3, login: 'carla.dias', contact: '(48) 99912-0002', reason: 'opted_out' },
      { id: expect.any(Number), clientId: 4, clientName: 'Diego Alves', loginId: 4, login: 'diego.alves', contact: '(48) 3222-1100', reason: 'landline' },
      { id: expect.any(Number), clientId: 5, clientName: 'Elisa Rocha', loginId: 5, login: 'elisa.rocha', contact: null, reason: 'no_mobile' },
      { id: expect.any(Number), clientId: 6, clientName: 'Fábio Nunes', loginId: 7, login: 'fabio.nunes2', contact: '+5548999150005', reason: 'duplicate_in_batch' },
    ]);
    for (const row of page.rows) expect(skipReasons).toContain(row.reason);
    const ids = page.rows.map((r: { id: number }) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('pages by `after` until `next` is null, and filters by reason keeping the totals of the batch', async () => {
    const all = (await get(`/api/batches/${batchId}/skipped`)).json().rows;
    const seen: unknown[] = [];
    let after: number | null | undefined;
    let pages = 0;
    do {
      const page = (await get(`/api/batches/${batchId}/skipped?limit=2${after ? `&after=${after}` : ''}`)).json();
      expect(page.rows.length).toBeLessThanOrEqual(2);
      expect(page.total).toBe(5);
      seen.push(...page.rows);
      after = page.next;
      pages++;
    } while (after !== null && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(all);

    const duplicates = (await get(`/api/batches/${batchId}/skipped?reason=duplicate_in_batch`)).json();
    expect(duplicates.rows.map((r: { login: string }) => r.login).sort()).toEqual(['bruno.lima', 'fabio.nunes2']);
    expect(duplicates).toMatchObject({ total: 5, totals: { landline: 1 }, next: null });
  });

  it('answers an empty list for a batch that skipped nobody', async () => {
    const sent = await t.call('POST', '/api/sends', 'operator', { messageId, filter: { loginMatch: 'exact', login: 'ana.souza' }, idempotencyKey: 'ana-only-000001' });
    expect(sent.json()).toMatchObject({ enqueued: 0, skipped: 1 }); // Ana's row from the first batch is still pending
    const empty = await get(`/api/batches/${sent.json().batchId}/skipped?reason=landline`);
    expect(empty.json()).toEqual({ total: 1, totals: { already_pending: 1 }, rows: [], next: null });
  });

  it('refuses bad paging naming the field, an unknown batch with 404, and leaves the CSV for people as it was', async () => {
    for (const [query, field] of [
      ['limit=501', 'limit'],
      ['limit=0', 'limit'],
      ['after=-1', 'after'],
      ['reason=sem_motivo', 'reason'],
      ['colour=blue', 'colour'],
    ] as const) {
      const res = await get(`/api/batches/${batchId}/skipped?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'VALIDATION', field });
    }
    expect((await get('/api/batches/2147483000/skipped')).statusCode).toBe(404);
    expect((await get(`/api/batches/${batchId}/skipped?limit=500`)).statusCode).toBe(200);

    const csv = await get(`/api/batches/${batchId}/skipped.csv`);
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('ID cliente;Cliente;ID login;Login;Contato;Motivo');
    expect(lines).toHaveLength(6);
    expect(lines).toContain('4;Diego Alves;4;diego.alves;(48) 3222-1100;Somente telefone fixo');
  });
});
