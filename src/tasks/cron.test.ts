import { describe, expect, it } from 'vitest';
import { type CronFields, nextRunAfter, nextRuns, parseSchedule } from './cron.js';

const SP = 'America/Sao_Paulo';
const every: CronFields = { minute: '*', hour: '*', dayOfMonth: '*', month: '*', dayOfWeek: '*' };
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

function pattern(fields: Partial<CronFields>): string {
  const parsed = parseSchedule({ ...every, ...fields });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.pattern;
}

function errorsOf(fields: Partial<CronFields>) {
  const parsed = parseSchedule({ ...every, ...fields });
  return parsed.ok ? [] : parsed.errors;
}

describe('IXC schedule fields', () => {
  it('reads Todos, empty and * as every value, in any case and with accents', () => {
    const parsed = parseSchedule({ minute: 'Todos', hour: '', dayOfMonth: ' * ', month: 'TODAS', dayOfWeek: undefined });
    expect(parsed).toEqual({ ok: true, fields: every, pattern: '* * * * *' });
  });

  it('runs "7h30 on weekdays" (Hora 7, Minuto 30, Dia da semana 1-5) at 07:30 São Paulo time, Monday to Friday', () => {
    const fields = { ...every, minute: '30', hour: '7', dayOfWeek: '1-5' };
    expect(pattern(fields)).toBe('30 7 * * 1,2,3,4,5');
    // Friday 2026-03-06 08:00 in São Paulo (UTC−3): next is Monday 07:30
    const from = new Date('2026-03-06T11:00:00Z');
    expect(iso(nextRuns(fields, SP, from, 5))).toEqual([
      '2026-03-09T10:30:00.000Z',
      '2026-03-10T10:30:00.000Z',
      '2026-03-11T10:30:00.000Z',
      '2026-03-12T10:30:00.000Z',
      '2026-03-13T10:30:00.000Z',
    ]);
    expect(nextRunAfter(fields, 'UTC', from)?.toISOString()).toBe('2026-03-09T07:30:00.000Z');
  });

  it('expands values, ranges, lists and steps, keeping the text the operator typed', () => {
    expect(pattern({ minute: '*/15' })).toBe('0,15,30,45 * * * *');
    expect(pattern({ minute: '0-30/10' })).toBe('0,10,20,30 * * * *');
    expect(pattern({ minute: '5/20' })).toBe('5,25,45 * * * *');
    expect(pattern({ dayOfMonth: '1,15' })).toBe('* * 1,15 * *');
    expect(pattern({ hour: '22-23,0-2/2,12' })).toBe('* 0,2,12,22,23 * * *');
    expect(pattern({ month: '12' })).toBe('* * * 12 *');
    const parsed = parseSchedule({ ...every, dayOfMonth: ' 1 , 15 ' });
    expect(parsed.ok && parsed.fields.dayOfMonth).toBe('1,15');
  });

  it('takes day of week 0 = domingo … 6 = sábado, and 7 as domingo too', () => {
    expect(pattern({ dayOfWeek: '7' })).toBe('* * * * 0');
    expect(pattern({ dayOfWeek: '5-7' })).toBe('* * * * 0,5,6');
    expect(pattern({ dayOfWeek: '0,7' })).toBe('* * * * 0');
    expect(pattern({ dayOfWeek: '*/2' })).toBe('* * * * 0,2,4,6');
    // Sunday 2026-03-08, 12:00 São Paulo
    expect(nextRunAfter({ ...every, minute: '0', hour: '12', dayOfWeek: '7' }, SP, new Date('2026-03-02T12:00:00Z'))?.toISOString()).toBe(
      '2026-03-08T15:00:00.000Z',
    );
  });

  it('names the field and the bound in every out-of-range message', () => {
    expect(errorsOf({ hour: '25' })).toEqual([{ field: 'hour', message: 'hour: 25 is out of range 0–23' }]);
    expect(errorsOf({ minute: '60' })[0]?.message).toBe('minute: 60 is out of range 0–59');
    expect(errorsOf({ dayOfMonth: '0' })[0]?.message).toBe('dayOfMonth: 0 is out of range 1–31');
    expect(errorsOf({ month: '13' })[0]?.message).toBe('month: 13 is out of range 1–12');
    expect(errorsOf({ dayOfWeek: '8' })[0]?.message).toBe('dayOfWeek: 8 is out of range 0–7');
    expect(errorsOf({ hour: '1-30' })[0]?.message).toBe('hour: 30 is out of range 0–23');
  });

  it('explains malformed items', () => {
    expect(errorsOf({ hour: '5-1' })[0]?.message).toBe('hour: range 5-1 goes backwards (write the smaller value first)');
    expect(errorsOf({ minute: '*/0' })[0]?.message).toMatch(/^minute: step "0" in "\*\/0" must be a whole number ≥ 1$/);
    expect(errorsOf({ minute: '*/60' })[0]?.message).toBe('minute: step 60 is larger than the range 0-59');
    expect(errorsOf({ minute: '0-10/20' })[0]?.message).toBe('minute: step 20 is larger than the range 0-10');
    expect(errorsOf({ hour: 'sete' })[0]?.message).toBe('hour: "sete" is not a number');
    expect(errorsOf({ hour: '1,,2' })[0]?.message).toBe('hour: has an empty item');
    expect(errorsOf({ hour: '1/2/3' })[0]?.message).toBe('hour: "1/2/3" has more than one "/"');
    expect(errorsOf({ hour: '1-2-3' })[0]?.message).toBe('hour: "1-2-3" is not a range like 1-5');
    expect(errorsOf({ hour: '-1' })[0]?.message).toBe('hour: "-1" is not a range like 1-5');
    expect(errorsOf({ hour: '1.5' })[0]?.message).toBe('hour: "1.5" is not a number');
  });

  it('reports every wrong field at once, in form order', () => {
    expect(errorsOf({ minute: '61', hour: '7', month: '0', dayOfWeek: 'x' }).map((e) => e.field)).toEqual(['minute', 'month', 'dayOfWeek']);
  });

  it('refuses a day that no chosen month has', () => {
    expect(errorsOf({ dayOfMonth: '30-31', month: '2' })).toEqual([
      { field: 'dayOfMonth', message: 'dayOfMonth: no date has this day in the chosen months' },
    ]);
    expect(errorsOf({ dayOfMonth: '29', month: '2' })).toEqual([]); // leap years have it
  });

  it('runs on a day matching either day field when both are restricted (classic cron)', () => {
    const fields = { ...every, minute: '0', hour: '12', dayOfMonth: '10', dayOfWeek: '5' };
    expect(iso(nextRuns(fields, 'UTC', new Date('2026-03-01T00:00:00Z'), 3))).toEqual([
      '2026-03-06T12:00:00.000Z', // Friday
      '2026-03-10T12:00:00.000Z', // the 10th, a Tuesday
      '2026-03-13T12:00:00.000Z', // Friday
    ]);
  });

  it('gives times strictly after the reference, and none for invalid fields', () => {
    const fields = { ...every, minute: '30' };
    expect(nextRunAfter(fields, SP, new Date('2026-03-02T10:30:00Z'))?.toISOString()).toBe('2026-03-02T11:30:00.000Z');
    expect(nextRuns({ ...every, hour: '24' }, SP, new Date(), 5)).toEqual([]);
    expect(nextRunAfter({ ...every, hour: '24' }, SP, new Date())).toBeNull();
  });
});
