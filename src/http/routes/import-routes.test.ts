/**
 * Imports over HTTP on a real listening server: the file streamed in chunks (no Content-Length), its job followed
 * while it runs, per-row errors with line and field, JSON and JSON Lines, a malformed export, the limits, and
 * who may import; then fuzzed: generated logins files (each bad row one error naming its line and field) and any
 * body at all (the job or a 400 naming the field, never a 500).
 */
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/database.js';
import { MALFORMED_CLIENT, MALFORMED_NAS, malformedLogins } from '../../ingest/malformed.test-support.js';
import { upload } from '../../imports/upload.test-support.js';
import { backends } from '../../test-support/databases.js';
import { fuzzParameters, fuzzTimeout, mutated } from '../../test-support/fuzz.js';
import { expectFieldError, openRouteApp, type RouteApp } from '../../test-support/route-app.js';
import { type LoginsFile, loginsFile } from './import-logins.test-support.js';

const clientHeader = 'id,razao,email,telefone_celular,senha,obs';
const clientLine = (id: number) => `${id},Cliente ${id},c${id}@example.com,(48) 99912-${String(id % 10_000).padStart(4, '0')},segredo,nota`;

describe.each(backends)('imports over HTTP on $name', (backend) => {
  let t: RouteApp;
  let base: string;
  beforeAll(async () => {
    t = await openRouteApp(backend, { env: { AVISA_IMPORT_MAX_BYTES: '5000000' } });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    await t.database.db.execute(sql`insert into clients (id, name, name_search) values (${MALFORMED_CLIENT}, 'Ana', 'ana')`);
    await t.database.db.execute(sql`insert into nas (id, name) values (${MALFORMED_NAS.id}, ${MALFORMED_NAS.name})`);
  });
  afterAll(async () => t?.close());

  const csvHeaders = (extra: Record<string, string> = {}) => ({ ...t.as.admin, 'content-type': 'text/csv', ...extra });

  it('streams a CSV into the database and answers with the job: counters, ignored columns, row errors', async () => {
    const lines = [clientHeader, clientLine(1001), '1002,,x@example.com,,,', clientLine(1003), 'abc,Sem id,,,,'];
    // Sent in small pieces, split inside lines, with no Content-Length: the server reads it as it arrives.
    const text = `${lines.join('\n')}\n`;
    const pieces = Array.from({ length: Math.ceil(text.length / 7) }, (_, i) => text.slice(i * 7, i * 7 + 7));
    const res = await upload(`${base}/api/imports/clientes?name=clientes.csv`, csvHeaders(), pieces);
    expect(res.status).toBe(201);
    const job = res.body.job!;
    expect(job).toMatchObject({
      entity: 'clientes',
      format: 'csv',
      status: 'succeeded',
      fileName: 'clientes.csv',
      read: 4,
      inserted: 2,
      rejected: 2,
      errorCount: 2,
      bytesRead: Buffer.byteLength(text),
      bytesTotal: null,
      ignoredColumns: ['obs', 'senha'],
      secretColumns: ['senha'],
      actor: 'admin',
    });
    const names = await queryRows<{ id: number; name: string }>(t.database.db, sql`select id, name from clients where id > 1000 order by id`);
    expect(names).toEqual([{ id: 1001, name: 'Cliente 1001' }, { id: 1003, name: 'Cliente 1003' }]);

    const errors = (await t.call('GET', `/api/imports/${job.id}/errors`, 'admin')).json();
    expect(errors).toMatchObject({ total: 2, unit: 'line' });
    expect(errors.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([[3, 'razao'], [5, 'id']]);
    // Each error is also a notice: a code and params, which the screens render in the reader's language.
    expect(errors.errors.map((e: { notice: unknown }) => e.notice)).toEqual([
      { code: 'import_required' },
      { code: 'import_not_id', params: { got: '"abc"' } },
    ]);
    expect(errors.errors[1].message).toBe('expected a positive integer id, got "abc"');
    // A row kept before errors had codes is given as its English message, verbatim.
    await t.database.db.execute(sql`update import_job_errors set notice = null where job_id = ${job.id} and seq = 1`);
    const legacy = (await t.call('GET', `/api/imports/${job.id}/errors`, 'admin')).json().errors[0];
    expect(legacy).toMatchObject({ message: 'required, got an empty value', notice: { code: 'legacy', detail: 'required, got an empty value' } });

    const audit = await queryRows<{ details: { status: string; inserted: number } }>(
      t.database.db,
      sql`select details from audit_log where action = 'import' and entity_id = ${String(job.id)}`,
    );
    expect(audit.map((a) => [a.details.status, a.details.inserted])).toEqual([['succeeded', 2]]);
  });

  it('shows the progress of a running import to another request', async () => {
    const ref = `slow-${backend.name}`;
    let resume!: () => void;
    const paused = new Promise<void>((r) => (resume = r));
    async function* slowFile() {
      yield `${clientHeader}\n`;
      for (let id = 2001; id <= 4500; id++) yield `${clientLine(id)}\n`;
      await paused; // the rest waits until the test has seen the progress
      for (let id = 4501; id <= 5000; id++) yield `${clientLine(id)}\n`;
    }
    const answer = upload(`${base}/api/imports/clientes?ref=${ref}`, csvHeaders(), slowFile());

    let seen: { id: number; status: string; read: number; bytesRead: number } | undefined;
    for (let i = 0; i < 200 && !(seen && seen.read >= 2000); i++) {
      await sleep(50);
      seen = (await t.call('GET', `/api/imports?ref=${ref}`, 'admin')).json().jobs[0];
    }
    expect(seen).toMatchObject({ status: 'running' });
    expect(seen!.read).toBeGreaterThanOrEqual(2000);
    expect(seen!.bytesRead).toBeGreaterThan(0);
    expect((await t.call('GET', `/api/imports/${seen!.id}`, 'admin')).json().job.status).toBe('running');

    resume();
    const res = await answer;
    expect(res.status).toBe(201);
    expect(res.body.job).toMatchObject({ id: seen!.id, status: 'succeeded', read: 3000, inserted: 3000, rejected: 0 });
  });

  it('reads a JSON array, an IXC envelope and JSON Lines, chosen by content type', async () => {
    const record = (id: number) => ({ id: String(id), razao: `Json ${id}`, telefone_celular: '48999123456' });
    const array = await upload(`${base}/api/imports/clientes`, { ...t.as.admin, 'content-type': 'application/json' }, [
      JSON.stringify([record(6001), record(6002), { id: '6003' }]),
    ]);
    expect(array.status).toBe(201);
    expect(array.body.job).toMatchObject({ format: 'json', unit: 'record', read: 3, inserted: 2, rejected: 1 });
    const errors = (await t.call('GET', `/api/imports/${array.body.job!.id}/errors`, 'admin')).json();
    expect(errors).toMatchObject({ unit: 'record', errors: [{ line: 3, field: 'razao' }] });

    const envelope = await upload(`${base}/api/imports/clientes`, { ...t.as.admin, 'content-type': 'application/json; charset=utf-8' }, [
      JSON.stringify({ page: '1', total: '1', registros: [record(6004)] }),
    ]);
    expect(envelope.body.job).toMatchObject({ format: 'json', inserted: 1 });

    const lines = await upload(`${base}/api/imports/clientes`, { ...t.as.admin, 'content-type': 'application/x-ndjson' }, [
      `${JSON.stringify(record(6005))}\n{"id": "6006", "razao": \n${JSON.stringify(record(6007))}\n`,
    ]);
    expect(lines.body.job).toMatchObject({ format: 'jsonl', unit: 'line', read: 3, inserted: 2, rejected: 1 });
  });

  it('keeps every valid row of a malformed export and lists one error per bad row, by line, paged', async () => {
    const file = malformedLogins(1_500, 4);
    const res = await upload(
      `${base}/api/imports/logins?format=csv&name=radusuarios.csv`,
      { ...t.as.admin, 'content-type': 'application/octet-stream', 'content-length': String(file.content.length) },
      [file.content.subarray(0, 50_000), file.content.subarray(50_000)],
    );
    expect(res.status).toBe(201);
    expect(res.body.job).toMatchObject({ read: 1_500, rejected: file.bad.length, bytesTotal: file.content.length, ignoredColumns: ['obs'] });
    expect((res.body.job!.inserted as number) + (res.body.job!.updated as number)).toBe(file.valid.size);
    const page1 = (await t.call('GET', `/api/imports/${res.body.job!.id}/errors?pageSize=50`, 'admin')).json();
    const page2 = (await t.call('GET', `/api/imports/${res.body.job!.id}/errors?pageSize=50&page=2`, 'admin')).json();
    expect(page1.total).toBe(file.bad.length);
    const listed = [...page1.errors, ...page2.errors].map((e: { line: number; field: string | null }) => ({ line: e.line, field: e.field }));
    expect(listed).toEqual(file.bad.slice(0, listed.length).map(({ line, field }) => ({ line, field })));
  });

  it('reads windows-1252 when asked, by query or by charset', async () => {
    const bytes = Buffer.from(`${clientHeader}\n7001,João Conceição,,,,\n`, 'latin1');
    const byQuery = await upload(`${base}/api/imports/clientes?encoding=windows-1252`, csvHeaders(), [bytes]);
    const byCharset = await upload(`${base}/api/imports/clientes`, csvHeaders({ 'content-type': 'text/csv; charset=windows-1252' }), [bytes]);
    expect([byQuery.body.job?.encoding, byCharset.body.job?.encoding]).toEqual(['windows-1252', 'windows-1252']);
    const [row] = await queryRows<{ name: string }>(t.database.db, sql`select name from clients where id = 7001`);
    expect(row?.name).toBe('João Conceição');
  });

  it('refuses what it cannot read with a 400 naming the field, and a file over the limit with a 413', async () => {
    const unknownType = await upload(`${base}/api/imports/clientes`, { ...t.as.admin, 'content-type': 'application/octet-stream' }, ['x']);
    expect([unknownType.status, unknownType.body.error?.field]).toEqual([400, 'format']);
    const badEncoding = await upload(`${base}/api/imports/clientes?encoding=ebcdic`, csvHeaders(), ['id\n']);
    expect([badEncoding.status, badEncoding.body.error?.field]).toEqual([400, 'encoding']);
    const badEntity = await upload(`${base}/api/imports/planos`, csvHeaders(), ['id\n']);
    expect([badEntity.status, badEntity.body.error?.field]).toEqual([400, 'entity']);
    const empty = await upload(`${base}/api/imports/clientes`, { ...t.as.admin }, []);
    expect([empty.status, empty.body.error?.field]).toEqual([400, 'body']);
    // A file without a header of IXC fields: 400 naming the body, and a failed job whose reason has a code.
    const noHeader = await upload(`${base}/api/imports/clientes?ref=no-header`, csvHeaders(), ['1,Ana\n2,Bia\n']);
    expect([noHeader.status, noHeader.body.error?.field]).toEqual([400, 'body']);
    expect((await t.call('GET', '/api/imports?ref=no-header', 'admin')).json().jobs[0]).toMatchObject({
      status: 'failed',
      error: 'the first line must name IXC fields, "id" included; got "1,Ana"',
      errorNotice: { code: 'import_header_no_id', params: { got: '"1,Ana"' } },
    });

    // Refused from its Content-Length, before a byte is read.
    const declared = await upload(`${base}/api/imports/clientes`, csvHeaders({ 'content-length': '5000001' }), ['i']);
    expect([declared.status, declared.body.error?.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);

    // Chunked, so the size shows only while reading: the job fails with the reason, what was read so far kept.
    async function* tooLong() {
      yield `${clientHeader}\n`;
      for (let id = 8001; id <= 8100; id++) yield `${clientLine(id)}${'x'.repeat(60_000)}\n`;
    }
    const streamed = await upload(`${base}/api/imports/clientes?ref=too-long`, csvHeaders(), tooLong());
    expect([streamed.status, streamed.body.error?.code, streamed.body.error?.field]).toEqual([413, 'PAYLOAD_TOO_LARGE', 'body']);
    const [job] = (await t.call('GET', '/api/imports?ref=too-long', 'admin')).json().jobs;
    expect(job).toMatchObject({
      status: 'failed',
      error: 'the file is larger than 5000000 bytes (AVISA_IMPORT_MAX_BYTES)',
      errorNotice: { code: 'import_too_large', params: { max: 5_000_000 } },
    });
    expect(job.bytesRead).toBeLessThanOrEqual(5_000_000);
  });

  it('fails a job its process left running, and gives an old failed job its English reason as a legacy notice', async () => {
    await t.database.db.execute(sql`insert into import_jobs (entity, format, encoding, client_ref, status, actor, updated_at)
      values ('logins', 'csv', 'utf8', 'abandoned', 'running', 'admin', now() - interval '10 minutes')`);
    await t.database.db.execute(sql`insert into import_jobs (entity, format, encoding, client_ref, status, actor, error)
      values ('logins', 'csv', 'utf8', 'old-failure', 'failed', 'admin', 'import failed: something old')`);
    const abandoned = (await t.call('GET', '/api/imports?ref=abandoned', 'admin')).json().jobs[0];
    expect(abandoned).toMatchObject({
      status: 'failed',
      error: 'interrupted: the process running this import stopped',
      errorNotice: { code: 'import_process_stopped' },
    });
    const old = (await t.call('GET', '/api/imports?ref=old-failure', 'admin')).json().jobs[0];
    expect(old).toMatchObject({ error: 'import failed: something old', errorNotice: { code: 'legacy', detail: 'import failed: something old' } });
  });

  it('takes any text a file holds without failing (found by fuzzing)', async () => {
    // A column name PostgreSQL cannot store (NUL, a lone surrogate) is listed as ignored, shown as U+FFFD.
    const json = await upload(`${base}/api/imports/logins?format=json`, { ...t.as.admin, 'content-type': 'application/octet-stream' }, [
      '{"registros":[{"\\u0000":""},{"id":"1","a\\ud800b":"x"}]}',
    ]);
    expect([json.status, json.body.job?.ignoredColumns]).toEqual([201, ['\uFFFD', 'a\uFFFDb']]);
    // A NUL in a value is that row's error, naming the field; the other rows are stored.
    const csv = await upload(`${base}/api/imports/clientes`, csvHeaders(), [`${clientHeader}\n9101,Jo\u0000ao,,,,\n${clientLine(9102)}\n`]);
    expect(csv.body.job).toMatchObject({ status: 'succeeded', read: 2, inserted: 1, rejected: 1 });
    const errors = (await t.call('GET', `/api/imports/${csv.body.job!.id}/errors`, 'admin')).json();
    expect(errors.errors).toMatchObject([{ line: 2, field: 'razao', message: 'contains a NUL character, which cannot be stored' }]);
    // A JSON parser's words quoting a NUL are kept, the NUL shown as U+FFFD.
    const lines = await upload(`${base}/api/imports/logins?format=jsonl`, { ...t.as.admin, 'content-type': 'application/octet-stream' }, [
      '\u0000{"id":"1"}\n',
    ]);
    expect(lines.body.job).toMatchObject({ status: 'succeeded', read: 1, rejected: 1 });
    const [parse] = (await t.call('GET', `/api/imports/${lines.body.job!.id}/errors`, 'admin')).json().errors;
    expect(parse.notice).toMatchObject({ code: 'json_invalid', detail: expect.stringContaining('\uFFFD') });
    expect(parse.message).toMatch(/^invalid JSON: .*\uFFFD/);
    // A first line that is no header names the body.
    const noHeader = await upload(`${base}/api/imports/logins`, csvHeaders(), [Buffer.from([0])]);
    expect([noHeader.status, noHeader.body.error?.field]).toEqual([400, 'body']);
  });

  it('lets only admins import or read imports', async () => {
    for (const who of ['operator', 'viewer'] as const) {
      const res = await upload(`${base}/api/imports/clientes`, { ...t.as[who], 'content-type': 'text/csv' }, [`${clientHeader}\n99001,X,,,,\n`]);
      expect(res.status).toBe(403);
      expect((await t.call('GET', '/api/imports', who)).statusCode).toBe(403);
    }
    const [row] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from clients where id = 99001`);
    expect(row?.n).toBe(0);
    expect((await t.call('GET', '/api/imports/2147483000', 'admin')).statusCode).toBe(404);
  });

  describe('imports, fuzzed (src/test-support/fuzz.ts)', () => {
    const clientId = MALFORMED_CLIENT;
    let nextId = 10_000_000;
    const firstId = () => {
      nextId += 100;
      return nextId;
    };
    const inject = (file: Pick<LoginsFile, 'format' | 'body'>) =>
      t.app.inject({
        method: 'POST',
        url: `/api/imports/logins?format=${file.format === 'envelope' ? 'json' : file.format}`,
        headers: { ...t.as.admin, 'content-type': 'application/octet-stream' },
        payload: file.body,
      });

    it('imports a logins file keeping its good rows, each bad row one error naming its line and field', async () => {
      await fc.assert(
        fc.asyncProperty(loginsFile(firstId, clientId), async (file) => {
          const res = await inject(file);
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
        fuzzParameters({ runs: 15, budgetMs: 2_000, caseMs: 10_000 }),
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
        fuzzParameters({ runs: 25, budgetMs: 2_000, caseMs: 10_000 }),
      );
    }, fuzzTimeout);
  });
});
