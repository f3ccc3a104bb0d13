/**
 * Incidentes over HTTP on both databases: settings (admins only, bad messages refused naming the field), the list
 * and an incident's actions by role, the notices they queue, the report filtered by an incident, the lookup (by
 * login, phone, CPF; rate limited) and the monitoring webhook (opened, repeated, recovered, unknown element).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/database.js';
import { drainAll, type IncidentFixture, incidentFixture } from '../../incidents/fixtures.test-support.js';
import { runIncidentPass } from '../../incidents/lifecycle.js';
import { noticeText } from '../../shared/notice-text.js';
import { backends } from '../../test-support/databases.js';
import { openRouteApp, type RouteApp } from '../../test-support/route-app.js';

const TZ = 'America/Sao_Paulo';
const rule = { minShare: 60, minCount: 4, windowSeconds: 180, holdDownSeconds: 120, autoConfirmSeconds: null, restoreShare: 90, restoreSeconds: 300, closeAfterSeconds: 1800 };

describe.each(backends)('Incidentes over HTTP on $name', (backend) => {
  let t: RouteApp;
  let fx: IncidentFixture;
  beforeAll(async () => {
    t = await openRouteApp(backend, {
      seed: async (db) => {
        fx = await incidentFixture(db, randomBytes(32), 'segredo', 100);
      },
    });
  });
  afterAll(() => t.close());

  const drop = async (box: number, count: number) => {
    await t.database.db.execute(sql`update logins set online = 'N', session_ended_at = now() - interval '3 minutes'
        where ftth_box_id = ${box} and id in (select id from logins where ftth_box_id = ${box} order by id limit ${count})`);
    await runIncidentPass(t.database.db, { timezone: TZ });
  };

  it('settings: everyone reads the defaults, only an admin sets a kind, and a message an incident cannot fill is refused', async () => {
    const defaults = (await t.call('GET', '/api/settings/incidents', 'viewer')).json();
    expect(defaults.rules.find((r: { kind: string }) => r.kind === 'box')).toMatchObject({ minShare: 60, minCount: 4, custom: false });
    const messages = { start: [fx.messages.start], update: [fx.messages.update], restored: [fx.messages.restored] };
    expect((await t.call('PUT', '/api/settings/incidents', 'operator', { kind: 'box', rule, messages })).statusCode).toBe(403);
    const [other] = await queryRows<{ id: number }>(
      t.database.db,
      sql`insert into messages (channel, description, integration_id, content)
          select channel, 'Com campo livre', integration_id, jsonb_set(content, '{freeFields}', '[{"key":"motivo","label":"Motivo","required":true}]')
            from messages where id = ${fx.messages.start} returning id`,
    );
    const bad = await t.call('PUT', '/api/settings/incidents', 'admin', { kind: 'box', rule, messages: { ...messages, start: [other!.id] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ field: 'messages.start.0' });
    expect(bad.json().error.message).toContain('motivo');
    const wrongShare = await t.call('PUT', '/api/settings/incidents', 'admin', { kind: 'box', rule: { ...rule, minShare: 0 }, messages });
    expect(wrongShare.json().error.field).toBe('rule.minShare');
    const saved = await t.call('PUT', '/api/settings/incidents', 'admin', { kind: 'box', rule, messages });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().messages.box).toEqual(messages);
    expect(saved.json().rules.find((r: { kind: string }) => r.kind === 'box')).toMatchObject({ custom: true });
  });

  it('a box drop is listed open first; operators confirm with an ETA and the início is queued; viewers cannot act', async () => {
    await drop(101, 8);
    const list = (await t.call('GET', '/api/incidents?open=true', 'viewer')).json();
    expect(list.total).toBe(1);
    const [incident] = list.incidents;
    expect(incident).toMatchObject({ kind: 'box', elementName: 'CTO-101', state: 'suspected', protocol: `INC-${String(incident.id).padStart(6, '0')}` });
    expect(incident.counts).toEqual({ affected: 8, stillOffline: 8, back: 0, notified: 0, restoredNotices: 0 });

    expect((await t.call('POST', `/api/incidents/${incident.id}/confirm`, 'viewer', {})).statusCode).toBe(403);
    const eta = '2026-12-05T18:00:00-03:00';
    const confirmed = await t.call('POST', `/api/incidents/${incident.id}/confirm`, 'operator', { eta, note: 'Rompimento na Rua 7' });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ enqueued: 8, incident: { state: 'confirmed', confirmedBy: 'operator', note: 'Rompimento na Rua 7' } });
    expect(confirmed.json().incident.counts.notified).toBe(8);
    expect((await t.call('POST', `/api/incidents/${incident.id}/confirm`, 'operator', {})).statusCode).toBe(409);

    // the report, filtered by the incident, lists exactly its logins
    const report = (await t.call('POST', '/api/report/logins/query', 'viewer', { filter: { incident: { id: incident.id } } })).json();
    expect(report.total).toBe(8);

    // an atualização goes only to those told (none yet: the início is still queued), then to the 8
    const early = await t.call('POST', `/api/incidents/${incident.id}/update`, 'operator', { eta: '2026-12-05T20:00:00-03:00' });
    expect(early.json()).toMatchObject({ enqueued: 0 });
    await drainAll(t.database.db);
    const later = await t.call('POST', `/api/incidents/${incident.id}/update`, 'operator', { note: 'Equipe no local' });
    expect(later.json()).toMatchObject({ enqueued: 8, incident: { note: 'Equipe no local' } });
    const timeline = (await t.call('GET', `/api/incidents/${incident.id}/timeline`, 'viewer')).json().events;
    expect(timeline.map((e: { kind: string }) => e.kind)).toEqual(['opened', 'confirmed', 'notice', 'eta', 'note', 'notice']);
  });

  it('the lookup answers by login, phone and CPF, refuses bad input naming the field, and is rate limited', async () => {
    const byLogin = (await t.call('GET', '/api/incidents/lookup?login=b101-1', 'viewer')).json();
    expect(byLogin.incidents).toEqual([expect.objectContaining({ elementName: 'CTO-101', eta: '2026-12-05T23:00:00.000Z', logins: [{ login: 'b101-1', back: false }] })]);
    expect((await t.call('GET', `/api/incidents/lookup?phone=${encodeURIComponent('(47) 99000-0001')}`, 'viewer')).json().incidents).toHaveLength(1);
    expect((await t.call('GET', '/api/incidents/lookup?login=b102-1', 'viewer')).json().incidents).toEqual([]);
    await t.database.db.execute(sql`update clients set cpf_cnpj = '123.456.789-09' where id = 2`);
    expect((await t.call('GET', '/api/incidents/lookup?cpf=12345678909', 'viewer')).json().incidents).toHaveLength(1);
    expect((await t.call('GET', '/api/incidents/lookup?cpf=123', 'viewer')).json().error.field).toBe('cpf');
    expect((await t.call('GET', '/api/incidents/lookup', 'viewer')).statusCode).toBe(400);
    let status = 200;
    for (let i = 0; i < 130 && status === 200; i += 1) status = (await t.call('GET', '/api/incidents/lookup?login=b101-2', 'operator')).statusCode;
    expect(status).toBe(429);
  });

  it('the monitoring webhook opens an incident, ignores a repeat, restores it on recovery, and names an unknown element', async () => {
    const alert = { eventId: 'zbx-778', state: 'problem', element: { kind: 'box', name: 'cto-102' }, title: 'OLT PON 1/1/3 down', source: 'zabbix' };
    expect((await t.call('POST', '/api/monitoring/alerts', 'viewer', alert)).statusCode).toBe(403);
    const opened = (await t.call('POST', '/api/monitoring/alerts', 'admin', alert)).json();
    expect(opened).toMatchObject({ action: 'opened', incident: { cause: 'monitoring', elementName: 'CTO-102', state: 'suspected' } });
    expect((await t.call('POST', '/api/monitoring/alerts', 'admin', alert)).json()).toMatchObject({ action: 'ignored' });
    const recovered = (await t.call('POST', '/api/monitoring/alerts', 'admin', { ...alert, state: 'recovery' })).json();
    expect(recovered).toMatchObject({ action: 'restored', incident: { id: opened.incident.id, state: 'restored' } });
    const unknown = await t.call('POST', '/api/monitoring/alerts', 'admin', { ...alert, eventId: 'zbx-779', element: { kind: 'box', name: 'CTO-999' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.field).toBe('element');
  });

  it('descartar cancels what was queued; encerrar and mesclar end an incident, and a closed one cannot be acted on', async () => {
    await drop(103, 8);
    const open = (await t.call('GET', '/api/incidents?state=suspected', 'viewer')).json().incidents;
    const box103 = open.find((i: { elementName: string }) => i.elementName === 'CTO-103');
    await t.call('POST', `/api/incidents/${box103.id}/confirm`, 'operator', {});
    const discarded = (await t.call('POST', `/api/incidents/${box103.id}/discard`, 'operator')).json();
    expect(discarded.incident).toMatchObject({ state: 'discarded', closedBy: 'operator' });
    expect(discarded.incident.counts.notified).toBe(0); // the 8 queued inícios were cancelled
    expect((await t.call('POST', `/api/incidents/${box103.id}/close`, 'operator')).statusCode).toBe(409);

    await drop(104, 8);
    const box104 = (await t.call('GET', '/api/incidents?state=suspected', 'viewer')).json().incidents[0];
    const [box101] = (await t.call('GET', '/api/incidents?state=confirmed', 'viewer')).json().incidents;
    const merged = (await t.call('POST', `/api/incidents/${box104.id}/merge`, 'operator', { into: box101.id })).json();
    expect(merged.incident).toMatchObject({ state: 'merged', parentId: box101.id });
    expect((await t.call('GET', `/api/incidents/${box101.id}`, 'viewer')).json().incident.counts.affected).toBe(16);
    expect((await t.call('POST', `/api/incidents/${box101.id}/merge`, 'operator', { into: box101.id })).json().error.field).toBe('into');
    const closed = (await t.call('POST', `/api/incidents/${box101.id}/close`, 'operator')).json();
    expect(closed.incident).toMatchObject({ state: 'closed', closedBy: 'operator' });
  });

  it('the dashboard counts the last 30 days and the median times', async () => {
    const stats = (await t.call('GET', '/api/incidents/stats', 'viewer')).json();
    // CTO-101 (confirmed, then merged into nothing: closed), CTO-102 (monitoring), CTO-103 (discarded); CTO-104 merged
    expect(stats).toMatchObject({ days: 30, opened: 3, confirmed: 2, discarded: 1 });
    expect(stats.timeToDetect).toBeGreaterThanOrEqual(170); // dropped 3 minutes before the pass
    expect(stats.timeToFirstNotice).toBeGreaterThanOrEqual(0);
    expect(stats.affected).toBeGreaterThanOrEqual(24);
  });

  it('an operator opens an incident by hand from a report filter: its offline logins are affected, the início goes, and each gets the normalizado as they return', async () => {
    await t.database.db.execute(sql`update logins set online = 'N', session_ended_at = now() - interval '10 minutes'
        where login in ('b205-1', 'b205-2', 'b205-3')`);
    const body = { title: 'Rompimento Rua das Flores', filter: { ftthBoxIds: [205] }, eta: '2026-12-05T22:00:00-03:00' };
    expect((await t.call('POST', '/api/incidents', 'viewer', body)).statusCode).toBe(403);
    const nobody = await t.call('POST', '/api/incidents', 'operator', { ...body, filter: { ftthBoxIds: [206] } });
    expect(nobody.statusCode).toBe(400);
    expect(nobody.json().error).toMatchObject({ field: 'filter', notice: { code: 'incident_none_offline' } });
    // The screens say it in the reader's language (the message stays English for scripts).
    expect(noticeText(nobody.json().error.notice, 'pt-BR')).toBe('nenhum login do filtro está offline agora');
    const unknownBox = await t.call('POST', '/api/incidents', 'operator', { ...body, filter: { ftthBoxes: ['CTO-999'] } });
    expect(unknownBox.json().error.field).toBe('filter.ftthBoxes.0');
    const opened = await t.call('POST', '/api/incidents', 'operator', body);
    expect(opened.statusCode).toBe(201);
    expect(opened.json()).toMatchObject({
      affected: 3,
      enqueued: 3,
      incident: { kind: 'box', elementId: null, cause: 'manual', elementName: 'Rompimento Rua das Flores', state: 'confirmed', confirmedBy: 'operator', eta: '2026-12-06T01:00:00.000Z' },
    });
    const id = opened.json().incident.id;
    await drainAll(t.database.db);
    await t.database.db.execute(sql`update logins set online = 'S', session_started_at = now() where login = 'b205-2'`);
    await runIncidentPass(t.database.db, { timezone: TZ });
    const restored = await queryRows<{ login: string }>(
      t.database.db,
      sql`select q.login from send_batches b join queue_items q on q.batch_id = b.id where b.incident_id = ${id} and b.incident_phase = 'restored'`,
    );
    expect(restored.map((r) => r.login)).toEqual(['b205-2']);
    expect((await t.call('GET', `/api/incidents/${id}`, 'viewer')).json().incident.counts).toMatchObject({ affected: 3, stillOffline: 2, back: 1 });
  });
});
