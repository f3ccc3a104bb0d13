/**
 * fast-check arbitraries of logins exports (IXC's `radusuarios`) as CSV, JSON Lines, a JSON array or IXC's
 * envelope, each row good or broken in exactly one field, with what importing them must give: the good rows' logins
 * by id, and for each bad row its line (record number in a JSON document) and the field its one error names.
 */
import fc from 'fast-check';

/** The fields a file may carry besides id, login and id_cliente (always there), plus two Avisa does not read. */
const OPTIONAL = ['online', 'ultima_conexao_final', 'count_desconexao', 'latitude', 'ativo', 'obs', 'senha'] as const;
type Field = 'id' | 'login' | 'id_cliente' | (typeof OPTIONAL)[number];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const LOGIN_TEXT = ['a', 'z', 'Q', '0', '7', '.', '@', '-', '_', 'é', 'ç', 'ã', ' ', ',', ';', '"'];

/** A good value of each field (a login is trimmed when stored: `stored`). */
const good: Record<Field, fc.Arbitrary<string>> = {
  id: fc.constant(''), // numbered when the file is made
  login: fc
    .string({ unit: fc.constantFrom(...LOGIN_TEXT), minLength: 1, maxLength: 30 })
    .filter((s) => s.trim() !== ''),
  id_cliente: fc.constant(''), // the client the test stores
  online: fc.constantFrom('S', 'N', 'SS', 'I', 's', 'n', ''),
  ultima_conexao_final: fc.oneof(
    fc.constant(''),
    fc.constant('0000-00-00 00:00:00'),
    fc
      .record({ y: fc.integer({ min: 1990, max: 2035 }), mo: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }), s: fc.nat(86_399) })
      .map(({ y, mo, d, s }) => `${y}-${pad(mo)}-${pad(d)} ${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`),
  ),
  count_desconexao: fc.oneof(fc.constant(''), fc.integer({ min: 0, max: 2_147_483_647 }).map(String)),
  latitude: fc.oneof(fc.constant(''), fc.double({ min: -90, max: 90, noNaN: true }).map((n) => n.toFixed(6)), fc.constant('-27,5')),
  ativo: fc.constantFrom('S', 'N', ''),
  obs: fc.string({ maxLength: 10 }),
  senha: fc.string({ maxLength: 10 }),
};

/** Values that break a field (each rejects its row, naming the field). */
const BAD: Partial<Record<Field, readonly string[]>> = {
  id: ['abc', '0', '-3', '2147483648', '1,5', ' '],
  login: ['x'.repeat(256), 'jo\u0000ao', '  ', 'jos\uFFFD'],
  id_cliente: ['999999', 'x'],
  online: ['talvez', 'sim'],
  ultima_conexao_final: ['2026-02-30 10:00:00', '2026-01-01 25:00:00', 'ontem', '0000-01-01 00:00:00'],
  count_desconexao: ['-1', '1.5', '2147483648'],
  latitude: ['91', 'abc', '-90.5'],
  ativo: ['talvez'],
};

export type LoginsFormat = 'csv' | 'jsonl' | 'json' | 'envelope';

export interface LoginsFile {
  format: LoginsFormat;
  body: Buffer;
  /** Good rows: id → login as stored. */
  valid: Map<number, string>;
  /** Bad rows, by line: the field each one's error names. */
  bad: { line: number; field: string }[];
  ignored: string[];
}

type Row = Record<Field, string>;

function serialise(format: LoginsFormat, header: readonly Field[], rows: readonly Row[], delimiter: string): string {
  if (format === 'csv') {
    const quote = (v: string) => (/[,;"\r\n]/.test(v) || v !== v.trim() ? `"${v.replaceAll('"', '""')}"` : v);
    return `${[header.join(delimiter), ...rows.map((r) => header.map((f) => quote(r[f])).join(delimiter))].join('\r\n')}\r\n`;
  }
  const objects = rows.map((r) => Object.fromEntries(header.map((f) => [f, r[f]])));
  if (format === 'jsonl') return objects.map((o) => JSON.stringify(o)).join('\n');
  const array = `[\n${objects.map((o) => JSON.stringify(o)).join(',\n')}\n]`;
  return format === 'json' ? array : `{"page":"1","total":"${rows.length}","registros":${array}}`;
}

/** A file of rows numbered from `firstId` for client `clientId`; its ids never collide with another file's. */
export function loginsFile(firstId: () => number, clientId: number): fc.Arbitrary<LoginsFile> {
  return fc
    .record({
      format: fc.constantFrom<LoginsFormat>('csv', 'jsonl', 'json', 'envelope'),
      optional: fc.shuffledSubarray([...OPTIONAL]),
      delimiter: fc.constantFrom(',', ';'),
      rows: fc.integer({ min: 1, max: 12 }),
    })
    .chain(({ format, optional, delimiter, rows }) => {
      const header: Field[] = ['id', 'login', 'id_cliente', ...optional];
      const breakable = header.filter((f) => BAD[f]);
      const row = fc.record({
        values: fc.record(Object.fromEntries(header.map((f) => [f, good[f]])) as Record<Field, fc.Arbitrary<string>>),
        breakage: fc.option(fc.constantFrom(...breakable).chain((f) => fc.tuple(fc.constant(f), fc.constantFrom(...BAD[f]!))), { freq: 3 }),
      });
      return fc.array(row, { minLength: rows, maxLength: rows }).map((drawn) => {
        const base = firstId();
        const valid = new Map<number, string>();
        const bad: LoginsFile['bad'] = [];
        const data = drawn.map(({ values, breakage }, i): Row => {
          const r: Row = { ...values, id: String(base + i), id_cliente: String(clientId) };
          const line = format === 'csv' ? i + 2 : i + 1;
          if (breakage) {
            const [field, value] = breakage;
            r[field] = value;
            bad.push({ line, field });
          } else valid.set(base + i, r.login.trim());
          return r;
        });
        const ignored = header.filter((f) => f === 'obs' || f === 'senha').sort();
        return { format, body: Buffer.from(serialise(format, header, data, delimiter)), valid, bad, ignored };
      });
    });
}
