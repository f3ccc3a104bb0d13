import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crlfRecords } from './crlf-records.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (chunks: Uint8Array[]) => Buffer.concat(chunks).toString('utf8');

/** The records as COPY writes them (fields quoted when they hold `;`, a quote or a line break; LF after each). */
function copyCsv(records: string[][]): string {
  const field = (f: string) => (/[;"\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f);
  return records.map((r) => `${r.map(field).join(';')}\n`).join('');
}

describe('CRLF record ends', () => {
  it('ends records with CRLF and leaves line breaks inside quoted fields alone', () => {
    const convert = crlfRecords();
    expect(text([convert(bytes('1;"duas\nlinhas";"a ""b""\n"\n2;x\n'))])).toBe('1;"duas\nlinhas";"a ""b""\n"\r\n2;x\r\n');
  });

  it('follows quotes across chunks cut anywhere, even between a doubled quote', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: fc.constantFrom('a', 'é', ';', '"', '\n', '\r', ' ') }), { minLength: 1, maxLength: 4 }), {
          maxLength: 8,
        }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (records, cuts) => {
          const whole = bytes(copyCsv(records));
          const at = [...new Set(cuts.map((c) => c % (whole.length + 1)))].sort((a, b) => a - b);
          const convert = crlfRecords();
          const out: Uint8Array[] = [];
          let from = 0;
          for (const cut of [...at, whole.length]) {
            out.push(convert(whole.subarray(from, cut)));
            from = cut;
          }
          const want = records.map((r) => copyCsv([r]).replace(/\n$/, '\r\n')).join('');
          expect(text(out)).toBe(want);
        },
      ),
      { numRuns: 500 },
    );
  });
});
