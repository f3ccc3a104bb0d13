import { describe, expect, it } from 'vitest';
import { messyPhones, writeMobile } from './phones.js';
import { createRng } from './prng.js';

describe('messyPhones', () => {
  it('writes one mobile in the usual Brazilian ways, all keeping its digits', () => {
    const rng = createRng(5);
    const seen = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const text = writeMobile(rng, '48', '99123456');
      seen.add(text);
      expect(text.replace(/\D/g, '')).toMatch(/(48)?9?99123456$/);
    }
    for (const form of ['(48) 99912-3456', '48999123456', '+55 48 99912-3456', '55 (48) 9 9912-3456', '048 99912 3456', '(48) 9912-3456']) {
      expect(seen, form).toContain(form);
    }
  });

  it('mixes blanks, garbage, landlines, two numbers in a field and WhatsApp-only clients', () => {
    const rng = createRng(8);
    const all = Array.from({ length: 3000 }, () => messyPhones(rng, '48', false));
    const share = (test: (p: (typeof all)[number]) => boolean) => all.filter(test).length / all.length;
    expect(share((p) => p.telefone_celular === '')).toBeGreaterThan(0.05);
    expect(share((p) => p.telefone_celular.includes(' / '))).toBeGreaterThan(0.02);
    expect(share((p) => /não tem|0000000|sem telefone/.test(p.telefone_celular))).toBeGreaterThan(0.005);
    expect(share((p) => p.telefone_celular === '' && p.whatsapp !== '')).toBeGreaterThan(0.02);
    expect(share((p) => /^\(48\) [2-5]\d{3}-\d{4}$/.test(p.fone))).toBeGreaterThan(0.1);
  });
});
