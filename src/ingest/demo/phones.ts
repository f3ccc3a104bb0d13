/**
 * Phone numbers typed the many ways Brazilian ISPs' staff type them: with and without the area code, +55,
 * a leading 0, the mobile's ninth digit missing (pre-2016 records), landlines, two numbers in one field,
 * blanks and garbage. The demo feeds them to the audience builder, whose normaliser must cope.
 */
import type { Rng } from './prng.js';

export interface Phones {
  fone: string;
  telefone_celular: string;
  whatsapp: string;
  telefone_comercial: string;
}

const GARBAGE = ['não tem', 'nao possui', '0000000', '00000000000', '-', 'sem telefone', '999999999', 'xx'];

/** Eight digits of a mobile after the 9 (first one 6–9), or of a landline (first one 2–5). */
const mobileTail = (rng: Rng) => `${rng.int(6, 9)}${rng.digits(7)}`;
const landline = (rng: Rng) => `${rng.int(2, 5)}${rng.digits(7)}`;

/** One mobile number (DDD + 9 + 8 digits) written in one of the usual ways. */
export function writeMobile(rng: Rng, ddd: string, tail: string): string {
  const a = tail.slice(0, 4);
  const b = tail.slice(4);
  switch (
    rng.weighted([
      ['paren', 40],
      ['digits', 18],
      ['plus55', 8],
      ['55paren9', 4],
      ['zero', 5],
      ['old8', 8],
      ['spaced9', 7],
      ['noSpace', 6],
      ['noDdd', 4],
    ] as const)
  ) {
    case 'paren':
      return `(${ddd}) 9${a}-${b}`;
    case 'digits':
      return `${ddd}9${tail}`;
    case 'plus55':
      return `+55 ${ddd} 9${a}-${b}`;
    case '55paren9':
      return `55 (${ddd}) 9 ${a}-${b}`;
    case 'zero':
      return `0${ddd} 9${a} ${b}`;
    case 'old8':
      return `(${ddd}) ${a}-${b}`;
    case 'spaced9':
      return `${ddd} 9 ${a}-${b}`;
    case 'noSpace':
      return `(${ddd})9${a}-${b}`;
    default:
      return `9${a}-${b}`;
  }
}

function writeLandline(rng: Rng, ddd: string, number: string): string {
  const a = number.slice(0, 4);
  const b = number.slice(4);
  return rng.weighted([
    [`(${ddd}) ${a}-${b}`, 60],
    [`${ddd}${number}`, 20],
    [`${a}-${b}`, 12],
    [`0${ddd} ${a}${b}`, 8],
  ] as const);
}

export function messyPhones(rng: Rng, ddd: string, company: boolean): Phones {
  const mobile = mobileTail(rng);
  const fixed = landline(rng);
  const phones: Phones = { fone: '', telefone_celular: '', whatsapp: '', telefone_comercial: '' };
  const celular = rng.weighted([
    ['mobile', 76],
    ['two', 5],
    ['landline', 6],
    ['blank', 6],
    ['garbage', 3],
    ['whatsappOnly', 4],
  ] as const);
  if (celular === 'mobile') phones.telefone_celular = writeMobile(rng, ddd, mobile);
  else if (celular === 'two') {
    phones.telefone_celular = `${ddd} 9${mobile.slice(0, 4)}-${mobile.slice(4)} / ${ddd} ${fixed.slice(0, 4)}-${fixed.slice(4)}`;
  } else if (celular === 'landline') phones.telefone_celular = writeLandline(rng, ddd, fixed);
  else if (celular === 'garbage') phones.telefone_celular = rng.pick(GARBAGE);

  if (celular === 'whatsappOnly') phones.whatsapp = writeMobile(rng, ddd, mobile);
  else if (rng.chance(0.3)) phones.whatsapp = writeMobile(rng, ddd, rng.chance(0.8) ? mobile : mobileTail(rng));

  const fone = rng.next();
  if (fone < 0.3) phones.fone = writeLandline(rng, ddd, fixed);
  else if (fone < 0.42) phones.fone = writeMobile(rng, ddd, mobile);
  else if (fone < 0.44) phones.fone = rng.pick(GARBAGE);

  if (company ? rng.chance(0.6) : rng.chance(0.03)) phones.telefone_comercial = writeLandline(rng, ddd, landline(rng));
  return phones;
}
