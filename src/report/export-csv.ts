/**
 * The report as CSV for Brazilian Excel: UTF-8 with a BOM, `;` between fields, CRLF between records, a pt-BR
 * header, times as `DD/MM/AAAA HH:MM:SS` in the installation's zone. Text that came from IXC and starts like a
 * formula (`=`, `+`, `-`, `@`) gets a leading `'`, so a subscriber's name cannot run in the operator's
 * spreadsheet. The rows come from `loginChunks` (keyset-paged), and the text is produced chunk by chunk as the
 * consumer pulls it: memory holds one chunk.
 */
import type { Db } from '../db/database.js';
import { type CsvColumn, csvFileName, csvText, formatDuration } from '../shared/csv.js';
import type { IdFilter, ReportSort } from './filter.js';
import { loginChunks } from './login-query.js';
import type { LoginRow } from './login-rows.js';

const ONLINE_LABEL: Record<LoginRow['online'], string> = { S: 'Online', N: 'Offline', SS: 'Sem status', I: 'Sem status' };
const MOBILE_PROBLEM_LABEL = { missing: 'sem celular', invalid: 'celular inválido', landline: 'só telefone fixo' };
const yesNo = (v: boolean) => (v ? 'Sim' : 'Não');

const COLUMNS: readonly CsvColumn<LoginRow>[] = [
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

export interface CsvExportOptions {
  filter: IdFilter;
  sort?: ReportSort;
  timeZone: string;
  now?: Date;
  chunkSize?: number;
}

/** The CSV text, one piece per chunk of rows (the first piece is the BOM and the header). */
export function loginsCsv(db: Db, options: CsvExportOptions): AsyncGenerator<string> {
  return csvText(COLUMNS, loginChunks(db, options), options.timeZone);
}

/** `status-logins-20260115-1432.csv`, in the installation's zone. */
export function exportFileName(now: Date, timeZone: string): string {
  return csvFileName('status-logins', now, timeZone);
}
