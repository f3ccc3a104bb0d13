import { describe, expect, it } from 'vitest';
import { createRng } from '../ingest/demo/prng.js';
import { messyPhones, writeMobile } from '../ingest/demo/phones.js';
import { bestMobile, formatPhone, parsePhone } from './phone.js';

describe('parsePhone', () => {
  const cases: [string, string | null, 'mobile' | 'landline' | null, boolean?][] = [
    // the demo generator's mobile forms (src/ingest/demo/phones.ts writeMobile)
    ['(48) 99912-3456', '+5548999123456', 'mobile'],
    ['48999123456', '+5548999123456', 'mobile'],
    ['+55 48 99912-3456', '+5548999123456', 'mobile'],
    ['55 (48) 9 9912-3456', '+5548999123456', 'mobile'],
    ['048 99912 3456', '+5548999123456', 'mobile'],
    ['48 9 9912-3456', '+5548999123456', 'mobile'],
    ['(48)99912-3456', '+5548999123456', 'mobile'],
    ['5548999123456', '+5548999123456', 'mobile'],
    // old 8-digit mobiles get their ninth digit (opasuite.md §4.3, §4.5)
    ['(48) 9912-3456', '+5548999123456', 'mobile', true],
    ['(11) 8765-4321', '+5511987654321', 'mobile', true],
    ['11 7654-3210', '+5511976543210', 'mobile', true],
    // carrier-selection codes and 0xx
    ['021 11 98765-4321', '+5511987654321', 'mobile'],
    ['0xx11987654321', '+5511987654321', 'mobile'],
    ['0 xx 11 98765-4321', '+5511987654321', 'mobile'],
    ['011987654321', '+5511987654321', 'mobile'],
    // WhatsApp ids
    ['5548999123456@c.us', '+5548999123456', 'mobile'],
    // landlines (first digit 2–5, 8 digits)
    ['(48) 3333-4444', '+554833334444', 'landline'],
    ['4833334444', '+554833334444', 'landline'],
    ['048 33334444', '+554833334444', 'landline'],
    ['+55 (11) 2345-6789', '+551123456789', 'landline'],
    // no area code, garbage, foreign
    ['99912-3456', null, null],
    ['3333-4444', null, null],
    ['999999999', null, null],
    ['00000000000', null, null],
    ['0000000', null, null],
    ['não tem', null, null],
    ['xx', null, null],
    ['-', null, null],
    ['(00) 99912-3456', null, null],
    ['+1 415 555 2671', null, null],
    ['+351 912 345 678', null, null],
  ];
  it.each(cases)('%s → %s (%s)', (text, e164, kind, added = false) => {
    const phone = parsePhone(text);
    if (e164 === null) expect(phone).toBeNull();
    else expect(phone).toEqual({ e164, kind, ninthDigitAdded: added });
  });
});

describe('bestMobile', () => {
  const cases: [string, (string | null)[], string | null, string | null][] = [
    ['whatsapp first', ['(48) 98888-7777', '(48) 99912-3456', null], '+5548988887777', null],
    ['celular when whatsapp is garbage', ['não tem', '(48) 99912-3456', null], '+5548999123456', null],
    ['fone when it is the only mobile', ['', '(48) 3333-4444', '48 9 9912-3456'], '+5548999123456', null],
    ['the mobile of two in one field', [null, '48 3333-4444 / 48 99912-3456', null], '+5548999123456', null],
    ['the first of two mobiles', [null, '(48) 99912-3456; (48) 98888-7777', null], '+5548999123456', null],
    ['two numbers joined by "ou"', [null, '3333-4444 ou (48) 99912-3456', null], '+5548999123456', null],
    ['landline only', [null, '(48) 3333-4444', ''], null, 'landline'],
    ['landline beats garbage', ['xx', '(48) 3333-4444', 'sem telefone'], null, 'landline'],
    ['garbage only', ['0000000', 'não tem', null], null, 'invalid'],
    ['mobile without area code', [null, '99912-3456', null], null, 'invalid'],
    ['all blank', ['', '  ', null], null, 'missing'],
    ['no fields', [], null, 'missing'],
  ];
  it.each(cases)('%s', (_, fields, e164, problem) => {
    expect(bestMobile(fields)).toEqual({ e164, problem });
  });

  it('finds the mobile of every demo client that was given one with its area code', () => {
    const rng = createRng(11);
    for (let i = 0; i < 2000; i++) {
      const p = messyPhones(rng, '48', false);
      const choice = bestMobile([p.whatsapp, p.telefone_celular, p.fone]);
      const typed = [p.whatsapp, p.telefone_celular, p.fone].join(' ');
      if (choice.e164) expect(typed.replace(/\D/g, '')).toContain(choice.e164.slice(-8));
      else expect(choice.problem).toMatch(/missing|invalid|landline/);
    }
    const forms = Array.from({ length: 300 }, () => writeMobile(rng, '48', '99123456'));
    for (const form of forms) {
      const parsed = parsePhone(form);
      if (/^9\d{4}-\d{4}$/.test(form)) expect(parsed, form).toBeNull(); // no area code: unusable
      else expect(parsed?.e164, form).toBe('+5548999123456');
    }
  });
});

describe('formatPhone', () => {
  it.each([
    ['+5548999123456', '+55 (48) 99912-3456'],
    ['+554833334444', '+55 (48) 3333-4444'],
    ['+14155552671', '+14155552671'],
  ])('%s → %s', (e164, shown) => expect(formatPhone(e164)).toBe(shown));
});
