/**
 * An ISP for the incident tests: one NAS (id 11, 127.0.0.1, the RADIUS receiver's) with `bulk` online logins, POP 1
 * with FTTH boxes 101–103 and POP 2 with boxes 201–210, each box 10 online logins `b<box>-<n>`; every login its own
 * client with its own mobile. A WhatsApp message for each phase (free fields filled by the incident), and SMS ones
 * for the início and the normalizado.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import { integrations, messages } from '../db/schema/messaging.js';
import { fillClientContacts } from '../ingest/derived.js';
import { setNasSecret } from '../ingest/radius/nas-registry.js';
import type { IncidentPhase } from '../shared/vocabulary.js';

const NAS_ID = 11;
const BOXES = [101, 102, 103, 104, 105, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210] as const;

export interface IncidentFixture {
  messages: Record<IncidentPhase, number>;
  /** SMS messages for the início and the normalizado (to the same mobiles as the WhatsApp ones). */
  sms: { start: number; restored: number };
}

export async function incidentFixture(db: Db, key: Buffer, secret: string, bulk: number): Promise<IncidentFixture> {
  await db.execute(sql`insert into nas (id, name, ip_address) values (${NAS_ID}, 'BRAS-ITJ-01', '127.0.0.1')`);
  await setNasSecret(db, key, NAS_ID, secret);
  await db.execute(sql`insert into pops (id, name) values (1, 'POP Centro'), (2, 'POP Praia')`);
  await db.execute(sql`insert into ftth_boxes (id, name) select b, 'CTO-' || b from unnest(${sql.param([...BOXES])}::int4[]) b`);
  const boxLogins = BOXES.length * 10;
  const total = boxLogins + bulk;
  await db.execute(sql`insert into clients (id, name, name_search, mobile)
      select g, 'Cliente ' || g, 'cliente ' || g, '(47) 99' || lpad(g::text, 7, '0') from generate_series(1, ${total}::int) g`);
  await fillClientContacts(db);
  const started = new Date(Date.now() - 86_400_000).toISOString();
  await db.execute(sql`insert into logins (id, login, client_id, online, session_started_at, nas_id, pop_id, ftth_box_id)
      select g, 'b' || b.box || '-' || b.n, g, 'S', ${started}::timestamptz, ${NAS_ID}, case when b.box < 200 then 1 else 2 end, b.box
        from (select box, n, row_number() over (order by box, n) as g
                from unnest(${sql.param([...BOXES])}::int4[]) box cross join generate_series(1, 10) n) b(box, n, g)`);
  await db.execute(sql`insert into logins (id, login, client_id, online, session_started_at, nas_id, pop_id)
      select g, 'bulk' || g, g, 'S', ${started}::timestamptz, ${NAS_ID}, 1 from generate_series(${boxLogins + 1}::int, ${total}::int) g`);
  const [opa] = await db
    .insert(integrations)
    .values({ kind: 'opa', channel: 'whatsapp', description: 'Opa', config: { url: 'http://127.0.0.1:9/api/v1' } })
    .returning({ id: integrations.id });
  const content = (atalho: string, text: string, keys: string[]) => ({
    opaChannelId: 'aaaaaaaaaaaaaaaaaaaaaaaa',
    opaChannelName: 'WhatsApp',
    templateId: 'bbbbbbbbbbbbbbbbbbbbbbbb',
    templateAtalho: atalho,
    templateText: text,
    variables: [{ type: 'field', field: 'primeiro_nome' }, ...keys.map((key) => ({ type: 'free', key }))],
    freeFields: keys.map((key) => ({ key, label: key, required: true })),
  });
  const rows = await db
    .insert(messages)
    .values([
      { channel: 'whatsapp', purpose: 'outage', description: 'Queda', integrationId: opa!.id, content: content('queda', 'Olá {{1}}, falha em {{2}}, previsão {{3}}', ['elemento', 'previsao_retorno']) },
      { channel: 'whatsapp', purpose: 'outage', description: 'Atualização', integrationId: opa!.id, content: content('atualizacao', 'Olá {{1}}, nova previsão {{2}}', ['previsao_retorno']) },
      { channel: 'whatsapp', purpose: 'restored', description: 'Normalizado', integrationId: opa!.id, content: content('normalizado', 'Olá {{1}}, conexão normalizada ({{2}})', ['protocolo']) },
    ])
    .returning({ id: messages.id });
  const [smsdev] = await db
    .insert(integrations)
    .values({ kind: 'smsdev', channel: 'sms', description: 'SMS Dev', config: {} })
    .returning({ id: integrations.id });
  const sms = await db
    .insert(messages)
    .values([
      { channel: 'sms', purpose: 'outage', description: 'Queda SMS', integrationId: smsdev!.id, content: { text: 'Falha em {{elemento}}', freeFields: [{ key: 'elemento', label: 'Elemento', required: true }] } },
      { channel: 'sms', purpose: 'restored', description: 'Normalizado SMS', integrationId: smsdev!.id, content: { text: 'Normalizado', freeFields: [] } },
    ])
    .returning({ id: messages.id });
  return { messages: { start: rows[0]!.id, update: rows[1]!.id, restored: rows[2]!.id }, sms: { start: sms[0]!.id, restored: sms[1]!.id } };
}

/** Login names of a box: `b101-1` … `b101-10`. */
export const boxLogins = (box: number, from = 1, to = 10) => Array.from({ length: to - from + 1 }, (_, i) => `b${box}-${from + i}`);

export interface IncidentView {
  id: number;
  kind: string;
  element_id: number | null;
  state: string;
  cause: string;
  parent_id: number | null;
  affected: number;
  back: number;
}

export function incidentsNow(db: Db): Promise<IncidentView[]> {
  return queryRows<IncidentView>(
    db,
    sql`select i.id, i.kind, i.element_id, i.state, i.cause, i.parent_id,
               (select count(*)::int from incident_logins il where il.incident_id = i.id) as affected,
               (select count(*)::int from incident_logins il where il.incident_id = i.id and il.back_at is not null) as back
          from incidents i order by i.id`,
  );
}

/** The queue rows of an incident's phase (on one channel, or all): login and status. */
export function noticesOf(db: Db, incidentId: number, phase: IncidentPhase, channel?: string): Promise<{ login: string; status: string }[]> {
  return queryRows(
    db,
    sql`select q.login, q.status from send_batches b join queue_items q on q.batch_id = b.id
         where b.incident_id = ${incidentId} and b.incident_phase = ${phase} ${channel ? sql`and b.channel = ${channel}` : sql``}
         order by q.login`,
  );
}

/** What a drain would do: every pending notice sent. */
export async function drainAll(db: Db): Promise<void> {
  await db.execute(sql`update queue_items set status = 'sent', finished_at = now() where status = 'pending'`);
}
