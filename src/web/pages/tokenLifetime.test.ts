import { describe, expect, it } from 'vitest';
import { DEFAULT_LIFETIME, expiryOf, tokenLifetimes } from './tokenLifetime.js';

describe('API token lifetimes', () => {
  it('turns a choice into the expiry the API takes, or none', () => {
    const now = Date.parse('2026-01-31T12:00:00Z');
    expect(expiryOf('30', now)).toBe('2026-03-02T12:00:00.000Z');
    expect(expiryOf('365', now)).toBe('2027-01-31T12:00:00.000Z');
    expect(expiryOf('never', now)).toBeNull();
    expect(expiryOf('', now)).toBeNull();
    expect(tokenLifetimes).toContain(DEFAULT_LIFETIME);
  });
});
