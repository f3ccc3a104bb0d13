/**
 * Outage detection, set-based over the live login status (never a scan of all logins): the logins offline now whose
 * session ended recently (index logins_online_ended_idx) are grouped per NAS, POP and FTTH box and compared with
 * element_counts. An element is a candidate when, under its kind's rule, ≥ minShare % of its logins that were online
 * and at least minCount of them went offline within the window and have stayed offline for the hold-down (a login
 * back within it is online, so it does not count: the flapping guard). A NAS reset (Accounting-On/Off, or Stops
 * with Terminate-Cause NAS-Reboot) makes its NAS a candidate at once. Times are the events' own (RADIUS
 * Event-Timestamp), so a NAS replaying late Stops counts them when they happened.
 *
 * Candidates open `suspected` incidents, NAS and POP first: a box whose dropped logins are mostly under a failing
 * NAS or POP opens nothing (its parent's incident covers it), and an open box incident is merged into a parent that
 * fails after it. Elements in a maintenance window (plus its margin) are muted. An element's incident already
 * opened on the same drops (even if discarded as a false alarm) is not opened again.
 */
import { sql } from 'drizzle-orm';
import { type Db, inTransaction, queryRows } from '../db/database.js';
import { intArray, literals } from '../db/sql.js';
import type { ElementKind } from '../shared/vocabulary.js';
import { elementNameSql } from './elements.js';
import { recordEvent } from './events.js';
import type { IncidentRule } from './schemas.js';

/** The terminate cause that names a NAS restart (src/ingest/radius/events.ts uses it for Accounting-On/Off). */
const NAS_REBOOT = 'NAS-Reboot';

export interface Candidate {
  kind: ElementKind;
  id: number;
  dropped: number;
  online: number;
  startedAt: string;
  reset: boolean;
}

export interface Opened {
  id: number;
  kind: ElementKind;
  elementId: number;
}

const rulesValues = (rules: readonly IncidentRule[]) =>
  sql.join(
    rules.map((r) => sql`(${r.kind}::text, ${r.minShare}::int, ${r.minCount}::int, ${r.windowSeconds}::int, ${r.holdDownSeconds}::int)`),
    sql`, `,
  );

/** Elements muted by a maintenance window now (its margin before and after included). */
const muted = (now: Date) => sql`exists (
    select 1 from maintenance_windows w, jsonb_array_elements(w.elements) x
     where w.cancelled_at is null
       and ${now.toISOString()}::timestamptz between w.starts_at - make_interval(mins => w.margin_minutes)
                                                and w.ends_at + make_interval(mins => w.margin_minutes)
       and x->>'kind' = c.kind and (x->>'id')::int = c.id)`;

async function findCandidates(db: Db, rules: readonly IncidentRule[], now: Date): Promise<Candidate[]> {
  const span = Math.max(...rules.map((r) => r.windowSeconds + r.holdDownSeconds));
  const at = sql`${now.toISOString()}::timestamptz`;
  return queryRows<Candidate>(
    db,
    sql`with r(kind, min_share, min_count, win, hold) as (values ${rulesValues(rules)}),
      d as (
        select v.kind, v.id, l.session_ended_at as at, l.disconnect_reason = ${NAS_REBOOT} and v.kind = 'nas' as reset
          from logins l
          cross join lateral (values ('nas', l.nas_id), ('pop', l.pop_id), ('box', l.ftth_box_id)) v(kind, id)
          join r on r.kind = v.kind
         where l.online = 'N' and l.session_ended_at > ${at} - make_interval(secs => ${span}) and l.session_ended_at <= ${at}
           and v.id is not null
           and l.session_ended_at > ${at} - make_interval(secs => r.win + r.hold)
           and (l.session_ended_at <= ${at} - make_interval(secs => r.hold) or (v.kind = 'nas' and l.disconnect_reason = ${NAS_REBOOT}))
      ), g as (
        select kind, id, count(*)::int as dropped, min(at) as started_at, bool_or(reset) as reset from d group by kind, id
      ), c as (
        select g.*, coalesce(e.online, 0) as online
          from g join r on r.kind = g.kind
          left join element_counts e on e.kind = g.kind and e.element_id = g.id
         where g.reset or (g.dropped >= r.min_count and g.dropped * 100 >= r.min_share * (g.dropped + coalesce(e.online, 0)))
      )
      select c.kind, c.id, c.dropped, c.online, c.started_at as "startedAt", c.reset
        from c
       where not ${muted(now)}
         and not exists (select 1 from incidents i where i.kind = c.kind and i.element_id = c.id
                          and (i.state in ('suspected', 'confirmed') or i.detected_at >= c.started_at))
       order by case c.kind when 'nas' then 0 when 'pop' then 1 else 2 end, c.id`,
  );
}

function openIncidents(tx: Db, list: readonly Candidate[], now: Date): Promise<Opened[]> {
  if (list.length === 0) return Promise.resolve([]);
  return queryRows<Opened>(
    tx,
    sql`insert into incidents (kind, element_id, element_name, state, cause, started_at, detected_at)
        select c.kind, c.id, ${elementNameSql(sql`c.kind`, sql`c.id`)}, 'suspected',
               case when c.reset then 'nas_reset' else 'mass_drop' end, c.started_at, ${now.toISOString()}::timestamptz
          from unnest(${sql.param(list.map((c) => c.kind))}::text[], ${intArray(list.map((c) => c.id))},
                      ${sql.param(list.map((c) => c.startedAt))}::timestamptz[], ${sql.param(list.map((c) => c.reset))}::bool[])
               as c(kind, id, started_at, reset)
        on conflict (kind, element_id) where state in ('suspected','confirmed') and element_id is not null do nothing
        returning id, kind, element_id as "elementId"`,
  );
}

/** Each kind's column on logins, and the kinds above it (a box is under its NAS and POP, a POP under its NAS). */
const COLUMN: Record<ElementKind, string> = { nas: 'nas_id', pop: 'pop_id', box: 'ftth_box_id' };
const ABOVE: Record<ElementKind, ElementKind[]> = { nas: [], pop: ['nas'], box: ['nas', 'pop'] };

/** Candidates whose dropped logins are mostly under an element above with an open incident: that incident covers them. */
async function covered(tx: Db, kind: ElementKind, list: readonly Candidate[]): Promise<Set<number>> {
  const above = ABOVE[kind];
  if (list.length === 0 || above.length === 0) return new Set();
  const under = sql.join(
    above.map((k) => sql`(p.kind = ${k} and p.element_id = l.${sql.identifier(COLUMN[k])})`),
    sql` or `,
  );
  const rows = await queryRows<{ id: number }>(
    tx,
    sql`with c(id, started_at, dropped) as (
          select * from unnest(${intArray(list.map((b) => b.id))}, ${sql.param(list.map((b) => b.startedAt))}::timestamptz[],
                               ${intArray(list.map((b) => b.dropped))})
        )
        select c.id from c
         where (select count(*) from logins l
                 where l.${sql.identifier(COLUMN[kind])} = c.id and l.online = 'N' and l.session_ended_at >= c.started_at
                   and exists (select 1 from incidents p where p.state in ('suspected', 'confirmed') and (${under})))
               * 2 >= c.dropped`,
  );
  return new Set(rows.map((r) => r.id));
}

/** Open incidents of the kinds below `parent` whose logins are mostly under its element become part of it. */
async function mergeChildren(tx: Db, parent: Opened, now: Date): Promise<number[]> {
  const below = (['pop', 'box'] as const).filter((k) => ABOVE[k].includes(parent.kind));
  if (below.length === 0) return [];
  const column = sql`l.${sql.identifier(COLUMN[parent.kind])}`;
  const rows = await queryRows<{ id: number }>(
    tx,
    sql`update incidents set state = 'merged', parent_id = ${parent.id}, closed_at = ${now.toISOString()}::timestamptz, closed_by = 'avisa'
         where kind in ${literals(below)} and state in ('suspected', 'confirmed')
           and id in (select il.incident_id from incident_logins il join logins l on l.id = il.login_id
                       join incidents i on i.id = il.incident_id and i.kind in ${literals(below)} and i.state in ('suspected', 'confirmed')
                      group by il.incident_id having count(*) filter (where ${column} = ${parent.elementId}) * 2 >= count(*))
        returning id`,
  );
  for (const r of rows) {
    await recordEvent(tx, r.id, 'merged', 'avisa', { into: parent.id });
    await recordEvent(tx, parent.id, 'absorbed', 'avisa', { from: r.id });
  }
  return rows.map((r) => r.id);
}

/**
 * The element's offline logins that dropped since the incident started become its affected logins (a login
 * already there stays as it is). For the given incidents, or every suspected and confirmed one.
 */
export async function snapshotAffected(tx: Db, ids?: readonly number[]): Promise<void> {
  const which = ids ? sql`i.id = any(${intArray(ids)})` : sql`i.state in ('suspected', 'confirmed')`;
  const of = (kind: ElementKind, column: string) =>
    sql`select i.id, l.id, l.client_id, l.session_ended_at from incidents i
          join logins l on l.${sql.identifier(column)} = i.element_id and l.online = 'N'
                       and l.session_ended_at >= i.started_at - interval '1 minute'
         where i.kind = ${kind} and ${which}`;
  const [added] = await queryRows<{ n: number }>(
    tx,
    sql`with ins as (
          insert into incident_logins (incident_id, login_id, client_id, went_offline_at)
          ${of('nas', 'nas_id')} union all ${of('pop', 'pop_id')} union all ${of('box', 'ftth_box_id')}
          on conflict do nothing returning 1)
        select count(*)::int as n from ins`,
  );
  await refreshStatistics(tx, added?.n ?? 0);
}

/**
 * A NAS's thousands of logins drop, come back and are told within seconds, long before autovacuum would look: with
 * stale statistics the planner takes a fresh incident (a value the statistics have never seen) for a handful of
 * rows and joins its notices login by login (50,000 logins: tens of seconds). So incident_logins' statistics are
 * refreshed (a sample of the table: tens of milliseconds) whenever a statement changed a thousand rows or more.
 */
export async function refreshStatistics(db: Db, changed: number): Promise<void> {
  if (changed >= 1_000) await db.execute(sql`analyze incident_logins`);
}

export interface DetectResult {
  opened: Opened[];
  merged: number[];
  candidates: number;
}

/** One detection pass: NAS first, then POPs, then boxes, each kind covered by the open incidents above it. */
export async function detectOutages(db: Db, rules: readonly IncidentRule[], now: Date): Promise<DetectResult> {
  const candidates = await findCandidates(db, rules, now);
  if (candidates.length === 0) return { opened: [], merged: [], candidates: 0 };
  return inTransaction(db, async (tx) => {
    const opened: Opened[] = [];
    const merged: number[] = [];
    for (const kind of ['nas', 'pop', 'box'] as const) {
      const list = candidates.filter((c) => c.kind === kind);
      const skip = await covered(tx, kind, list);
      const fresh = await openIncidents(tx, list.filter((c) => !skip.has(c.id)), now);
      await snapshotAffected(tx, fresh.map((o) => o.id));
      for (const o of fresh) merged.push(...(await mergeChildren(tx, o, now)));
      opened.push(...fresh);
    }
    for (const o of opened) {
      const c = candidates.find((x) => x.kind === o.kind && x.id === o.elementId);
      await recordEvent(tx, o.id, 'opened', 'avisa', { dropped: c?.dropped ?? 0, online: c?.online ?? 0, reset: c?.reset ?? false });
    }
    return { opened, merged, candidates: candidates.length };
  });
}
