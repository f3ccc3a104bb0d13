import { describe, expect, it } from 'vitest';
import { wallClockParts, zoneOffsetMs } from './time-zone.js';

describe('wall-clock time in a zone', () => {
  it("reads São Paulo's clock and offset, and a zone that changes offset on both sides of its change", () => {
    const instant = Date.parse('2026-03-06T11:00:00.750Z');
    expect(wallClockParts(instant, 'America/Sao_Paulo')).toEqual({ year: 2026, month: 3, day: 6, hour: 8, minute: 0, second: 0 });
    expect(zoneOffsetMs('America/Sao_Paulo', instant)).toBe(-3 * 3_600_000);
    expect(zoneOffsetMs('UTC', instant)).toBe(0);
    expect(zoneOffsetMs('Europe/Lisbon', Date.parse('2026-03-29T00:59:59Z'))).toBe(0);
    expect(zoneOffsetMs('Europe/Lisbon', Date.parse('2026-03-29T01:00:00Z'))).toBe(3_600_000);
    expect(wallClockParts(Date.parse('2026-12-31T23:59:59Z'), 'Asia/Kolkata')).toMatchObject({ year: 2027, month: 1, day: 1, hour: 5, minute: 29 });
  });

  it('refuses an unknown zone', () => {
    expect(() => zoneOffsetMs('America/Atlantida', 0)).toThrow(RangeError);
  });
});
