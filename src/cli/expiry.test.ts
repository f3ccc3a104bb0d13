import { describe, expect, it } from 'vitest';
import { parseExpiry } from './expiry.js';

const now = new Date('2026-03-10T15:00:00Z');
const at = (text: string, timeZone = 'America/Sao_Paulo') => parseExpiry(text, { now, timeZone });

describe('--expires', () => {
  it('reads lifetimes from now in hours, days and years', () => {
    expect(at('12h')).toEqual(new Date('2026-03-11T03:00:00Z'));
    expect(at('90d')).toEqual(new Date('2026-06-08T15:00:00Z'));
    expect(at('1y')).toEqual(new Date('2027-03-10T15:00:00Z'));
    expect(at('2D')).toEqual(new Date('2026-03-12T15:00:00Z'));
  });

  it('reads a date as the start of that day in the installation zone, and instants with their offset', () => {
    expect(at('2027-01-31')).toEqual(new Date('2027-01-31T03:00:00Z'));
    expect(at('2027-01-31', 'UTC')).toEqual(new Date('2027-01-31T00:00:00Z'));
    expect(at('2027-01-31T08:30:00-03:00')).toEqual(new Date('2027-01-31T11:30:00Z'));
    expect(at('2027-01-31T08:30Z')).toEqual(new Date('2027-01-31T08:30:00Z'));
  });

  it('refuses anything else, saying what it takes', () => {
    for (const text of ['90', '0d', '3w', 'tomorrow', '2027-02-30', '2027-01-31T08:30', '']) {
      const result = at(text);
      expect(result, text).toBeInstanceOf(Error);
    }
    expect((at('3w') as Error).message).toBe('--expires 3w: give a lifetime (12h, 90d, 1y), a date (2027-01-31) or an ISO date-time with offset');
  });
});
