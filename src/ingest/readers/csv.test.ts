import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from './csv.js';
import type { SourceEncoding, SourceItem } from './source.js';

const dir = mkdtempSync(join(tmpdir(), 'avisa-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function read(content: string | Buffer, encoding: SourceEncoding = 'utf8'): Promise<SourceItem[]> {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, content);
  const items: SourceItem[] = [];
  for await (const item of readCsv(path, encoding).items) items.push(item);
  return items;
}

const summary = (items: SourceItem[]) =>
  items.map((i) => ('record' in i ? `${i.line}:${i.record.id}` : `${i.line}!${i.error.message.slice(0, 15)}`));

describe('readCsv', () => {
  it('reads comma- and semicolon-separated files, BOM and CRLF included', async () => {
    expect(await read('id,razao\n1,Ana\n2,"Bia, da Silva"\n')).toEqual([
      { line: 2, record: { id: '1', razao: 'Ana' } },
      { line: 3, record: { id: '2', razao: 'Bia, da Silva' } },
    ]);
    expect(await read('\uFEFFid;razao\r\n1;"Ana ""A"" Souza"\r\n2;Bia\r\n')).toEqual([
      { line: 2, record: { id: '1', razao: 'Ana "A" Souza' } },
      { line: 3, record: { id: '2', razao: 'Bia' } },
    ]);
  });

  it('numbers a record by the line it starts on, across quoted line breaks', async () => {
    const items = await read('id,obs\n1,"one\ntwo\nthree"\n2,x\n');
    expect(summary(items)).toEqual(['2:1', '5:2']);
    expect(items[0]).toMatchObject({ record: { obs: 'one\ntwo\nthree' } });
  });

  it('keeps a lone quote inside an unquoted field as text', async () => {
    expect(await read('id,endereco\n1,Rua "A" 10\n')).toEqual([{ line: 2, record: { id: '1', endereco: 'Rua "A" 10' } }]);
  });

  it('rejects a broken closing quote as one row and goes on', async () => {
    const items = await read('id,razao,c\n1,ok,a\n2,"bro"ken,b\n3,fine,c\n4,a"b,c\n5,"multi\nline",x\n6,last,z\n');
    expect(summary(items)).toEqual(['2:1', '3!broken quoting:', '4:3', '5:4', '6:5', '8:6']);
  });

  it('rejects a line with the wrong number of fields and goes on', async () => {
    const items = await read('id,razao\n1,a\n2,b,extra\n3\n4,d\n');
    expect(summary(items)).toEqual(['2:1', '3!wrong number of', '4!wrong number of', '5:4']);
    expect(items[1]).toMatchObject({ error: { message: 'wrong number of fields: the header has 2, this line has 3' } });
  });

  it('rejects a 10 MB line as one bad row without buffering it, and goes on', async () => {
    const items = await read(`id,razao\n1,a\n2,${'x'.repeat(10_000_000)}\n3,c\n`);
    expect(summary(items)).toEqual(['2:1', '3!record longer t', '4:3']);
  });

  it('bounds an unclosed quote to one record and resumes at the next line', async () => {
    const items = await read(`id,razao\n1,"never closed\n${'2,b\n'.repeat(300_000)}`);
    const first = items[0];
    expect(first).toMatchObject({ line: 2, error: { field: null } });
    expect('error' in first! && first.error.message).toMatch(/unclosed quote/);
    expect(items.filter((i) => 'record' in i).length).toBeGreaterThan(0);
  });

  it('reports an unclosed quote at the end of the file', async () => {
    expect(summary(await read('id,razao\n1,a\n2,"open'))).toEqual(['2:1', '3!unclosed quote ']);
  });

  it('refuses a file whose first line does not name the id field', async () => {
    await expect(read('1,Ana\n2,Bia\n')).rejects.toThrow(/first line must name IXC fields, "id" included; got "1,Ana"/);
  });

  it('decodes windows-1252 and leaves invalid UTF-8 visible as U+FFFD', async () => {
    const bytes = Buffer.from('id,razao\n1,Jos\xe9\n', 'latin1');
    expect(await read(bytes, 'windows-1252')).toEqual([{ line: 2, record: { id: '1', razao: 'José' } }]);
    expect(await read(bytes, 'utf8')).toEqual([{ line: 2, record: { id: '1', razao: 'Jos\uFFFD' } }]);
  });
});
