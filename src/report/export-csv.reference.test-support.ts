/**
 * The report's CSV as Avisa wrote it before the database wrote it (JavaScript formatting of the API's rows,
 * src/shared/csv.ts): the oracle the COPY export (./export-csv.ts) is compared with, byte for byte.
 */
import type { Db } from '../db/database.js';
import { type CsvColumn, csvText, formatDuration } from '../shared/csv.js';
import type { IdFilter, ReportSort } from './filter.js';
import { queryLogins } from './login-query.js';
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

/** Every row of the report's pages, formatted as the export formatted them. */
export async function referenceLoginsCsv(db: Db, options: { filter: IdFilter; sort?: ReportSort; timeZone: string; now: Date }): Promise<string> {
  async function* pages(): AsyncGenerator<LoginRow[]> {
    for (let page = 1; ; page++) {
      const result = await queryLogins(db, { ...options, page, pageSize: 1000 });
      if (result.rows.length > 0) yield result.rows;
      if (page * 1000 >= result.total) return;
    }
  }
  let text = '';
  for await (const piece of csvText(COLUMNS, pages(), options.timeZone)) text += piece;
  return text;
}
