/**
 * The WhatsApp Cloud API end to end over real HTTP, on both databases: the integration (secrets in, never out),
 * Testar conexão and Buscar template against the simulator, a message on an approved template, a send drained
 * through the provider (each error class to its state), and Meta's signed status webhooks — out of order — turning
 * the log lines entregue / lida / falhou depois do envio. A bad or missing signature is refused and counted.
 */
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/database.js';
import { signPayload } from '../../providers/cloudapi/signature.js';
import { type CloudApiSimulator, startCloudApiSimulator } from '../../providers/cloudapi/simulator.js';
import { startZenviaSimulator, type ZenviaSimulator } from '../../providers/sms/zenvia-sim.js';
import { queueFallbacks } from '../../queue/fallback.js';
import { backends } from '../../test-support/databases.js';
import { openRouteApp, type RouteApp } from '../../test-support/route-app.js';
import { APP_SECRET, cloudMessage, drain as drainOn, mobile, PHONE_NUMBER_ID, seed, TOKEN, WABA_ID } from './cloudapi.test-support.js';

const VERIFY = 'verify-token-avisa-42';

describe.each(backends)('WhatsApp Cloud API integration, send and receipts on $name', (backend) => {
  let t: RouteApp;
  let sim: CloudApiSimulator;
  let zenvia: ZenviaSimulator;
  let base = '';
  let integrationId = 0;
  let messageId = 0;
  const rejects: Record<string, number> = {};
  const undeliverable: Record<string, number> = {};

  beforeAll(async () => {
    t = await openRouteApp(backend, { seed });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    sim = await startCloudApiSimulator({
      token: TOKEN,
      appSecret: APP_SECRET,
      webhookUrl: `${base}/webhooks/whatsapp`,
      outOfOrder: true,
      rejects,
      undeliverable,
      noReadReceipts: [mobile(4)],
    });
    zenvia = await startZenviaSimulator();
  });
  afterAll(async () => {
    await zenvia?.close();
    await sim?.close();
    await t?.close();
  });

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => t.call(method, url, 'admin', payload);
  const drain = (channel: 'whatsapp' | 'sms') => drainOn(t, channel);

  it('creates the integration with its token and webhook secrets, none of which ever comes back', async () => {
    const bad = await call('POST', '/api/integrations', {
      kind: 'cloudapi',
      description: 'Meta',
      config: { phoneNumberId: 'abc', wabaId: WABA_ID, baseUrl: sim.url },
      secret: TOKEN,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('config.phoneNumberId');

    const res = await call('POST', '/api/integrations', {
      kind: 'cloudapi',
      description: 'WhatsApp Meta',
      config: { phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID, baseUrl: sim.url, timeoutSeconds: 5 },
      secret: TOKEN,
      appSecret: APP_SECRET,
    });
    expect(res.statusCode).toBe(201);
    const integration = res.json().integration;
    integrationId = integration.id;
    expect(integration).toMatchObject({ kind: 'cloudapi', channel: 'whatsapp', ratePerSecond: 80, webhookSecrets: { appSecret: true, verifyToken: false } });
    // the verify token added later keeps the app secret
    const put = await call('PUT', `/api/integrations/${integrationId}`, { kind: 'cloudapi', verifyToken: VERIFY });
    expect(put.json().integration.webhookSecrets).toEqual({ appSecret: true, verifyToken: true });
    const all = (await call('GET', '/api/integrations')).body;
    for (const secret of [TOKEN, APP_SECRET, VERIFY]) {
      expect(res.body).not.toContain(secret);
      expect(put.body).not.toContain(secret);
      expect(all).not.toContain(secret);
    }
  });

  it('Testar conexão reads the number; Buscar template lists the approved templates with their category', async () => {
    const check = await call('POST', `/api/integrations/${integrationId}/check`);
    expect(check.json().result).toMatchObject({ ok: true, notice: { code: 'check_cloudapi', params: { quality: 'GREEN', limit: 'TIER_2K' } } });
    const templates = (await call('GET', `/api/integrations/${integrationId}/cloudapi/templates`)).json().templates;
    expect(templates).toContainEqual(expect.objectContaining({ name: 'aviso_instabilidade', language: 'pt_BR', category: 'UTILITY', parameters: 3 }));
    expect(templates).toContainEqual(expect.objectContaining({ name: 'promocao_fibra', category: 'MARKETING' }));
    const wrongToken = await call('POST', '/api/integrations/check', {
      id: integrationId,
      kind: 'cloudapi',
      description: 'WhatsApp Meta',
      config: { phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID, baseUrl: sim.url },
      secret: 'not-the-token',
    });
    expect(wrongToken.json().result).toMatchObject({ ok: false, kind: 'config', status: 401 });
    expect(wrongToken.body).not.toContain('not-the-token');
  });

  it("answers Meta's subscription check only with the verify token", async () => {
    const ok = await t.app.inject({ method: 'GET', url: `/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=1158201444` });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    const wrong = await t.app.inject({ method: 'GET', url: '/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).not.toContain('1158201444');
  });

  it('registers a message on an approved template, refusing the wrong language or provider by field', async () => {
    const message = cloudMessage(integrationId);
    const english = await call('POST', '/api/messages', { ...message, content: { ...message.content, language: 'en_US' } });
    expect(english.statusCode).toBe(400);
    expect(english.json().error).toMatchObject({ field: 'content.templateName' });
    const opaShape = await call('POST', '/api/messages', {
      ...message,
      content: { opaChannelId: '65a1f0c2b7e4d93a1c0f1a01', templateId: '65a1f3d8b7e4d93a1c0f2b01', variables: [] },
    });
    expect(opaShape.json().error).toMatchObject({ field: 'content.provider' });
    const twoOnly = await call('POST', '/api/messages', { ...message, content: { ...message.content, variables: message.content.variables.slice(0, 2) } });
    expect(twoOnly.json().error).toMatchObject({ field: 'content.variables' });

    const res = await call('POST', '/api/messages', message);
    expect(res.statusCode).toBe(201);
    messageId = res.json().message.id;
    expect(res.json().message.content).toMatchObject({ category: 'UTILITY', templateText: expect.stringContaining('{{3}}') });
    const preview = await call('POST', `/api/messages/${messageId}/preview`, { login: 'ana.souza', free: { previsao: '18h' } });
    expect(preview.json().preview.text).toBe('Olá Ana, identificamos uma instabilidade na região Centro. Previsão: 18h.');
  });

  it('sends, and the receipts — out of order — end in entregue, lida or falhou; each error class in its state', async () => {
    rejects[mobile(2)] = 131026; // not on WhatsApp: refused at once, eligible for SMS
    undeliverable[mobile(3)] = 131026; // accepted, then failed by webhook
    const sent = await call('POST', '/api/sends', { messageId, filter: {}, free: { previsao: '18h' } });
    expect(sent.statusCode).toBe(201);
    const run = await drain('whatsapp');
    expect(run).toMatchObject({ sent: 5, failed: 1 });
    expect(sim.sends.map((s) => s.parameters[0]).sort()).toEqual(['Ana', 'Carla', 'Diego', 'Elisa', 'Fábio']);
    await sim.settled();
    expect(sim.deliveries.every((d) => d.status === 200)).toBe(true);

    const status = async () => {
      const rows = await queryRows<{ contact: string; status: string; delivery_status: string | null; last_error_kind: string | null }>(
        t.database.db,
        sql`select contact, status, delivery_status, last_error_kind from queue_items where message_id = ${messageId} order by contact`,
      );
      return Object.fromEntries(rows.map((r) => [r.contact.slice(1), [r.status, r.delivery_status, r.last_error_kind]]));
    };
    await expect.poll(status, { timeout: 10_000 }).toEqual({
      [mobile(1)]: ['sent', 'read', null],
      [mobile(2)]: ['failed', 'failed', 'permanent'], // refused for good: WhatsApp will not reach them
      [mobile(3)]: ['sent', 'failed', null],
      [mobile(4)]: ['sent', 'delivered', null],
      [mobile(5)]: ['sent', 'read', null],
      [mobile(6)]: ['sent', 'read', null],
    });
    // a repeated (late) delivered does not downgrade read
    const again = sim.deliveries.find((d) => d.body.includes('"delivered"') && d.body.includes(mobile(1)))!.body;
    const repeat = await fetch(`${base}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signPayload(again, APP_SECRET) }, body: again });
    expect(repeat.status).toBe(200);

    const logs = (await call('GET', '/api/logs?channel=whatsapp&pageSize=20')).json().rows as { contact: string; success: boolean; delivery: { status: string; error: { detail?: string } | null } | null }[];
    const line = (client: number, success = true) => logs.find((r) => r.contact === `+${mobile(client)}` && r.success === success);
    expect(line(1)?.delivery?.status).toBe('read');
    expect(line(3)?.delivery).toMatchObject({ status: 'failed', error: { detail: expect.stringContaining('131026') } });
    expect(line(4)?.delivery?.status).toBe('delivered');
    expect(line(2, false)?.delivery).toBeNull();
    const read = (await call('GET', '/api/logs?channel=whatsapp&delivery=read')).json();
    expect(read.total).toBe(3);
    const csv = (await call('GET', '/api/logs/export.csv?channel=whatsapp')).body;
    expect(csv).toContain('Lida');
    expect(csv).toContain('Falhou depois do envio');
    await expect.poll(async () => (await status())[mobile(1)]).toEqual(['sent', 'read', null]);
  });

  it('refuses and counts a callback with a wrong or missing signature, and changes nothing', async () => {
    const before = (await call('GET', '/api/webhooks/whatsapp/stats')).json();
    const forged = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ changes: [{ field: 'messages', value: { metadata: { phone_number_id: PHONE_NUMBER_ID }, statuses: [{ id: sim.sends[0]!.wamid, status: 'failed', timestamp: '1', recipient_id: '1' }] } }] }],
    });
    const wrong = await fetch(`${base}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signPayload(forged, 'not-the-secret') }, body: forged });
    expect(wrong.status).toBe(400);
    const missing = await fetch(`${base}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: forged });
    expect(missing.status).toBe(400);
    const after = (await call('GET', '/api/webhooks/whatsapp/stats')).json();
    expect(after.refused - before.refused).toBe(2);
    const [row] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from delivery_events where provider_message_id = ${sim.sends[0]!.wamid} and status = 'failed'`);
    expect(row!.n).toBe(0);
    expect((await t.call('GET', '/api/webhooks/whatsapp/stats', 'operator')).statusCode).toBe(403);
  });

  it('falls back to SMS exactly once for those WhatsApp did not reach, never for the delivered or read', async () => {
    const sms = await call('POST', '/api/integrations', { kind: 'zenvia', description: 'SMS Zenvia', config: { baseUrl: zenvia.url, from: 'Avisa' }, secret: 'zenvia-sim-token' });
    expect(sms.statusCode).toBe(201);
    const smsMessage = await call('POST', '/api/messages', {
      channel: 'sms',
      description: 'Queda (SMS)',
      integrationId: sms.json().integration.id,
      purpose: 'outage',
      content: { text: 'Provedor: instabilidade na sua regiao. Previsao: {{previsao}}.', freeFields: [{ key: 'previsao', label: 'Previsão' }] },
    });
    expect(smsMessage.statusCode).toBe(201);
    const smsId = smsMessage.json().message.id;
    const wa = (await call('GET', `/api/messages/${messageId}`)).json().message;
    const { id: _id, integrationDescription: _d, createdBy: _c, createdAt: _a, updatedAt: _u, ...input } = wa;
    // a fallback of the same channel, or one needing a free field this message lacks, is refused by field
    const sameChannel = await call('PUT', `/api/messages/${messageId}`, { ...input, fallbackMessageId: messageId });
    expect(sameChannel.json().error.field).toBe('fallbackMessageId');
    const saved = await call('PUT', `/api/messages/${messageId}`, { ...input, fallbackMessageId: smsId });
    expect(saved.statusCode).toBe(200);

    // two schedulers' passes at once (every process runs it): one queues, the other finds nothing left to do
    const [one, two] = await Promise.all([queueFallbacks(t.database.db, { timezone: 'America/Sao_Paulo' }), queueFallbacks(t.database.db, { timezone: 'America/Sao_Paulo' })]);
    expect([...one, ...two]).toEqual([expect.objectContaining({ fallbackMessageId: smsId, enqueued: 2 })]);
    expect(await queueFallbacks(t.database.db, { timezone: 'America/Sao_Paulo' })).toEqual([]);
    expect((await drain('sms')).sent).toBe(2);
    expect(zenvia.sends.map((s) => s.to).sort()).toEqual([mobile(2), mobile(3)]);
    expect(zenvia.sends[0]!.text).toContain('Previsao: 18h');
    // the chain: each SMS row names the WhatsApp row it replaces
    const chain = await queryRows<{ contact: string; wa_status: string; wa_delivery: string | null; sms_status: string }>(
      t.database.db,
      sql`select w.contact, w.status as wa_status, w.delivery_status as wa_delivery, s.status as sms_status
        from queue_items s join queue_items w on w.id = s.fallback_of where s.message_id = ${smsId} order by w.contact`,
    );
    // … and the log lines say so: the WhatsApp line names its SMS, the SMS line the WhatsApp it replaced
    const waLogs = (await call('GET', `/api/logs?channel=whatsapp&contact=${mobile(3)}`)).json().rows;
    expect(waLogs[0].fallback).toEqual({ replacedBy: 'sms', replaces: null });
    const smsLogs = (await call('GET', '/api/logs?channel=sms')).json().rows;
    expect(smsLogs.map((r: { fallback: unknown }) => r.fallback)).toEqual([{ replacedBy: null, replaces: 'whatsapp' }, { replacedBy: null, replaces: 'whatsapp' }]);
    expect(chain.map((r) => [r.contact.slice(1), r.wa_status, r.wa_delivery, r.sms_status])).toEqual([
      [mobile(2), 'failed', 'failed', 'sent'],
      [mobile(3), 'sent', 'failed', 'sent'],
    ]);

    // Zenvia reports the SMS: delivered for one, not delivered for the other; a reply PARE opts out of SMS
    const sms2 = sms.json().integration.id;
    const { path } = (await call('GET', `/api/integrations/${sms2}/zenvia/webhook`)).json();
    const ids = await queryRows<{ pmid: string; contact: string }>(t.database.db, sql`select provider_message_id as pmid, contact from queue_items where message_id = ${smsId} order by contact`);
    const status = (pmid: string, code: string) => ({ id: 'e', type: 'MESSAGE_STATUS', channel: 'sms', messageId: pmid, messageStatus: { timestamp: new Date().toISOString(), code, causes: code === 'NOT_DELIVERED' ? [{ channelErrorCode: '005', reason: 'Número inexistente' }] : [] } });
    const post = (url: string, body: unknown) => fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post(path.replace(/[0-9a-f]{32}$/, '0'.repeat(32)), status(ids[0]!.pmid, 'DELIVERED'))).status).toBe(400);
    expect((await post(path, status(ids[0]!.pmid, 'DELIVERED'))).status).toBe(200);
    expect((await post(path, [status(ids[1]!.pmid, 'SENT'), status(ids[1]!.pmid, 'NOT_DELIVERED')])).status).toBe(200);
    expect((await post(path, { type: 'MESSAGE', direction: 'IN', message: { from: mobile(3), contents: [{ type: 'text', text: 'pare' }] } })).status).toBe(200);
    await expect
      .poll(async () => (await call('GET', '/api/logs?channel=sms')).json().rows.map((r: { contact: string; delivery: { status: string } | null }) => [r.contact, r.delivery?.status]).sort())
      .toEqual([[`+${mobile(2)}`, 'delivered'], [`+${mobile(3)}`, 'failed']]);
    await expect.poll(async () => (await call('GET', '/api/suppressions?channel=sms')).json().entries.map((e: { contact: string }) => e.contact)).toEqual([`+${mobile(3)}`]);

    // with a time limit, a row with no receipt in that time falls back too; the delivered and read still never do
    await call('PUT', `/api/messages/${messageId}`, { ...input, fallbackMessageId: smsId, fallbackAfterMinutes: 5 });
    expect(await queueFallbacks(t.database.db, { timezone: 'America/Sao_Paulo' })).toEqual([]);
    await t.database.db.execute(sql`update queue_items set delivery_status = null, finished_at = now() - interval '6 minutes'
      where message_id = ${messageId} and contact = ${`+${mobile(1)}`}`);
    expect(await queueFallbacks(t.database.db, { timezone: 'America/Sao_Paulo' })).toEqual([expect.objectContaining({ enqueued: 1 })]);
    expect(await queueFallbacks(t.database.db, { timezone: 'America/Sao_Paulo' })).toEqual([]);
  });

  it('a subscriber who answers SAIR is listed, gets a confirmation, and the next send skips them', async () => {
    const before = sim.sends.length;
    const inbound = await fetch(`${sim.url}/__sim/inbound`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: mobile(5), text: ' Sair ' }) });
    expect(inbound.status).toBe(200);
    const other = await fetch(`${sim.url}/__sim/inbound`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: mobile(6), text: 'quando volta a internet?' }) });
    expect(other.status).toBe(200);
    await sim.settled();
    await expect.poll(() => sim.texts.map((x) => x.to)).toEqual([mobile(5)]);
    expect(sim.texts[0]!.text).toContain('não receberá mais avisos');
    const listed = (await call('GET', '/api/suppressions?channel=whatsapp')).json();
    expect(listed.entries).toEqual([expect.objectContaining({ contact: `+${mobile(5)}`, source: 'keyword', note: 'Sair', createdBy: 'assinante' })]);

    const sent = await call('POST', '/api/sends', { messageId, filter: {}, free: { previsao: '20h' }, repeatRecent: true, repeatReason: 'teste' });
    expect(sent.json().skipCounts).toMatchObject({ opted_out: 1 });
    const rows = await queryRows<{ contact: string }>(t.database.db, sql`select contact from queue_items where batch_id = ${sent.json().batchId}`);
    expect(rows.map((r) => r.contact)).not.toContain(`+${mobile(5)}`);
    expect(rows.map((r) => r.contact)).toContain(`+${mobile(6)}`);
    expect(sim.sends.length).toBe(before);
  });
});
