/**
 * The Agenda de tarefas form, kept pure: the draft (five schedule fields with their "Todos" box, the type's
 * options as typed), the options read from the type's JSON Schema, what goes to the API, and the server's
 * schedule errors in the reader's language.
 */
import { type CronFieldName, type CronFields, cronFieldNames, type Task, type TaskInput, type TaskType } from './types.js';

export interface ScheduleField {
  /** Todos: the field matches every value (`*`). */
  all: boolean;
  /** What is typed when not Todos (kept while Todos is ticked, so unticking brings it back). */
  value: string;
}

export interface TaskDraft {
  type: string;
  description: string;
  schedule: Record<CronFieldName, ScheduleField>;
  enabled: boolean;
  /** Option values as typed (numbers as text), by key. */
  options: Record<string, string | boolean>;
}

/** The words the server reads as Todos, compared without case or accents (src/tasks/cron.ts). */
const everyWords = new Set(['', '*', 'todos', 'todas', 'all', 'every']);

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, '');

export function isEvery(text: string): boolean {
  return everyWords.has(fold(text));
}

export interface OptionField {
  key: string;
  kind: 'integer' | 'number' | 'boolean' | 'string' | 'enum';
  title?: string;
  minimum?: number;
  maximum?: number;
  values?: string[];
  defaultValue?: unknown;
}

/** The options a type takes, from its JSON Schema (`properties`), in schema order. */
export function optionFields(type: TaskType | undefined): OptionField[] {
  const properties = (type?.optionsSchema.properties ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(properties).map(([key, schema]) => {
    const values = Array.isArray(schema.enum) ? schema.enum.map(String) : undefined;
    const kind = values
      ? 'enum'
      : schema.type === 'integer' || schema.type === 'number' || schema.type === 'boolean'
        ? schema.type
        : 'string';
    return {
      key,
      kind,
      ...(typeof schema.title === 'string' ? { title: schema.title } : {}),
      ...(typeof schema.minimum === 'number' ? { minimum: schema.minimum } : {}),
      ...(typeof schema.maximum === 'number' ? { maximum: schema.maximum } : {}),
      ...(values ? { values } : {}),
      ...(schema.default !== undefined ? { defaultValue: schema.default } : {}),
    };
  });
}

/** Option values shown in the form: the stored ones, else the type's defaults. */
export function optionsDraft(type: TaskType | undefined, stored: Record<string, unknown> = {}): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const field of optionFields(type)) {
    const value = stored[field.key] ?? type?.defaults[field.key] ?? field.defaultValue;
    out[field.key] = field.kind === 'boolean' ? value === true : value === undefined || value === null ? '' : String(value);
  }
  return out;
}

export function emptyDraft(type?: TaskType): TaskDraft {
  return {
    type: type?.type ?? '',
    description: '',
    schedule: Object.fromEntries(cronFieldNames.map((f) => [f, { all: true, value: '' }])) as TaskDraft['schedule'],
    enabled: true,
    options: optionsDraft(type),
  };
}

export function draftFromTask(task: Task, type: TaskType | undefined): TaskDraft {
  return {
    type: task.type,
    description: task.description,
    schedule: Object.fromEntries(
      cronFieldNames.map((f) => [f, isEvery(task[f]) ? { all: true, value: '' } : { all: false, value: task[f] }]),
    ) as TaskDraft['schedule'],
    enabled: task.enabled,
    options: optionsDraft(type, task.options),
  };
}

/** The five fields as the API takes them: `*` for Todos. */
export function scheduleOf(draft: Pick<TaskDraft, 'schedule'>): CronFields {
  return Object.fromEntries(
    cronFieldNames.map((f) => {
      const field = draft.schedule[f];
      return [f, field.all || isEvery(field.value) ? '*' : field.value.replace(/\s+/g, '')];
    }),
  ) as CronFields;
}

export type OptionProblem = 'number' | 'min' | 'max';

/** Typed options → values for the API, or the options that are wrong (with the bound they broke). */
export function readOptions(
  type: TaskType | undefined,
  typed: Record<string, string | boolean>,
): { ok: true; options: Record<string, unknown> } | { ok: false; errors: Record<string, { problem: OptionProblem; bound?: number }> } {
  const options: Record<string, unknown> = {};
  const errors: Record<string, { problem: OptionProblem; bound?: number }> = {};
  for (const field of optionFields(type)) {
    const raw = typed[field.key];
    if (field.kind === 'boolean') {
      options[field.key] = raw === true;
      continue;
    }
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (text === '') continue; // the server fills the default
    if (field.kind === 'integer' || field.kind === 'number') {
      const value = Number(text.replace(',', '.'));
      if (!Number.isFinite(value) || (field.kind === 'integer' && !Number.isInteger(value))) {
        errors[field.key] = { problem: 'number' };
      } else if (field.minimum !== undefined && value < field.minimum) {
        errors[field.key] = { problem: 'min', bound: field.minimum };
      } else if (field.maximum !== undefined && value > field.maximum) {
        errors[field.key] = { problem: 'max', bound: field.maximum };
      } else options[field.key] = value;
    } else options[field.key] = text;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, options };
}

/** The body of POST /api/tasks (PUT takes the same). */
export function toInput(draft: TaskDraft, options: Record<string, unknown>): TaskInput {
  return {
    type: draft.type,
    description: draft.description.trim(),
    ...scheduleOf(draft),
    enabled: draft.enabled,
    options,
  };
}

/** How the list shows a schedule field: "Todos" for `*`. */
export function fieldText(value: string, every: string): string {
  return isEvery(value) ? every : value;
}

type Lang = 'pt-BR' | 'en';

const cronMessages: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^has an empty item$/, () => 'tem um item vazio (vírgula sobrando?)'],
  [/^"(.*)" is not a number$/, (m) => `“${m[1]}” não é um número`],
  [/^(\d+) is out of range (\d+)–(\d+)$/, (m) => `${m[1]} está fora do intervalo ${m[2]}–${m[3]}`],
  [/^"(.*)" has more than one "\/"$/, (m) => `“${m[1]}” tem mais de uma “/”`],
  [/^step "(.*)" in "(.*)" must be a whole number ≥ 1$/, (m) => `o passo “${m[1]}” em “${m[2]}” deve ser um número inteiro ≥ 1`],
  [/^"(.*)" is not a range like 1-5$/, (m) => `“${m[1]}” não é um intervalo como 1-5`],
  [/^range (\d+)-(\d+) goes backwards/, (m) => `o intervalo ${m[1]}-${m[2]} está invertido (escreva o menor valor primeiro)`],
  [/^step (\d+) is larger than the range (\d+)-(\d+)$/, (m) => `o passo ${m[1]} é maior que o intervalo ${m[2]}-${m[3]}`],
  [/^is too long/, () => 'é longo demais (no máximo 100 caracteres)'],
  [/^no date has this day in the chosen months$/, () => 'nenhuma data tem este dia nos meses escolhidos'],
];

/**
 * A schedule error of the server (`hour: 25 is out of range 0–23`) without the field name (the form shows it
 * under the field), in Portuguese when the UI is; unknown wordings stay as they came.
 */
export function scheduleErrorText(message: string, field: CronFieldName, lang: Lang | string): string {
  const text = message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
  if (lang !== 'pt-BR') return text;
  for (const [pattern, say] of cronMessages) {
    const m = pattern.exec(text);
    if (m) return say(m);
  }
  return text;
}
