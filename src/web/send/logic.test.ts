import { describe, expect, it } from 'vitest';
import type { Message } from '../messages/types.js';
import {
  exceedsDailyLimit,
  freeValuesFor,
  missingFreeFields,
  newIdempotencyKey,
  sharedFreeFields,
} from './logic.js';

const base = {
  description: 'x',
  integrationId: 1,
  integrationDescription: 'i',
  active: true,
  purpose: 'other' as const,
  fallbackMessageId: null,
  fallbackAfterMinutes: null,
  createdBy: 'admin',
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
};

const sms = (id: number, freeFields: Message['content']['freeFields']): Message => ({
  ...base,
  id,
  channel: 'sms',
  content: { text: 'oi', freeFields },
});

describe('send logic', () => {
  it('shows a free field used by several messages once, required if any requires it', () => {
    const a = sms(1, [{ key: 'previsao', label: 'Previsão de retorno', required: false }]);
    const b = sms(2, [
      { key: 'previsao', label: 'Previsão', required: true },
      { key: 'motivo', label: 'Motivo', required: false },
    ]);
    expect(sharedFreeFields([a, undefined, b])).toEqual([
      { key: 'previsao', label: 'Previsão de retorno', required: true, messageIds: [1, 2] },
      { key: 'motivo', label: 'Motivo', required: false, messageIds: [2] },
    ]);
  });

  it('gives each message only its own values, trimmed, and names the missing required ones', () => {
    const message = sms(1, [
      { key: 'previsao', label: 'Previsão', required: true },
      { key: 'obs', label: 'Obs.', required: false },
    ]);
    expect(freeValuesFor(message, { previsao: ' 18h ', other: 'x' })).toEqual({ previsao: '18h', obs: '' });
    expect(missingFreeFields(message, { previsao: '  ' }).map((f) => f.key)).toEqual(['previsao']);
    expect(missingFreeFields(message, { previsao: 'amanhã' })).toEqual([]);
  });

  it('warns only when the recipients go past a known daily limit', () => {
    const limit = { messagesSent: 900, dailyLimit: 1000, availableAmount: 100 };
    expect(exceedsDailyLimit(101, limit)).toBe(true);
    expect(exceedsDailyLimit(100, limit)).toBe(false);
    expect(exceedsDailyLimit(5000, null)).toBe(false);
  });

  it('makes a fresh key per call, with or without randomUUID', () => {
    expect(newIdempotencyKey()).not.toBe(newIdempotencyKey());
    const fallback = newIdempotencyKey({ getRandomValues: <T extends ArrayBufferView | null>(a: T) => a });
    expect(fallback).toMatch(/^0{32}$/);
  });
});
