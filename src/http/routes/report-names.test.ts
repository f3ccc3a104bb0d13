/**
 * Report filters by name (`nas: ["BRAS-CENTRO"]`) on both databases: resolved case- and accent-insensitively to the
 * rows' ids, mixed with ids, echoed as `appliedFilter`, refused with a 400 naming the field and the name when no
 * row has it — on every route that takes a filter — and stored as typed in a saved filter.
 */
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { backends } from '../../test-support/databases.js';
import { openRouteApp, type RouteApp } from '../../test-support/route-app.js';
import { type TriggerFixture, triggerFixture } from '../../triggers/fixtures.test-support.js';
import { resolveRule } from '../../triggers/resolve.js';

/** The small ISP plus plans, POPs, FTTH boxes and a second "São José" (in PR) to name. */
async function addReferences(db: Db): Promise<void> {
  await db.execute(sql`insert into plans (id, name) values (1, 'Fibra 300 Mega'), (2, 'Fibra 600 Mega')`);
  await db.execute(sql`update contracts set plan_id = case when id <= 3 then 1 else 2 end`);
  await db.execute(sql`insert into pops (id, name) values (1, 'POP Estreito'), (2, 'POP Trindade')`);
  await db.execute(sql`update logins set pop_id = case when id <= 3 then 1 else 2 end`);
  await db.execute(sql`insert into ftth_boxes (id, name, name_search) values (10, 'CTO-Ágil-01', 'cto-agil-01'), (11, 'CTO-02', 'cto-02')`);
  await db.execute(sql`update logins set ftth_box_id = case id when 2 then 10 when 3 then 11 end`);
  await db.execute(sql`insert into cities (id, name, state, name_search) values (3, 'São José', 'PR', 'sao jose')`);
  await db.execute(sql`update clients set city_id = 3 where id = 4`);
}

describe.each(backends)('report filters by name on $name', (backend) => {
  let t: RouteApp;
  let fixture: TriggerFixture;

  beforeAll(async () => {
    t = await openRouteApp(backend);
    fixture = await triggerFixture(t.database);
    await addReferences(t.database.db);
  });
  afterAll(async () => t?.close());

  const query = (filter: unknown) => t.call('POST', '/api/report/logins/query', 'viewer', { filter });
  const idsOf = async (filter: unknown) => {
    const res = await query(filter);
    expect(res.statusCode, JSON.stringify(res.json())).toBe(200);
    return (res.json().rows as { id: number }[]).map((r) => r.id).sort((a, b) => a - b);
  };

  it.each([
    ['nas', ['bras-centro'], 'nasIds', [{ id: 1, name: 'BRAS-CENTRO' }], [1, 2, 3]],
    ['pops', ['pop  TRINDADE '], 'popIds', [{ id: 2, name: 'POP Trindade' }], [4, 5, 6, 7]],
    ['plans', ['FIBRA 300 MEGA'], 'planIds', [{ id: 1, name: 'Fibra 300 Mega' }], [1, 2, 3]],
    ['cities', ['SAO JOSE'], 'cityIds', [{ id: 2, name: 'São José' }, { id: 3, name: 'São José' }], [2, 4, 6, 7]],
    ['ftthBoxes', ['cto-agil-01'], 'ftthBoxIds', [{ id: 10, name: 'CTO-Ágil-01' }], [2]],
  ])('finds %s by name, ignoring case and accents, exactly as by id', async (key, names, idKey, lookups, logins) => {
    const res = await query({ [key]: names });
    expect(res.statusCode).toBe(200);
    const ids = lookups.map((l) => l.id);
    expect(res.json().appliedFilter).toEqual({ filter: { [idKey]: ids }, lookups: { [idKey]: lookups } });
    expect(await idsOf({ [key]: names })).toEqual(logins);
    expect(await idsOf({ [idKey]: ids })).toEqual(logins);
  });

  it('takes ids and names together (either matches) and echoes both in the page and the summary', async () => {
    const filter = { online: ['online'], nasIds: [2], nas: ['BRAS-SUL'] };
    const applied = {
      filter: { online: ['online'], nasIds: [2, 3] },
      lookups: { nasIds: [{ id: 2, name: 'BRAS-NORTE' }, { id: 3, name: 'BRAS-SUL' }] },
    };
    const page = (await query(filter)).json();
    expect(page.rows.map((r: { login: string }) => r.login).sort()).toEqual(['diego.alves', 'elisa.rocha', 'fabio.nunes2']);
    expect(page.appliedFilter).toEqual(applied);
    const summary = (await t.call('POST', '/api/report/logins/summary', 'viewer', { filter })).json();
    expect(summary).toMatchObject({ total: 3, appliedFilter: applied });
    // Ids alone are named too; an id no row has is echoed without a name.
    expect((await query({ nasIds: [1, 99] })).json().appliedFilter.lookups).toEqual({
      nasIds: [{ id: 1, name: 'BRAS-CENTRO' }, { id: 99, name: null }],
    });
    expect((await query({})).json().appliedFilter).toEqual({ filter: {}, lookups: {} });
  });

  it('refuses a name no row has with a 400 naming the field and the name, wherever a filter is taken', async () => {
    const filter = { nas: ['BRAS-CENTRO', 'BRAS-XYZ'] };
    const error = { code: 'VALIDATION', field: 'filter.nas.1', message: 'filter.nas.1: no NAS named "BRAS-XYZ"' };
    const answers = [
      await query(filter),
      await t.call('POST', '/api/report/logins/summary', 'viewer', { filter }),
      await t.call('GET', `/api/report/logins/export.csv?filter=${encodeURIComponent(JSON.stringify(filter))}`, 'viewer'),
      await t.call('POST', '/api/sends/plan', 'operator', { messageId: fixture.email, filter, free: {} }),
      await t.call('POST', '/api/sends', 'operator', { messageId: fixture.email, filter, free: {} }),
      await t.call('POST', '/api/report/saved-filters', 'operator', { name: 'Errado', filter }),
    ];
    for (const res of answers) {
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error).toEqual(error);
    }
    const box = await query({ ftthBoxes: ['CTO-99'] });
    expect(box.json().error).toEqual({ code: 'VALIDATION', field: 'filter.ftthBoxes.0', message: 'filter.ftthBoxes.0: no FTTH box named "CTO-99"' });
    const blank = await query({ cities: ['  '] });
    expect(blank.json().error).toMatchObject({ code: 'VALIDATION', field: 'filter.cities.0' });
  });

  it('exports and plans a send by name exactly as by id', async () => {
    // Tempo offline is counted when each export runs: two exports a second apart differ there and nowhere else.
    const csv = async (filter: unknown) => {
      const body = (await t.call('GET', `/api/report/logins/export.csv?filter=${encodeURIComponent(JSON.stringify(filter))}`, 'viewer')).body;
      const records: Record<string, string>[] = parse(body, { delimiter: ';', bom: true, columns: true });
      return records.map(({ 'Tempo offline': _, ...rest }) => rest);
    };
    const byCityName = await csv({ cities: ['sao josé'] });
    expect(byCityName.length).toBeGreaterThan(0);
    expect(byCityName).toEqual(await csv({ cityIds: [2, 3] }));
    const plan = async (filter: unknown) =>
      (await t.call('POST', '/api/sends/plan', 'operator', { messageId: fixture.email, filter, free: {} })).json();
    const byName = await plan({ nas: ['Bras-Centro'] });
    const { appliedFilter: _, ...counts } = await plan({ nasIds: [1] });
    expect(byName).toEqual({ ...counts, appliedFilter: { filter: { nasIds: [1] }, lookups: { nasIds: [{ id: 1, name: 'BRAS-CENTRO' }] } } });
    expect(byName.matched).toBe(3);
  });

  it('saves names as typed, resolves them at each use, and stops a gatilho whose NAS was renamed, saying why', async () => {
    const saved = await t.call('POST', '/api/report/saved-filters', 'operator', { name: 'Centro por nome', filter: { nas: ['bras-centro'] } });
    expect(saved.statusCode).toBe(201);
    const { id, filter } = saved.json().savedFilter;
    expect(filter).toEqual({ nas: ['bras-centro'] });
    const refs = { savedFilterId: id, messageIds: [fixture.email], freeValues: {} };
    const resolved = await resolveRule(t.database.db, refs);
    expect(resolved).toMatchObject({ ok: true, rule: { filter: { nasIds: [1] } } });

    await t.database.db.execute(sql`update nas set name = 'BRAS-CENTRO-NOVO' where id = 1`);
    expect(await resolveRule(t.database.db, refs)).toEqual({
      ok: false,
      problem: { kind: 'filter_invalid', field: 'savedFilterId', name: 'Centro por nome', detail: 'nas.0: no NAS named "bras-centro"' },
    });
    const stale = await query(filter);
    expect(stale.json().error.message).toBe('filter.nas.0: no NAS named "bras-centro"');
    // Updating the filter checks its names again.
    const fixed = await t.call('PUT', `/api/report/saved-filters/${id}`, 'operator', { filter: { nas: ['BRAS-CENTRO-NOVO'] } });
    expect(fixed.statusCode).toBe(200);
    expect(await resolveRule(t.database.db, refs)).toMatchObject({ ok: true, rule: { filter: { nasIds: [1] } } });
  });
});
