/**
 * What the report shows of a login: the columns selected for a page (or an export chunk) of login ids already
 * filtered, sorted and limited by an inner query, and their mapping to the API's `LoginRow`.
 */
import { type SQL, sql } from 'drizzle-orm';
import { formatPhone, type PhoneProblem } from '../shared/phone.js';
import { type Join, joinsSql, whereAll } from './sql-parts.js';
import type { LoginRow } from './schemas.js';

export type { LoginRow } from './schemas.js';

/** A stored row as selected by `selectLoginRows`. */
export interface RawLoginRow {
  id: number;
  login: string;
  active: boolean;
  client_id: number;
  client_name: string;
  client_active: boolean;
  contract_id: number | null;
  contract_status: string | null;
  access_status: string | null;
  plan_name: string | null;
  online: LoginRow['online'];
  session_started_at: Date | string | null;
  session_ended_at: Date | string | null;
  disconnect_reason: string | null;
  nas_id: number | null;
  nas_name: string | null;
  pop_id: number | null;
  pop_name: string | null;
  ftth_box_id: number | null;
  ftth_box_name: string | null;
  ftth_port: string | null;
  city_name: string | null;
  state: string | null;
  neighbourhood: string | null;
  ip_address: string | null;
  mac_address: string | null;
  email: string | null;
  mobile_e164: string | null;
  mobile_problem: PhoneProblem | null;
  /** The sort key as text (the export's cursor). */
  sort_key: string | null;
}

/**
 * The display columns of the logins listed by `inner` (a query selecting `id`, the sort key `k` and its text
 * `sort_key`), in `order` (an ORDER BY over the inner query's alias `s`).
 */
export function selectLoginRows(inner: SQL, order: SQL): SQL {
  return selectOverLogins(
    sql`l.id, l.login, l.active, l.client_id, c.name as client_name, c.active as client_active,
         l.contract_id, l.contract_status, l.contract_access_status as access_status, kp.name as plan_name,
         l.online, l.session_started_at, l.session_ended_at, l.disconnect_reason,
         l.nas_id, n.name as nas_name, l.pop_id, o.name as pop_name,
         l.ftth_box_id, b.name as ftth_box_name, l.ftth_port,
         ci.name as city_name, ci.state, l.effective_neighbourhood as neighbourhood,
         l.ip_address, l.mac_address, c.email, c.mobile_e164, c.mobile_problem, s.sort_key`,
    inner,
    order,
  );
}

/**
 * Everything the report shows of a login `l`, joined (aliases: sql-parts.ts, plus `kp` its contract's plan). The
 * contract's status, access status and plan are the login's copies of them (kept by migration 0003's triggers, as
 * the filters read them): no join to the contracts, a second hash of a million rows in a whole export.
 * `c`, `n`, `o`, `b` and `ci` are joined as sql-parts.ts joins them for filters and sorts.
 */
const DISPLAY_JOINS = sql`join clients c on c.id = l.client_id
    left join plans kp on kp.id = l.contract_plan_id
    left join nas n on n.id = l.nas_id
    left join pops o on o.id = l.pop_id
    left join ftth_boxes b on b.id = l.ftth_box_id
    left join cities ci on ci.id = l.effective_city_id`;
const DISPLAYED: readonly Join[] = ['clients', 'nas', 'pops', 'ftthBoxes', 'cities'];

/**
 * `columns` over the logins listed by `inner`, joined to everything the report shows, and `more` (a lateral
 * subquery), in `order`.
 */
export function selectOverLogins(columns: SQL, inner: SQL, order: SQL, more: SQL = sql``): SQL {
  return sql`select ${columns}
    from (${inner}) s
    join logins l on l.id = s.id
    ${DISPLAY_JOINS}${more}
   order by ${order}`;
}

/**
 * `columns` of the logins matching `where` (over `logins l` and `joins`, as a filter and a sort build them), joined
 * to everything the report shows, and `more`, in `order`: one pass over the logins, for a reader of the whole result.
 */
export function selectLoginsFlat(columns: SQL, where: readonly SQL[], order: SQL, joins: ReadonlySet<Join>, more: SQL = sql``): SQL {
  const missing = new Set([...joins].filter((j) => !DISPLAYED.includes(j)));
  return sql`select ${columns}
    from logins l
    ${DISPLAY_JOINS} ${joinsSql(missing)}${more}
    ${whereAll(where)}
   order by ${order}`;
}

const iso = (value: Date | string | null): string | null =>
  value === null ? null : (value instanceof Date ? value : new Date(value)).toISOString();

/** Seconds offline at `now`: only for `online = 'N'` with a known end of session (never negative). */
function offlineSecondsAt(online: string, endedAt: Date | string | null, now: Date): number | null {
  if (online !== 'N' || endedAt === null) return null;
  const ended = endedAt instanceof Date ? endedAt : new Date(endedAt);
  return Math.max(0, Math.floor((now.getTime() - ended.getTime()) / 1000));
}

export function toLoginRow(r: RawLoginRow, now: Date): LoginRow {
  const problem = r.mobile_e164 ? null : (r.mobile_problem ?? 'missing');
  return {
    id: r.id,
    login: r.login,
    active: r.active,
    clientId: r.client_id,
    clientName: r.client_name,
    clientActive: r.client_active,
    contractId: r.contract_id,
    contractStatus: r.contract_status,
    accessStatus: r.access_status,
    planName: r.plan_name,
    online: r.online,
    sessionStartedAt: iso(r.session_started_at),
    sessionEndedAt: iso(r.session_ended_at),
    offlineSeconds: offlineSecondsAt(r.online, r.session_ended_at, now),
    disconnectReason: r.disconnect_reason,
    nasId: r.nas_id,
    nasName: r.nas_name,
    popId: r.pop_id,
    popName: r.pop_name,
    ftthBoxId: r.ftth_box_id,
    ftthBoxName: r.ftth_box_name,
    ftthPort: r.ftth_port,
    cityName: r.city_name,
    state: r.state,
    neighbourhood: r.neighbourhood,
    ipAddress: r.ip_address,
    macAddress: r.mac_address,
    email: r.email,
    mobile: {
      e164: r.mobile_e164,
      display: r.mobile_e164 ? formatPhone(r.mobile_e164) : null,
      problem,
    },
  };
}
