/**
 * The demo ISP's plant and catalogue: branches, plans, RADIUS groups, NAS/BRAS, POPs (each serving a few
 * cities), condominiums, and FTTH boxes handed out port by port as subscribers are generated.
 */
import { CITIES, CONDOMINIUMS, type City } from './br-data.js';
import type { Rng } from './prng.js';

export interface Branch {
  id: number;
  name: string;
  state: string;
}
export interface Plan {
  id: number;
  name: string;
  groupId: number;
  /** `tipo_conexao_mapa` of its logins. */
  connection: 'F' | '58' | '24' | 'LDD';
  weight: number;
}
export interface Nas {
  id: number;
  name: string;
  ip: string;
}
export interface Pop {
  id: number;
  code: string;
  name: string;
  cityId: number;
  nasId: number;
  serves: readonly number[];
}

export const BRANCHES: readonly Branch[] = [
  { id: 1, name: 'Matriz Florianópolis', state: 'SC' },
  { id: 2, name: 'Filial Curitiba', state: 'PR' },
  { id: 3, name: 'Filial Porto Alegre', state: 'RS' },
  { id: 4, name: 'Filial Campinas', state: 'SP' },
  { id: 5, name: 'Filial Belo Horizonte', state: 'MG' },
];

export const RADIUS_GROUPS = [
  { id: 1, name: 'FIBRA_100M' },
  { id: 2, name: 'FIBRA_300M' },
  { id: 3, name: 'FIBRA_500M' },
  { id: 4, name: 'FIBRA_600M' },
  { id: 5, name: 'FIBRA_1G' },
  { id: 6, name: 'RADIO_15M' },
  { id: 7, name: 'RADIO_30M' },
  { id: 8, name: 'DEDICADO_200M' },
  { id: 90, name: 'BLOQUEIO_FINANCEIRO' },
] as const;
export const BLOCKED_GROUP = 90;

export const PLANS: readonly Plan[] = [
  { id: 1, name: 'Fibra 100 Mega', groupId: 1, connection: 'F', weight: 10 },
  { id: 2, name: 'Fibra 300 Mega', groupId: 2, connection: 'F', weight: 32 },
  { id: 3, name: 'Fibra 500 Mega', groupId: 3, connection: 'F', weight: 24 },
  { id: 4, name: 'Fibra 600 Mega', groupId: 4, connection: 'F', weight: 10 },
  { id: 5, name: 'Fibra 1 Giga', groupId: 5, connection: 'F', weight: 8 },
  { id: 6, name: 'Rádio 15 Mega', groupId: 6, connection: '58', weight: 4 },
  { id: 7, name: 'Rádio 30 Mega', groupId: 7, connection: '24', weight: 3 },
  { id: 8, name: 'Empresarial Fibra 500 Mega', groupId: 3, connection: 'F', weight: 6 },
  { id: 9, name: 'Link Dedicado 200 Mega', groupId: 8, connection: 'LDD', weight: 1 },
  { id: 10, name: 'Fibra 300 Mega - Promoção Verão', groupId: 2, connection: 'F', weight: 2 },
];

const NAS_NAMES = ['FLN-01', 'FLN-02', 'SJ-01', 'PLH-01', 'CRI-01', 'TUB-01', 'JVE-01', 'JVE-02', 'BNU-01', 'ITJ-01',
  'XAP-01', 'CWB-01', 'POA-01', 'CPS-01', 'BHZ-01'];
export const NAS_LIST: readonly Nas[] = NAS_NAMES.map((n, i) => ({ id: i + 1, name: `BRAS-${n}`, ip: `10.255.${i + 1}.1` }));
const nasId = (suffix: string) => NAS_NAMES.indexOf(suffix) + 1;

/** [code, name, city id, NAS, cities served]. */
const POP_DEFS: readonly (readonly [string, string, number, string, readonly number[]])[] = [
  ['FLN-CEN', 'POP Florianópolis Centro', 4205, 'FLN-01', [4205]],
  ['FLN-TRI', 'POP Trindade', 4205, 'FLN-01', [4205]],
  ['FLN-ING', 'POP Ingleses', 4205, 'FLN-02', [4205]],
  ['SJ-KOB', 'POP Kobrasol', 4216, 'SJ-01', [4216]],
  ['SJ-FOR', 'POP Forquilhinhas', 4216, 'SJ-01', [4216]],
  ['PLH-CEN', 'POP Palhoça Centro', 4211, 'PLH-01', [4211]],
  ['BIG-CEN', 'POP Biguaçu', 4202, 'PLH-01', [4202]],
  ['CRI-CEN', 'POP Criciúma', 4204, 'CRI-01', [4204]],
  ['TUB-CEN', 'POP Tubarão', 4218, 'TUB-01', [4218]],
  ['JVE-CEN', 'POP Joinville Centro', 4209, 'JVE-01', [4209]],
  ['JVE-AVE', 'POP Aventureiro', 4209, 'JVE-02', [4209]],
  ['BNU-CEN', 'POP Blumenau', 4203, 'BNU-01', [4203]],
  ['ITJ-CEN', 'POP Itajaí', 4208, 'ITJ-01', [4208, 4201]],
  ['XAP-CEN', 'POP Chapecó', 4206, 'XAP-01', [4206, 4210]],
  ['CWB-CEN', 'POP Curitiba', 4101, 'CWB-01', [4101, 4102, 4105]],
  ['LDA-CEN', 'POP Londrina', 4103, 'CWB-01', [4103, 4104]],
  ['POA-CEN', 'POP Porto Alegre', 4301, 'POA-01', [4301, 4303, 4304]],
  ['CXS-CEN', 'POP Caxias do Sul', 4302, 'POA-01', [4302]],
  ['CPS-CEN', 'POP Campinas', 3501, 'CPS-01', [3501, 3502, 3503]],
  ['BHZ-CEN', 'POP Belo Horizonte', 3101, 'BHZ-01', [3101, 3102, 3103]],
];

export const POPS: readonly Pop[] = POP_DEFS.map(([code, name, cityId, nas, serves], i) => ({
  id: i + 1,
  code,
  name,
  cityId,
  nasId: nasId(nas),
  serves,
}));

export const CONDOMINIUM_LIST = CONDOMINIUMS.map((name, i) => ({ id: i + 1, name }));

const popsByCity = new Map<number, Pop[]>();
for (const pop of POPS) {
  for (const city of pop.serves) popsByCity.set(city, [...(popsByCity.get(city) ?? []), pop]);
}

export function popsOf(city: City): readonly Pop[] {
  return popsByCity.get(city.id) ?? [];
}

export function branchOf(city: City): Branch {
  return BRANCHES.find((b) => b.state === city.state) ?? (BRANCHES[0] as Branch);
}

export const CITY_WEIGHTS: readonly (readonly [City, number])[] = CITIES.map((c) => [c, c.weight]);

export interface FtthBox {
  id: number;
  name: string;
  popId: number;
}

/** Hands out FTTH box ports POP by POP; boxes fill to 8–16 of their 16 ports, then a new one opens. */
export class BoxAllocator {
  private next = 1;
  private readonly open = new Map<number, { id: number; used: number; fill: number }>();
  private readonly counts = new Map<number, number>();
  private created: FtthBox[] = [];

  constructor(private readonly rng: Rng) {}

  port(pop: Pop): { boxId: number; port: number } {
    let box = this.open.get(pop.id);
    if (!box || box.used >= box.fill) {
      const seq = (this.counts.get(pop.id) ?? 0) + 1;
      this.counts.set(pop.id, seq);
      box = { id: this.next++, used: 0, fill: this.rng.int(8, 16) };
      this.open.set(pop.id, box);
      this.created.push({ id: box.id, name: `CTO-${pop.code}-${String(seq).padStart(3, '0')}`, popId: pop.id });
    }
    box.used++;
    return { boxId: box.id, port: box.used };
  }

  /** Boxes opened since the last call. */
  takeCreated(): FtthBox[] {
    const out = this.created;
    this.created = [];
    return out;
  }

  get total(): number {
    return this.next - 1;
  }
}
