import { describe, expect, it } from 'vitest';
import { skipReasons } from '../shared/vocabulary.js';
import { skipLines } from './skip-reasons.js';

describe('skip reasons on screen', () => {
  it('lists the reasons with a count in the vocabulary order, the cooldown last', () => {
    expect(skipLines({ cooldown: 4, no_email: 2, opted_out: 0, already_pending: 1 })).toEqual([
      { reason: 'no_email', count: 2 },
      { reason: 'already_pending', count: 1 },
      { reason: 'cooldown', count: 4 },
    ]);
    expect(skipLines({})).toEqual([]);
    expect(skipReasons.at(-1)).toBe('cooldown');
  });
});
