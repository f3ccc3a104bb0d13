/**
 * The report as CSV for Brazilian Excel: UTF-8 with a BOM, `;` between fields, CRLF between records, a pt-BR
 * header, times as `DD/MM/AAAA HH:MM:SS` in the installation's zone. Text that came from IXC and starts like a
 * formula (`=`, `+`, `-`, `@`) gets a leading `'`, so a subscriber's name cannot run in the operator's
 * spreadsheet. The rows come from `loginChunks` (keyset-paged), and the text is produced chunk by chunk as the
 * consumer pulls it: memory holds one chunk.
 */
import type { Db } from '../db/database.js';
import type { ReportFilter, ReportSort } from './filter.js';
import { loginChunks } from './login-query.js';
import type { LoginRow } from './login-rows.js';

const BOM = '\uFEFF';
const SEP = ';';
const EOL = '\r\n';

const ONLINE_LABEL: Record<LoginRow['online'], string> = { S: 'Online', N: 'Offline', SS: 'Sem status', I: 'Sem status' };
const MOBILE_PROBLEM_LABEL = { missing: 'sem celular', invalid: 'celular inválido', landline: 'só telefone fixo' };
const yesNo = (v: boolean) => (v ? 'Sim' : 'Não');

type Column = readonly [
  header: string,
  value: (row: LoginRow, time: (iso: string | null) => string) => unknown,
  /** Avisa's own formatting (the mobile's `+55 …`): not neutralised as a formula. */
  ours?: 'ours',
];

const COLUMNS: readonly Column[] = [
  ['ID login', (r) => r.id],
  ['Login', (r) => r.login],
  ['Login ativo', (r) => yesNo(r.active)],
  ['ID cliente', (r) => r.clientId],
  ['Cliente', (r) => r.clientName],
  ['Cliente ativo', (r) => yesNo(r.clientActive)],
  ['Contrato', (r) => r.contractId],
  ['Status contrato', (r) => r.contractStatus],
  ['Status acesso', (r) => r.accessStatus],
  ['Plano', (r) => r.planName],
  ['Situação', (r) => ONLINE_LABEL[r.online]],
  ['Início última conexão', (r, time) => time(r.sessionStartedAt)],
  ['Fim última conexão', (r, time) => time(r.sessionEndedAt)],
  ['Tempo offline', (r) => (r.offlineSeconds === null ? '' : formatDuration(r.offlineSeconds))],
  ['Motivo desconexão', (r) => r.disconnectReason],
  ['Concentrador', (r) => r.nasName],
  ['POP', (r) => r.popName],
  ['Caixa FTTH', (r) => r.ftthBoxName],
  ['Porta FTTH', (r) => r.ftthPort],
  ['Cidade', (r) => r.cityName],
  ['UF', (r) => r.state],
  ['Bairro', (r) => r.neighbourhood],
  ['IP', (r) => r.ipAddress],
  ['MAC', (r) => r.macAddress],
  ['Celular', (r) => r.mobile.display ?? (r.mobile.problem ? MOBILE_PROBLEM_LABEL[r.mobile.problem] : ''), 'ours'],
  ['E-mail', (r) => r.email],
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
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const offsets = new Map<number, number>();
  const offsetAt = (ms: number): number => {
    const slot = Math.floor(ms / QUARTER_HOUR);
    let offset = offsets.get(slot);
    if (offset === undefined) {
      const p = Object.fromEntries(parts.formatToParts(new Date(slot * QUARTER_HOUR)).map((x) => [x.type, x.value]));
      const local = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
      offset = local - slot * QUARTER_HOUR;
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

export interface CsvExportOptions {
  filter: ReportFilter;
  sort?: ReportSort;
  timeZone: string;
  now?: Date;
  chunkSize?: number;
}

/** The CSV text, one piece per chunk of rows (the first piece is the BOM and the header). */
export async function* loginsCsv(db: Db, options: CsvExportOptions): AsyncGenerator<string> {
  const time = localTimeFormatter(options.timeZone);
  yield BOM + COLUMNS.map(([header]) => csvField(header)).join(SEP) + EOL;
  for await (const rows of loginChunks(db, options)) {
    let text = '';
    for (const row of rows) text += COLUMNS.map(([, value, ours]) => csvField(value(row, time), ours === 'ours')).join(SEP) + EOL;
    yield text;
  }
}

/** `status-logins-20260115-1432.csv`, in the installation's zone. */
export function exportFileName(now: Date, timeZone: string): string {
  const local = localTimeFormatter(timeZone)(now.toISOString());
  const [date = '', clock = ''] = local.split(' ');
  const [dd, mm, yyyy] = date.split('/');
  return `status-logins-${yyyy}${mm}${dd}-${clock.slice(0, 5).replace(':', '')}.csv`;
}
