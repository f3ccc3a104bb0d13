/** Writes logins back out as an IXC-style `radusuarios` CSV (wall-clock times in `timezone`), page by page. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';

const header = 'id,login,id_cliente,id_contrato,ativo,online,ultima_conexao_inicial,ultima_conexao_final,motivo_desconexao,id_concentrador,ip,mac';

export async function exportLoginsCsv(db: Db, path: string, limit: number, timezone: string): Promise<number> {
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  let last = 0;
  let written = 0;
  while (written < limit) {
    const rows = await queryRows<{ id: number; line: string }>(
      db,
      sql`select id, concat_ws(',', id, login, client_id, contract_id, case when active then 'S' else 'N' end, online,
                   coalesce(to_char(session_started_at at time zone ${timezone}, 'YYYY-MM-DD HH24:MI:SS'), ''),
                   coalesce(to_char(session_ended_at at time zone ${timezone}, 'YYYY-MM-DD HH24:MI:SS'), ''),
                   coalesce(disconnect_reason, ''), coalesce(nas_id::text, ''), coalesce(ip_address, ''),
                   coalesce(mac_address, '')) as line
            from logins where id > ${last} order by id limit ${Math.min(5000, limit - written)}`,
    );
    if (rows.length === 0) break;
    if (!out.write(`${rows.map((r) => r.line).join('\n')}\n`)) await once(out, 'drain');
    last = rows.at(-1)!.id;
    written += rows.length;
  }
  out.end();
  await once(out, 'finish');
  return written;
}
