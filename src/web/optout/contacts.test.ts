import { describe, expect, it } from 'vitest';
import { ApiError } from '../api.js';
import { badContactLine, contactKind, contactLines } from './contacts.js';

describe('contacts pasted one per line', () => {
  it('keeps each typed line, trimmed, without the blank ones', () => {
    expect(contactLines(' (48) 99911-0001 \r\n\n  ana@example.com\n   \n')).toEqual(['(48) 99911-0001', 'ana@example.com']);
    expect(contactLines('   ')).toEqual([]);
  });

  it('turns the row the server names back into the line typed, 1-based', () => {
    const lines = ['48999110001', '123', 'x'];
    const bad = new ApiError(400, 'VALIDATION', 'entries.1.contact: "123" is not a Brazilian mobile number', 'entries.1.contact');
    expect(badContactLine(bad, lines)).toEqual({ line: 2, contact: '123' });
    expect(badContactLine(new ApiError(400, 'VALIDATION', 'contact: …', 'contact'), ['123'])).toEqual({ line: 1, contact: '123' });
  });

  it('leaves other refusals to the generic alert', () => {
    const lines = ['48999110001'];
    expect(badContactLine(new ApiError(400, 'VALIDATION', 'entries.0.note: too long', 'entries.0.note'), lines)).toBeNull();
    expect(badContactLine(new ApiError(400, 'VALIDATION', 'entries.7.contact: …', 'entries.7.contact'), lines)).toBeNull();
    expect(badContactLine(new ApiError(403, 'FORBIDDEN', 'admins only'), lines)).toBeNull();
    expect(badContactLine(new Error('network'), lines)).toBeNull();
  });

  it('says which kind of contact a channel wants', () => {
    expect(contactKind('email')).toBe('email');
    expect(contactKind('sms')).toBe('phone');
    expect(contactKind('whatsapp')).toBe('phone');
  });
});
