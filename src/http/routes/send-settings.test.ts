/**
 * Configurações › Envio over HTTP on both databases: everyone signed in reads the recent-notice guard, admins change
 * it (audited), bad input is a 400 naming the field, and a send then follows the new window. Meta's WhatsApp prices
 * start as the Brazil rates and are kept by a save that leaves them out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test-support/databases.js';
import { openRouteApp, type RouteApp } from '../../test-support/route-app.js';
import { seedSmallIspWithContacts } from '../../test-support/seed.js';

describe.each(backends)('send settings over HTTP on $name', (backend) => {
  let t: RouteApp;
  beforeAll(async () => {
    t = await openRouteApp(backend, {
      seed: seedSmallIspWithContacts,
    });
  });
  afterAll(() => t.close());

  it('starts from the defaults, which a viewer reads and only an admin changes, audited', async () => {
    expect((await t.call('GET', '/api/settings/send', 'viewer')).json()).toEqual({
      recentHours: 6,
      recentScope: 'message',
      quietStart: '21:00',
      quietEnd: '08:00',
      optOutWords: ['SAIR', 'PARAR', 'PARE', 'STOP'],
      optOutReply: expect.stringContaining('não receberá mais avisos'),
      whatsappPriceUtility: 0.0068,
      whatsappPriceMarketing: 0.0625,
      whatsappPriceAuthentication: 0.0068,
      whatsappCurrency: 'USD',
      updatedAt: null,
      updatedBy: null,
    });
    expect((await t.call('PUT', '/api/settings/send', 'operator', { recentHours: 1, recentScope: 'message' })).statusCode).toBe(403);
    const bad = await t.call('PUT', '/api/settings/send', 'admin', { recentHours: 200, recentScope: 'message' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('recentHours');
    const badClock = await t.call('PUT', '/api/settings/send', 'admin', { recentHours: 6, recentScope: 'message', quietStart: '25:00' });
    expect(badClock.json().error.field).toBe('quietStart');
    const quiet = await t.call('PUT', '/api/settings/send', 'admin', { recentHours: 6, recentScope: 'message', quietStart: '22:00', quietEnd: '07:00' });
    expect(quiet.json()).toMatchObject({ quietStart: '22:00', quietEnd: '07:00' });
    // a save that leaves the quiet hours out keeps them
    const saved = await t.call('PUT', '/api/settings/send', 'admin', { recentHours: 0, recentScope: 'purpose' });
    expect(saved.json()).toMatchObject({ recentHours: 0, recentScope: 'purpose', quietStart: '22:00', quietEnd: '07:00', updatedBy: 'admin' });
    const audit = await t.call('GET', '/api/audit', 'admin');
    expect(audit.json().entries.find((e: { action: string }) => e.action === 'settings.send')?.details).toMatchObject({
      recentHours: 0,
      recentScope: 'purpose',
    });
  });

  it("keeps Meta's prices per category and their currency; a wrong one is a 400 naming it", async () => {
    const guard = { recentHours: 0, recentScope: 'purpose' };
    const put = (body: Record<string, unknown>) => t.call('PUT', '/api/settings/send', 'admin', { ...guard, ...body });
    for (const [field, value] of [
      ['whatsappPriceUtility', -0.01],
      ['whatsappPriceMarketing', 10_000.01],
      ['whatsappPriceAuthentication', '0,0068'],
      ['whatsappCurrency', 'REAL'],
      ['whatsappCurrency', 'XYZ'],
      ['whatsappCurrency', 12],
    ] as const) {
      const bad = await put({ [field]: value });
      expect(bad.statusCode, `${field} = ${value}`).toBe(400);
      expect(bad.json().error.field).toBe(field);
    }
    expect((await t.call('GET', '/api/settings/send', 'viewer')).json()).toMatchObject({ whatsappPriceMarketing: 0.0625, whatsappCurrency: 'USD' });

    const saved = await put({ whatsappPriceUtility: 0.04, whatsappPriceMarketing: 0.35, whatsappPriceAuthentication: 0, whatsappCurrency: 'brl' });
    expect(saved.statusCode).toBe(200);
    const reais = { whatsappPriceUtility: 0.04, whatsappPriceMarketing: 0.35, whatsappPriceAuthentication: 0, whatsappCurrency: 'BRL' };
    expect(saved.json()).toMatchObject(reais);
    // a save that leaves the prices out keeps them; the send dialog (any signed-in user) reads them
    expect((await put({ quietStart: '22:00' })).json()).toMatchObject(reais);
    expect((await t.call('GET', '/api/settings/send', 'operator')).json()).toMatchObject(reais);
    expect((await t.call('PUT', '/api/settings/send', 'operator', { ...guard, whatsappPriceMarketing: 0 })).statusCode).toBe(403);
  });

  it('plans with the window in force, and tells whether the rows would leave', async () => {
    const integration = (await t.call('POST', '/api/integrations', 'admin', { kind: 'smsdev', description: 'SMS', config: {}, secret: 'chave-0001' }))
      .json().integration;
    const message = (await t.call('POST', '/api/messages', 'admin', { channel: 'sms', description: 'Queda', integrationId: integration.id, content: { text: 'Olá' } }))
      .json().message;
    const plan = (await t.call('POST', '/api/sends/plan', 'operator', { messageId: message.id, filter: {} })).json();
    expect(plan.recent).toEqual({ hours: 0, scope: 'purpose' });
    expect(plan.samples.length).toBeGreaterThan(0);
    expect(plan.length.sms).toMatchObject({ encoding: 'ucs2', segments: 1 });
    // no drain task of SMS exists on this installation
    expect(plan.readiness).toMatchObject({ ready: false, problems: ['no_drain_task'] });
    const readiness = (await t.call('GET', '/api/sends/readiness', 'viewer')).json();
    expect(readiness.channels.find((c: { channel: string }) => c.channel === 'sms')).toMatchObject({ drainProblem: 'no_drain_task', pending: 0 });
  });
});
