/** Demo clients as IXC `cliente` records: names, CPF/CNPJ, e-mails, messy phones, addresses, opt-outs. */
import { foldForSearch } from '../../shared/fold.js';
import {
  BUSINESSES,
  type City,
  COMPANY_SUFFIXES,
  COMPLEMENTS,
  EMAIL_DOMAINS,
  FEMALE_NAMES,
  MALE_NAMES,
  PARTICLES,
  STREET_NAMES,
  STREET_TYPES,
  SURNAMES,
} from './br-data.js';
import type { WallClock } from './clock.js';
import { cnpjDigits, cpfDigits, formatCnpj, formatCpf } from './documents.js';
import { branchOf, CONDOMINIUM_LIST } from './network.js';
import { messyPhones } from './phones.js';
import type { Rng } from './prng.js';

export type IxcRecord = Record<string, string>;

const DAY = 86_400_000;

export interface Address {
  endereco: string;
  numero: string;
  complemento: string;
  bairro: string;
  cep: string;
}

export function address(rng: Rng, city: City): Address {
  return {
    endereco: `${rng.weighted(STREET_TYPES)} ${rng.pick(STREET_NAMES)}`,
    numero: rng.chance(0.04) ? 'S/N' : String(rng.int(1, 3500)),
    complemento: rng.chance(0.25) ? rng.pick(COMPLEMENTS) : '',
    bairro: rng.pick(city.bairros),
    cep: `${city.cep}${rng.digits(2)}-${rng.digits(3)}`,
  };
}

function personName(rng: Rng): { first: string; last: string; full: string } {
  const first = rng.chance(0.5) ? rng.pick(FEMALE_NAMES) : rng.pick(MALE_NAMES);
  const middle = rng.chance(0.25) ? ` ${rng.pick(rng.chance(0.5) ? FEMALE_NAMES : MALE_NAMES)}` : '';
  const surnames: string[] = [];
  for (let i = rng.int(1, 3); i > 0; i--) {
    surnames.push(rng.chance(0.2) ? `${rng.pick(PARTICLES)} ${rng.pick(SURNAMES)}` : rng.pick(SURNAMES));
  }
  const last = (surnames[surnames.length - 1] as string).split(' ').pop() as string;
  return { first, last, full: `${first}${middle} ${surnames.join(' ')}` };
}

const asLocal = (text: string) => foldForSearch(text).replace(/[^a-z0-9]+/g, '');

function email(rng: Rng, first: string, last: string, company: string | null): string {
  const roll = rng.next();
  if (roll < 0.22) return ''; // none on file
  const f = asLocal(first);
  let local: string;
  if (company) local = rng.chance(0.5) ? 'contato' : f;
  else {
    const l = asLocal(last);
    const n = rng.int(1, 99); // drawn before the choice, whichever it is: the sequence of a seed stays the same
    const year = rng.int(1960, 2008);
    local = rng.weighted([
      [`${f}.${l}`, 5],
      [`${f}${l}${n}`, 3],
      [`${f.slice(0, 1)}${l}`, 2],
      [`${f}_${year}`, 2],
    ] as const);
  }
  const domain = company && rng.chance(0.6) ? `${asLocal(company).slice(0, 20)}.com.br` : rng.weighted(EMAIL_DOMAINS);
  if (roll < 0.25) {
    // typed wrong
    return rng.pick([`${local}@${domain.split('.')[0]}`, `${local}.${domain}`, `${local} @${domain}`, `${local}@@${domain}`]);
  }
  return rng.chance(0.05) ? `${local}@${domain}`.toUpperCase() : `${local}@${domain}`;
}

export interface DemoClient {
  record: IxcRecord;
  city: City;
  address: Address;
}

export function demoClient(rng: Rng, id: number, city: City, clock: WallClock): DemoClient {
  const company = rng.chance(0.08);
  const person = personName(rng);
  let razao = person.full;
  let fantasia = '';
  if (company) {
    const business = rng.pick(BUSINESSES);
    const owner = rng.chance(0.5) ? person.last : `${person.first} ${person.last}`;
    fantasia = `${business} ${rng.chance(0.5) ? owner : rng.pick(city.bairros)}`;
    razao = `${rng.chance(0.5) ? fantasia : `${owner} Comércio e Serviços`} ${rng.pick(COMPANY_SUFFIXES)}`;
  }
  if (rng.chance(0.2)) razao = razao.toUpperCase();
  const documentDigits = company ? cnpjDigits(rng) : cpfDigits(rng);
  const formatted = company ? formatCnpj(documentDigits) : formatCpf(documentDigits);
  const where = address(rng, city);
  const phones = messyPhones(rng, city.ddd, company);
  const record: IxcRecord = {
    id: String(id),
    razao,
    fantasia,
    tipo_pessoa: company ? 'J' : 'F',
    cnpj_cpf: rng.chance(0.75) ? formatted : documentDigits,
    email: email(rng, person.first, person.last, company ? fantasia : null),
    ...phones,
    ...where,
    cidade: String(city.id),
    id_condominio: rng.chance(0.04) ? String(rng.pick(CONDOMINIUM_LIST).id) : '0',
    filial_id: String(branchOf(city).id),
    ativo: rng.chance(0.97) ? 'S' : 'N',
    cob_envia_email: rng.chance(0.04) ? 'N' : 'S',
    cob_envia_sms: rng.chance(0.06) ? 'N' : 'S',
    regua_cobranca_wpp: rng.chance(0.05) ? 'N' : 'S',
    ultima_atualizacao: clock.format(clock.nowMs - rng.int(0, 730) * DAY - rng.int(0, DAY / 1000) * 1000),
  };
  return { record, city, address: where };
}
