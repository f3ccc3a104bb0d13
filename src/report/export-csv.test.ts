import { describe, expect, it } from 'vitest';
import { csvField, formatDuration, localTimeFormatter } from '../shared/csv.js';
import { exportFileName } from './export-csv.js';

describe('CSV pieces', () => {
  it.each([
    [null, ''],
    [42, '42'],
    ['Centro', 'Centro'],
    ['Padaria; Mel', '"Padaria; Mel"'],
    ['Bar "do Zé"', '"Bar ""do Zé"""'],
    ['duas\nlinhas', '"duas\nlinhas"'],
    ['=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
    ['+55 (48) 99912-3456', "'+55 (48) 99912-3456"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['-', "'-"],
  ])('field %j → %s', (value, text) => expect(csvField(value)).toBe(text));

  it('leaves Avisa’s own formatting and numbers alone', () => {
    expect(csvField('+55 (48) 99912-3456', true)).toBe('+55 (48) 99912-3456');
    expect(csvField(-3)).toBe('-3');
  });

  it.each([
    [0, '00:00:00'],
    [59, '00:00:59'],
    [3_661, '01:01:01'],
    [86_400, '1d 00:00:00'],
    [3 * 86_400 + 4 * 3_600 + 5 * 60 + 6, '3d 04:05:06'],
  ])('duration %d s → %s', (seconds, text) => expect(formatDuration(seconds)).toBe(text));

  it('writes instants as Brazilian wall-clock time, across a DST change and a zone without DST', () => {
    const sp = localTimeFormatter('America/Sao_Paulo');
    expect(sp('2026-01-15T15:00:00.000Z')).toBe('15/01/2026 12:00:00');
    expect(sp('2026-01-15T02:59:59.000Z')).toBe('14/01/2026 23:59:59');
    expect(sp(null)).toBe('');
    // São Paulo had DST until 2019: 2018-11-04 00:00 local became 01:00 (UTC−2).
    expect(sp('2018-11-04T02:59:59Z')).toBe('03/11/2018 23:59:59');
    expect(sp('2018-11-04T03:00:00Z')).toBe('04/11/2018 01:00:00');
    expect(localTimeFormatter('America/Manaus')('2026-01-15T15:00:00Z')).toBe('15/01/2026 11:00:00');
    const manyTimes = Array.from({ length: 2000 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 977_000).toISOString());
    const reference = new Intl.DateTimeFormat('pt-BR', { timeZone: 'America/Sao_Paulo', dateStyle: 'short', timeStyle: 'medium' });
    for (const iso of manyTimes) expect(sp(iso)).toBe(reference.format(new Date(iso)).replace(',', ''));
  });

  it('names the file after the local time of the export', () => {
    expect(exportFileName(new Date('2026-01-15T17:32:10Z'), 'America/Sao_Paulo')).toBe('status-logins-20260115-1432.csv');
  });
});
