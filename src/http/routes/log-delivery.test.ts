/**
 * GET /api/logs/:id/delivery over the real path, on both databases: a send drained through the Cloud API simulator,
 * Meta's signed status webhooks posted out of order (and one late), Zenvia's SMS callback on the fallback — then
 * each line's timeline: receipts in the provider's time order with when they came, the final status kept by the
 * strongest, a failure's code, and the fallback chain from either end. Unknown line 404, malformed id 400.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/database.js';
import { signPayload } from '../../providers/cloudapi/signature.js';
import { type CloudApiSimulator, startCloudApiSimulator } from '../../providers/cloudapi/simulator.js';
import { startZenviaSimulator, type ZenviaSimulator } from '../../providers/sms/zenvia-sim.js';
import { queueFallbacks } from '../../queue/fallback.js';
import { storeReceipts } from '../../receipts/receipts.js';
import { backends } from '../../test-support/databases.js';
import { openRouteApp, type RouteApp } from '../../test-support/route-app.js';
import { APP_SECRET, cloudMessage, drain, mobile, PHONE_NUMBER_ID, seed, TOKEN, WABA_ID } from './cloudapi.test-support.js';

interface Link {
  queueItemId: number;
  channel: string;
  state: string;
  log: { id: number; success: boolean } | null;
  delivery: { status: string } | null;
}
interface Timeline {
  id: number;
  success: boolean;
  queueItemId: number;
  delivery: { status: string; at: string; error: { detail?: string } | null } | null;
  events: { status: string; at: string; receivedAt: string; errorCode: string | null; errorTitle: string | null }[];
  replacedBy: Link | null;
  replaces: Link | null;
}

const statusesOf = (timeline: Timeline) => timeline.events.map((e) => e.status);

describe.each(backends)("a log line's delivery timeline on $name", (backend) => {
  let t: RouteApp;
  let sim: CloudApiSimulator;
  let zenvia: ZenviaSimulator;
  let zenviaPath = '';

  beforeAll(async () => {
    t = await openRouteApp(backend, { seed });
    // no webhook address: the test posts Meta's callbacks itself, in the order it means to
    sim = await startCloudApiSimulator({ token: TOKEN, appSecret: APP_SECRET, rejects: { [mobile(2)]: 131026 } });
    zenvia = await startZenviaSimulator();
    const admin = (url: string, payload: unknown) => t.call('POST', url, 'admin', payload);
    const cloud = await admin('/api/integrations', {
      kind: 'cloudapi',
      description: 'WhatsApp Meta',
      config: { phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID, baseUrl: sim.url },
      secret: TOKEN,
      appSecret: APP_SECRET,
    });
    const sms = (await admin('/api/integrations', { kind: 'zenvia', description: 'SMS Zenvia', config: { baseUrl: zenvia.url, from: 'Avisa' }, secret: 'zenvia-sim-token' })).json().integration.id;
    zenviaPath = (await t.call('GET', `/api/integrations/${sms}/zenvia/webhook`, 'admin')).json().path;
    const smsMessage = await admin('/api/messages', {
      channel: 'sms',
      description: 'Queda (SMS)',
      integrationId: sms,
      purpose: 'outage',
      content: { text: 'Instabilidade na sua regiao. Previsao: {{previsao}}.', freeFields: [{ key: 'previsao', label: 'Previsão' }] },
    });
    const message = await admin('/api/messages', { ...cloudMessage(cloud.json().integration.id), fallbackMessageId: smsMessage.json().message.id });
    expect(message.statusCode).toBe(201);
    await admin('/api/sends', { messageId: message.json().message.id, filter: {}, free: { previsao: '18h' } });
    expect(await drain(t, 'whatsapp')).toMatchObject({ sent: 5, failed: 1 });
  }, 60_000);
  afterAll(async () => {
    await zenvia?.close();
    await sim?.close();
    await t?.close();
  });

  /** The log line of a client's mobile on a channel (the successful attempt unless told otherwise). */
  const lineOf = async (channel: 'whatsapp' | 'sms', client: number, success = true): Promise<number> => {
    const rows = (await t.call('GET', `/api/logs?channel=${channel}&contact=${mobile(client)}`, 'viewer')).json().rows as { id: number; success: boolean }[];
    return rows.find((r) => r.success === success)!.id;
  };
  const timeline = async (id: number): Promise<Timeline> => {
    const res = await t.call('GET', `/api/logs/${id}/delivery`, 'viewer');
    expect(res.statusCode).toBe(200);
    return res.json().timeline;
  };
  /** The Unix second the simulator accepted a client's message, and its wamid. */
  const sendOf = (client: number) => {
    const send = sim.sends.find((s) => s.to === mobile(client))!;
    return { wamid: send.wamid, second: Math.floor(send.at.getTime() / 1000) };
  };
  /** One signed callback of Meta's with these statuses of a client's message (seconds after it was accepted). */
  const meta = async (client: number, ...statuses: [status: string, after: number, error?: number][]) => {
    const { wamid, second } = sendOf(client);
    const value = {
      metadata: { phone_number_id: PHONE_NUMBER_ID },
      statuses: statuses.map(([status, after, error]) => ({
        id: wamid,
        recipient_id: mobile(client),
        status,
        timestamp: String(second + after),
        ...(error ? { errors: [{ code: error, title: 'Message undeliverable' }] } : {}),
      })),
    };
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value }] }] });
    const res = await t.app.inject({ method: 'POST', url: '/webhooks/whatsapp', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signPayload(body, APP_SECRET) }, payload: body });
    expect(res.statusCode).toBe(200);
  };

  it('lists out-of-order receipts in time order; a late delivered joins the timeline and read stays final', async () => {
    const line = await lineOf('whatsapp', 1);
    await meta(1, ['read', 2]);
    await meta(1, ['sent', 0]);
    await expect.poll(async () => statusesOf(await timeline(line)), { timeout: 10_000 }).toEqual(['sent', 'read']);
    expect((await timeline(line)).delivery?.status).toBe('read');

    await meta(1, ['delivered', 3]); // the phone came back online: Meta reports delivered after read
    await expect.poll(async () => statusesOf(await timeline(line)), { timeout: 10_000 }).toEqual(['sent', 'read', 'delivered']);
    const after = await timeline(line);
    expect(after.delivery).toMatchObject({ status: 'read', at: new Date((sendOf(1).second + 2) * 1000).toISOString() });
    const [sent, read, delivered] = after.events;
    expect(sent!.at < read!.at && read!.at < delivered!.at).toBe(true);
    expect(Date.parse(delivered!.receivedAt)).toBeGreaterThan(Date.parse(read!.receivedAt));
    expect(sent!).toMatchObject({ errorCode: null, errorTitle: null });
    expect(after.replacedBy).toBeNull();

    // out of order within one callback too: each status of client 4 comes back in the provider's order
    const other = await lineOf('whatsapp', 4);
    await meta(4, ['read', 2], ['delivered', 1], ['sent', 0]);
    await expect.poll(async () => statusesOf(await timeline(other)), { timeout: 10_000 }).toEqual(['sent', 'delivered', 'read']);
  });

  it("shows a failure's code and the fallback SMS with its own status, from either line", async () => {
    const whatsapp = await lineOf('whatsapp', 3);
    await meta(3, ['failed', 1, 131026]);
    await meta(3, ['sent', 0]);
    await expect.poll(async () => (await timeline(whatsapp)).delivery?.status, { timeout: 10_000 }).toBe('failed');
    const failed = await timeline(whatsapp);
    expect(failed.events).toEqual([
      expect.objectContaining({ status: 'sent', errorCode: null }),
      expect.objectContaining({ status: 'failed', errorCode: '131026', errorTitle: 'Message undeliverable' }),
    ]);
    expect(failed.delivery?.error?.detail).toContain('131026');

    expect(await queueFallbacks(t.database.db, { timezone: 'America/Sao_Paulo' })).toEqual([expect.objectContaining({ enqueued: 2 })]);
    expect((await drain(t, 'sms')).sent).toBe(2);
    const sms = await lineOf('sms', 3);
    const [{ pmid } = { pmid: '' }] = await queryRows<{ pmid: string }>(t.database.db, sql`select provider_message_id as pmid from delivery_logs where id = ${sms}`);
    const zenviaStatus = { type: 'MESSAGE_STATUS', channel: 'sms', messageId: pmid, messageStatus: { timestamp: new Date(Date.now() + 5000).toISOString(), code: 'DELIVERED' } };
    expect((await t.app.inject({ method: 'POST', url: zenviaPath, payload: zenviaStatus })).statusCode).toBe(200);
    await expect.poll(async () => (await timeline(sms)).delivery?.status, { timeout: 10_000 }).toBe('delivered');

    // WhatsApp failed 131026 → SMS sent → SMS delivered, read from the WhatsApp line…
    expect((await timeline(whatsapp)).replacedBy).toEqual({
      queueItemId: (await timeline(sms)).queueItemId,
      channel: 'sms',
      state: 'sent',
      log: expect.objectContaining({ id: sms, success: true }),
      delivery: expect.objectContaining({ status: 'delivered' }),
    });
    // … and from the SMS line, whose own receipts include one not applied to its row yet (found by provider and id)
    await storeReceipts(t.database.db, [{ provider: 'zenvia', providerMessageId: pmid, status: 'sent', at: new Date() }]);
    const fromSms = await timeline(sms);
    expect(statusesOf(fromSms)).toEqual(['sent', 'delivered']);
    expect(fromSms.replaces).toMatchObject({ queueItemId: failed.queueItemId, channel: 'whatsapp', log: { id: whatsapp, success: true }, delivery: { status: 'failed' } });
    expect(fromSms.replacedBy).toBeNull();

    // refused at once (not on WhatsApp): no receipts, no final status, and its SMS all the same
    const refused = await timeline(await lineOf('whatsapp', 2, false));
    expect(refused).toMatchObject({ success: false, events: [], delivery: null, replacedBy: { channel: 'sms', state: 'sent', log: { success: true } } });
  });

  it('answers 404 for a line that does not exist and 400 naming the id for a malformed one; viewers read, strangers not', async () => {
    const unknown = await t.call('GET', '/api/logs/987654321/delivery', 'viewer');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatchObject({ code: 'NOT_FOUND' });
    for (const id of ['abc', '0', '-1', '1.5', '99999999999999999999']) {
      const bad = await t.call('GET', `/api/logs/${id}/delivery`, 'viewer');
      expect(bad.statusCode, id).toBe(400);
      expect(bad.json().error, id).toMatchObject({ code: 'VALIDATION', field: 'id' });
    }
    const line = await lineOf('whatsapp', 1);
    expect((await t.app.inject({ method: 'GET', url: `/api/logs/${line}/delivery` })).statusCode).toBe(401);
  });
});
