/**
 * Ferramentas › Agenda de tarefas as the API and the UI see it (browser-safe): a task (a type, a description, IXC's
 * five schedule fields, options checked by its type, `enabled`), its runs, the task types the form offers, and the
 * schedule preview.
 */
import { z } from 'zod';
import { pageParam } from '../shared/ids.js';
import { noticeSchema } from '../shared/notice.js';
import { taskRunStatuses } from '../shared/vocabulary.js';

/** IXC's five schedule fields (Minuto, Hora, Dia do mês, Mês, Dia da semana), in the form's order. */
export const cronFieldNames = ['minute', 'hour', 'dayOfMonth', 'month', 'dayOfWeek'] as const;
export type CronFieldName = (typeof cronFieldNames)[number];
export type CronFields = Record<CronFieldName, string>;

const fieldText = z.string().max(100).nullable();

/** The five fields as a request gives them: each optional, empty or null meaning Todos. */
const scheduleShape = Object.fromEntries(cronFieldNames.map((f) => [f, fieldText.optional()])) as Record<
  CronFieldName,
  z.ZodOptional<typeof fieldText>
>;

const typeName = z.string().trim().min(1, 'is required').max(40);
const description = z.string().trim().min(1, 'is required').max(100);

/** Body of POST /api/tasks. Fields left out or empty mean Todos. */
export const taskInputSchema = z.strictObject({
  type: typeName,
  description,
  ...scheduleShape,
  enabled: z.boolean().default(true),
  options: z.record(z.string(), z.unknown()).default({}),
});

/** Body of PUT /api/tasks/:id: omitted keys stay as they are. Changing the type re-checks the options. */
export const taskPatchSchema = z
  .strictObject({ type: typeName, description, ...scheduleShape, enabled: z.boolean(), options: z.record(z.string(), z.unknown()) })
  .partial();

export type TaskInput = z.input<typeof taskInputSchema>;
export type TaskPatch = z.input<typeof taskPatchSchema>;

/** Body of POST /api/tasks/preview: the five fields alone. */
export const scheduleBodySchema = z.strictObject(scheduleShape);

export const taskRunSchema = z.object({
  id: z.number().int(),
  taskId: z.number().int(),
  dueAt: z.date(),
  manual: z.boolean(),
  requestedBy: z.string().nullable(),
  status: z.enum(taskRunStatuses),
  owner: z.string().nullable(),
  startedAt: z.date(),
  heartbeatAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  processed: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  /** Why the run failed or was abandoned, one notice per cause (src/shared/notice.ts); empty otherwise. */
  errors: z.array(noticeSchema),
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type TaskRun = z.output<typeof taskRunSchema>;

const scheduleFields = Object.fromEntries(cronFieldNames.map((f) => [f, z.string()])) as Record<CronFieldName, z.ZodString>;

/** A task as stored. */
export const storedTaskSchema = z.object({
  id: z.number().int(),
  type: z.string(),
  description: z.string(),
  ...scheduleFields,
  enabled: z.boolean(),
  options: z.record(z.string(), z.unknown()),
  nextRunAt: z.date().nullable(),
  /** Username of who created it; '' for the system (the default drains) or a deleted user. */
  createdBy: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
  lastRun: taskRunSchema.nullable(),
});
export type ScheduledTask = z.output<typeof storedTaskSchema>;

/** A task as the API shows it: with its type's pt-BR label (the type itself when the server does not know it). */
export const taskSchema = storedTaskSchema.extend({ typeLabel: z.string() });

export const taskTypeSchema = z.object({
  type: z.string(),
  label: z.object({ 'pt-BR': z.string(), en: z.string() }),
  defaults: z.record(z.string(), z.unknown()),
  /** JSON Schema (input side) of the options, for the form's inputs. */
  optionsSchema: z.record(z.string(), z.unknown()),
});

const fieldName = z.enum(cronFieldNames);

export const schedulePreviewSchema = z.union([
  z.object({ valid: z.literal(true), fields: z.record(fieldName, z.string()), timezone: z.string(), nextRuns: z.array(z.date()) }),
  z.object({ valid: z.literal(false), errors: z.array(z.object({ field: fieldName, message: z.string() })) }),
]);

export const runPageSchema = z.object({
  page: pageParam,
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  status: z.enum(taskRunStatuses).optional(),
});
export type RunPage = z.input<typeof runPageSchema>;

export const runPageResultSchema = z.object({
  runs: z.array(taskRunSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
