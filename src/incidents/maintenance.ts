/**
 * Manutenção programada: a planned window on network elements (NAS, POP, caixa). During it, plus its margin on
 * each side, detection opens no incident on those elements (./detect.ts); its reminders go to the subscribers on
 * them, the audience computed when each is sent (./maintenance-notices.ts). Cancelling one stops its reminders
 * and the rows of its notices still waiting in the fila.
 */
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Db, inTransaction, queryRows } from '../db/database.js';
import { isoText } from '../db/sql.js';
import { cancelBatch } from '../queue/batches.js';
import { maintenanceCondition } from '../report/filter-sql.js';
import { AppError, refused } from '../shared/errors.js';
import { notice } from '../shared/notice.js';
import {
  AT_CANCEL,
  AT_END,
  type Maintenance,
  type MaintenanceInput,
  maintenanceInputSchema,
  type maintenanceListQuerySchema,
  type Reminder,
  type reminderSkips,
} from './maintenance-schemas.js';
import { ELEMENT_TABLE, elementNameSql } from './elements.js';
import { checkPhaseMessages } from './phase-messages.js';

/** The free-field keys a maintenance notice fills. */
export const MAINTENANCE_FIELDS = ['titulo', 'elemento', 'data', 'horario', 'inicio', 'fim'] as const;

/** What `sent` holds per reminder dealt with. */
export type SentEntry =
  | { at: number; sentAt: string; batchIds: number[]; enqueued: number; errors?: string[] }
  | { at: number; skipped: (typeof reminderSkips)[number]; sentAt: string };

/** A window as stored, with its elements named and its messages: what the notices read. */
interface WindowRow {
  id: number;
  title: string;
  elements: Maintenance['elements'];
  startsAt: string;
  endsAt: string;
  marginMinutes: number;
  state: Maintenance['state'];
  reminders: number[];
  sent: SentEntry[];
  notice: number[] | null;
  end: number[] | null;
  cancel: number[] | null;
  createdBy: string | null;
  createdAt: string;
  cancelledAt: string | null;
  cancelledBy: string | null;
}

/** What the API shows: also the logins on its elements now. */
type Row = WindowRow & { logins: number };

const STATE = sql`case when w.cancelled_at is not null then 'cancelled' when now() < w.starts_at then 'scheduled'
  when now() < w.ends_at then 'active' else 'finished' end`;

/** Each element with its name (the element's current name; `#id` if it is gone). */
const ELEMENTS = sql`(select coalesce(jsonb_agg(jsonb_build_object('kind', x.e->>'kind', 'id', (x.e->>'id')::int,
    'name', ${elementNameSql(sql`x.e->>'kind'`, sql`(x.e->>'id')::int`)}) order by x.ord), '[]'::jsonb)
  from jsonb_array_elements(w.elements) with ordinality x(e, ord))`;

/** Logins on the elements now: counted for the windows still to come or running (the ended ones read 0). */
const LOGINS = sql`case when w.cancelled_at is null and w.ends_at > now()
  then (select count(*)::int from logins l where ${maintenanceCondition(sql`w.id`)}) else 0 end`;

const messagesOf = (phase: 'notice' | 'end' | 'cancel') =>
  sql`(select array_agg(mm.message_id order by mm.message_id) from maintenance_messages mm where mm.window_id = w.id and mm.phase = ${phase})`;

const COLUMNS = sql`w.id, w.title, ${ELEMENTS} as elements, ${isoText('w.starts_at')} as "startsAt", ${isoText('w.ends_at')} as "endsAt",
  w.margin_minutes as "marginMinutes", ${STATE} as state, w.reminders, w.sent, ${messagesOf('notice')} as notice, ${messagesOf('end')} as "end", ${messagesOf('cancel')} as cancel,
  w.created_by as "createdBy", ${isoText('w.created_at')} as "createdAt",
  ${isoText('w.cancelled_at')} as "cancelledAt", w.cancelled_by as "cancelledBy"`;

/** When a reminder is due: `at` minutes before the start, or the end. */
export function reminderDue(at: number, startsAt: Date | string, endsAt: Date | string): Date {
  return at === AT_END ? new Date(endsAt) : new Date(new Date(startsAt).getTime() - at * 60_000);
}

function reminderOf(at: number, row: Pick<Row, 'startsAt' | 'endsAt' | 'sent' | 'cancelledAt'>): Reminder {
  const entry = row.sent.find((s) => s.at === at);
  const base = { at, dueAt: reminderDue(at, row.startsAt, row.endsAt).toISOString() };
  const none = { sentAt: null, enqueued: null, batchIds: [], reason: null, errors: [] };
  if (!entry && row.cancelledAt) return { ...base, ...none, status: 'skipped', reason: 'cancelled' };
  if (!entry) return { ...base, ...none, status: 'pending' };
  if ('skipped' in entry) return { ...base, ...none, status: 'skipped', reason: entry.skipped };
  const { sentAt, enqueued, batchIds, errors = [] } = entry;
  return { ...base, status: 'sent', sentAt, enqueued, batchIds, reason: null, errors };
}

function cancelNoticeOf(sent: readonly SentEntry[]): Maintenance['cancelNotice'] {
  const entry = sent.find((s) => s.at === AT_CANCEL);
  if (!entry || 'skipped' in entry) return null;
  return { sentAt: entry.sentAt, enqueued: entry.enqueued, batchIds: entry.batchIds, errors: entry.errors ?? [] };
}

const shape = ({ reminders, sent, notice, end, cancel, ...row }: Row): Maintenance => ({
  ...row,
  messages: { notice: notice ?? [], end: end ?? [], cancel: cancel ?? [] },
  cancelNotice: cancelNoticeOf(sent),
  reminders: [...reminders].sort((a, b) => reminderDue(a, row.startsAt, row.endsAt).getTime() - reminderDue(b, row.startsAt, row.endsAt).getTime()).map((at) => reminderOf(at, { ...row, sent })),
});

export async function getMaintenance(db: Db, id: number): Promise<Maintenance> {
  const [row] = await queryRows<Row>(db, sql`select ${COLUMNS}, ${LOGINS} as logins from maintenance_windows w where w.id = ${id}`);
  if (!row) throw new AppError('NOT_FOUND', `no maintenance window ${id}`);
  return shape(row);
}

/** One window as the notices read it (no count of its logins). */
export async function windowRow(db: Db, id: number): Promise<WindowRow> {
  const [row] = await queryRows<WindowRow>(db, sql`select ${COLUMNS} from maintenance_windows w where w.id = ${id}`);
  if (!row) throw new AppError('NOT_FOUND', `no maintenance window ${id}`);
  return row;
}

/** Running and upcoming first (soonest first), then the ended and cancelled (latest first). */
export async function listMaintenance(
  db: Db,
  query: z.output<typeof maintenanceListQuerySchema>,
): Promise<{ windows: Maintenance[]; total: number }> {
  const open = sql`w.cancelled_at is null and w.ends_at > now()`;
  const where = query.open === undefined ? sql`` : query.open === 'true' ? sql`where ${open}` : sql`where not (${open})`;
  const [count] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from maintenance_windows w ${where}`);
  const rows = await queryRows<Row>(
    db,
    sql`select ${COLUMNS}, ${LOGINS} as logins from maintenance_windows w ${where}
        order by (${open}) desc, case when ${open} then w.starts_at end asc, w.starts_at desc, w.id desc
        limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}`,
  );
  return { windows: rows.map(shape), total: count?.n ?? 0 };
}

/** Each element must exist (`elements.<i>` names the one that does not). */
async function checkElements(db: Db, elements: MaintenanceInput['elements']): Promise<void> {
  for (const [i, e] of elements.entries()) {
    const [row] = await queryRows<{ id: number }>(db, sql`select id from ${sql.identifier(ELEMENT_TABLE[e.kind])} where id = ${e.id}`);
    if (!row) throw refused(`elements.${i}`, notice('element_missing', { entity: ELEMENT_TABLE[e.kind], id: e.id }));
  }
}

export async function createMaintenance(db: Db, raw: unknown, actor: string, now = new Date()): Promise<Maintenance> {
  const input = maintenanceInputSchema.parse(raw);
  if (Date.parse(input.endsAt) <= now.getTime()) throw refused('endsAt', notice('maintenance_ended'));
  const unique = new Map(input.elements.map((e) => [`${e.kind}:${e.id}`, e]));
  const elements = [...unique.values()];
  await checkElements(db, elements);
  await checkPhaseMessages(db, input.messages, MAINTENANCE_FIELDS);
  const id = await inTransaction(db, async (t) => {
    const [row] = await queryRows<{ id: number }>(
      t,
      sql`insert into maintenance_windows (title, elements, starts_at, ends_at, margin_minutes, reminders, created_by)
          values (${input.title}, ${JSON.stringify(elements)}::jsonb, ${input.startsAt}::timestamptz, ${input.endsAt}::timestamptz,
                  ${input.marginMinutes}, ${JSON.stringify(input.reminders)}::jsonb, ${actor})
          returning id`,
    );
    for (const phase of ['notice', 'end', 'cancel'] as const) {
      for (const messageId of input.messages[phase]) {
        await t.execute(sql`insert into maintenance_messages (window_id, phase, message_id) values (${row!.id}, ${phase}, ${messageId})`);
      }
    }
    return row!.id;
  });
  return getMaintenance(db, id);
}

/**
 * Cancels a window still to come or running: detection is no longer muted on its elements, no reminder is sent,
 * and its notices still waiting in the fila are cancelled (those sent stay sent). Answers how many rows it cancelled.
 */
export async function cancelMaintenance(db: Db, id: number, actor: string): Promise<number> {
  const [row] = await queryRows<{ sent: SentEntry[] }>(
    db,
    sql`update maintenance_windows set cancelled_at = now(), cancelled_by = ${actor}
         where id = ${id} and cancelled_at is null and ends_at > now() returning sent`,
  );
  if (!row) {
    const current = await getMaintenance(db, id);
    throw new AppError('CONFLICT', `maintenance window ${id} is ${current.state}`, undefined, notice('maintenance_changed', { id }));
  }
  let cancelled = 0;
  for (const entry of row.sent) {
    if ('batchIds' in entry) for (const batchId of entry.batchIds) cancelled += (await cancelBatch(db, batchId, actor)).cancelled;
  }
  return cancelled;
}

/** Windows whose reminders may be due at `now`: not cancelled, not ended a day ago, with a reminder not yet dealt with. */
export async function windowsWithDueReminders(db: Db, now: Date): Promise<WindowRow[]> {
  const at = sql`${now.toISOString()}::timestamptz`;
  return queryRows<WindowRow>(
    db,
    sql`select ${COLUMNS} from maintenance_windows w
         where w.cancelled_at is null and w.ends_at > ${at} - interval '1 day'
           and exists (select 1 from jsonb_array_elements(w.reminders) r
                        where not exists (select 1 from jsonb_array_elements(w.sent) s where (s->>'at')::int = (r #>> '{}')::int)
                          and case when (r #>> '{}')::int = ${AT_END} then w.ends_at
                                   else w.starts_at - make_interval(mins => (r #>> '{}')::int) end <= ${at})
         order by w.id`,
  );
}

export type DueWindow = WindowRow;
