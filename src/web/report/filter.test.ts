import { describe, expect, it } from 'vitest';
import { filterKey, readFilter, withIds } from './filter.js';

describe('readFilter', () => {
  it('keeps valid keys and omits empty strings, empty lists and unknown keys', () => {
    expect(
      readFilter({
        clientName: '  Maria ',
        cpfCnpj: '',
        nasIds: [],
        popIds: [3, '4', 3, -1, 1.5, 'x'],
        online: ['offline', 'sideways'],
        clientActive: false,
        hasEmail: 'yes',
        colour: 'blue',
      }),
    ).toEqual({ clientName: 'Maria', popIds: [3, 4], online: ['offline'], clientActive: false });
  });

  it('keeps names of NAS, POPs, plans, cities and boxes (trimmed, deduplicated), next to their id lists', () => {
    expect(readFilter({ nas: [' BRAS-ITJ-01 ', 'BRAS-ITJ-01', '', 7], ftthBoxes: [], nasIds: [2] })).toEqual({
      nasIds: [2],
      nas: ['BRAS-ITJ-01'],
    });
    expect(filterKey({ nas: ['A'], nasIds: [1] })).toBe(filterKey({ nasIds: [1], nas: ['A'] }));
  });

  it('accepts the filter as JSON text and ignores what is not an object', () => {
    expect(readFilter('{"nasIds":[2]}')).toEqual({ nasIds: [2] });
    expect(readFilter('{broken')).toEqual({});
    expect(readFilter([1, 2])).toEqual({});
    expect(readFilter(null)).toEqual({});
  });

  it('checks codes, durations and instants with offset', () => {
    expect(
      readFilter({
        contractStatus: ['A', 'Z'],
        accessStatus: ['CM', 'cm'],
        authTypes: ['L', 'PPPoE'],
        offlineForAtLeast: { value: 2, unit: 'hours' },
        sessionEndedFrom: '2025-01-15T08:00:00-03:00',
        sessionEndedTo: '2025-01-15T08:00',
      }),
    ).toEqual({
      contractStatus: ['A'],
      accessStatus: ['CM'],
      authTypes: ['L'],
      offlineForAtLeast: { value: 2, unit: 'hours' },
      sessionEndedFrom: '2025-01-15T08:00:00-03:00',
    });
    expect(readFilter({ offlineForAtLeast: { value: 0, unit: 'hours' } })).toEqual({});
    expect(readFilter({ offlineForAtLeast: { value: 3, unit: 'weeks' } })).toEqual({});
  });

  it('drops loginMatch without a login', () => {
    expect(readFilter({ loginMatch: 'exact' })).toEqual({});
    expect(readFilter({ login: 'ana', loginMatch: 'exact' })).toEqual({ login: 'ana', loginMatch: 'exact' });
  });

  it('gives one key order, so equal filters have equal keys', () => {
    expect(filterKey({ popIds: [1], nasIds: [2] })).toBe(filterKey({ nasIds: [2], popIds: [1] }));
    expect(filterKey({ nasIds: [2], popIds: [1] })).toBe('{"nasIds":[2],"popIds":[1]}');
  });

  it('adds an id from the summary tables once', () => {
    expect(withIds({ online: ['offline'] }, 'nasIds', 7)).toEqual({ online: ['offline'], nasIds: [7] });
    const already = { nasIds: [7] };
    expect(withIds(already, 'nasIds', 7)).toBe(already);
  });
});
