import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../audit/audit.js';
import type { Database } from '../../db/database.js';
import { backends } from '../../test-support/databases.js';
import { type Method, openRouteApp, type Role, type RouteApp } from '../../test-support/route-app.js';
import { evaluateRule, ruleRow } from '../../triggers/evaluate.js';
import { type TriggerFixture, triggerFixture, TZ } from '../../triggers/fixtures.test-support.js';

describe.each(backends)('Gatilhos de envio API on $name', (backend) => {
  let t: RouteApp;
  let database: Database;
  let fx: TriggerFixture;

  beforeAll(async () => {
    t = await openRouteApp(backend, { env: { AVISA_TIMEZONE: TZ } });
    database = t.database;
    fx = await triggerFixture(database);
  });
  afterAll(async () => t?.close());

  const call = (method: Method, url: string, who: Role, payload?: object) => t.call(method, url, who, payload);
  const input = () => ({
    name: 'Centro offline ≥ 30 min',
    savedFilterId: fx.offline,
    messageIds: [fx.whatsapp],
    freeValues: { previsao: '18h' },
    cooldownMinutes: 720,
    ceiling: 1,
  });

  it('lets admins create, change and delete rules, naming the wrong field; viewers read; every change audited', async () => {
    expect((await call('POST', '/api/triggers', 'operator', input())).statusCode).toBe(403);
    const created = await call('POST', '/api/triggers', 'admin', input());
    expect(created.statusCode).toBe(201);
    const rule = created.json().rule;
    expect(rule).toMatchObject({ name: 'Centro offline ≥ 30 min', savedFilterName: 'Offline', createdBy: 'admin', priority: 0, active: true, lastRun: null });
    expect(rule.messages).toEqual([{ id: fx.whatsapp, channel: 'whatsapp', description: 'Aviso instabilidade', active: true }]);

    const missing = await call('POST', '/api/triggers', 'admin', { ...input(), name: 'Outra', freeValues: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toEqual({
      code: 'VALIDATION',
      message: 'freeValues.previsao: "Previsão" (message "Aviso instabilidade") is required',
      field: 'freeValues.previsao',
      notice: { code: 'free_required', params: { label: 'Previsão', description: 'Aviso instabilidade' } }, // for the screens
    });
    const twoWhatsapp = await call('POST', '/api/triggers', 'admin', { ...input(), name: 'Outra', messageIds: [fx.whatsapp, fx.whatsapp2] });
    expect(twoWhatsapp.json().error).toMatchObject({ code: 'VALIDATION', field: 'messageIds.1' });
    expect((await call('POST', '/api/triggers', 'admin', { ...input(), name: 'Outra', ceiling: 0 })).json().error).toMatchObject({ field: 'ceiling' });
    expect((await call('POST', '/api/triggers', 'admin', { ...input(), name: 'Outra', colour: 'red' })).json().error).toMatchObject({ field: 'colour' });
    const taken = await call('POST', '/api/triggers', 'admin', { ...input(), name: 'CENTRO OFFLINE ≥ 30 MIN' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.notice).toEqual({ code: 'name_taken', params: { name: 'CENTRO OFFLINE ≥ 30 MIN' } });

    const changed = await call('PUT', `/api/triggers/${rule.id}`, 'admin', { ...input(), messageIds: [fx.whatsapp, fx.email], cooldownMinutes: 360 });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().rule).toMatchObject({ messageIds: [fx.whatsapp, fx.email], cooldownMinutes: 360 });
    expect((await call('PUT', `/api/triggers/${rule.id}`, 'operator', input())).statusCode).toBe(403);

    const list = await call('GET', '/api/triggers', 'viewer');
    expect(list.statusCode).toBe(200);
    expect(list.json().rules.map((r: { id: number }) => r.id)).toEqual([rule.id]);
    expect((await call('GET', '/api/triggers?active=false', 'viewer')).json().rules).toEqual([]);
    expect((await call('GET', `/api/triggers/${rule.id}`, 'viewer')).json().rule.cooldownMinutes).toBe(360);

    const temp = (await call('POST', '/api/triggers', 'admin', { ...input(), name: 'Temporária' })).json().rule;
    expect((await call('DELETE', `/api/triggers/${temp.id}`, 'operator')).statusCode).toBe(403);
    expect((await call('DELETE', `/api/triggers/${temp.id}`, 'admin')).statusCode).toBe(204);
    expect((await call('GET', `/api/triggers/${temp.id}`, 'viewer')).statusCode).toBe(404);
    const actions = (await listAudit(database.db, { page: 1, pageSize: 50 })).entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['trigger.create', 'trigger.update', 'trigger.delete']));
  });

  it('simulates a draft or a saved rule for operators: counts, ceiling, rendered samples', async () => {
    const draft = { ...input(), name: 'Rascunho', savedFilterId: fx.all, messageIds: [fx.whatsapp, fx.email], ceiling: 5 };
    expect((await call('POST', '/api/triggers/dry-run', 'viewer', draft)).statusCode).toBe(403);
    const simulated = await call('POST', '/api/triggers/dry-run', 'operator', draft);
    expect(simulated.statusCode).toBe(200);
    const result = simulated.json().dryRun;
    expect(result).toMatchObject({ matched: 7, enqueue: 8, ceiling: 5, wouldHold: true, skipCounts: { duplicate_in_batch: 1, no_email: 5 } });
    expect(result.messages[0].samples[0]).toMatchObject({ login: { login: 'ana.souza' }, text: 'Olá Ana, previsão 18h' });
    const bad = await call('POST', '/api/triggers/dry-run', 'operator', { ...draft, freeValues: {} });
    expect(bad.json().error).toMatchObject({ field: 'freeValues.previsao' });

    const rule = (await call('GET', '/api/triggers', 'viewer')).json().rules[0];
    const saved = await call('POST', `/api/triggers/${rule.id}/dry-run`, 'operator');
    expect(saved.statusCode).toBe(200);
    expect(saved.json().dryRun).toMatchObject({ matched: 2, enqueue: 3, ceiling: 1, wouldHold: true });
    expect((await call('POST', '/api/triggers/99999/dry-run', 'operator')).statusCode).toBe(404);
  });

  it('shows the history, and lets operators confirm or discard a held run once', async () => {
    const rule = (await call('GET', '/api/triggers', 'viewer')).json().rules[0];
    const row = await ruleRow(database.db, rule.id);
    const first = await evaluateRule(database.db, row, { timezone: TZ });
    const second = await evaluateRule(database.db, row, { timezone: TZ });
    expect([first.status, second.status]).toEqual(['held', 'held']);
    const runs = await call('GET', `/api/triggers/${rule.id}/runs?page=1&pageSize=10`, 'viewer');
    expect(runs.statusCode).toBe(200);
    const history = runs.json();
    expect(history).toMatchObject({ total: 2, page: 1, pageSize: 10 });
    expect(history.runs.map((r: { status: string }) => r.status)).toEqual(['held', 'discarded']);
    const [held, superseded] = history.runs;
    expect(held).toMatchObject({ matched: 2, enqueued: 3, batchIds: [], decidedBy: null });
    expect((await call('GET', `/api/triggers/${rule.id}/runs?status=held`, 'viewer')).json().total).toBe(1);
    expect((await call('GET', `/api/triggers/${rule.id}`, 'viewer')).json().rule).toMatchObject({ heldRuns: 1, lastRun: { id: held.id } });

    expect((await call('POST', `/api/trigger-runs/${held.id}/confirm`, 'viewer')).statusCode).toBe(403);
    const refused = await call('POST', `/api/trigger-runs/${superseded.id}/confirm`, 'operator');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/was discarded \(replaced by evaluation #\d+\)/);
    const confirmed = await call('POST', `/api/trigger-runs/${held.id}/confirm`, 'operator');
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().run).toMatchObject({ status: 'confirmed', enqueued: 3, decidedBy: 'operator' });
    expect(confirmed.json().run.batchIds).toHaveLength(2);
    expect((await call('POST', `/api/trigger-runs/${held.id}/discard`, 'operator')).statusCode).toBe(409);
    expect((await call('POST', '/api/trigger-runs/99999/discard', 'operator')).statusCode).toBe(404);

    // the rule has just queued everyone: the next evaluation holds nothing back for confirmation
    const third = await evaluateRule(database.db, row, { timezone: TZ });
    expect(third).toMatchObject({ status: 'enqueued', run: { enqueued: 0, skipCounts: { already_pending: 3 } } });
    const actions = (await listAudit(database.db, { page: 1, pageSize: 50 })).entries.map((e) => e.action);
    expect(actions).toContain('trigger.confirm');
  });

  it('discards a held run for an operator', async () => {
    const rule = (await call('POST', '/api/triggers', 'admin', { ...input(), name: 'Descartável', savedFilterId: fx.all, messageIds: [fx.sms] })).json().rule;
    const held = await evaluateRule(database.db, await ruleRow(database.db, rule.id), { timezone: TZ });
    if (held.status !== 'held') throw new Error(`expected held, got ${held.status}`);
    const discarded = await call('POST', `/api/trigger-runs/${held.run.id}/discard`, 'operator');
    expect(discarded.statusCode).toBe(200);
    expect(discarded.json().run).toMatchObject({ status: 'discarded', decidedBy: 'operator', batchIds: [] });
    const actions = (await listAudit(database.db, { page: 1, pageSize: 50 })).entries.map((e) => e.action);
    expect(actions).toContain('trigger.discard');
  });
});
