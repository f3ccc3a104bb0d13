/**
 * A deterministic logins CSV of `rows` records, most good and some broken in every way an export goes wrong
 * (stray and broken quotes, 1 MB values, invalid UTF-8, a joined second export with its BOM and header, bad
 * dates, negative counts, unknown names and clients, wrong field counts, over-long text), and what importing it
 * must give: the good rows' logins by id and, for each bad row, its line and the field its one error names.
 */
import { createRng } from './demo/prng.js';

const MALFORMED_HEADER = [
  'id',
  'login',
  'id_cliente',
  'online',
  'ultima_conexao_final',
  'count_desconexao',
  'concentrador',
  'endereco',
  'obs',
] as const;

/** The client every login points at, and the NAS the good rows name: the test stores them first. */
export const MALFORMED_CLIENT = 1;
export const MALFORMED_NAS = { id: 5, name: 'BRAS-01' } as const;

export interface MalformedFile {
  content: Buffer;
  /** Good rows: id → login. */
  valid: Map<number, string>;
  /** Bad rows: the line each starts on and the field its error names (null for the record as a whole). */
  bad: { line: number; id: number; field: string | null }[];
}

type Field = (typeof MALFORMED_HEADER)[number];
type Row = Record<Field, string>;
/** How a row goes wrong: the field its error names, and the change that breaks it (text of the line). */
type Breakage = { field: Field | null; line(row: Row): string };

const SEP = ',';
const INVALID_UTF8 = '\u0000'; // replaced by the byte 0xE9 (é in windows-1252) once encoded

const join = (row: Row) => MALFORMED_HEADER.map((f) => row[f]).join(SEP);
const withField = (field: Field, value: string): Breakage => ({ field, line: (row) => join({ ...row, [field]: value }) });

const BREAKAGES: readonly (readonly [Breakage, number])[] = [
  [{ field: 'login', line: (row) => join({ ...row, login: `"${row.login}` }) }, 6], // stray quote, one-line field
  [{ field: 'endereco', line: (row) => join({ ...row, endereco: `"${row.endereco}` }) }, 6], // stray quote, multi-line field
  [{ field: 'obs', line: (row) => join({ ...row, obs: `"nota sem fim` }) }, 3], // stray quote in an unread column
  [{ field: 'login', line: (row) => join({ ...row, login: `"${row.login}"x` }) }, 4], // broken closing quote
  [withField('obs', 'x'.repeat(1_048_576)), 1], // a 1 MB value
  [{ field: 'login', line: (row) => join({ ...row, login: `jos${INVALID_UTF8}` }) }, 4], // windows-1252 bytes
  [withField('ultima_conexao_final', '2026-02-30 10:00:00'), 4],
  [withField('count_desconexao', '-4'), 4],
  [withField('online', 'talvez'), 3],
  [withField('concentrador', 'BRAS-99'), 3], // no such NAS
  [withField('id_cliente', '777'), 3], // no such client
  [withField('login', 'l'.repeat(300)), 3], // over the text limit
  [{ field: null, line: (row) => `${join(row)}${SEP}extra` }, 3], // wrong number of fields
  [{ field: null, line: () => `\uFEFF${MALFORMED_HEADER.join(SEP)}` }, 1], // a second export joined on
];
const TOTAL_BREAKAGE_WEIGHT = BREAKAGES.reduce((sum, [, w]) => sum + w, 0);

/** A good row's text: some quoted, some spanning two lines, some with a lone quote inside a value. */
function goodLine(row: Row, style: number): string {
  if (style === 0) return join({ ...row, endereco: `"${row.endereco}, fundos"` });
  if (style === 1) return join({ ...row, endereco: `"${row.endereco}\nCasa 2"` });
  if (style === 2) return join({ ...row, endereco: `Rua "A" ${row.id}` });
  return join(row);
}

export function malformedLogins(rows: number, seed = 1, badShare = 0.06): MalformedFile {
  const rng = createRng(seed);
  const lines: string[] = [MALFORMED_HEADER.join(SEP)];
  const valid = new Map<number, string>();
  const bad: MalformedFile['bad'] = [];
  let line = 2;
  for (let id = 1; id <= rows; id++) {
    const row: Row = {
      id: String(id),
      login: `cliente${id}@fibra`,
      id_cliente: String(MALFORMED_CLIENT),
      online: rng.pick(['S', 'N', 'SS']),
      ultima_conexao_final: `2026-01-${String(rng.int(1, 28)).padStart(2, '0')} 08:30:00`,
      count_desconexao: String(rng.int(0, 40)),
      concentrador: rng.chance(0.5) ? MALFORMED_NAS.name : MALFORMED_NAS.name.toLowerCase(),
      endereco: `Rua ${rng.int(1, 500)}`,
      obs: rng.chance(0.1) ? 'cliente antigo' : '',
    };
    if (rng.chance(0.01)) {
      lines.push(''); // blank lines are no rows
      line++;
    }
    const eol = rng.chance(0.2) ? '\r' : ''; // some lines end in CRLF
    if (rng.next() < badShare) {
      const breakage = rng.weighted(BREAKAGES.map(([b, w]) => [b, w / TOTAL_BREAKAGE_WEIGHT] as const));
      lines.push(breakage.line(row) + eol);
      bad.push({ line, id, field: breakage.field });
      line++;
    } else {
      const style = rng.int(0, 9);
      lines.push(goodLine(row, style) + eol);
      valid.set(id, row.login);
      line += style === 1 ? 2 : 1;
    }
  }
  const content = Buffer.from(`\uFEFF${lines.join('\n')}\n`, 'utf8');
  for (let at = content.indexOf(0); at !== -1; at = content.indexOf(0, at + 1)) content[at] = 0xe9;
  return { content, valid, bad };
}
