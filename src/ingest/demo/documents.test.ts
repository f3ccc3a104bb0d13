import { describe, expect, it } from 'vitest';
import { cnpjDigits, cpfDigits, formatCnpj, formatCpf, isValidCpfCnpj } from './documents.js';
import { createRng } from './prng.js';

describe('CPF and CNPJ', () => {
  it('validates known numbers and rejects a wrong check digit', () => {
    expect(isValidCpfCnpj('529.982.247-25')).toBe(true);
    expect(isValidCpfCnpj('529.982.247-26')).toBe(false);
    expect(isValidCpfCnpj('11.222.333/0001-81')).toBe(true);
    expect(isValidCpfCnpj('11.222.333/0001-82')).toBe(false);
    expect(isValidCpfCnpj('111.111.111-11')).toBe(false);
  });

  it('generates valid, formatted numbers', () => {
    const rng = createRng(3);
    for (let i = 0; i < 500; i++) {
      const cpf = formatCpf(cpfDigits(rng));
      const cnpj = formatCnpj(cnpjDigits(rng));
      expect(cpf).toMatch(/^\d{3}\.\d{3}\.\d{3}-\d{2}$/);
      expect(cnpj).toMatch(/^\d{2}\.\d{3}\.\d{3}\/0001-\d{2}$/);
      expect(isValidCpfCnpj(cpf) && isValidCpfCnpj(cnpj)).toBe(true);
    }
  });
});

describe('createRng', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = createRng(1);
    const b = createRng(1);
    const c = createRng(2);
    const seq = (r: typeof a) => Array.from({ length: 5 }, () => r.int(0, 1_000_000));
    const first = seq(a);
    expect(seq(b)).toEqual(first);
    expect(seq(c)).not.toEqual(first);
  });

  it('spreads values over the whole range', () => {
    const rng = createRng(9);
    const seen = new Set(Array.from({ length: 2000 }, () => rng.int(1, 6)));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
