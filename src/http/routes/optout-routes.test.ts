/**
 * Descadastros over HTTP on both databases: operators read, admins add (any phone format, named when invalid),
 * import (a bad row named, nothing stored), remove (kept, marked) and export; every change audited; a listed
 * contact is skipped as `opted_out` by a send and the preview says so, until removed; a marketing message reaches
 * only recorded consents (the preview says `no_consent` for the others), listed and revoked with who and when.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test-support/databases.js';
import { openRouteApp, type RouteApp } from '../../test-support/route-app.js';
import { seedSmallIspWithContacts } from '../../test-support/seed.js';

describe.each(backends)('descadastros API on $name', (backend) => {
  let t: RouteApp;
  let smsMessage = 0;
  beforeAll(async () => {
    t = await openRouteApp(backend, {
      seed: seedSmallIspWithContacts,
    });
    const integration = (await t.call('POST', '/api/integrations', 'admin', { kind: 'smsdev', description: 'SMS', config: {}, secret: 'chave-0001' })).json().integration;
    smsMessage = (await t.call('POST', '/api/messages', 'admin', { channel: 'sms', description: 'Queda', integrationId: integration.id, content: { text: 'Olá' } })).json().message.id;
  });
  afterAll(() => t.close());

  it('adds by any phone format, refuses what is not a mobile by field, and only admins change the list', async () => {
    const added = await t.call('POST', '/api/suppressions', 'admin', { channel: 'sms', contact: '(48) 99910-0000', note: 'pediu por telefone' });
    expect(added.statusCode).toBe(201);
    expect(added.json().entry).toMatchObject({ contact: '+5548999100000', contactDisplay: '+55 (48) 99910-0000', source: 'admin', createdBy: 'admin' });
    const again = await t.call('POST', '/api/suppressions', 'admin', { channel: 'sms', contact: '+55 48 99910 0000' });
    expect(again.json().entry.id).toBe(added.json().entry.id);
    const landline = await t.call('POST', '/api/suppressions', 'admin', { channel: 'sms', contact: '(48) 3222-0000' });
    expect(landline.statusCode).toBe(400);
    expect(landline.json().error.field).toBe('contact');
    expect((await t.call('POST', '/api/suppressions', 'operator', { channel: 'sms', contact: '48999100000' })).statusCode).toBe(403);
    expect((await t.call('GET', '/api/suppressions', 'operator')).json().total).toBe(1);
  });

  it('a listed contact is skipped as opted_out and shown so in the preview, until removed', async () => {
    const plan = (await t.call('POST', '/api/sends/plan', 'operator', { messageId: smsMessage, filter: { clientId: 1 } })).json();
    expect(plan.skipCounts).toMatchObject({ opted_out: 1 });
    const preview = (await t.call('POST', `/api/messages/${smsMessage}/preview`, 'operator', { login: 'ana.souza' })).json().preview;
    expect(preview.contact.problem).toBe('opted_out');
    const id = (await t.call('GET', '/api/suppressions', 'operator')).json().entries[0].id;
    const removed = await t.call('POST', `/api/suppressions/${id}/remove`, 'admin');
    expect(removed.json().entry).toMatchObject({ removedBy: 'admin', removedAt: expect.any(String) });
    expect((await t.call('POST', `/api/suppressions/${id}/remove`, 'admin')).statusCode).toBe(409);
    const after = (await t.call('POST', '/api/sends/plan', 'operator', { messageId: smsMessage, filter: { clientId: 1 } })).json();
    expect(after.skipCounts.opted_out ?? 0).toBe(0);
    // kept for the record
    expect((await t.call('GET', '/api/suppressions?removed=true', 'operator')).json().total).toBe(1);
    expect((await t.call('GET', '/api/suppressions', 'operator')).json().total).toBe(0);
  });

  it('imports many at once, naming a bad row and storing none of them; exports as CSV; audits every change', async () => {
    const bad = await t.call('POST', '/api/suppressions/import', 'admin', {
      entries: [
        { channel: 'whatsapp', contact: '48999110001' },
        { channel: 'email', contact: 'not-an-address' },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('entries.1.contact');
    expect((await t.call('GET', '/api/suppressions?channel=whatsapp', 'operator')).json().total).toBe(0);
    const ok = await t.call('POST', '/api/suppressions/import', 'admin', {
      entries: [
        { channel: 'whatsapp', contact: '48999110001' },
        { channel: 'whatsapp', contact: '+55 (48) 99911-0001' },
        { channel: 'email', contact: 'Ana@Example.com' },
      ],
    });
    expect(ok.json()).toEqual({ added: 2, alreadyListed: 0 });
    const csv = await t.call('GET', '/api/suppressions/export.csv', 'admin');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('+55 (48) 99911-0001');
    expect(csv.body).toContain('ana@example.com');
    expect(csv.body).toContain('Importação');
    const audit = (await t.call('GET', '/api/audit', 'admin')).json().entries.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['suppression.add', 'suppression.remove', 'suppression.import']));
  });

  it('a marketing message goes only to contacts with recorded consent; service notices need none', async () => {
    const integration = (await t.call('GET', '/api/integrations', 'admin')).json().integrations[0];
    const promo = (
      await t.call('POST', '/api/messages', 'admin', { channel: 'sms', description: 'Promoção', integrationId: integration.id, purpose: 'marketing', content: { text: 'Plano novo!' } })
    ).json().message;
    const none = (await t.call('POST', '/api/sends/plan', 'operator', { messageId: promo.id, filter: {} })).json();
    expect(none.enqueue).toBe(0);
    expect(none.skipCounts.no_consent).toBeGreaterThan(0);
    // the dialog's samples and Pré-visualizar say why, per recipient
    expect(none.samples.map((s: { contact: { problem: string } }) => s.contact.problem)).toContain('no_consent');
    expect((await t.call('POST', `/api/messages/${promo.id}/preview`, 'operator', { login: 'bruno.lima' })).json().preview.contact.problem).toBe('no_consent');
    const bad = await t.call('POST', '/api/consents', 'admin', { entries: [{ channel: 'sms', contact: '(48) 99912-0002' }, { channel: 'sms', contact: '123' }] });
    expect(bad.json().error.field).toBe('entries.1.contact');
    expect((await t.call('POST', '/api/consents', 'operator', { entries: [{ channel: 'sms', contact: '(48) 99912-0002' }] })).statusCode).toBe(403);
    const ok = await t.call('POST', '/api/consents', 'admin', { entries: [{ channel: 'sms', contact: '(48) 99912-0002', note: 'contrato assinado' }] });
    expect(ok.json()).toEqual({ added: 1, alreadyListed: 0 });
    const one = (await t.call('POST', '/api/sends/plan', 'operator', { messageId: promo.id, filter: {} })).json();
    expect(one.enqueue).toBe(1);
    // the service notice (no purpose set) still reaches everyone reachable
    expect((await t.call('POST', '/api/sends/plan', 'operator', { messageId: smsMessage, filter: {} })).json().enqueue).toBeGreaterThan(1);
    const preview = async (login: string) => (await t.call('POST', `/api/messages/${promo.id}/preview`, 'operator', { login })).json().preview.contact.problem;
    expect(await preview('carla.dias')).toBeNull();
    expect(await preview('bruno.lima')).toBe('no_consent');
    const id = (await t.call('GET', '/api/consents?channel=sms', 'operator')).json().entries[0].id;
    expect((await t.call('POST', `/api/consents/${id}/revoke`, 'admin')).json().entry.revokedBy).toBe('admin');
    expect((await t.call('POST', '/api/sends/plan', 'operator', { messageId: promo.id, filter: {} })).json().enqueue).toBe(0);
  });

  it('lists consents by contact (any phone format or part of an address), revoked ones only when asked, with who and when', async () => {
    await t.call('POST', '/api/consents', 'admin', {
      entries: [
        { channel: 'whatsapp', contact: '48999130003', note: 'site' },
        { channel: 'email', contact: 'Bruno@Example.com' },
      ],
    });
    const byPhone = (await t.call('GET', `/api/consents?contact=${encodeURIComponent('(48) 99913-0003')}`, 'operator')).json();
    expect(byPhone.entries).toEqual([expect.objectContaining({ channel: 'whatsapp', contactDisplay: '+55 (48) 99913-0003', note: 'site', createdBy: 'admin', revokedAt: null })]);
    expect((await t.call('GET', '/api/consents?contact=example', 'operator')).json().entries.map((e: { contact: string }) => e.contact)).toEqual(['bruno@example.com']);
    // the one revoked above (sms) is kept, listed only with revoked=true
    expect((await t.call('GET', '/api/consents?channel=sms', 'operator')).json().total).toBe(0);
    const all = (await t.call('GET', '/api/consents?channel=sms&revoked=true', 'operator')).json();
    expect(all.entries).toEqual([expect.objectContaining({ contact: '+5548999120002', revokedBy: 'admin', revokedAt: expect.any(String) })]);
    expect((await t.call('GET', '/api/consents?revoked=maybe', 'operator')).json().error.field).toBe('revoked');
    expect((await t.call('GET', '/api/consents', 'viewer')).statusCode).toBe(403);
  });
});
