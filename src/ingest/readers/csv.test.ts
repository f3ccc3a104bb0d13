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

  it('numbers lines by their line feeds whatever carriage returns the values hold (found by csv.fuzz.test.ts)', async () => {
    // csv-parse counts a lone CR, and each of a CRLF inside a quoted value, as a line break of its own.
    expect(await read('id,razao\n"0",""\n"1","\r"')).toEqual([
      { line: 2, record: { id: '0', razao: '' } },
      { line: 3, record: { id: '1', razao: '\r' } },
    ]);
    expect(await read('id,login,obs\n\r\0')).toEqual([
      {
        line: 2,
        error: {
          line: 2,
          field: null,
          message: 'wrong number of fields: the header has 3, this line has 1',
          notice: { code: 'csv_field_count', params: { columns: 3, fields: 1 } },
        },
      },
    ]);
    const items = await read('id,obs\r\n1,"Rua A\r\nfundos"\r\n2,a\rb\r\n3,y,z\r\n4,"q"x\r\n5,w\r\n');
    expect(summary(items)).toEqual(['2:1', '4:2', '5!wrong number of', '6!broken quoting:', '7:5']);
    expect(items.slice(0, 2)).toMatchObject([{ record: { obs: 'Rua A\r\nfundos' } }, { record: { obs: 'a\rb' } }]);
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

  it('rejects a 10 MB value as one bad row naming its field, without buffering it, and goes on', async () => {
    const items = await read(`id,razao\n1,a\n2,${'x'.repeat(10_000_000)}\n3,c\n`);
    expect(summary(items)).toEqual(['2:1', '3!value longer th', '4:3']);
    expect(items[1]).toMatchObject({ error: { field: 'razao', message: 'value longer than 65536 characters, skipped' } });
  });

  it('rejects a record over the record limit, made of fields under the field limit', async () => {
    const wide = Array.from({ length: 20 }, () => 'y'.repeat(60_000)).join(',');
    const header = ['id', ...Array.from({ length: 20 }, (_, i) => `c${i}`)].join(',');
    const items = await read(`${header}\n${wide}\n2${',z'.repeat(20)}\n`);
    expect(summary(items)).toEqual(['2!record longer t', '3:2']);
  });

  it('keeps every row after a stray quote at the start of a field (comma, semicolon, CRLF, last field)', async () => {
    const rows = (n: number, sep: string, eol: string) =>
      Array.from({ length: n }, (_, i) => `${i + 3}${sep}login${i + 3}${sep}S`).join(eol) + eol;
    for (const [sep, eol, bad] of [
      [',', '\n', '2,"jose,S'],
      [';', '\r\n', '2;"jose;S'],
      [',', '\n', '2,jose,"S'],
    ] as const) {
      const items = await read(`id${sep}login${sep}online${eol}${bad}${eol}${rows(30_000, sep, eol)}`);
      const errors = items.filter((i) => 'error' in i);
      expect(errors).toEqual([
        {
          line: 2,
          error: {
            line: 2,
            field: bad.endsWith('S') && bad.includes('"S') ? 'online' : 'login',
            message: expect.stringMatching(/^unclosed quote: .* runs past 100 line breaks; the line is skipped/),
            notice: { code: 'csv_quote_too_many_lines', params: { max: 100 } },
          },
        },
      ]);
      expect(items.length).toBe(30_001);
      expect(items.at(-1)).toEqual({ line: 30_002, record: { id: '30002', login: 'login30002', online: 'S' } });
    }
  });

  it('rejects only the line of a stray quote that a later quote seems to close, and reads the lines between', async () => {
    const between = Array.from({ length: 5 }, (_, i) => `${i + 3},ok${i + 3}`).join('\n');
    const items = await read(`id,razao\n2,"stray\n${between}\n8,"Silva, Ana"\n9,fine\n`);
    expect(summary(items)).toEqual(['2!unclosed quote:', '3:3', '4:4', '5:5', '6:6', '7:7', '8:8', '9:9']);
    expect(items[0]).toMatchObject({ error: { field: 'razao', message: expect.stringContaining('ends in broken quoting on line 8') } });
    expect(items[6]).toMatchObject({ record: { razao: 'Silva, Ana' } });
  });

  it('rejects a quote that closes later into the wrong number of fields, keeping the lines between', async () => {
    const items = await read('id,razao,c\n2,"stray,a\n3,b,c\n4,x"\n5,d,e\n');
    expect(summary(items)).toEqual(['2!unclosed quote:', '3:3', '4!wrong number of', '5:5']);
    expect(items[0]).toMatchObject({ error: { message: expect.stringContaining('leaves its record with 2 fields, the header has 3') } });
  });

  it('takes a line break in a single-line column for a stray quote, and keeps multi-line values elsewhere', async () => {
    const path = join(dir, `f${n++}.csv`);
    writeFileSync(path, 'id,login,obs\n1,"ana,x\n2,bia,"note\nsecond line"\n3,caio,y\n');
    const items: SourceItem[] = [];
    for await (const item of readCsv(path, 'utf8', { singleLine: new Set(['id', 'login']) }).items) items.push(item);
    expect(summary(items)).toEqual(['2!unclosed quote:', '3:2', '5:3']);
    expect(items[0]).toMatchObject({ error: { field: 'login', message: expect.stringContaining('runs onto the next line, in a field that holds one line') } });
    expect(items[1]).toMatchObject({ record: { obs: 'note\nsecond line' } });
  });

  it('bounds a quoted value to 100 line breaks', async () => {
    const lines = (from: number, n: number) => Array.from({ length: n }, (_, i) => `l${from + i}`).join('\n');
    const items = await read(`id,obs\n1,"${lines(0, 101)}"\n2,"${lines(0, 102)}"\n3,x\n`);
    expect(items[0]).toMatchObject({ line: 2, record: { id: '1' } });
    expect(items[1]).toMatchObject({ line: 103, error: { field: 'obs', message: expect.stringContaining('runs past 100 line breaks') } });
    // The lines of the over-long value are read as rows of their own (one field each: wrong number of fields).
    expect(items.filter((i) => 'error' in i)).toHaveLength(102);
    expect(items.at(-1)).toEqual({ line: 205, record: { id: '3', obs: 'x' } });
  });

  it('bounds an unclosed quote to one line and resumes at the next line', async () => {
    const items = await read(`id,razao\n1,"never closed\n${'2,b\n'.repeat(300_000)}`);
    const first = items[0];
    expect(first).toMatchObject({ line: 2, error: { field: 'razao' } });
    expect('error' in first! && first.error.message).toMatch(/unclosed quote/);
    expect(items.filter((i) => 'record' in i).length).toBe(300_000);
  });

  it('reports an unclosed quote at the end of the file, keeping the lines after it', async () => {
    expect(summary(await read('id,razao\n1,a\n2,"open'))).toEqual(['2:1', '3!unclosed quote ']);
    const items = await read('id,razao\n1,"open\n2,b\n3,c');
    expect(summary(items)).toEqual(['2!unclosed quote:', '3:2', '4:3']);
    expect(items[0]).toMatchObject({ error: { message: expect.stringContaining('runs to the end of the file') } });
  });

  it('refuses a header line with a stray quote, or a UTF-8 file read as windows-1252, with a clear error', async () => {
    await expect(read('id,"login,online\n1,a,S\n')).rejects.toThrow(/^the header line is not valid CSV: Quote Not Closed/);
    const bom = Buffer.from('\uFEFFid,razao\n1,Jos\u00e9\n', 'utf8');
    await expect(read(bom, 'windows-1252')).rejects.toThrow(/UTF-8 byte order mark: it is UTF-8, import it with the UTF-8 encoding/);
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
