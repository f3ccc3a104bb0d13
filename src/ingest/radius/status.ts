/**
 * Applies a coalesced batch of accounting events to `logins` (online, session start/end, disconnect reason and
 * count, IP, NAS) in one transaction: one `UPDATE … FROM unnest(…)` for every login of the batch, then one
 * statement per NAS that reset (Accounting-On/Off). Shared by the RADIUS receiver and the radacct reader.
 *
 * Order safety — an event applies only when it is not older than what the row already says (packets arrive
 * late, twice, or out of order; `TOLERANCE` absorbs second-granular clocks):
 *  - login online ('S') since S: any event of that session or a newer one, i.e. whose session start (else its
 *    time) is ≥ S − tolerance. A Stop of an older session, or a late Start of one, changes nothing.
 *  - login offline ('N') since E: a Start/Interim at or after E whose session did not start before E −
 *    tolerance (a late Interim of the session that ended does not bring it back); a Stop only when later than
 *    E + tolerance (a retransmitted Stop, even re-sent with a new Identifier, is a no-op).
 *  - never seen ('SS'/'I', or no times): anything applies.
 *  - NAS reset at T: every login of that NAS online with a session started at or before T goes offline at T
 *    (as FreeRADIUS's own bulk close does); sessions that started after T stay. Steps run in arrival order
 *    (coalesce.ts): events that arrived before the reset are applied before it, those after it after it.
 * A row whose values would not change is not rewritten (Interim-Updates are mostly no-ops): each login is looked up
 * once, by name, and only the rows that would move are updated, by id, with the same conditions (which PostgreSQL
 * checks again on a row another writer changed meanwhile, as for any UPDATE).
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Db, inTransaction, queryRows } from '../../db/database.js';
import type { LoginUpdate, StatusBatch } from './coalesce.js';
import type { NasEvent } from './events.js';

const TOLERANCE = sql.raw(`interval '2 seconds'`);

export interface ApplyResult {
  /** Login rows rewritten by login events. */
  changed: number;
  /** Usernames of the batch that match no login. */
  unknown: number;
  /** Login rows closed by NAS resets. */
  closedByReset: number;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The same session as the one the row has open (its start moves only for a newer session). */
const sameSession = sql`(l.online = 'S' and l.session_started_at is not null
  and (u.sstart is null or u.sstart <= l.session_started_at + ${TOLERANCE}))`;

const applies = sql`case
  when l.online = 'S' then l.session_started_at is null or coalesce(u.sstart, u.at) >= l.session_started_at - ${TOLERANCE}
  when l.online = 'N' then l.session_ended_at is null
    or ((u.sstart is null or u.sstart >= l.session_ended_at - ${TOLERANCE})
        and case when u.kind = 'stop' then u.at > l.session_ended_at + ${TOLERANCE} else u.at >= l.session_ended_at end)
  else true end`;

const next: [column: string, value: SQL][] = [
  ['online', sql`case when u.kind = 'stop' then 'N' else 'S' end`],
  [
    'session_started_at',
    sql`case when ${sameSession} then l.session_started_at
             when u.kind = 'stop' then coalesce(u.sstart, l.session_started_at)
             else coalesce(u.sstart, u.at) end`,
  ],
  ['session_ended_at', sql`case when u.kind = 'stop' then u.at else l.session_ended_at end`],
  ['disconnect_reason', sql`case when u.kind = 'stop' then u.cause else l.disconnect_reason end`],
  ['disconnect_count', sql`case when u.closes > 0 then coalesce(l.disconnect_count, 0) + u.closes else l.disconnect_count end`],
  ['ip_address', sql`coalesce(u.ip, l.ip_address)`],
  ['nas_id', sql`coalesce(u.nas_id, l.nas_id)`],
];

function loginStatement(u: readonly LoginUpdate[]): SQL {
  const sets = sql.join(
    next.map(([column, value]) => sql`${sql.identifier(column)} = ${value}`),
    sql`, `,
  );
  const stored = sql.join(next.map(([column]) => sql`l.${sql.identifier(column)}`), sql`, `);
  const incoming = sql.join(next.map(([, value]) => value), sql`, `);
  return sql`with u as (
      select * from unnest(
        ${sql.param(u.map((e) => e.username))}::text[], ${sql.param(u.map((e) => e.kind))}::text[],
        ${sql.param(u.map((e) => iso(e.at)))}::timestamptz[], ${sql.param(u.map((e) => iso(e.sessionStart)))}::timestamptz[],
        ${sql.param(u.map((e) => e.ip))}::text[], ${sql.param(u.map((e) => e.nasId))}::int4[],
        ${sql.param(u.map((e) => e.cause))}::text[], ${sql.param(u.map((e) => e.closes))}::int4[]
      ) as u(username, kind, at, sstart, ip, nas_id, cause, closes)
    ), m as materialized (
      select u.*, l.id as login_id, (${applies}) and (${stored}) is distinct from (${incoming}) as moves
        from u left join logins l on l.login collate "C" = u.username
    ), changed as (
      update logins l set ${sets}, updated_at = now()
        from m u
       where u.moves and l.id = u.login_id and (${applies}) and (${stored}) is distinct from (${incoming})
      returning l.id
    )
    select (select count(*) from changed)::int as changed, (select count(*) from m where login_id is null)::int as unknown`;
}

function resetStatement(reset: NasEvent): SQL {
  const at = iso(reset.at);
  return sql`with c as (
      update logins
         set online = 'N', session_ended_at = ${at}::timestamptz, disconnect_reason = ${reset.cause},
             disconnect_count = coalesce(disconnect_count, 0) + 1, updated_at = now()
       where nas_id = ${reset.nasId} and online = 'S'
         and (session_started_at is null or session_started_at <= ${at}::timestamptz)
      returning 1)
    select count(*)::int as n from c`;
}

/** Applies every step of the batch, in order, in one transaction. */
export async function applyStatusBatch(db: Db, batch: StatusBatch, source: 'radius' | 'radacct' = 'radius'): Promise<ApplyResult> {
  const result: ApplyResult = { changed: 0, unknown: 0, closedByReset: 0 };
  if (batch.steps.length === 0) return result;
  return inTransaction(db, async (tx) => {
    const run = <T>(query: SQL) => queryRows<T>(tx, query);
    // names the writer in login_status_events (trigger of migration 0007_login_status_history)
    await run(sql`select set_config('avisa.status_source', ${source}, true)`);
    for (const step of batch.steps) {
      if (step.logins.length > 0) {
        const [row] = await run<{ changed: number; unknown: number }>(loginStatement(step.logins));
        result.changed += row?.changed ?? 0;
        result.unknown += row?.unknown ?? 0;
      }
      for (const reset of step.nasResets) {
        const [closed] = await run<{ n: number }>(resetStatement(reset));
        result.closedByReset += closed?.n ?? 0;
      }
    }
    return result;
  });
}
