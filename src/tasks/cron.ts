/**
 * IXC's five schedule fields (Minuto, Hora, Dia do mês, Mês, Dia da semana) ↔ a croner pattern. Each field is
 * **Todos** (or empty, or `*`), a value (`7`), a range (`1-5`), a list (`1,15`), a step (`*∕15`, `0-30/10`, `5/15` =
 * from 5 on) or a list of those. Day of week follows IXC: 0 = domingo … 6 = sábado, and 7 = domingo too.
 *
 * Validation checks every item against its field's bounds and names the field in the message
 * (`hour: 25 is out of range 0–23`), so the form can put it next to the right input. The pattern given to croner
 * spells every restricted field out as a plain list, so what runs is exactly what was validated; a field left
 * `*` stays `*`, which keeps classic cron's rule for the two day fields: when both are restricted, a day matching
 * either one runs (Vixie cron / croner's default).
 */
import { Cron } from 'croner';
import { type CronFieldName, type CronFields, cronFieldNames } from './schemas.js';

export { type CronFieldName, type CronFields, cronFieldNames };

/** Inclusive bounds; day of week admits 7 (= 0, domingo). */
const bounds: Record<CronFieldName, readonly [number, number]> = {
  minute: [0, 59],
  hour: [0, 23],
  dayOfMonth: [1, 31],
  month: [1, 12],
  dayOfWeek: [0, 7],
};

/** The words that mean "every value" (IXC's **Todos**), compared without case or accents. */
const everyWords = new Set(['', '*', 'todos', 'todas', 'all', 'every']);

export interface CronFieldError {
  field: CronFieldName;
  message: string;
}

export type ParsedSchedule =
  | { ok: true; fields: CronFields; pattern: string }
  | { ok: false; errors: CronFieldError[] };

class ItemError extends Error {}

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
}

function toNumber(field: CronFieldName, text: string): number {
  if (!/^\d{1,3}$/.test(text)) {
    throw new ItemError(text === '' ? 'has an empty item' : `"${text}" is not a number`);
  }
  const value = Number(text);
  const [min, max] = bounds[field];
  if (value < min || value > max) throw new ItemError(`${value} is out of range ${min}–${max}`);
  return value;
}

/** The values one item (`*`, `7`, `1-5`, `*∕15`, `0-30/10`, `5/15`) selects. */
function itemValues(field: CronFieldName, item: string): number[] {
  const [min, max] = bounds[field];
  const [base = '', stepText, extra] = item.split('/');
  if (extra !== undefined) throw new ItemError(`"${item}" has more than one "/"`);
  let step = 1;
  if (stepText !== undefined) {
    if (!/^\d{1,3}$/.test(stepText) || Number(stepText) < 1) throw new ItemError(`step "${stepText}" in "${item}" must be a whole number ≥ 1`);
    step = Number(stepText);
  }
  let from: number;
  let to: number;
  if (base === '*') {
    [from, to] = [min, field === 'dayOfWeek' ? 6 : max];
  } else if (base.includes('-')) {
    const [a = '', b = '', more] = base.split('-');
    if (more !== undefined || a === '' || b === '') throw new ItemError(`"${item}" is not a range like 1-5`);
    from = toNumber(field, a);
    to = toNumber(field, b);
    if (from > to) throw new ItemError(`range ${from}-${to} goes backwards (write the smaller value first)`);
  } else {
    from = toNumber(field, base);
    // `5/15` = from 5 to the end, every 15 (as in Quartz and most cron dialects); a bare value is just itself
    to = stepText === undefined ? from : field === 'dayOfWeek' ? 6 : max;
  }
  const spans = base === '*' || base.includes('-');
  if (spans && step > 1 && step > to - from) throw new ItemError(`step ${step} is larger than the range ${from}-${to}`);
  const values: number[] = [];
  for (let v = from; v <= to; v += step) values.push(field === 'dayOfWeek' && v === 7 ? 0 : v);
  return values;
}

/**
 * One field: its canonical text (`*` for Todos, otherwise the items without spaces) and the croner text (`*` or
 * the sorted list of selected values).
 */
function parseCronField(field: CronFieldName, raw: string): { text: string; croner: string } {
  const compact = raw.replace(/\s+/g, '');
  if (everyWords.has(fold(compact))) return { text: '*', croner: '*' };
  if (compact.length > 100) throw new ItemError('is too long (at most 100 characters)');
  const selected = new Set<number>();
  for (const item of compact.split(',')) {
    for (const value of itemValues(field, item)) selected.add(value);
  }
  return { text: compact, croner: [...selected].sort((a, b) => a - b).join(',') };
}

/** Validates the five fields; on success, the canonical fields and the croner pattern. */
export function parseSchedule(input: Partial<Record<CronFieldName, string | null | undefined>>): ParsedSchedule {
  const errors: CronFieldError[] = [];
  const fields = {} as CronFields;
  const parts: string[] = [];
  for (const field of cronFieldNames) {
    try {
      const parsed = parseCronField(field, input[field] ?? '');
      fields[field] = parsed.text;
      parts.push(parsed.croner);
    } catch (err) {
      if (!(err instanceof ItemError)) throw err;
      errors.push({ field, message: `${field}: ${err.message}` });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const pattern = parts.join(' ');
  if (runsAfter(pattern, 'UTC', new Date(Date.UTC(2000, 0, 1)), 1).length === 0) {
    // e.g. dia 30 or 31 in fevereiro only: valid values, but no date ever has them
    return {
      ok: false,
      errors: [{ field: 'dayOfMonth', message: 'dayOfMonth: no date has this day in the chosen months' }],
    };
  }
  return { ok: true, fields, pattern };
}

function runsAfter(pattern: string, timezone: string, from: Date, count: number): Date[] {
  return new Cron(pattern, { timezone, paused: true, mode: '5-part' }).nextRuns(count, from);
}

/** The next `count` run times strictly after `from`, in the installation's time zone; [] when the fields are invalid. */
export function nextRuns(fields: CronFields, timezone: string, from: Date, count = 5): Date[] {
  const parsed = parseSchedule(fields);
  return parsed.ok ? runsAfter(parsed.pattern, timezone, from, count) : [];
}

/** The first run time strictly after `from`, or null when the fields are invalid or never match. */
export function nextRunAfter(fields: CronFields, timezone: string, from: Date): Date | null {
  return nextRuns(fields, timezone, from, 1)[0] ?? null;
}
