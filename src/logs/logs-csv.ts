/**
 * Logs Omnichannel / E-mail / SMS as CSV (an IXC-style report; src/shared/csv.ts's format): every line of the
 * filter, newest first, its mensagem rendered in pt-BR. The database writes the records (COPY,
 * src/db/copy-csv.ts), keyset-paged by id where it pages.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type CopyCsvOptions, copyCsv, type KeysetRows } from '../db/copy-csv.js';
import { labelCell, phoneCell, textCell, timeCell } from '../db/csv-cells.js';
import type { Db } from '../db/database.js';
import { noticeTextSql } from '../db/notice-sql.js';
import { whereAll } from '../db/sql.js';
import type { CsvBody } from '../shared/csv.js';
import { fromLogs, type LogFilter, logConditions, replacedByChannel, replacesChannel } from './logs.js';

const CHANNEL_LABEL = { whatsapp: 'WhatsApp', email: 'E-mail', sms: 'SMS' };
const DELIVERY_LABEL = { delivered: 'Entregue', read: 'Lida', failed: 'Falhou depois do envio' };
const delivered = sql`q.delivery_status is not null`;

/**
 * The header and each column's cell over `fromLogs` (`g` the line, `c` its client, `q` its queue row), `t` the
 * notices' texts. Labels and the contact are Avisa's own text, not neutralised as formulas.
 */
const COLUMNS: readonly (readonly [string, SQL])[] = [
  ['ID', sql`g.id`],
  ['ID cliente', sql`g.client_id`],
  ['Cliente', textCell(sql`c.name`)],
  ['Tipo comunicação', labelCell(sql`g.channel`, CHANNEL_LABEL)],
  ['Contato', sql`nullif(case when g.channel = 'email' then g.contact else ${phoneCell(sql`g.contact`)} end, '')`],
  ['Data envio', timeCell(sql`g.at`)],
  ['Status', sql`(case when g.success then 'Sucesso' else 'Falha' end)`],
  ['Mensagem', textCell(sql`t.message`)],
  ['ID mensagem no provedor', textCell(sql`g.provider_message_id`)],
  ['Tentativa', sql`g.attempt`],
  ['Lote', sql`g.batch_id`],
  ['Item da fila', sql`g.queue_item_id`],
  // after IXC's columns, so a sheet built on them keeps working
  ['Entrega', labelCell(sql`q.delivery_status`, DELIVERY_LABEL)],
  ['Data entrega', sql`(case when ${delivered} then ${timeCell(sql`q.delivery_at`)} end)`],
  ['Erro na entrega', textCell(sql`t.delivery_error`)],
  [
    'Fallback',
    sql`coalesce('substituída por ' || ${labelCell(replacedByChannel, CHANNEL_LABEL)},
                       'no lugar de ' || ${labelCell(replacesChannel, CHANNEL_LABEL)})`,
  ],
];

/** The notices as text, once per line (each is read three times by textCell). */
const noticeTexts = sql`cross join lateral (select ${noticeTextSql(sql`g.message`, 'pt-BR')} as message,
    case when ${delivered} and jsonb_typeof(q.delivery_error) = 'object' then ${noticeTextSql(sql`q.delivery_error`, 'pt-BR')} end
      as delivery_error) t`;

export function logsCsv(db: Db, filter: LogFilter, options: CopyCsvOptions): CsvBody {
  const conditions = logConditions(filter);
  const cells = sql.join(
    COLUMNS.map(([, cell]) => cell),
    sql`, `,
  );
  const where = (after?: { id: number }, upTo?: { id: number }) =>
    whereAll([...conditions, ...(after ? [sql`g.id < ${after.id}`] : []), ...(upTo ? [sql`g.id >= ${upTo.id}`] : [])]);
  const rows: KeysetRows<{ id: number }> = {
    select: (after, upTo) => sql`select ${cells} ${fromLogs} ${noticeTexts} ${where(after, upTo)} order by g.id desc`,
    nth: (after, n) => sql`select g.id ${fromLogs} ${where(after)} order by g.id desc limit 1 offset ${n - 1}`,
  };
  return { headers: COLUMNS.map(([header]) => header), records: copyCsv(db, rows, options) };
}
