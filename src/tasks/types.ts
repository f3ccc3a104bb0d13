/**
 * Task types (Agenda de tarefas › Tarefa) and the catalogue of them a process runs. A type is a name, a pt-BR/en
 * label, a zod schema of its options (with defaults) and a `run` function; each capability declares its own (the
 * queue drains in src/queue/drain-tasks.ts, the IXC sync, the gatilhos). The composition root (src/app) lists them
 * in one `taskTypes([...])` and hands that catalogue to the scheduler and the HTTP API: nothing is registered
 * globally, and the scheduler knows no type by name.
 */
import { z } from 'zod';
import type { Db } from '../db/database.js';
import type { Notice } from '../shared/notice.js';
import { AppError } from '../shared/errors.js';

export interface TaskProgress {
  processed: number;
  sent: number;
  failed: number;
}

export interface TaskContext {
  db: Db;
  /** The task_runs row this execution is (its history keeps what the run did). */
  runId: number;
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
  /**
   * Set when the run completed but something went wrong (an integration refused, a gatilho failed): the run is
   * `failed`, with one notice per cause, each naming its integration, gatilho or source as its `subject`.
   */
  errors?: Notice[];
  /** Type-specific facts shown in the run history (per integration counts, why it stopped…). */
  details?: Record<string, unknown>;
}

export interface TaskType<Options = Record<string, unknown>> {
  /** Stored in scheduled_tasks.type; lowercase, e.g. `drain_whatsapp`. */
  type: string;
  label: { 'pt-BR': string; en: string };
  /** Validates and completes (defaults) the stored options; `{}` must parse. */
  optionsSchema: z.ZodType<Options>;
  /**
   * A process runs at most one run of this type at a time (its tasks' other due runs wait for another process, or
   * for this one to finish). Set by the queue drains: a second drain of a channel in the same process adds nothing
   * to the first's concurrency, while in another process it adds a CPU — so N drain tasks of one channel spread
   * over N processes (`avisa worker`) sharing one PostgreSQL.
   */
  onePerProcess?: boolean;
  run(ctx: TaskContext, options: Options): Promise<TaskResult>;
}

/**
 * A type as a catalogue holds it: its options are whatever its own schema made of them. The one place a type's
 * options type is forgotten — its `run` only ever receives what its `optionsSchema` parsed.
 */
export function taskType<Options>(definition: TaskType<Options>): TaskType {
  return definition as unknown as TaskType;
}

/** The task types one process knows: what it can schedule, run, validate and describe. */
export interface TaskTypes {
  /** Every type, in the order of their pt-BR labels. */
  readonly list: readonly TaskType[];
  readonly names: readonly string[];
  find(type: string): TaskType | undefined;
  /** The type, or a 400 naming `type` and the known ones. */
  get(type: string): TaskType;
  /** The pt-BR label; the type itself when this process does not know it. */
  label(type: string): string;
  /** The options of `type`, validated and with defaults; the error names the option (`options.budgetSeconds`). */
  parseOptions(type: string, raw: unknown): Record<string, unknown>;
}

/** A catalogue of `definitions`; a name that is badly formed, given twice or whose options lack defaults is refused. */
export function taskTypes(definitions: readonly TaskType[]): TaskTypes {
  const byName = new Map<string, TaskType>();
  for (const definition of definitions) {
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(definition.type)) {
      throw new Error(`Task type "${definition.type}" must be lowercase letters, digits and _ (at most 40)`);
    }
    if (!definition.optionsSchema.safeParse({}).success) {
      throw new Error(`Task type "${definition.type}": its options schema must accept {} (give every option a default)`);
    }
    if (byName.has(definition.type)) throw new Error(`Task type "${definition.type}" is listed twice`);
    byName.set(definition.type, definition);
  }
  const list = [...byName.values()].sort((a, b) => a.label['pt-BR'].localeCompare(b.label['pt-BR'], 'pt-BR'));
  const get = (type: string): TaskType => {
    const found = byName.get(type);
    if (found) return found;
    throw new AppError('VALIDATION', `type: unknown task type "${type}" (known: ${[...byName.keys()].join(', ')})`, 'type');
  };
  return {
    list,
    names: [...byName.keys()],
    find: (type) => byName.get(type),
    get,
    label: (type) => byName.get(type)?.label['pt-BR'] ?? type,
    parseOptions(type, raw) {
      const parsed = get(type).optionsSchema.safeParse(raw ?? {});
      if (parsed.success) return parsed.data as Record<string, unknown>;
      const issue = parsed.error.issues[0];
      const keys = issue && 'keys' in issue && Array.isArray(issue.keys) ? issue.keys : [];
      const field = ['options', ...(issue?.path ?? []), ...keys.slice(0, 1)].map(String).join('.');
      throw new AppError('VALIDATION', `${field}: ${issue?.message ?? 'invalid'}`, field);
    },
  };
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
