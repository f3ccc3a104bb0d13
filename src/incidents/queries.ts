/**
 * Reading incidents: the list (open first), one incident with its live counts, its timeline, its affected logins,
 * and the lookup an URA or chatbot asks ("is there an incident affecting this client / CPF / login / phone?").
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import { isoText } from '../db/sql.js';
import { AppError, refused } from '../shared/errors.js';
import { notice } from '../shared/notice.js';
import { parsePhone } from '../shared/phone.js';
import { protocolOf } from './notices.js';
import type { Incident, IncidentEvent, IncidentStats, LookupQuery } from './schemas.js';

/** Live counts per incident: affected, still offline, back, logins told (or to be told) of the start on any channel, and of the normalizado. */
const counts = sql`(select count(*)::int from incident_logins il where il.incident_id = i.id) as affected,
  (select count(*)::int from incident_logins il where il.incident_id = i.id and il.back_at is null) as "stillOffline",
  (select count(distinct q.login_id)::int from send_batches b join queue_items q on q.batch_id = b.id
    where b.incident_id = i.id and b.incident_phase = 'start' and q.status not in ('failed', 'cancelled')) as notified,
  (select count(distinct q.login_id)::int from send_batches b join queue_items q on q.batch_id = b.id
    where b.incident_id = i.id and b.incident_phase = 'restored' and q.status not in ('failed', 'cancelled')) as "restoredNotices"`;

const columns = sql`i.id, i.kind, i.element_id as "elementId", i.element_name as "elementName", i.parent_id as "parentId",
  i.state, i.cause, ${isoText('i.started_at')} as "startedAt", ${isoText('i.detected_at')} as "detectedAt",
  ${isoText('i.confirmed_at')} as "confirmedAt", i.confirmed_by as "confirmedBy", ${isoText('i.restored_at')} as "restoredAt",
  ${isoText('i.closed_at')} as "closedAt", i.closed_by as "closedBy", ${isoText('i.eta')} as eta, i.note,
  ${isoText('i.first_notice_at')} as "firstNoticeAt", ${counts}`;

type Row = Omit<Incident, 'counts' | 'protocol'> & { affected: number; stillOffline: number; notified: number; restoredNotices: number };

const shape = ({ affected, stillOffline, notified, restoredNotices, ...i }: Row): Incident => ({
  ...i,
  protocol: protocolOf(i.id),
  counts: { affected, stillOffline, back: affected - stillOffline, notified, restoredNotices },
});

/** Open states first (suspected, confirmed, restored), then the rest; newest first within each. */
const ORDER = sql`case i.state when 'suspected' then 0 when 'confirmed' then 1 when 'restored' then 2 else 3 end, i.id desc`;

export async function listIncidents(
  db: Db,
  query: { open?: 'true' | 'false' | undefined; state?: string | undefined; page: number; pageSize: number },
): Promise<{ incidents: Incident[]; total: number }> {
  const where: SQL[] = [];
  if (query.open === 'true') where.push(sql`i.state in ('suspected', 'confirmed', 'restored')`);
  if (query.open === 'false') where.push(sql`i.state not in ('suspected', 'confirmed', 'restored')`);
  if (query.state) where.push(sql`i.state = ${query.state}`);
  const filter = where.length > 0 ? sql`where ${sql.join(where, sql` and `)}` : sql``;
  const rows = await queryRows<Row>(
    db,
    sql`select ${columns} from incidents i ${filter} order by ${ORDER}
        limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}`,
  );
  const [total] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from incidents i ${filter}`);
  return { incidents: rows.map(shape), total: total?.n ?? 0 };
}

export async function getIncident(db: Db, id: number): Promise<Incident> {
  const [row] = await queryRows<Row>(db, sql`select ${columns} from incidents i where i.id = ${id}`);
  if (!row) throw new AppError('NOT_FOUND', `no incident ${id}`);
  return shape(row);
}

export async function incidentTimeline(db: Db, id: number): Promise<IncidentEvent[]> {
  await getIncident(db, id);
  return queryRows<IncidentEvent>(
    db,
    sql`select id, ${isoText('at')} as at, kind, actor, details from incident_events where incident_id = ${id} order by at, id`,
  );
}

export interface LookupHit {
  incident: Incident;
  /** The subscriber's logins the incident affects, and whether each is back. */
  logins: { login: string; back: boolean }[];
}

/**
 * Open incidents affecting a client (by id, CPF/CNPJ digits, login or mobile), each with that client's logins in
 * it: one query through incident_logins' client and login indexes.
 */
export async function lookupIncidents(db: Db, query: LookupQuery): Promise<LookupHit[]> {
  let clients: SQL;
  if (query.clientId !== undefined) clients = sql`select ${query.clientId}::int`;
  else if (query.cpf) {
    const digits = query.cpf.replace(/\D/g, '');
    if (digits.length !== 11 && digits.length !== 14) throw refused('cpf', notice('cpf_digits'));
    clients = sql`select id from clients c where regexp_replace(c.cpf_cnpj, '[^0-9]', '', 'g') = ${digits}`;
  } else if (query.login) clients = sql`select client_id from logins where login = ${query.login}`;
  else {
    const e164 = parsePhone(query.phone ?? '')?.e164;
    if (!e164) throw refused('phone', notice('phone_not_brazilian'));
    clients = sql`select id from clients where mobile_e164 = ${e164}`;
  }
  const rows = await queryRows<{ incident_id: number; login: string; back: boolean }>(
    db,
    sql`select il.incident_id, l.login, il.back_at is not null as back
          from incident_logins il
          join incidents i on i.id = il.incident_id and i.state in ('suspected', 'confirmed', 'restored')
          join logins l on l.id = il.login_id
         where il.client_id in (${clients})
         order by il.incident_id desc, l.login`,
  );
  const hits: LookupHit[] = [];
  for (const id of [...new Set(rows.map((r) => r.incident_id))]) {
    hits.push({ incident: await getIncident(db, id), logins: rows.filter((r) => r.incident_id === id).map(({ login, back }) => ({ login, back })) });
  }
  return hits;
}

/** The dashboard: the last `days` days of incidents (merged ones counted in their parent). */
export async function incidentStats(db: Db, days = 30): Promise<IncidentStats> {
  const [row] = await queryRows<IncidentStats>(
    db,
    sql`with i as (select * from incidents where detected_at > now() - make_interval(days => ${days}) and state <> 'merged'),
          median as (select
            percentile_cont(0.5) within group (order by extract(epoch from detected_at - started_at)) as detect,
            percentile_cont(0.5) within group (order by extract(epoch from first_notice_at - detected_at))
              filter (where first_notice_at is not null) as notice,
            percentile_cont(0.5) within group (order by extract(epoch from restored_at - started_at))
              filter (where restored_at is not null and confirmed_at is not null) as restore
            from i)
        select ${days}::int as days, (select count(*)::int from i) as opened,
               (select count(*)::int from i where confirmed_at is not null) as confirmed,
               (select count(*)::int from i where state = 'discarded') as discarded,
               (select detect::float8 from median) as "timeToDetect", (select notice::float8 from median) as "timeToFirstNotice",
               (select restore::float8 from median) as "timeToRestore",
               (select count(*)::int from incident_logins il join i on i.id = il.incident_id) as affected`,
  );
  return row!;
}
