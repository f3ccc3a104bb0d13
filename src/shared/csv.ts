/**
 * CSV for Brazilian Excel: UTF-8 with a BOM, `;` between fields, CRLF between records, times as
 * `DD/MM/AAAA HH:MM:SS` in the installation's zone. Text that starts like a formula (`=`, `+`, `-`, `@`) gets a
 * leading `'`, so a subscriber's name cannot run in the operator's spreadsheet. Rows arrive in chunks and the
 * text is produced chunk by chunk as the consumer pulls it: memory holds one chunk.
 */

import { zoneOffsetMs } from './time-zone.js';

const BOM = '\uFEFF';
const SEP = ';';
const EOL = '\r\n';

export type CsvColumn<T> = readonly [
  header: string,
  value: (row: T, time: (iso: string | null) => string) => unknown,
  /** Avisa's own formatting (the mobile's `+55 …`): not neutralised as a formula. */
  ours?: 'ours',
];

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field: quoted when it holds the separator, a quote or a line break (quotes doubled); text starting
 * like a spreadsheet formula gets a leading `'` unless `ours` (OWASP's advice on CSV injection).
 */
export function csvField(value: unknown, ours = false): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (!ours && typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** `3d 04:05:06`, or `04:05:06` under a day. */
export function formatDuration(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const rest = seconds % 86_400;
  const hms = [Math.floor(rest / 3_600), Math.floor((rest % 3_600) / 60), rest % 60]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
  return days > 0 ? `${days}d ${hms}` : hms;
}

const QUARTER_HOUR = 15 * 60_000;

/**
 * `DD/MM/AAAA HH:MM:SS` in `timeZone`. The zone's offset is looked up once per quarter hour of time (zones
 * change offset on quarter-hour boundaries), not once per value: an export formats two million instants.
 */
export function localTimeFormatter(timeZone: string): (iso: string | null) => string {
  const offsets = new Map<number, number>();
  const offsetAt = (ms: number): number => {
    const slot = Math.floor(ms / QUARTER_HOUR);
    let offset = offsets.get(slot);
    if (offset === undefined) {
      offset = zoneOffsetMs(timeZone, slot * QUARTER_HOUR);
      if (offsets.size > 100_000) offsets.clear();
      offsets.set(slot, offset);
    }
    return offset;
  };
  const two = (n: number) => String(n).padStart(2, '0');
  return (iso) => {
    if (iso === null) return '';
    const ms = Date.parse(iso);
    const d = new Date(ms + offsetAt(ms));
    return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  };
}

/** The BOM and the header record. */
export function csvHead(headers: readonly string[]): string {
  return BOM + headers.map((header) => csvField(header)).join(SEP) + EOL;
}

/** A CSV file written by the database (src/db/copy-csv.ts): the header, and the records as bytes. */
export interface CsvBody {
  headers: readonly string[];
  records: AsyncIterable<Uint8Array>;
}

/** The CSV text, one piece per chunk of rows (the first piece is the BOM and the header). */
export async function* csvText<T>(columns: readonly CsvColumn<T>[], chunks: AsyncIterable<readonly T[]>, timeZone: string): AsyncGenerator<string> {
  const time = localTimeFormatter(timeZone);
  yield csvHead(columns.map(([header]) => header));
  for await (const rows of chunks) {
    let text = '';
    for (const row of rows) text += columns.map(([, value, ours]) => csvField(value(row, time), ours === 'ours')).join(SEP) + EOL;
    yield text;
  }
}

/** `<prefix>-20260115-1432.csv`, in the installation's zone. */
export function csvFileName(prefix: string, now: Date, timeZone: string): string {
  const local = localTimeFormatter(timeZone)(now.toISOString());
  const [date = '', clock = ''] = local.split(' ');
  const [dd, mm, yyyy] = date.split('/');
  return `${prefix}-${yyyy}${mm}${dd}-${clock.slice(0, 5).replace(':', '')}.csv`;
}
