/**
 * Bounded fuzzing of the HTTP API's richest inputs, on one app per database (creating one costs seconds): imports
 * of logins files (src/ingest/import.ts, src/imports) and the login report's filter (src/report/filter.ts) on its
 * page, summary and CSV export. Whatever comes in: a 2xx or a 400 naming the field, never a 500; bad rows of an
 * import are errors naming their line and field; a valid filter runs on the database and selects what the report's
 * oracle (reference.test-support.ts) selects. `FUZZ_RUNS=N` runs longer (src/test-support/fuzz.ts).
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/database.js';
import { generateDemo } from '../../ingest/demo/generate.js';
import type { ReportFilter, ReportSort } from '../../report/filter.js';
import { anySort, invalidFilter, resolveNames, validFilter } from '../../report/filters.test-support.js';
import { loadReference, matches, type RefLogin, sorted } from '../../report/reference.test-support.js';
import { backends } from '../../test-support/databases.js';
import { fuzzParameters, fuzzTimeout, mutated } from '../../test-support/fuzz.js';
import { openRouteApp, type RouteApp } from '../../test-support/route-app.js';
import { type LoginsFile, loginsFile } from './import-logins.test-support.js';

const TZ = 'America/Sao_Paulo';

/** A 400 names what is wrong: the code, a message and the field. */
function expectFieldError(res: LightMyRequestResponse, context: string): void {
  expect(res.statusCode, `${context}: ${res.body}`).toBe(400);
  const { error } = res.json();
  expect(error.code, context).toBe('VALIDATION');
  expect(error.message, context).not.toBe('');
  expect(typeof error.field === 'string' && error.field !== '', `${context}: ${res.body}`).toBe(true);
}

describe.each(backends)('HTTP inputs (fuzzed) on $name', (backend) => {
  let t: RouteApp;
  let clientId: number;
  let nextId = 10_000_000;
  const firstId = () => {
    nextId += 100;
    return nextId;
  };

  beforeAll(async () => {
    t = await openRouteApp(backend, { seed: (db) => generateDemo(db, { logins: 150, seed: 11, timezone: TZ }).then(() => {}) });
    const [client] = await queryRows<{ id: number }>(t.database.db, sql`select min(id)::int as id from clients`);
    clientId = client!.id;
  });
  afterAll(async () => t?.close());

  const upload = (file: Pick<LoginsFile, 'format' | 'body'>, query = '') =>
    t.app.inject({
      method: 'POST',
      url: `/api/imports/logins?format=${file.format === 'envelope' ? 'json' : file.format}${query}`,
      headers: { ...t.as.admin, 'content-type': 'application/octet-stream' },
      payload: file.body,
    });

  it('imports a logins file keeping its good rows, each bad row one error naming its line and field', async () => {
    await fc.assert(
      fc.asyncProperty(loginsFile(firstId, clientId), async (file) => {
        const res = await upload(file);
        expect(res.statusCode, res.body).toBe(201);
        const { job } = res.json();
        expect(job).toMatchObject({
          status: 'succeeded',
          read: file.valid.size + file.bad.length,
          inserted: file.valid.size,
          rejected: file.bad.length,
          ignoredColumns: file.ignored,
        });
        const errors = await t.call('GET', `/api/imports/${job.id}/errors`, 'admin');
        expect(errors.statusCode).toBe(200);
        expect(errors.json().errors.map((e: { line: number; field: string }) => ({ line: e.line, field: e.field }))).toEqual(file.bad);
        const ids = [...file.valid.keys()];
        const stored = ids.length
          ? await queryRows<{ id: number; login: string }>(t.database.db, sql`select id, login from logins where id = any(${`{${ids.join(',')}}`}::int[]) order by id`)
          : [];
        expect(stored.map((r) => [r.id, r.login])).toEqual([...file.valid]);
      }),
      fuzzParameters({ runs: 25, budgetMs: 5_000, caseMs: 10_000 }),
    );
  }, fuzzTimeout);

  it('answers any import body with the job or a 400 naming the field, never a 500', async () => {
    const SNIPPETS = ['"', ',', ';', '\n', '\r', '{', '}', '[', ']', ':', '\\u0000', '\\ud800', Buffer.from([0]), Buffer.from([0xff]), '"a\u0000b":1,'];
    // Any text at all (NUL, lone surrogates as JSON escapes) as column names and values.
    const unit = fc.oneof(fc.constantFrom('\u0000', '\ud800', '\udfff', '\uFFFD', '"', ',', '\n'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));
    const anyText = fc.string({ unit, maxLength: 8 });
    const anyRecords = fc.array(fc.dictionary(anyText, fc.oneof(anyText, fc.integer()), { maxKeys: 4 }), { maxLength: 4 });
    const body = fc.oneof(
      loginsFile(firstId, clientId).chain((file) => mutated(file.body, SNIPPETS).map((m) => m.bytes)),
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      anyRecords.map((rs) => Buffer.from(rs.map((r) => JSON.stringify({ id: '1', ...r })).join('\n'))),
      anyRecords.map((rs) => Buffer.from(JSON.stringify({ registros: rs }))),
      fc.tuple(fc.array(anyText, { maxLength: 4 }), fc.array(anyText, { maxLength: 4 })).map(([names, values]) =>
        Buffer.from(`id,${names.join(',')}\n1,${values.join(',')}\n`),
      ),
    );
    const query = fc.record({
      entity: fc.constantFrom('logins', 'clientes', 'contratos'),
      format: fc.constantFrom('csv', 'json', 'jsonl'),
      encoding: fc.constantFrom('', '&encoding=latin1', '&encoding=windows-1252'),
    });
    await fc.assert(
      fc.asyncProperty(body, query, async (payload, { entity, format, encoding }) => {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/imports/${entity}?format=${format}${encoding}`,
          headers: { ...t.as.admin, 'content-type': 'application/octet-stream' },
          payload,
        });
        if (res.statusCode === 201) {
          expect(res.json().job.status).toBe('succeeded');
          expect((await t.call('GET', `/api/imports/${res.json().job.id}/errors`, 'admin')).statusCode).toBe(200);
        } else expectFieldError(res, 'import');
      }),
      fuzzParameters({ runs: 40, budgetMs: 5_000, caseMs: 10_000 }),
    );
  }, fuzzTimeout);

  const post = (url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: t.as.viewer, payload: payload as object });
  const exportCsv = (filter: string, sort?: string) =>
    t.app.inject({
      method: 'GET',
      url: `/api/report/logins/export.csv?filter=${encodeURIComponent(filter)}${sort === undefined ? '' : `&sort=${encodeURIComponent(sort)}`}`,
      headers: t.as.viewer,
    });
  const exportedRows = (body: string) => parseCsv(body.replace(/^\uFEFF/, ''), { delimiter: ';' }).length - 1;

  it('answers any report filter, on the page, the summary and the export, with a 200 or a 400 naming the field', async () => {
    const ref = await loadReference(t.database.db);
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
          ['export', await exportCsv(rawParam ?? JSON.stringify(f), more.sort === undefined ? undefined : JSON.stringify(more.sort))],
        ] as const) {
          if (res.statusCode !== 200) expectFieldError(res, `${name} of ${JSON.stringify(f)}`);
        }
      }),
      fuzzParameters({ runs: 60, budgetMs: 6_000, caseMs: 10_000 }),
    );
  }, fuzzTimeout);

  it('runs any valid filter on the database and selects, sorts and counts what the oracle does', async () => {
    const ref = await loadReference(t.database.db);
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
        const exported = await exportCsv(JSON.stringify(f), JSON.stringify(s));
        expect(exported.statusCode, exported.body).toBe(200);
        if (!f.offlineForAtLeast) expect([counts.total, exportedRows(exported.body)]).toEqual([total, total]);
      }),
      fuzzParameters({ runs: 40, budgetMs: 8_000, caseMs: 10_000 }),
    );
  }, fuzzTimeout);
});
