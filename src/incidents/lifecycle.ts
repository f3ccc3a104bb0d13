/**
 * An incident from suspected to closed. The operators' actions (confirmar, descartar, atualizar previsão,
 * normalizar, encerrar, mesclar) and the pass that runs after every batch of status changes and every minute:
 * detect, mark each affected login back as it returns, cancel the início still queued for those back (a return
 * before the notice sends nothing), confirm what the kind confirms by itself, tell those back that it is over
 * (each as they return), and move incidents to normalizado and encerrado by their kind's rule.
 * Every transition is a conditional update (`where state = …`), so passes racing in several processes are safe.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import { literals } from '../db/sql.js';
import { UNSTARTED_STATES } from '../queue/states.js';
import { AppError, refused } from '../shared/errors.js';
import { notice } from '../shared/notice.js';
import type { ElementKind, IncidentState } from '../shared/vocabulary.js';
import { detectOutages, type Opened, refreshStatistics, snapshotAffected } from './detect.js';
import { recordEvent } from './events.js';
import { type NoticeIncident, sendIncidentNotices } from './notices.js';
import { loadRules } from './rules.js';
import type { ConfirmInput, EtaInput, IncidentRule } from './schemas.js';

export interface PassContext {
  timezone: string;
  now?: Date;
}

export interface PassResult {
  opened: Opened[];
  merged: number[];
  back: number;
  cancelled: number;
  confirmed: number[];
  restored: number[];
  closed: number[];
  /** Rows queued by this pass's notices. */
  queued: number;
}

interface Row extends NoticeIncident {
  state: IncidentState;
  detectedAt: Date;
  restoringSince: Date | null;
  restoredAt: Date | null;
}

const rowColumns = sql`id, kind, element_name as "elementName", started_at as "startedAt", eta, note, state,
  detected_at as "detectedAt", restoring_since as "restoringSince", restored_at as "restoredAt"`;

async function incidentRow(db: Db, id: number): Promise<Row> {
  const [row] = await queryRows<Row>(db, sql`select ${rowColumns} from incidents where id = ${id}`);
  if (!row) throw new AppError('NOT_FOUND', `no incident ${id}`);
  return row;
}

/** Moves an incident from one of `from` to `to` (with extra column updates), or answers 409 naming its state. */
async function transition(db: Db, id: number, from: readonly IncidentState[], to: IncidentState, set = sql``): Promise<Row> {
  const [row] = await queryRows<Row>(
    db,
    sql`update incidents set state = ${to}${set} where id = ${id} and state in ${literals(from)} returning ${rowColumns}`,
  );
  if (row) return row;
  throw changed(id, (await incidentRow(db, id)).state);
}

/** 409: incident `id` is in `state`, not one the operation starts from (it changed while the operator looked). */
const changed = (id: number, state: IncidentState) =>
  new AppError('CONFLICT', `incident ${id} is ${state}`, undefined, notice('incident_changed', { id }));

const etaSet = (input: { eta?: string | null | undefined; note?: string | undefined }) =>
  sql`${input.eta === undefined ? sql`` : sql`, eta = ${input.eta}::timestamptz`}${input.note === undefined ? sql`` : sql`, note = ${input.note || null}`}`;

export async function confirmIncident(db: Db, id: number, actor: string, input: ConfirmInput, ctx: PassContext) {
  const row = await transition(db, id, ['suspected'], 'confirmed', sql`, confirmed_at = now(), confirmed_by = ${actor}${etaSet(input)}`);
  await recordEvent(db, id, 'confirmed', actor, { eta: input.eta ?? null, note: input.note ?? null });
  await snapshotAffected(db, [id]);
  return sendIncidentNotices(db, row, 'start', { timezone: ctx.timezone, actor });
}

/** Queue rows not yet started, among those `from` selects (aliased `q`, with its batch `b`), cancelled; each incident's count on its timeline. */
async function cancelQueued(db: Db, actor: string, from: SQL, back: boolean): Promise<number> {
  const rows = await queryRows<{ incident_id: number }>(
    db,
    sql`update queue_items q set status = 'cancelled', finished_at = now(), updated_at = now(), locked_by = null, lease_until = null,
          last_error = ${JSON.stringify(notice('cancelled_by', { user: actor }))}::jsonb, last_error_kind = 'cancelled'
        ${from} and q.status in ${literals(UNSTARTED_STATES)}
      returning b.incident_id`,
  );
  const per = new Map<number, number>();
  for (const r of rows) per.set(r.incident_id, (per.get(r.incident_id) ?? 0) + 1);
  for (const [incident, n] of per) await recordEvent(db, incident, 'cancelled_notices', actor, { rows: n, back });
  return rows.length;
}

/** Every notice of incident `id` not yet started (discard, close). */
const cancelNotices = (db: Db, id: number, actor: string) =>
  cancelQueued(db, actor, sql`from send_batches b where b.id = q.batch_id and b.incident_id = ${id}`, false);

/** The inícios of every open incident whose login is back: a return before the notice sends nothing. */
const cancelReturnedStarts = (db: Db) =>
  cancelQueued(
    db,
    'avisa',
    sql`from send_batches b, incidents i, incident_logins il
        where b.id = q.batch_id and b.incident_phase = 'start' and i.id = b.incident_id
          and i.state in ('suspected', 'confirmed', 'restored')
          and il.incident_id = b.incident_id and il.login_id = q.login_id and il.back_at is not null`,
    true,
  );

export async function discardIncident(db: Db, id: number, actor: string) {
  await transition(db, id, ['suspected', 'confirmed'], 'discarded', sql`, closed_at = now(), closed_by = ${actor}`);
  const cancelled = await cancelNotices(db, id, actor);
  await recordEvent(db, id, 'discarded', actor, { cancelled });
}

/** Atualizar previsão / publish a note; the atualização goes to those told and still offline (confirmed only). */
export async function updateIncident(db: Db, id: number, actor: string, input: EtaInput, ctx: PassContext) {
  const [row] = await queryRows<Row>(
    db,
    sql`update incidents set state = state${etaSet(input)} where id = ${id} and state in ('suspected', 'confirmed', 'restored') returning ${rowColumns}`,
  );
  if (!row) throw changed(id, (await incidentRow(db, id)).state);
  if (input.eta !== undefined) await recordEvent(db, id, 'eta', actor, { eta: input.eta });
  if (input.note !== undefined) await recordEvent(db, id, 'note', actor, { note: input.note });
  if (row.state === 'confirmed' && input.notify) return sendIncidentNotices(db, row, 'update', { timezone: ctx.timezone, actor });
  return { batchIds: [], enqueued: 0 };
}

/** Normalizar by hand: the incident is over for the operator; logins still coming back keep getting their notice. */
export async function restoreIncident(db: Db, id: number, actor: string) {
  await transition(db, id, ['suspected', 'confirmed'], 'restored', sql`, restored_at = now()`);
  await recordEvent(db, id, 'restored', actor);
}

export async function closeIncident(db: Db, id: number, actor: string) {
  await transition(db, id, ['suspected', 'confirmed', 'restored'], 'closed', sql`, closed_at = now(), closed_by = ${actor}`);
  await cancelNotices(db, id, actor);
  await recordEvent(db, id, 'closed', actor);
}

/** Mesclar: `id`'s logins join `into`'s, and `id` ends as merged. */
export async function mergeIncident(db: Db, id: number, into: number, actor: string) {
  if (id === into) throw refused('into', notice('incident_merge_self'));
  const target = await incidentRow(db, into);
  if (!['suspected', 'confirmed', 'restored'].includes(target.state)) {
    throw changed(into, target.state);
  }
  await transition(db, id, ['suspected', 'confirmed', 'restored'], 'merged', sql`, parent_id = ${into}, closed_at = now(), closed_by = ${actor}`);
  await db.execute(sql`insert into incident_logins (incident_id, login_id, client_id, went_offline_at, back_at, restored_notice_at)
      select ${into}, login_id, client_id, went_offline_at, back_at, restored_notice_at from incident_logins where incident_id = ${id}
      on conflict do nothing`);
  await recordEvent(db, id, 'merged', actor, { into });
  await recordEvent(db, into, 'absorbed', actor, { from: id });
}

/** Affected logins online again get their back time (the session's start: the event's own time). */
async function markBack(db: Db): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with b as (
          update incident_logins il set back_at = coalesce(l.session_started_at, now())
            from logins l, incidents i
           where i.id = il.incident_id and i.state in ('suspected', 'confirmed', 'restored')
             and il.back_at is null and l.id = il.login_id and l.online = 'S'
          returning 1)
        select count(*)::int as n from b`,
  );
  const n = rows[0]?.n ?? 0;
  await refreshStatistics(db, n);
  return n;
}

async function openIncidentsWith(db: Db, where: ReturnType<typeof sql>): Promise<Row[]> {
  return queryRows<Row>(db, sql`select ${rowColumns} from incidents where ${where} order by id`);
}

const ruleOf = (rules: readonly IncidentRule[], kind: ElementKind | 'manual') => rules.find((r) => r.kind === (kind === 'manual' ? 'nas' : kind))!;

/** Normalizado when the kind's share of affected logins has been back for its time; encerrado after its quiet time. */
async function settleStates(db: Db, rules: readonly IncidentRule[], now: Date): Promise<{ restored: number[]; closed: number[] }> {
  const restored: number[] = [];
  const closed: number[] = [];
  const open = await queryRows<Row & { affected: number; back: number }>(
    db,
    sql`select ${rowColumns}, (select count(*)::int from incident_logins il where il.incident_id = i.id) as affected,
               (select count(*)::int from incident_logins il where il.incident_id = i.id and il.back_at is not null) as back
          from incidents i where state in ('suspected', 'confirmed', 'restored') order by id`,
  );
  for (const i of open) {
    const rule = ruleOf(rules, i.kind);
    if (i.state === 'restored') {
      if (i.restoredAt && now.getTime() - new Date(i.restoredAt).getTime() >= rule.closeAfterSeconds * 1000) {
        await transition(db, i.id, ['restored'], 'closed', sql`, closed_at = now(), closed_by = 'avisa'`).catch(() => null);
        await recordEvent(db, i.id, 'closed', 'avisa');
        closed.push(i.id);
      }
      continue;
    }
    const reached = i.affected > 0 && i.back * 100 >= rule.restoreShare * i.affected;
    if (!reached) {
      if (i.restoringSince) await db.execute(sql`update incidents set restoring_since = null where id = ${i.id}`);
      continue;
    }
    const since = i.restoringSince ? new Date(i.restoringSince) : now;
    if (!i.restoringSince) await db.execute(sql`update incidents set restoring_since = ${now.toISOString()}::timestamptz where id = ${i.id}`);
    if (now.getTime() - since.getTime() >= rule.restoreSeconds * 1000) {
      const done = await transition(db, i.id, ['suspected', 'confirmed'], 'restored', sql`, restored_at = ${now.toISOString()}::timestamptz`).catch(() => null);
      if (done) {
        await recordEvent(db, i.id, 'restored', 'avisa', { back: i.back, affected: i.affected });
        restored.push(i.id);
      }
    }
  }
  return { restored, closed };
}

/**
 * One pass (after each batch of status changes, and every minute): detect; add to open incidents the logins of
 * their element that dropped since they opened; mark those back; cancel the inícios still queued for them; confirm
 * what confirms itself; the normalizado to those back; the início to affected logins not yet told (those added
 * since the confirmation); then the states.
 */
export async function runIncidentPass(db: Db, ctx: PassContext): Promise<PassResult> {
  const now = ctx.now ?? new Date();
  const notify = { timezone: ctx.timezone, actor: 'avisa' };
  const rules = await loadRules(db);
  const { opened, merged } = await detectOutages(db, rules, now);
  await snapshotAffected(db);
  const back = await markBack(db);
  const cancelled = back > 0 ? await cancelReturnedStarts(db) : 0;
  let queued = 0;

  const confirmed: number[] = [];
  for (const i of await openIncidentsWith(db, sql`state = 'suspected'`)) {
    const rule = ruleOf(rules, i.kind);
    if (rule.autoConfirmSeconds === null || now.getTime() - new Date(i.detectedAt).getTime() < rule.autoConfirmSeconds * 1000) continue;
    const sent = await confirmIncident(db, i.id, 'avisa', {}, ctx).catch((err) => {
      if (err instanceof AppError && err.code === 'CONFLICT') return null;
      throw err;
    });
    if (sent) {
      confirmed.push(i.id);
      queued += sent.enqueued;
    }
  }
  for (const i of await openIncidentsWith(
    db,
    sql`state in ('confirmed', 'restored') and id in (select incident_id from incident_logins where back_at is not null and restored_notice_at is null)`,
  )) {
    queued += (await sendIncidentNotices(db, i, 'restored', notify)).enqueued;
  }
  for (const i of await openIncidentsWith(db, sql`state = 'confirmed'`)) queued += (await sendIncidentNotices(db, i, 'start', notify)).enqueued;
  const { restored, closed } = await settleStates(db, rules, now);
  return { opened, merged, back, cancelled, confirmed, restored, closed, queued };
}
