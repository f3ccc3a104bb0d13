/**
 * A resolved `ReportFilter` (ids only) as SQL conditions over `logins l` (aliases: sql-parts.ts), plus the joins they need. Only the
 * keys present emit a condition, each one a plain sargable test on an indexed column where the filter is a
 * common one — so the planner sees the same query a person would write by hand (src/bench/report-bench.ts
 * checks that). Every value is a parameter.
 */
import { type SQL, sql } from 'drizzle-orm';
import { literals } from '../db/sql.js';
import { foldForSearch } from '../shared/fold.js';
import type { Channel, IncidentAudience, QueueState } from '../shared/vocabulary.js';
import { hasNames, type IdFilter, ONLINE_CODES, reportFilterSchema, UNIT_SECONDS } from './filter.js';
import { containsPattern, intArray, type Join, textArray } from './sql-parts.js';

export interface FilterSql {
  conditions: SQL[];
  joins: Set<Join>;
}

/** Digits of a CPF/CNPJ as stored in any format; the same expression as the index clients_cpf_cnpj_digits_idx. */
const CPF_CNPJ_DIGITS = sql`regexp_replace(c.cpf_cnpj, '[^0-9]', '', 'g')`;
const MAC_HEX = sql`lower(regexp_replace(l.mac_address, '[^0-9A-Fa-f]', '', 'g'))`;
const NOTHING = sql`false`;

const present = (text: string | undefined): text is string => text !== undefined && text !== '';
const some = <T>(list: readonly T[] | undefined): list is readonly T[] => list !== undefined && list.length > 0;
const flag = (column: SQL, value: boolean): SQL => (value ? column : sql`not ${column}`);
const instant = (iso: string): SQL => sql`${iso}::timestamptz`;
/**
 * How far back an offline duration reaches: 1,000,000 days is year −738, which PostgreSQL cannot read as ISO
 * text. No session ended before year 1, so "offline since before then" selects what it would have.
 */
const EARLIEST = Date.parse('0001-01-01T00:00:00Z');

export function filterSql(filter: IdFilter, now: Date): FilterSql {
  const conditions: SQL[] = [];
  const joins = new Set<Join>();
  const on = (join: Join, condition: SQL) => {
    joins.add(join);
    conditions.push(condition);
  };
  const f = reportFilterSchema.parse(filter); // normalised (trimmed) whoever the caller
  // Names left unresolved would silently widen the audience (no condition): refuse, loudly.
  if (hasNames(f)) throw new Error('filterSql: the filter holds names; resolve them first (src/report/resolve-names.ts)');

  // Informações Cliente-Contrato
  if (f.clientId !== undefined) conditions.push(sql`l.client_id = ${f.clientId}`);
  if (present(f.clientName)) on('clients', sql`c.name_search like ${containsPattern(foldForSearch(f.clientName))}`);
  if (present(f.cpfCnpj)) on('clients', cpfCnpjCondition(f.cpfCnpj));
  if (some(f.branchIds)) on('clients', sql`c.branch_id = any(${intArray(f.branchIds)})`);
  if (some(f.cityIds)) conditions.push(sql`l.effective_city_id = any(${intArray(f.cityIds)})`);
  if (present(f.neighbourhood)) {
    conditions.push(sql`l.effective_neighbourhood_search like ${containsPattern(foldForSearch(f.neighbourhood))}`);
  }
  if (some(f.condominiumIds)) on('clients', sql`c.condominium_id = any(${intArray(f.condominiumIds)})`);
  if (f.clientActive !== undefined) on('clients', flag(sql`c.active`, f.clientActive));
  // The contract's codes are copied onto the login (migration 0003_login_report_triggers): no join.
  if (some(f.contractStatus)) conditions.push(oneOf(sql`l.contract_status`, f.contractStatus));
  if (some(f.accessStatus)) conditions.push(oneOf(sql`l.contract_access_status`, f.accessStatus));
  if (some(f.planIds)) conditions.push(sql`l.contract_plan_id = any(${intArray(f.planIds)})`);
  if (f.hasValidMobile !== undefined) {
    on('clients', f.hasValidMobile ? sql`c.mobile_e164 is not null` : sql`c.mobile_e164 is null`);
  }
  if (f.hasEmail !== undefined) on('clients', flag(sql`c.email_valid`, f.hasEmail));
  if (f.optedOutWhatsapp !== undefined) on('clients', flag(sql`c.opt_out_whatsapp`, f.optedOutWhatsapp));
  if (f.optedOutEmail !== undefined) on('clients', flag(sql`c.opt_out_email`, f.optedOutEmail));
  if (f.optedOutSms !== undefined) on('clients', flag(sql`c.opt_out_sms`, f.optedOutSms));

  // Informações Login
  if (present(f.login)) {
    conditions.push(
      f.loginMatch === 'exact' ? sql`l.login = ${f.login}` : sql`l.login ilike ${containsPattern(f.login)}`,
    );
  }
  if (some(f.online)) conditions.push(oneOf(sql`l.online`, f.online.flatMap((state) => ONLINE_CODES[state])));
  if (f.offlineForAtLeast) {
    const { value, unit } = f.offlineForAtLeast;
    const before = new Date(Math.max(now.getTime() - value * UNIT_SECONDS[unit] * 1000, EARLIEST)).toISOString();
    conditions.push(sql`l.online = 'N'`, sql`l.session_ended_at <= ${instant(before)}`);
  }
  if (f.sessionEndedFrom) conditions.push(sql`l.session_ended_at >= ${instant(f.sessionEndedFrom)}`);
  if (f.sessionEndedTo) conditions.push(sql`l.session_ended_at <= ${instant(f.sessionEndedTo)}`);
  if (f.sessionStartedFrom) conditions.push(sql`l.session_started_at >= ${instant(f.sessionStartedFrom)}`);
  if (f.sessionStartedTo) conditions.push(sql`l.session_started_at <= ${instant(f.sessionStartedTo)}`);
  if (some(f.disconnectReasons)) conditions.push(oneOf(sql`l.disconnect_reason`, f.disconnectReasons));
  if (some(f.nasIds)) conditions.push(sql`l.nas_id = any(${intArray(f.nasIds)})`);
  if (some(f.popIds)) conditions.push(sql`l.pop_id = any(${intArray(f.popIds)})`);
  if (some(f.ftthBoxIds)) conditions.push(sql`l.ftth_box_id = any(${intArray(f.ftthBoxIds)})`);
  if (present(f.ftthPort)) conditions.push(sql`l.ftth_port = ${f.ftthPort}`);
  if (some(f.radiusGroupIds)) conditions.push(sql`l.radius_group_id = any(${intArray(f.radiusGroupIds)})`);
  if (some(f.authTypes)) conditions.push(oneOf(sql`l.auth_type`, f.authTypes));
  if (f.loginActive !== undefined) conditions.push(flag(sql`l.active`, f.loginActive));
  if (present(f.ipContains)) conditions.push(sql`l.ip_address ilike ${containsPattern(f.ipContains)}`);
  if (present(f.macContains)) {
    const hex = f.macContains.replace(/[^0-9a-f]/gi, '').toLowerCase();
    conditions.push(hex ? sql`${MAC_HEX} like ${containsPattern(hex)}` : NOTHING);
  }
  if (f.incident) conditions.push(incidentCondition(f.incident.id, f.incident.audience, f.incident.channel));
  if (f.maintenance) {
    conditions.push(f.maintenance.audience === 'told' ? maintenanceToldCondition(f.maintenance.id) : maintenanceCondition(f.maintenance.id));
  }
  if (f.fallbackOf) {
    conditions.push(sql`l.id in (select q.login_id from queue_items q join messages m on m.id = q.message_id
                                 where q.batch_id = ${f.fallbackOf.batchId} and ${fallbackDue})`);
  }
  return { conditions, joins };
}

/** An incident and those merged into it (their notices count as its own). */
export const incidentFamily = (id: number): SQL => sql`select ${id}::int union all select m.id from incidents m where m.parent_id = ${id}`;

/** Sent, or may have been (the queue's RECEIVED_STATES; the report does not import the queue). */
const RECEIVED: readonly QueueState[] = ['sent', 'uncertain'];

/** The logins of an incident's start notices that reached (or may have reached) their contact. */
const toldOfStart = (id: number, on: SQL): SQL =>
  sql`select q.login_id from send_batches b join queue_items q on q.batch_id = b.id
       where b.incident_phase = 'start' and q.status in ${literals(RECEIVED)}${on}
         and b.incident_id in (${incidentFamily(id)})`;

/**
 * The login had no início of this incident (or one merged into it) queued or skipped: its start was not dealt with.
 * Two `not exists`, each planned as a hash anti-join (an OR of the two would probe queue_items once per login).
 */
const startNotDealt = (id: number, on: SQL): SQL =>
  sql`not exists (select 1 from send_batches b join queue_items q on q.batch_id = b.id
                   where q.login_id = il.login_id and b.incident_id in (${incidentFamily(id)}) and b.incident_phase = 'start'
                     and q.status <> 'cancelled'${on})
      and not exists (select 1 from send_batches b join send_skips s on s.batch_id = b.id
                       where s.login_id = il.login_id and b.incident_id in (${incidentFamily(id)}) and b.incident_phase = 'start'${on})`;

/**
 * An incident's logins by audience; `channel` narrows "told" to notices of that channel (each channel's início and
 * normalizado pair up: the subscriber told by WhatsApp hears it is over by WhatsApp).
 */
export function incidentCondition(id: number, audience: IncidentAudience, channel?: Channel): SQL {
  const on = channel ? sql` and b.channel = ${channel}` : sql``;
  const which: Record<IncidentAudience, SQL> = {
    unnotified_offline: sql` and il.back_at is null and ${startNotDealt(id, on)}`,
    affected: sql``,
    offline: sql` and il.back_at is null`,
    back: sql` and il.back_at is not null`,
    notified_offline: sql` and il.back_at is null and il.login_id in (${toldOfStart(id, on)})`,
    notified_back: sql` and il.back_at is not null and il.restored_notice_at is null and il.login_id in (${toldOfStart(id, on)})`,
  };
  return sql`l.id in (select il.login_id from incident_logins il where il.incident_id = ${id}${which[audience]})`;
}

/** The logins on a maintenance window's elements (its id, or a column naming it): one indexed lookup per element kind. */
export function maintenanceCondition(id: number | SQL): SQL {
  const of = (kind: string) =>
    sql`select (x->>'id')::int from maintenance_windows mw cross join jsonb_array_elements(mw.elements) x where mw.id = ${id} and x->>'kind' = ${kind}`;
  return sql`l.id in (select m.id from logins m where m.nas_id in (${of('nas')})
    union select m.id from logins m where m.pop_id in (${of('pop')})
    union select m.id from logins m where m.ftth_box_id in (${of('box')}))`;
}

/**
 * Queue row `q` (of message `m`) did not reach its recipient and no fallback was queued for it yet: the provider
 * refused them for good or reported the message failed (`delivery_status = 'failed'`), or no receipt came within
 * the message's `fallback_after_minutes`.
 */
export const fallbackDue: SQL = sql`(q.delivery_status = 'failed'
    or (q.status = 'sent' and q.delivery_status is null and m.fallback_after_minutes is not null
        and q.finished_at < now() - make_interval(mins => m.fallback_after_minutes)))
  and not exists (select 1 from queue_items f where f.fallback_of = q.id)`;

/** The logins a reminder of a maintenance window reached (or may have). */
function maintenanceToldCondition(id: number): SQL {
  return sql`l.id in (select q.login_id from send_batches b join queue_items q on q.batch_id = b.id
                       where b.maintenance_id = ${id} and q.status in ${literals(RECEIVED)})`;
}

/** `= value` for one value (the planner estimates it best), `= any(array)` for several. */
function oneOf(column: SQL, values: readonly string[]): SQL {
  const unique = [...new Set(values)];
  return unique.length === 1 ? sql`${column} = ${unique[0]}` : sql`${column} = any(${textArray(unique)})`;
}

/** A whole CPF (11 digits) or CNPJ (14) matches exactly (indexed); fewer digits match anywhere. */
function cpfCnpjCondition(text: string): SQL {
  const digits = text.replace(/\D/g, '');
  if (!digits) return NOTHING;
  if (digits.length === 11 || digits.length === 14) return sql`${CPF_CNPJ_DIGITS} = ${digits}`;
  return sql`${CPF_CNPJ_DIGITS} like ${containsPattern(digits)}`;
}
