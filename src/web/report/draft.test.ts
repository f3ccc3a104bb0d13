import { describe, expect, it } from 'vitest';
import { countSet, draftFromFilter, emptyDraft, fieldOfServerError, sectionOf, validateDraft } from './draft.js';
import type { ReportFilter } from './types.js';

describe('filter form draft', () => {
  it('sends nothing for an untouched form', () => {
    expect(validateDraft(emptyDraft())).toEqual({ filter: {}, sort: { column: 'login', dir: 'asc' } });
  });

  it('turns inputs into the filter the API expects', () => {
    const draft = {
      ...emptyDraft(),
      clientId: ' 42 ',
      login: 'ana',
      loginMatch: 'exact' as const,
      clientActive: 'no' as const,
      optedOutSms: 'yes' as const,
      offlineValue: '2',
      offlineUnit: 'days' as const,
      sessionEndedFrom: '2025-01-15T08:00',
      nasIds: [3],
      online: ['offline' as const],
      sortColumn: 'sessionEndedAt' as const,
      sortDir: 'desc' as const,
    };
    expect(validateDraft(draft)).toEqual({
      filter: {
        clientId: 42,
        clientActive: false,
        optedOutSms: true,
        login: 'ana',
        loginMatch: 'exact',
        online: ['offline'],
        offlineForAtLeast: { value: 2, unit: 'days' },
        sessionEndedFrom: '2025-01-15T08:00:00-03:00',
        nasIds: [3],
      },
      sort: { column: 'sessionEndedAt', dir: 'desc' },
    });
  });

  it('round-trips a filter through the form', () => {
    const filter: ReportFilter = {
      clientName: 'Silva',
      hasValidMobile: true,
      accessStatus: ['CA', 'FA'],
      offlineForAtLeast: { value: 30, unit: 'minutes' },
      sessionStartedTo: '2025-03-01T10:00:00-03:00',
      ftthBoxIds: [9],
      macContains: 'aa:bb',
    };
    const result = validateDraft(draftFromFilter(filter));
    expect('filter' in result && result.filter).toEqual(filter);
  });

  it('keeps names a filter saved through the API restricts by, though the form has no inputs for them', () => {
    const filter: ReportFilter = { online: ['offline'], nas: ['BRAS-ITJ-01'], nasIds: [3], cities: ['Itajaí'] };
    const draft = draftFromFilter(filter);
    expect(draft.names).toEqual({ nas: ['BRAS-ITJ-01'], cities: ['Itajaí'] });
    const result = validateDraft(draft);
    expect('filter' in result && result.filter).toEqual({ cities: ['Itajaí'], online: ['offline'], nasIds: [3], nas: ['BRAS-ITJ-01'] });
    expect(validateDraft({ ...draft, names: {} })).toEqual({ filter: { online: ['offline'], nasIds: [3] }, sort: { column: 'login', dir: 'asc' } });
  });

  it('keeps the incident or maintenance window a filter is scoped to: Filtrar after a change does not widen it to every login', () => {
    const filter: ReportFilter = { incident: { id: 12, audience: 'offline' }, maintenance: { id: 3, audience: 'on_elements' } };
    const draft = draftFromFilter(filter);
    expect(draft.scope).toEqual(filter);
    const changed = validateDraft({ ...draft, online: ['offline'] });
    expect('filter' in changed && changed.filter).toEqual({ ...filter, online: ['offline'] });
    expect(validateDraft({ ...draft, scope: {} })).toEqual({ filter: {}, sort: { column: 'login', dir: 'asc' } });
  });

  it('catches what the server would refuse', () => {
    const result = validateDraft({
      ...emptyDraft(),
      clientId: '-1',
      offlineValue: '1.5',
      sessionEndedFrom: '2025-01-16T00:00',
      sessionEndedTo: '2025-01-15T00:00',
      ipContains: '10.0.0.x',
      macContains: 'zz',
      cpfCnpj: 'abc',
      neighbourhood: 'x'.repeat(201),
    });
    expect(result).toEqual({
      errors: {
        clientId: 'positiveInt',
        offlineForAtLeast: 'positiveInt',
        sessionEndedFrom: 'dateOrder',
        ipContains: 'ipChars',
        macContains: 'macChars',
        cpfCnpj: 'cpfCnpjChars',
        neighbourhood: 'tooLong',
      },
    });
  });

  it('stops at the server ceiling for the offline duration', () => {
    expect(validateDraft({ ...emptyDraft(), offlineValue: '1000001' })).toEqual({
      errors: { offlineForAtLeast: 'tooLarge' },
    });
  });

  it('maps the server field path to the input', () => {
    expect(fieldOfServerError('filter.sessionEndedFrom')).toBe('sessionEndedFrom');
    expect(fieldOfServerError('filter.offlineForAtLeast.value')).toBe('offlineForAtLeast');
    expect(fieldOfServerError('filter.nasIds.3')).toBe('nasIds');
    expect(fieldOfServerError('sort.column')).toBe('sort');
    expect(fieldOfServerError('filter.sortDir')).toBeUndefined();
    expect(fieldOfServerError('pageSize')).toBeUndefined();
    expect(fieldOfServerError(undefined)).toBeUndefined();
  });
});

describe('form sections', () => {
  it('count what is filled in and find where a field lives', () => {
    const draft = { ...draftFromFilter({ nasIds: [1], online: ['offline'], clientActive: true, login: 'x' }) };
    expect(countSet(draft, 'login')).toBe(3);
    expect(countSet(draft, 'client')).toBe(1);
    expect(countSet({ ...emptyDraft(), offlineValue: '3' }, 'login')).toBe(1);
    expect(sectionOf('cityIds')).toBe('client');
    expect(sectionOf('offlineForAtLeast')).toBe('login');
    expect(sectionOf('sort')).toBe('sort');
  });
});
