/**
 * Manutenção programada on the wire (browser-safe): a planned window on network elements, the messages it sends
 * and when (reminders in minutes before the start; `-1` at the end), and each reminder's fate.
 */
import { z } from 'zod';
import { refusedIssue } from '../shared/errors.js';
import { pageParam, rowId } from '../shared/ids.js';
import { notice } from '../shared/notice.js';
import { elementKinds } from '../shared/vocabulary.js';

/** The reminder sent when the window ends ("manutenção concluída"). */
export const AT_END = -1;
/** Not a reminder: where the "cancelada" notices are recorded among those sent. */
export const AT_CANCEL = -2;
/** Minutes before the start of the reminders the screen offers: 7 days (Anatel's notice of a planned interruption), 24 h, 1 h, at the start. */
export const REMINDER_PRESETS = [10_080, 1_440, 60, 0, AT_END] as const;
export const DEFAULT_REMINDERS = [10_080, 1_440, 0, AT_END];

const maintenanceStates = ['scheduled', 'active', 'finished', 'cancelled'] as const;
const reminderStatuses = ['pending', 'sent', 'skipped'] as const;
/** Why a reminder was not sent: a later one was already due, the window ended or was cancelled first. */
export const reminderSkips = ['superseded', 'late', 'cancelled'] as const;

const element = z.strictObject({ kind: z.enum(elementKinds), id: rowId });

const maintenanceMessagesSchema = z.strictObject({
  /** The reminders before and at the start. */
  notice: z.array(rowId).max(3),
  /** "Concluída", to those on the elements who are online when the window ends. */
  end: z.array(rowId).max(3),
  /** "Cancelada", to those a reminder reached, when an operator cancels the window. */
  cancel: z.array(rowId).max(3).default([]),
});

export const maintenanceInputSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(200),
    elements: z.array(element).min(1).max(500),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    /** Detection stays muted this long before the start and after the end. */
    marginMinutes: z.number().int().min(0).max(24 * 60).default(30),
    reminders: z
      .array(z.number().int().min(AT_END).max(60 * 24 * 60))
      .max(10)
      .default(DEFAULT_REMINDERS),
    messages: maintenanceMessagesSchema.default({ notice: [], end: [], cancel: [] }),
  })
  .superRefine((input, ctx) => {
    if (Date.parse(input.endsAt) <= Date.parse(input.startsAt)) {
      ctx.addIssue(refusedIssue(['endsAt'], notice('maintenance_ends_before_start')));
    }
    if (new Set(input.reminders).size !== input.reminders.length) {
      ctx.addIssue(refusedIssue(['reminders'], notice('reminder_twice')));
    }
    if (input.reminders.some((m) => m >= 0) && input.messages.notice.length === 0) {
      ctx.addIssue(refusedIssue(['messages', 'notice'], notice('maintenance_notice_message')));
    }
    if (input.reminders.includes(AT_END) && input.messages.end.length === 0) {
      ctx.addIssue(refusedIssue(['messages', 'end'], notice('maintenance_end_message')));
    }
  });
export type MaintenanceInput = z.output<typeof maintenanceInputSchema>;

export const reminderSchema = z.object({
  /** Minutes before the start, or -1: at the end. */
  at: z.number().int(),
  dueAt: z.string(),
  status: z.enum(reminderStatuses),
  sentAt: z.string().nullable(),
  enqueued: z.number().int().nullable(),
  batchIds: z.array(z.number().int()),
  reason: z.enum(reminderSkips).nullable(),
  /** A message that could not be queued (the database's or the validation's words). */
  errors: z.array(z.string()),
});
export type Reminder = z.infer<typeof reminderSchema>;

export const maintenanceSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  elements: z.array(element.extend({ name: z.string() })),
  startsAt: z.string(),
  endsAt: z.string(),
  marginMinutes: z.number().int(),
  state: z.enum(maintenanceStates),
  messages: maintenanceMessagesSchema,
  reminders: z.array(reminderSchema),
  /** The "cancelada" notices queued when it was cancelled (null: none went). */
  cancelNotice: z.object({ sentAt: z.string(), enqueued: z.number().int(), batchIds: z.array(z.number().int()), errors: z.array(z.string()) }).nullable(),
  /** Logins on its elements now (who the next reminder would go to, before contacts and opt-outs). */
  logins: z.number().int(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  cancelledAt: z.string().nullable(),
  cancelledBy: z.string().nullable(),
});
export type Maintenance = z.infer<typeof maintenanceSchema>;

/** A POST with no body at all (`curl -X POST …/cancel`) is `{ notify: true }`. */
export const cancelInputSchema = z
  .strictObject({
    /** Tell those a reminder reached that it is cancelled (with the window's cancel messages); default true. */
    notify: z.boolean().default(true),
  })
  .nullish()
  .transform((input) => ({ notify: input?.notify ?? true }));

export const maintenanceListQuerySchema = z.strictObject({
  /** `true`: scheduled and active only; `false`: finished and cancelled only. */
  open: z.enum(['true', 'false']).optional(),
  page: pageParam.default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
