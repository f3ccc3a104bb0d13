/**
 * The registry of task types (Agenda de tarefas › Tarefa). A type is a name, a pt-BR/en label, a zod schema of its
 * options (with defaults) and a `run` function. The scheduler, the repository and the API read the registry when
 * they need it, never a copy, so a new kind of task (IXC sync, outage triggers…) is one `registerTaskType(...)` call
 * in a module loaded at start — no change to the scheduler, the tables or the routes.
 *
 * The three queue drains ("Envia … da Fila") are registered here, from ./drain-tasks.ts.
 */
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import { drainTaskTypes } from './drain-tasks.js';

export interface TaskProgress {
  processed: number;
  sent: number;
  failed: number;
}

export interface TaskContext {
  db: Db;
  /** Opens integration secrets. */
  secretKey: Buffer;
  /** The running process (`host:pid:random`); queue leases are taken in its name. */
  owner: string;
  /** The installation's time zone (AVISA_TIMEZONE). */
  timezone: string;
  /** Fires when the process stops or the run is taken from it: finish what is in flight, then return. */
  signal: AbortSignal;
  /** Counts so far; saved with the next heartbeat, so the history shows a long run advancing. */
  progress(p: TaskProgress): void;
}

export interface TaskResult extends TaskProgress {
  /** Set when the run completed but something went wrong (e.g. an integration refused): the run is `failed`. */
  error?: string;
  /** Type-specific facts shown in the run history (per integration counts, why it stopped…). */
  details?: Record<string, unknown>;
}

export interface TaskType<Options = Record<string, unknown>> {
  /** Stored in scheduled_tasks.type; lowercase, e.g. `drain_whatsapp`. */
  type: string;
  label: { 'pt-BR': string; en: string };
  /** Validates and completes (defaults) the stored options; `{}` must parse. */
  optionsSchema: z.ZodType<Options>;
  run(ctx: TaskContext, options: Options): Promise<TaskResult>;
}

const registry = new Map<string, TaskType>();

/** Adds a task type; a second registration of the same name replaces the first (tests, hot reload). */
export function registerTaskType<Options>(definition: TaskType<Options>): void {
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(definition.type)) {
    throw new Error(`Task type "${definition.type}" must be lowercase letters, digits and _ (at most 40)`);
  }
  if (!definition.optionsSchema.safeParse({}).success) {
    throw new Error(`Task type "${definition.type}": its options schema must accept {} (give every option a default)`);
  }
  registry.set(definition.type, definition as unknown as TaskType);
}

/** Removes a task type (tests). */
export function unregisterTaskType(type: string): void {
  registry.delete(type);
}

export function findTaskType(type: string): TaskType | undefined {
  return registry.get(type);
}

export function getTaskType(type: string): TaskType {
  const found = registry.get(type);
  if (!found) {
    const known = [...registry.keys()].join(', ');
    throw new AppError('VALIDATION', `type: unknown task type "${type}" (known: ${known})`, 'type');
  }
  return found;
}

export function listTaskTypes(): TaskType[] {
  return [...registry.values()].sort((a, b) => a.label['pt-BR'].localeCompare(b.label['pt-BR'], 'pt-BR'));
}

export function registeredTypeNames(): string[] {
  return [...registry.keys()];
}

/** The options of `type`, validated and with defaults; the error names the option (`options.budgetSeconds`). */
export function parseTaskOptions(type: string, raw: unknown): Record<string, unknown> {
  const parsed = getTaskType(type).optionsSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data as Record<string, unknown>;
  const issue = parsed.error.issues[0];
  const keys = issue && 'keys' in issue && Array.isArray(issue.keys) ? issue.keys : [];
  const field = ['options', ...(issue?.path ?? []), ...keys.slice(0, 1)].map(String).join('.');
  throw new AppError('VALIDATION', `${field}: ${issue?.message ?? 'invalid'}`, field);
}

/** What the API tells the form about a type: its label, default options and their JSON Schema (for the inputs). */
export function describeTaskType(definition: TaskType) {
  return {
    type: definition.type,
    label: definition.label,
    defaults: definition.optionsSchema.parse({}) as Record<string, unknown>,
    optionsSchema: z.toJSONSchema(definition.optionsSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
  };
}

for (const definition of drainTaskTypes) registerTaskType(definition);
