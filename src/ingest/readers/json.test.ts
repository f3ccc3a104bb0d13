import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJsonDocument, readJsonLines } from './json.js';
import type { Source, SourceItem } from './source.js';

const dir = mkdtempSync(join(tmpdir(), 'avisa-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function read(reader: (path: string) => Source, content: string): Promise<SourceItem[]> {
  const path = join(dir, `f${n++}`);
  writeFileSync(path, content);
  const items: SourceItem[] = [];
  for await (const item of reader(path).items) items.push(item);
  return items;
}
const lines = (content: string) => read((p) => readJsonLines(p, 'utf8'), content);
const doc = (content: string) => read((p) => readJsonDocument(p, 'utf8'), content);
const messages = (items: SourceItem[]) => items.map((i) => ('error' in i ? `${i.line}!${i.error.message}` : i.line));

describe('readJsonLines', () => {
  it('reads one object per line, skipping blank lines, numbering by line', async () => {
    expect(await lines('{"id":"1"}\n\n{"id":"2"}')).toEqual([
      { line: 1, record: { id: '1' } },
      { line: 3, record: { id: '2' } },
    ]);
  });

  it('rejects bad lines one by one and goes on', async () => {
    const items = await lines(`{"id":"1"}\n{"id":\n[1]\n{"id":"${'x'.repeat(1_100_000)}"}\n{"id":"5"}\n`);
    expect(messages(items)).toEqual([
      1,
      expect.stringMatching(/^2!invalid JSON/),
      '3!expected a JSON object',
      '4!line longer than 1000000 characters, skipped',
      5,
    ]);
  });
});

describe('readJsonDocument', () => {
  it('streams an array of objects, numbering records', async () => {
    expect(await doc(' [{"id":"1"},{"id":"2","razao":"Zé"}]')).toEqual([
      { line: 1, record: { id: '1' } },
      { line: 2, record: { id: '2', razao: 'Zé' } },
    ]);
  });

  it("streams IXC's webservice envelope", async () => {
    const body = '{"page":"1","total":"2","registros":[{"id":"1"},{"id":"2"}]}';
    expect(messages(await doc(body))).toEqual([1, 2]);
  });

  it('rejects a record with a syntax error and goes on with the next ones', async () => {
    const items = await doc(`[{"id":"1"},{"id":"2",},{"id":NaN},{'id':'4'},7,{"id":"6"}]`);
    expect(messages(items)).toEqual([
      1,
      expect.stringMatching(/^2!invalid JSON: /),
      expect.stringMatching(/^3!invalid JSON: /),
      expect.stringMatching(/^4!invalid JSON: /),
      '5!expected a JSON object',
      6,
    ]);
    expect(items[5]).toEqual({ line: 6, record: { id: '6' } });
  });

  it('keeps the records after an unclosed string or an over-long record of an envelope', async () => {
    const body = `{"page":"1","registros":[\n{"id":"1","razao":"Ana},\n{"id":"2","razao":"${'x'.repeat(1_100_000)}"},\n{"id":"3","razao":"Bia \\"B\\" [x]"}\n],"total":"3"}`;
    expect(messages(await doc(body))).toEqual([
      expect.stringMatching(/^1!invalid JSON: /),
      '2!record longer than 1000000 characters, skipped',
      3,
    ]);
  });

  it('reports an object without registros, and stops at broken JSON keeping what came before', async () => {
    expect(messages(await doc('{"type":"error","message":"x"}'))).toEqual([expect.stringMatching(/^0!no records/)]);
    expect(messages(await doc('[{"id":"1"},{"id":"2"},{"id":'))).toEqual([
      1,
      2,
      expect.stringMatching(/^3!invalid JSON after record 2: .*reading stopped$/),
    ]);
  });
});
