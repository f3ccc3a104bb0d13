/**
 * Opa! Suite's webhook, on both databases: Opa's event format is not documented, so the receiver reads the shapes
 * seen in the field (`messageSentId`, `message._id`, `data.messageSentId`, the send's own `metadata.avisaRef`) and
 * customers' replies (`5548…@c.us`). Statuses land in the Logs' Entrega, a customer's SAIR lists them, our own
 * messages never do, a wrong address is refused, and an admin sees the last bodies received.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/database.js';
import { type OpaSimulator, startOpaSimulator } from '../../providers/opa/simulator.js';
import { drainChannel } from '../../queue/drain.js';
import { opaFixture } from '../../queue/drain.test-support.js';
import { backends } from '../../test-support/databases.js';
import { openRouteApp, type RouteApp } from '../../test-support/route-app.js';
import { seedSmallIspWithContacts } from '../../test-support/seed.js';

const seed = seedSmallIspWithContacts;

describe.each(backends)("Opa! Suite's webhook on $name", (backend) => {
  let t: RouteApp;
  let sim: OpaSimulator;
  beforeAll(async () => {
    t = await openRouteApp(backend, { seed });
    sim = await startOpaSimulator();
  });
  afterAll(async () => {
    await sim?.close();
    await t?.close();
  });

  it('applies statuses by Opa id or by our row, lists a customer who answers SAIR, and refuses a wrong address', async () => {
    const fx = await opaFixture(t.database, sim);
    await fx.enqueue();
    await drainChannel(t.database.db, { channel: 'whatsapp', secretKey: fx.key, owner: 'test', budgetMs: 10_000, maxAttempts: 2, signal: new AbortController().signal });
    const rows = await queryRows<{ id: string; pmid: string; contact: string }>(
      t.database.db,
      sql`select id::text as id, provider_message_id as pmid, contact from queue_items where integration_id = ${fx.integrationId} and status = 'sent' order by id`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(4);
    const [a, b, c, d] = rows as [(typeof rows)[0], (typeof rows)[0], (typeof rows)[0], (typeof rows)[0]];

    const address = await t.call('GET', `/api/integrations/${fx.integrationId}/opa/webhook`, 'admin');
    expect(address.statusCode).toBe(200);
    const { path } = address.json() as { path: string };
    expect(path).toMatch(new RegExp(`^/webhooks/opa/${fx.integrationId}/[0-9a-f]{32}$`));
    expect((await t.call('GET', `/api/integrations/${fx.integrationId}/opa/webhook`, 'operator')).statusCode).toBe(403);
    const post = (url: string, body: unknown) => t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });

    expect((await post(path.replace(/[0-9a-f]{32}$/, '0'.repeat(32)), { messageSentId: a.pmid, status: 'entregue' })).statusCode).toBe(400);
    const events = [
      { messageSentId: a.pmid, status: 'entregue', timestamp: new Date().toISOString() },
      { data: { messageSentId: b.pmid, statusEnvio: { status: 'Lida' } } },
      { message: { _id: c.pmid, statusEnvio: { status: 'falha', observacao: 'Número sem WhatsApp' } } },
      { metadata: { avisaRef: d.id }, status: 'delivered' },
    ];
    for (const event of events) expect((await post(path, event)).statusCode).toBe(200);
    // a customer's SAIR (listed) and our own notice quoting the word (never)
    const customer = '5548999777001';
    expect((await post(path, { evento: 'mensagem', origem: 'cliente', message: { from: `${customer}@c.us`, text: 'SAIR' } })).statusCode).toBe(200);
    expect((await post(path, { message: { from: `${a.contact.slice(1)}@c.us`, text: 'Sair', fromMe: true } })).statusCode).toBe(200);

    await expect
      .poll(async () => {
        const logs = (await t.call('GET', `/api/logs?channel=whatsapp&pageSize=200`, 'admin')).json().rows as { contact: string; delivery: { status: string } | null }[];
        const byContact = new Map(logs.map((l) => [l.contact, l.delivery]));
        return [a, b, c, d].map((r) => byContact.get(r.contact)?.status);
      })
      .toEqual(['delivered', 'read', 'failed', 'delivered']);
    await expect
      .poll(async () => ((await t.call('GET', '/api/suppressions?channel=whatsapp', 'admin')).json().entries as { contact: string }[]).map((e) => e.contact))
      .toEqual([`+${customer}`]);

    const recent = (await t.call('GET', `/api/integrations/${fx.integrationId}/opa/webhook`, 'admin')).json().recent as { body: string; receipts: number; inbound: number }[];
    expect(recent).toHaveLength(events.length + 2);
    expect(recent[0]).toMatchObject({ receipts: 0, inbound: 0 });
    expect(recent[1]).toMatchObject({ receipts: 0, inbound: 1 });
    expect(recent.at(-1)!.body).toContain(a.pmid);
  });
});
