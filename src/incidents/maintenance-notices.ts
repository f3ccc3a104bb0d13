/**
 * The reminders of the manutenções programadas, sent by the "Detecta quedas" pass every minute: each reminder due
 * and not yet dealt with goes through the queue every send uses, to the logins on the window's elements as they
 * are now (active logins: IXC deactivates those of a cancelled contract). Of several reminders before the start that are due at
 * once (a window registered late, or Avisa stopped for a while) only the latest goes; the others are recorded as
 * superseded. The end's "concluída" goes to those on the elements that are online when it is sent. Each send is
 * keyed (`maintenance:<id>:<reminder>:<message>`), so a pass that dies between the enqueue and its record queues
 * nothing twice. Reminders are deliberate repeats: the recent-notice guard does not hold the 24 h one back after
 * the 7-day one. Cancelling a window tells those a reminder reached (cancelWindow), with its cancel messages.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { getMessage } from '../messages/messages.js';
import { enqueueSend } from '../queue/enqueue.js';
import type { ReportFilter } from '../report/filter.js';
import { priorityLevels } from '../shared/vocabulary.js';
import {
  cancelMaintenance,
  type DueWindow,
  getMaintenance,
  type MAINTENANCE_FIELDS,
  reminderDue,
  type SentEntry,
  windowRow,
  windowsWithDueReminders,
} from './maintenance.js';
import { AT_CANCEL, AT_END, type Maintenance } from './maintenance-schemas.js';
import { fillFreeFields, noticeTime } from './phase-messages.js';

/** An end reminder this late (Avisa was down) is not sent any more: "concluída" a day later helps nobody. */
const END_GRACE_MS = 6 * 3_600_000;

export interface ReminderPassResult {
  /** Reminders sent (each may be several messages, one per channel). */
  sent: number;
  skipped: number;
  enqueued: number;
}

function values(w: DueWindow, timezone: string): Record<(typeof MAINTENANCE_FIELDS)[number], string> {
  const date = new Intl.DateTimeFormat('pt-BR', { timeZone: timezone, day: '2-digit', month: '2-digit', year: 'numeric' });
  const hour = new Intl.DateTimeFormat('pt-BR', { timeZone: timezone, hour: '2-digit', minute: '2-digit' });
  return {
    titulo: w.title,
    elemento: w.elements.map((e) => e.name).join(', '),
    data: date.format(new Date(w.startsAt)),
    horario: `${hour.format(new Date(w.startsAt))} às ${hour.format(new Date(w.endsAt))}`,
    inicio: noticeTime(w.startsAt, timezone),
    fim: noticeTime(w.endsAt, timezone),
  };
}

/** What each kind of notice of a window goes with: its messages, audience and the reason the batch records. */
function noticeOf(w: DueWindow, at: number): { ids: number[]; filter: ReportFilter; what: string } {
  if (at === AT_CANCEL) return { ids: w.cancel ?? [], filter: { maintenance: { id: w.id, audience: 'told' } }, what: 'cancelada' };
  const on = { maintenance: { id: w.id, audience: 'on_elements' as const }, loginActive: true };
  if (at === AT_END) return { ids: w.end ?? [], filter: { ...on, online: ['online'] }, what: 'concluída' };
  return { ids: w.notice ?? [], filter: on, what: 'lembrete' };
}

async function send(db: Db, w: DueWindow, at: number, timezone: string, now: Date): Promise<SentEntry> {
  const { ids, filter, what } = noticeOf(w, at);
  const entry = { at, sentAt: now.toISOString(), batchIds: [] as number[], enqueued: 0, errors: [] as string[] };
  for (const messageId of ids) {
    try {
      const message = await getMessage(db, messageId);
      const result = await enqueueSend(
        db,
        {
          messageId,
          filter,
          free: fillFreeFields(message, values(w, timezone)),
          priority: priorityLevels.high,
          repeatRecent: true,
          repeatReason: `manutenção programada #${w.id}: ${what}`,
          idempotencyKey: `maintenance:${w.id}:${at}:${messageId}`,
        },
        { userId: null, actor: `manutenção #${w.id}`, maintenance: { id: w.id } },
        { timezone, now },
      );
      entry.batchIds.push(result.batchId);
      entry.enqueued += result.enqueued;
    } catch (err) {
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
      entry.errors.push(`${messageId}: ${(cause instanceof Error ? cause.message : String(cause)).slice(0, 300)}`);
    }
  }
  return entry;
}

/** Appends `entries` to the window's record of notices, each reminder once (a pass racing this one adds nothing twice). */
async function record(db: Db, id: number, entries: readonly SentEntry[]): Promise<void> {
  await db.execute(
    sql`update maintenance_windows w set sent = w.sent || coalesce((select jsonb_agg(e) from jsonb_array_elements(${JSON.stringify(entries)}::jsonb) e
          where not exists (select 1 from jsonb_array_elements(w.sent) s where s->'at' = e->'at')), '[]'::jsonb)
        where w.id = ${id}`,
  );
}

/**
 * Cancels a window (./maintenance.ts) and, with `notify`, tells those a reminder reached that it is cancelled, with
 * the window's cancel messages (nobody was told: nothing to say).
 */
export async function cancelWindow(
  db: Db,
  id: number,
  actor: string,
  ctx: { timezone: string; notify: boolean; now?: Date },
): Promise<{ maintenance: Maintenance; cancelled: number; enqueued: number }> {
  const cancelled = await cancelMaintenance(db, id, actor);
  let enqueued = 0;
  if (ctx.notify) {
    const w = await windowRow(db, id);
    if ((w.cancel ?? []).length > 0) {
      const entry = await send(db, w, AT_CANCEL, ctx.timezone, ctx.now ?? new Date());
      await record(db, id, [entry]);
      enqueued = 'enqueued' in entry ? entry.enqueued : 0;
    }
  }
  return { maintenance: await getMaintenance(db, id), cancelled, enqueued };
}

/** The reminders due at `now` of one window, sent or skipped, in the order they fall due. */
async function remindersOf(db: Db, w: DueWindow, timezone: string, now: Date): Promise<SentEntry[]> {
  const done = new Set(w.sent.map((s) => s.at));
  const due = w.reminders.filter((at) => !done.has(at) && reminderDue(at, w.startsAt, w.endsAt) <= now);
  const entries: SentEntry[] = [];
  const stamp = now.toISOString();
  const before = due.filter((at) => at !== AT_END);
  if (before.length > 0) {
    const latest = Math.min(...before);
    for (const at of before) if (at !== latest) entries.push({ at, skipped: 'superseded', sentAt: stamp });
    entries.push(now >= new Date(w.endsAt) ? { at: latest, skipped: 'late', sentAt: stamp } : await send(db, w, latest, timezone, now));
  }
  if (due.includes(AT_END)) {
    const late = now.getTime() > new Date(w.endsAt).getTime() + END_GRACE_MS;
    entries.push(late ? { at: AT_END, skipped: 'late', sentAt: stamp } : await send(db, w, AT_END, timezone, now));
  }
  return entries;
}

export async function sendDueReminders(db: Db, ctx: { timezone: string; now?: Date }): Promise<ReminderPassResult> {
  const now = ctx.now ?? new Date();
  const result: ReminderPassResult = { sent: 0, skipped: 0, enqueued: 0 };
  for (const w of await windowsWithDueReminders(db, now)) {
    const entries = await remindersOf(db, w, ctx.timezone, now);
    await record(db, w.id, entries);
    for (const e of entries) {
      if ('skipped' in e) result.skipped += 1;
      else {
        result.sent += 1;
        result.enqueued += e.enqueued;
      }
    }
  }
  return result;
}
