import { describe, expect, it } from 'vitest';
import { KNOWN_TOTAL_MS } from './api-schemas.js';
import { CountedTotal } from './counted-total.js';

describe('a count reused by the other pages of a filter', () => {
  it('is sent for the same filter within the minute, not for another filter, later, or after Filtrar', () => {
    const counted = new CountedTotal();
    expect(counted.known('{"channel":"sms"}', 1_000)).toBeUndefined();
    counted.remember('{"channel":"sms"}', 365_500, 1_000);
    expect(counted.known('{"channel":"sms"}', 1_000 + KNOWN_TOTAL_MS)).toBe(365_500);
    expect(counted.known('{"channel":"sms","status":"failure"}', 2_000)).toBeUndefined();
    expect(counted.known('{"channel":"sms"}', 1_001 + KNOWN_TOTAL_MS)).toBeUndefined();
    counted.forget();
    expect(counted.known('{"channel":"sms"}', 2_000)).toBeUndefined();
  });
});
