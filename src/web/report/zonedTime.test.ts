import { describe, expect, it } from 'vitest';
import { isoToLocalInput, localInputToIso } from './zonedTime.js';

describe('datetime-local in the installation zone', () => {
  it('reads the wall clock as São Paulo time and writes its offset', () => {
    expect(localInputToIso('2025-01-15T08:30')).toBe('2025-01-15T08:30:00-03:00');
    expect(localInputToIso('2025-07-01T23:59:30')).toBe('2025-07-01T23:59:30-03:00');
    // Before 2019 São Paulo had summer time (UTC−2).
    expect(localInputToIso('2018-01-15T12:00')).toBe('2018-01-15T12:00:00-02:00');
    expect(localInputToIso('2025-01-15T08:30', 'UTC')).toBe('2025-01-15T08:30:00+00:00');
  });

  it('refuses what is not a real time', () => {
    expect(localInputToIso('')).toBeUndefined();
    expect(localInputToIso('2025-02-30T10:00')).toBeUndefined();
    expect(localInputToIso('2025-01-15T24:00')).toBeUndefined();
    expect(localInputToIso('15/01/2025 10:00')).toBeUndefined();
  });

  it('shows an instant as the São Paulo wall clock, whatever zone it was written in', () => {
    expect(isoToLocalInput('2025-01-15T11:30:00Z')).toBe('2025-01-15T08:30');
    expect(isoToLocalInput('2025-01-15T08:30:00-03:00')).toBe('2025-01-15T08:30');
    expect(isoToLocalInput('nonsense')).toBe('');
  });

  it('round-trips', () => {
    const iso = localInputToIso('2024-12-31T23:05');
    expect(iso && isoToLocalInput(iso)).toBe('2024-12-31T23:05');
  });
});
