/**
 * Bounded fuzzing of the HTTP API's richest inputs, on one app per database (creating one costs seconds): imports
 * of logins files (src/ingest/import.ts, src/imports) and the login report's filter (src/report/filter.ts) on its
 * page, summary and CSV export. Whatever comes in: a 2xx or a 400 naming the field, never a 500; bad rows of an
 * import are errors naming their line and field; a valid filter runs on the database and selects what the report's
 * oracle (reference.test-support.ts) selects. `FUZZ_RUNS=N` runs longer (src/test-support/fuzz.ts).
 */
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/database.js';
import { generateDemo } from '../../ingest/demo/generate.js';
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
});
