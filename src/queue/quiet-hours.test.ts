import { describe, expect, it } from 'vitest';
import { inQuietHours, minPriorityAt } from './quiet-hours.js';

const SP = 'America/Sao_Paulo';
/** A São Paulo wall-clock time (UTC−3) on 2026-12-05. */
const at = (hhmm: string) => new Date(`2026-12-05T${hhmm}:00-03:00`);

describe('quiet hours', () => {
  const night = { start: '21:00', end: '08:00' };
  it('crosses midnight on the installation clock', () => {
    expect(inQuietHours(night, at('20:59'), SP)).toBe(false);
    expect(inQuietHours(night, at('21:00'), SP)).toBe(true);
    expect(inQuietHours(night, at('03:30'), SP)).toBe(true);
    expect(inQuietHours(night, at('07:59'), SP)).toBe(true);
    expect(inQuietHours(night, at('08:00'), SP)).toBe(false);
    // the same instant is 23:00 in São Paulo but 02:00 UTC: the zone decides
    expect(inQuietHours({ start: '01:00', end: '03:00' }, at('23:00'), 'UTC')).toBe(true);
    expect(inQuietHours({ start: '01:00', end: '03:00' }, at('23:00'), SP)).toBe(false);
  });
  it('a window within a day, and equal ends meaning off', () => {
    expect(inQuietHours({ start: '12:00', end: '14:00' }, at('13:00'), SP)).toBe(true);
    expect(inQuietHours({ start: '12:00', end: '14:00' }, at('14:00'), SP)).toBe(false);
    expect(inQuietHours({ start: '00:00', end: '00:00' }, at('03:00'), SP)).toBe(false);
  });
  it('lets only urgent rows through within the window', () => {
    expect(minPriorityAt(night, at('23:00'), SP)).toBe(5);
    expect(minPriorityAt(night, at('10:00'), SP)).toBeUndefined();
  });
});
