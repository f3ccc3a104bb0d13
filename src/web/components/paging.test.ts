import { describe, expect, it } from 'vitest';
import { openRange, pageRange } from './paging.js';

describe('paging arithmetic', () => {
  it('a counted total: the rows shown and the page count', () => {
    expect(pageRange(1, 50, 120)).toEqual({ from: 1, to: 50, pages: 3 });
    expect(pageRange(3, 50, 120)).toEqual({ from: 101, to: 120, pages: 3 });
    expect(pageRange(1, 50, 0)).toEqual({ from: 0, to: 0, pages: 1 });
  });

  it('a total the count stopped at: the range comes from the page, also past that total', () => {
    expect(openRange(1, 50, 50)).toEqual({ from: 1, to: 50, hasNext: true });
    expect(openRange(201, 50, 50)).toEqual({ from: 10_001, to: 10_050, hasNext: true });
    expect(openRange(202, 50, 3)).toEqual({ from: 10_051, to: 10_053, hasNext: false });
    expect(openRange(300, 50, 0)).toEqual({ from: 14_951, to: 14_950, hasNext: false });
  });
});
