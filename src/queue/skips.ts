/** The recipients a batch skipped, as CSV for the operator to fix (phone, e-mail, opt-out), streamed in chunks. */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import { type CsvColumn, csvText } from '../shared/csv.js';
import type { SkipReason } from './audience.js';

export const skipReasonLabel: Record<SkipReason, string> = {
  opted_out: 'Não aceita este canal (opt-out)',
  no_mobile: 'Sem celular',
  invalid_phone: 'Telefone inválido',
  landline: 'Só telefone fixo',
  no_email: 'Sem e-mail',
  invalid_email: 'E-mail inválido',
  duplicate_in_batch: 'Contato repetido neste envio',
  already_pending: 'Já tem esta mensagem na fila',
  cooldown: 'Recebeu este gatilho há pouco (intervalo mínimo)',
};

interface SkipRow {
  id: number;
  client_id: number;
  client_name: string | null;
  login_id: number | null;
  login: string | null;
  contact: string | null;
  reason: SkipReason;
}

const COLUMNS: readonly CsvColumn<SkipRow>[] = [
  ['ID cliente', (r) => r.client_id],
  ['Cliente', (r) => r.client_name],
  ['ID login', (r) => r.login_id],
  ['Login', (r) => r.login],
  ['Contato', (r) => r.contact],
  ['Motivo', (r) => skipReasonLabel[r.reason] ?? r.reason, 'ours'],
];

async function* chunks(db: Db, batchId: number, size: number): AsyncGenerator<SkipRow[]> {
  for (let after = 0; ; ) {
    const rows = await queryRows<SkipRow>(
      db,
      sql`select s.id, s.client_id, c.name as client_name, s.login_id, s.login, s.contact, s.reason
          from send_skips s left join clients c on c.id = s.client_id
          where s.batch_id = ${batchId} and s.id > ${after} order by s.id limit ${size}`,
    );
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}

export function skipsCsv(db: Db, batchId: number, timeZone: string, chunkSize = 5000): AsyncGenerator<string> {
  return csvText(COLUMNS, chunks(db, batchId, chunkSize), timeZone);
}
