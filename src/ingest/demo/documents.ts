/** Brazilian taxpayer numbers with correct check digits: CPF (people) and CNPJ (companies). */
import type { Rng } from './prng.js';

function checkDigit(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += Number(digits[i]) * (weights[i] as number);
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

const CPF_W1 = [10, 9, 8, 7, 6, 5, 4, 3, 2];
const CPF_W2 = [11, 10, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_W1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_W2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

export function cpfDigits(rng: Rng): string {
  let base = rng.digits(9);
  if (/^(\d)\1+$/.test(base)) base = `${base.slice(0, 8)}${(Number(base[8]) + 1) % 10}`;
  const d1 = checkDigit(base, CPF_W1);
  return `${base}${d1}${checkDigit(`${base}${d1}`, CPF_W2)}`;
}

/** A CNPJ of a head office (`0001`). */
export function cnpjDigits(rng: Rng): string {
  const base = `${rng.digits(8)}0001`;
  const d1 = checkDigit(base, CNPJ_W1);
  return `${base}${d1}${checkDigit(`${base}${d1}`, CNPJ_W2)}`;
}

export const formatCpf = (d: string): string => `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`;
export const formatCnpj = (d: string): string =>
  `${d.slice(0, 2)}.${d.slice(2, 5)}.${d.slice(5, 8)}/${d.slice(8, 12)}-${d.slice(12)}`;

/** Check-digit validation of a CPF or CNPJ, punctuation ignored. */
export function isValidCpfCnpj(text: string): boolean {
  const d = text.replace(/\D/g, '');
  if (d.length === 11) {
    return !/^(\d)\1+$/.test(d) && checkDigit(d, CPF_W1) === Number(d[9]) && checkDigit(d, CPF_W2) === Number(d[10]);
  }
  if (d.length === 14) return checkDigit(d, CNPJ_W1) === Number(d[12]) && checkDigit(d, CNPJ_W2) === Number(d[13]);
  return false;
}
