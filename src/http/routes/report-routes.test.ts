import { parse as parseCsv } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../../db/database.js';
import { generateDemo } from '../../ingest/demo/generate.js';
import type { ReportFilter, ReportSort } from '../../report/filter.js';
import { anySort, invalidFilter, resolveNames, validFilter } from '../../report/filters.test-support.js';
import { loadReference, matches, type RefLogin, sorted } from '../../report/reference.test-support.js';
import { backends } from '../../test-support/databases.js';
import { fuzzParameters, fuzzTimeout } from '../../test-support/fuzz.js';
import { expectFieldError, openRouteApp, type RouteApp } from '../../test-support/route-app.js';

type Who = RouteApp['as']['viewer'];

describe.each(backends)('login report API on $name', (backend) => {
  let t: RouteApp;
  let database: Database;
  let app: FastifyInstance;
  let as: RouteApp['as'];

  beforeAll(async () => {
    t = await openRouteApp(backend, {
      seed: async (db) => {
        await generateDemo(db, { logins: 400, seed: 9, timezone: 'America/Sao_Paulo' });
        await db.execute(sql`update clients set name = 'Padaria "Pão; Mel" Ltda' where id = 1`);
      },
    });
    ({ database, app, as } = t);
  });
  afterAll(async () => t?.close());

  const post = (url: string, payload: unknown, who: Who = as.viewer) =>
    app.inject({ method: 'POST', url, payload: payload as object, headers: who });
  const get = (url: string, who: Who = as.viewer) => app.inject({ method: 'GET', url, headers: who });
  const exportUrl = (filter: unknown, sort?: unknown) =>
    `/api/report/logins/export.csv?filter=${encodeURIComponent(JSON.stringify(filter))}${
      sort ? `&sort=${encodeURIComponent(JSON.stringify(sort))}` : ''
    }`;

  it('answers a page with its total, and the summary of the same filter', async () => {
    const filter = { online: ['offline', 'online'], hasValidMobile: true };
    const res = await post('/api/report/logins/query', { filter, sort: { column: 'clientName', dir: 'desc' }, pageSize: 7 });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ page: 1, pageSize: 7 });
    expect(body.rows).toHaveLength(7);
    expect(body.rows[0].mobile.display).toMatch(/^\+55 \(\d\d\) 9\d{4}-\d{4}$/);
    const summary = await post('/api/report/logins/summary', { filter });
    expect(summary.statusCode).toBe(200);
    expect(summary.json()).toMatchObject({ total: body.total, never: 0 });
    expect(summary.json().online + summary.json().offline).toBe(body.total);
    expect((await post('/api/report/logins/query', {})).json().total).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/report/logins/query', payload: {} })).statusCode).toBe(401);
  });

  it.each([
    ['an unknown key', { filter: { colour: 'red' } }, 'filter.colour'],
    ['a wrong type', { filter: { clientId: 'one' } }, 'filter.clientId'],
    ['a wrong code', { filter: { contractStatus: ['X'] } }, 'filter.contractStatus.0'],
    ['from after to', { filter: { sessionEndedFrom: '2026-01-02T00:00:00Z', sessionEndedTo: '2026-01-01T20:00:00-03:00' } }, 'filter.sessionEndedFrom'],
    ['an instant without offset', { filter: { sessionStartedTo: '2026-01-02T10:00:00' } }, 'filter.sessionStartedTo'],
    ['a negative duration', { filter: { offlineForAtLeast: { value: -5, unit: 'minutes' } } }, 'filter.offlineForAtLeast.value'],
    ['a page of 5,000', { filter: {}, pageSize: 5000 }, 'pageSize'],
    ['a negative known total', { filter: {}, knownTotal: -1 }, 'knownTotal'],
    ['an unknown sort column', { filter: {}, sort: { column: 'password', dir: 'asc' } }, 'sort.column'],
    ['an unknown body key', { filter: {}, limit: 3 }, 'limit'],
  ])('rejects %s with a 400 naming the field', async (_, body, field) => {
    const res = await post('/api/report/logins/query', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION', field });
    if ('pageSize' in body || 'knownTotal' in body) return;
    const summary = await post('/api/report/logins/summary', { filter: body.filter });
    expect(summary.statusCode, 'summary').toBe(field.startsWith('filter') ? 400 : 200);
  });

  it('takes an offline duration reaching back past year 1 (found by fuzzing)', async () => {
    // 1,000,000 days back is year −738: once a database error, and a download cut off after its headers.
    for (const value of [1_000_000, 999_999.9999999983, 739_955.1751852107]) {
      const filter = { offlineForAtLeast: { value, unit: 'days' } };
      const page = await post('/api/report/logins/query', { filter });
      expect([page.statusCode, page.json().total]).toEqual([200, 0]);
      expect((await post('/api/report/logins/summary', { filter })).json()).toMatchObject({ total: 0 });
      const csv = await get(exportUrl(filter));
      expect([csv.statusCode, csv.body.replace(/^\uFEFF/, '').split('\r\n').length]).toEqual([200, 2]); // the header only
    }
  });

  it('exports every matching row as Excel-ready CSV, streamed, and audits it', async () => {
    const filter = { online: ['online', 'offline'] };
    const { total } = (await post('/api/report/logins/query', { filter, pageSize: 1 })).json();
    const res = await get(exportUrl(filter, { column: 'offlineSeconds', dir: 'desc' }));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="status-logins-\d{8}-\d{4}\.csv"$/);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines[0]).toMatch(/^ID login;Login;Login ativo;ID cliente;Cliente;.*;Situação;Início última conexão;.*;Celular;E-mail$/);
    expect(lines).toHaveLength(total + 1);
    expect(lines[1]).toMatch(/;Offline;\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d;\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d;(\d+d )?\d\d:\d\d:\d\d;/);
    const audit = await queryRows<{ action: string; details: { filter: unknown } }>(
      database.db,
      sql`select action, details from audit_log where action = 'report.export'`,
    );
    expect(audit.at(-1)?.details.filter).toEqual(filter);
  });

  it('quotes a value holding the separator or quotes', async () => {
    const res = await get(exportUrl({ clientId: 1 }));
    const rows = res.body.split('\r\n').slice(1, -1);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toContain(';"Padaria ""Pão; Mel"" Ltda";');
    const empty = await get(exportUrl({ login: 'no-such-login-anywhere' }));
    expect(empty.body.split('\r\n')).toHaveLength(2); // header, then the final line break
  });

  it('answers a bad export filter with a 400 like the other routes', async () => {
    const bad = await get(exportUrl({ nasIds: ['x'] }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'VALIDATION', field: 'filter.nasIds.0' });
    const notJson = await get('/api/report/logins/export.csv?filter=%7Bnope');
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.field).toBe('filter');
    expect((await app.inject(exportUrl({}))).statusCode).toBe(401);
  });

  it('offers the filter choices and finds FTTH boxes by name', async () => {
    const res = await get('/api/report/options');
    expect(res.statusCode).toBe(200);
    const options = res.json();
    for (const list of ['branches', 'cities', 'plans', 'radiusGroups', 'nas', 'pops', 'condominiums']) {
      expect(options[list].length, list).toBeGreaterThan(0);
    }
    expect(options.cities[0]).toMatchObject({ id: expect.any(Number), name: expect.any(String), state: expect.any(String) });
    const [counts] = await queryRows<{ top: string }>(
      database.db,
      sql`select disconnect_reason as top from logins where disconnect_reason <> '' group by 1 order by count(*) desc, 1 limit 1`,
    );
    expect(options.disconnectReasons[0]).toBe(counts?.top);
    const found = await get(`/api/report/options/ftth-boxes?q=${encodeURIComponent(' cto-FLÑ ')}&limit=3`);
    expect(found.json().ftthBoxes).toHaveLength(3);
    for (const box of found.json().ftthBoxes) expect(box.name).toMatch(/^CTO-FLN-/);
    const none = await get('/api/report/options/ftth-boxes?q=CTO-XYZ');
    expect(none.json().ftthBoxes).toEqual([]);
  });

  it('keeps saved filters: viewers read, operators write, names unique whatever the case', async () => {
    const url = '/api/report/saved-filters';
    const payload = { name: 'Queda BRAS FLN', filter: { nasIds: [1], offlineForAtLeast: { value: 15, unit: 'minutes' } } };
    expect((await post(url, payload, as.viewer)).statusCode).toBe(403);
    const created = await post(url, payload, as.operator);
    expect(created.statusCode).toBe(201);
    const saved = created.json().savedFilter;
    expect(saved).toMatchObject({ ...payload, createdBy: 'operator' });
    expect((await post(url, { ...payload, name: 'queda bras fln' }, as.operator)).json().error).toMatchObject({
      code: 'CONFLICT',
      field: 'name',
    });
    const invalid = await post(url, { name: 'x', filter: { nasIds: 'one' } }, as.operator);
    expect(invalid.json().error).toMatchObject({ code: 'VALIDATION', field: 'filter.nasIds' });
    const other = (await post(url, { name: 'Outro', filter: {} }, as.operator)).json().savedFilter;

    const renamed = await app.inject({ method: 'PUT', url: `${url}/${saved.id}`, headers: as.operator, payload: { name: 'Queda FLN' } });
    expect(renamed.json().savedFilter).toMatchObject({ name: 'Queda FLN', filter: payload.filter });
    const clash = await app.inject({ method: 'PUT', url: `${url}/${other.id}`, headers: as.operator, payload: { name: 'QUEDA fln' } });
    expect(clash.statusCode).toBe(409);
    const viewerPut = await app.inject({ method: 'PUT', url: `${url}/${saved.id}`, headers: as.viewer, payload: { name: 'x' } });
    expect(viewerPut.statusCode).toBe(403);

    const list = (await get(url)).json().savedFilters;
    expect(list.map((f: { name: string }) => f.name)).toEqual(['Outro', 'Queda FLN']);
    expect((await app.inject({ method: 'DELETE', url: `${url}/${saved.id}`, headers: as.viewer })).statusCode).toBe(403);
    expect((await app.inject({ method: 'DELETE', url: `${url}/${saved.id}`, headers: as.operator })).statusCode).toBe(204);
    expect((await app.inject({ method: 'DELETE', url: `${url}/${saved.id}`, headers: as.operator })).statusCode).toBe(404);
    const missing = await app.inject({ method: 'PUT', url: `${url}/${saved.id}`, headers: as.operator, payload: { name: 'y' } });
    expect(missing.statusCode).toBe(404);
    const audit = await queryRows<{ action: string }>(
      database.db,
      sql`select action from audit_log where entity = 'saved_filter' order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['saved_filter.create', 'saved_filter.create', 'saved_filter.update', 'saved_filter.delete']);
  });

  describe('filters, fuzzed (src/test-support/fuzz.ts)', () => {
    const exportRaw = (filter: string, sort?: string) =>
      get(`/api/report/logins/export.csv?filter=${encodeURIComponent(filter)}${sort === undefined ? '' : `&sort=${encodeURIComponent(sort)}`}`);
    const exportedRows = (body: string) => parseCsv(body.replace(/^\uFEFF/, ''), { delimiter: ';' }).length - 1;

    it('answers any report filter, on the page, the summary and the export, with a 200 or a 400 naming the field', async () => {
      const ref = await loadReference(database.db);
      const filter = fc.oneof(invalidFilter(ref), validFilter(ref, { related: true }));
      const extra = fc.record(
        { sort: anySort, page: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.jsonValue()), pageSize: fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.jsonValue()) },
        { requiredKeys: [] },
      );
      const exportParam = fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) });
      await fc.assert(
        fc.asyncProperty(filter, extra, exportParam, async (f, more, rawParam) => {
          for (const [name, res] of [
            ['page', await post('/api/report/logins/query', { filter: f, ...more })],
            ['summary', await post('/api/report/logins/summary', { filter: f })],
            ['export', await exportRaw(rawParam ?? JSON.stringify(f), more.sort === undefined ? undefined : JSON.stringify(more.sort))],
          ] as const) {
            if (res.statusCode !== 200) expectFieldError(res, `${name} of ${JSON.stringify(f)}`);
          }
        }),
        fuzzParameters({ runs: 30, budgetMs: 2_500, caseMs: 10_000 }),
      );
    }, fuzzTimeout);

    it('runs any valid filter on the database and selects, sorts and counts what the oracle does', async () => {
      const ref = await loadReference(database.db);
      const expected = (f: ReportFilter, now: Date, sort: ReportSort) => sorted(ref.filter((r: RefLogin) => matches(r, f, now)), sort).map((r) => r.id);
      const sort = fc.record({ column: fc.constantFrom(...(['login', 'clientName', 'sessionEndedAt', 'offlineSeconds', 'nasName'] as const)), dir: fc.constantFrom<'asc' | 'desc'>('asc', 'desc') });
      await fc.assert(
        fc.asyncProperty(validFilter(ref), sort, async (f, s) => {
          const ids = resolveNames(ref, f);
          const before = new Date();
          const page = await post('/api/report/logins/query', { filter: f, sort: s, pageSize: 1000 });
          const after = new Date();
          expect(page.statusCode, page.body).toBe(200);
          const { rows, total } = page.json();
          if (f.offlineForAtLeast) {
            // Offline for at least X: the longer the clock ran, the more logins qualify.
            expect(total).toBeGreaterThanOrEqual(expected(ids, before, s).length);
            expect(total).toBeLessThanOrEqual(expected(ids, after, s).length);
          } else {
            expect(rows.map((r: { id: number }) => r.id)).toEqual(expected(ids, before, s));
          }
          const summary = await post('/api/report/logins/summary', { filter: f });
          expect(summary.statusCode, summary.body).toBe(200);
          const counts = summary.json();
          expect(counts.online + counts.offline + counts.never).toBe(counts.total);
          const exported = await get(exportUrl(f, s));
          expect(exported.statusCode, exported.body).toBe(200);
          if (!f.offlineForAtLeast) expect([counts.total, exportedRows(exported.body)]).toEqual([total, total]);
        }),
        fuzzParameters({ runs: 25, budgetMs: 3_000, caseMs: 10_000 }),
      );
    }, fuzzTimeout);
  });
});
