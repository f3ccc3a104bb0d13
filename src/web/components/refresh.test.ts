import { describe, expect, it } from 'vitest';
import { refreshWhile } from './refresh.js';

describe('refreshWhile', () => {
  it('asks every 3 s while something moves, and never after', () => {
    expect(refreshWhile(true)).toBe(3000);
    expect(refreshWhile(false)).toBe(false);
  });
});
