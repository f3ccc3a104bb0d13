import { priorityLevelOf } from '../../shared/vocabulary.js';
import { describe, expect, it } from 'vitest';
import {
  batchActions,
  describeFilter,
  displayContact,
  type FilterLabels,
  isActive,
  progressOf,
} from './logic.js';
import type { QueueState } from './types.js';

const states = (s: Partial<Record<QueueState, number>>): Record<QueueState, number> => ({
  pending: 0,
  claimed: 0,
  sending: 0,
  sent: 0,
  failed: 0,
  cancelled: 0,
  uncertain: 0,
  ...s,
});

const labels: FilterLabels = {
  field: (key) => `[${key}]`,
  code: (group, code) => `${group}.${code}`,
  unit: (unit) => unit,
  yes: 'sim',
  no: 'não',
  name: (key, id) => (key === 'nasIds' && id === 7 ? 'NAS-Centro' : undefined),
  date: (iso) => iso.slice(0, 10),
  more: (count) => `+${count}`,
};

describe('queue logic', () => {
  it('counts sent, failed, cancelled and uncertain as done, over the rows queued', () => {
    expect(progressOf({ enqueued: 10, states: states({ pending: 4, sending: 1, sent: 3, failed: 1, uncertain: 1 }) })).toEqual({
      done: 5,
      total: 10,
      share: 0.5,
    });
    expect(progressOf({ enqueued: 0, states: states({}) }).share).toBe(1);
    expect(progressOf({ enqueued: 0, states: states({ claimed: 2, sent: 2 }) })).toEqual({ done: 2, total: 4, share: 0.5 });
  });

  it('refreshes every 3 s only while rows are pending, claimed or sending', () => {
    expect(isActive({ states: states({ sending: 1 }) })).toBe(true);
    expect(isActive({ states: states({ claimed: 1 }) })).toBe(true);
    expect(isActive({ states: states({ sent: 9, failed: 1 }) })).toBe(false);
  });

  it('names priorities and offers only the actions that do something', () => {
    expect([0, 1, 3, 4, 5, 9].map(priorityLevelOf)).toEqual(['routine', 'routine', 'high', 'high', 'urgent', 'urgent']);
    expect(batchActions({ states: states({ pending: 1, uncertain: 2 }) })).toEqual({
      cancel: true,
      retryFailed: false,
      retryUncertain: true,
    });
    expect(batchActions({ states: states({ claimed: 3, sending: 1 }) }).cancel).toBe(true); // claimed, not started yet
    expect(batchActions({ states: states({ sending: 1, sent: 4 }) }).cancel).toBe(false);
  });

  it('shows Brazilian numbers the IXC way', () => {
    expect(displayContact('+5511987654321')).toBe('+55 (11) 98765-4321');
    expect(displayContact('+551133334444')).toBe('+55 (11) 3333-4444');
    expect(displayContact('ana@example.com')).toBe('ana@example.com');
  });

  it('describes a stored filter in a few words, skipping what it cannot read', () => {
    const parts = describeFilter(
      {
        online: ['offline'],
        nasIds: [7, 8, 9, 10],
        hasValidMobile: true,
        offlineForAtLeast: { value: 2, unit: 'hours' },
        sessionEndedFrom: '2025-01-15T08:00:00-03:00',
        login: 'ana',
        loginMatch: 'exact',
        bogus: 1,
      },
      labels,
    );
    expect(parts).toEqual([
      '[hasValidMobile]: sim',
      '[login]: = ana',
      '[online]: online.offline',
      '[offlineForAtLeast]: 2 hours',
      '[sessionEnded]: 2025-01-15 – …',
      '[nasIds]: NAS-Centro, #8 +2',
    ]);
    expect(describeFilter('garbage', labels)).toEqual([]);
    // a fallback batch's filter names the batch it follows, not "[object Object]"
    expect(describeFilter({ fallbackOf: { batchId: 12 } }, labels)).toEqual([expect.stringMatching(/fallbackOf.*: #12$/)]);
  });
});
