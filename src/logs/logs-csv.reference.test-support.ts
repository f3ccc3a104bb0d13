/**
 * The logs' CSV as Avisa wrote it before the database wrote it (JavaScript formatting of the API's rows,
 * src/shared/csv.ts): the oracle the COPY export (./logs-csv.ts) is compared with, byte for byte.
 */
import type { Db } from '../db/database.js';
import { type CsvColumn, csvText } from '../shared/csv.js';
import { noticeText } from '../shared/notice-text.js';
import { type LogFilter, type LogRow, listLogs } from './logs.js';

const CHANNEL_LABEL = { whatsapp: 'WhatsApp', email: 'E-mail', sms: 'SMS' } as const;
const DELIVERY_LABEL = { delivered: 'Entregue', read: 'Lida', failed: 'Falhou depois do envio' } as const;

const COLUMNS: readonly CsvColumn<LogRow>[] = [
  ['ID', (r) => r.id],
  ['ID cliente', (r) => r.clientId],
  ['Cliente', (r) => r.clientName],
  ['Tipo comunicação', (r) => CHANNEL_LABEL[r.channel], 'ours'],
  ['Contato', (r) => r.contactDisplay, 'ours'],
  ['Data envio', (r, time) => time(r.at.toISOString())],
  ['Status', (r) => (r.success ? 'Sucesso' : 'Falha'), 'ours'],
  ['Mensagem', (r) => noticeText(r.message, 'pt-BR')],
  ['ID mensagem no provedor', (r) => r.providerMessageId],
  ['Tentativa', (r) => r.attempt],
  ['Lote', (r) => r.batchId],
  ['Item da fila', (r) => r.queueItemId],
  // after IXC's columns, so a sheet built on them keeps working
  ['Entrega', (r) => (r.delivery ? DELIVERY_LABEL[r.delivery.status] : ''), 'ours'],
  ['Data entrega', (r, time) => (r.delivery?.at ? time(r.delivery.at.toISOString()) : '')],
  ['Erro na entrega', (r) => (r.delivery?.error ? noticeText(r.delivery.error, 'pt-BR') : '')],
  ['Fallback', (r) => (r.fallback?.replacedBy ? `substituída por ${CHANNEL_LABEL[r.fallback.replacedBy]}` : r.fallback?.replaces ? `no lugar de ${CHANNEL_LABEL[r.fallback.replaces]}` : ''), 'ours'],
];

/** Every line of the logs' pages, formatted as the export formatted them. */
export async function referenceLogsCsv(db: Db, filter: LogFilter, timeZone: string): Promise<string> {
  async function* pages(): AsyncGenerator<LogRow[]> {
    for (let page = 1; ; page++) {
      const { rows, total } = await listLogs(db, filter, page, 500, { countAll: true });
      if (rows.length > 0) yield rows;
      if (page * 500 >= total) return;
    }
  }
  let text = '';
  for await (const piece of csvText(COLUMNS, pages(), timeZone)) text += piece;
  return text;
}
