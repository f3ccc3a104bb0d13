import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDuration, formatNumber, formatShare } from './format.js';

describe('format', () => {
  it('formats numbers per language', () => {
    expect(formatNumber(1234567, 'pt-BR')).toBe('1.234.567');
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
  });

  it('formats a share with one decimal, and a dash when the whole is zero', () => {
    expect(formatShare(2, 7, 'pt-BR')).toMatch(/^28,6\s?%$/);
    expect(formatShare(2, 7, 'en')).toBe('28.6%');
    expect(formatShare(0, 0, 'pt-BR')).toBe('—');
  });

  it('shows timestamps in the installation time zone (America/Sao_Paulo, UTC−3)', () => {
    expect(formatDateTime('2025-01-15T15:30:00Z', 'pt-BR')).toMatch(/^15\/01\/2025,? 12:30$/);
    expect(formatDateTime('2025-01-15T02:00:00Z', 'pt-BR')).toMatch(/^14\/01\/2025,? 23:00$/);
    expect(formatDateTime('2025-01-15T15:30:00Z', 'en', 'UTC')).toMatch(/^1\/15\/25, 3:30\sPM$/);
    expect(formatDate('2025-01-15T02:00:00Z', 'pt-BR')).toBe('14/01/2025');
  });

  it('shows a dash for missing or invalid dates', () => {
    expect(formatDateTime(null, 'pt-BR')).toBe('—');
    expect(formatDateTime('not a date', 'pt-BR')).toBe('—');
  });

  it('formats durations with at most two units', () => {
    expect(formatDuration(0, 'pt-BR')).toBe('< 1 min');
    expect(formatDuration(59, 'pt-BR')).toBe('< 1 min');
    expect(formatDuration(45 * 60 + 30, 'pt-BR')).toBe('45 min');
    expect(formatDuration(2 * 3600, 'pt-BR')).toBe('2 h');
    expect(formatDuration(2 * 3600 + 15 * 60 + 59, 'pt-BR')).toBe('2 h 15 min');
    expect(formatDuration(3 * 86400, 'pt-BR')).toBe('3 d');
    expect(formatDuration(3 * 86400 + 4 * 3600 + 120, 'en')).toBe('3 d 4 h');
    expect(formatDuration(12 * 86400 + 5 * 3600, 'pt-BR')).toBe('12 d');
    expect(formatDuration(1234 * 86400, 'pt-BR')).toBe('1.234 d');
    expect(formatDuration(null, 'pt-BR')).toBe('—');
    expect(formatDuration(-5, 'pt-BR')).toBe('—');
  });
});
