/**
 * Demo contracts (`cliente_contrato`) and logins (`radusuarios`) of one client, with the live state a real
 * base shows: most logins online, ~8 % offline since varied times, a few never authenticated, and a couple of
 * simulated outages where one NAS, one POP or a few FTTH boxes lost many logins at the same minute.
 */
import { foldForSearch } from '../../shared/fold.js';
import { DISCONNECT_REASONS } from './br-data.js';
import type { WallClock } from './clock.js';
import { BLOCKED_GROUP, BoxAllocator, NAS_LIST, PLANS, type Plan, type Pop, POPS, popsOf } from './network.js';
import { address, type DemoClient, type IxcRecord } from './people.js';
import { createRng, type Rng } from './prng.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ZERO_DATE = '0000-00-00 00:00:00';
/** One FTTH box in this many (by id) is in a box-level outage. */
const BOX_OUTAGE_MODULUS = 157;

export interface Outages {
  nasId: number;
  nasAtMs: number;
  popId: number;
  popAtMs: number;
  boxRemainder: number;
}

/** Picks the outages of this demo: times are whole minutes before `now`. */
function planOutages(rng: Rng, clock: WallClock): Outages {
  const minute = Math.floor(clock.nowMs / MINUTE) * MINUTE;
  const nasId = rng.int(1, 10);
  const candidates = POPS.filter((p) => p.nasId !== nasId);
  return {
    nasId,
    nasAtMs: minute - rng.int(25, 70) * MINUTE,
    popId: rng.pick(candidates).id,
    popAtMs: minute - rng.int(90, 200) * MINUTE,
    boxRemainder: rng.int(0, BOX_OUTAGE_MODULUS - 1),
  };
}

export interface IdSequence {
  contract: number;
  login: number;
}

export interface Context {
  rng: Rng;
  clock: WallClock;
  boxes: BoxAllocator;
  outages: Outages;
  ids: IdSequence;
}

/** The generator's state at its start: the same seed and clock give the same demo. */
export function createContext(seed: number, clock: WallClock): Context {
  const rng = createRng(seed);
  return { rng, clock, boxes: new BoxAllocator(rng.fork(1)), outages: planOutages(rng.fork(2), clock), ids: { contract: 1, login: 1 } };
}

const CONTRACT_STATUS = [['A', 94], ['I', 1.5], ['P', 2], ['N', 1.5], ['D', 1]] as const;
const ACTIVE_ACCESS = [['A', 88], ['CA', 6], ['FA', 4], ['CM', 2]] as const;
const PLAN_WEIGHTS = PLANS.map((p) => [p, p.weight] as const);

function accessOf(rng: Rng, status: string): string {
  if (status === 'A') return rng.weighted(ACTIVE_ACCESS);
  if (status === 'P') return rng.chance(0.6) ? 'AA' : 'A';
  if (status === 'N') return rng.chance(0.5) ? 'CA' : 'FA';
  return 'D';
}

function contractRecord(ctx: Context, client: DemoClient, plan: Plan, ownAddress: boolean): IxcRecord {
  const { rng, clock } = ctx;
  const status = rng.weighted(CONTRACT_STATUS);
  const activated = clock.nowMs - rng.int(1, 6 * 365) * DAY;
  const where = ownAddress ? address(rng, client.city) : null;
  return {
    id: String(ctx.ids.contract++),
    id_cliente: client.record.id as string,
    id_vd_contrato: String(plan.id),
    contrato: plan.name,
    status,
    status_internet: accessOf(rng, status),
    id_filial: client.record.filial_id as string,
    data_ativacao: status === 'P' ? '0000-00-00' : clock.format(activated).slice(0, 10),
    data_cancelamento: status === 'I' || status === 'D' ? clock.format(activated + rng.int(30, 700) * DAY).slice(0, 10) : '',
    endereco_padrao_cliente: where ? 'N' : 'S',
    endereco: where?.endereco ?? '',
    numero: where?.numero ?? '',
    bairro: where?.bairro ?? '',
    cidade: where ? String(client.city.id) : '',
    cep: where?.cep ?? '',
    ultima_atualizacao: clock.format(clock.nowMs - rng.int(0, 400) * DAY),
  };
}

interface Session {
  online: 'S' | 'N' | 'SS';
  endedMs: number | null;
  reason: string;
}

const BACKGROUND_OFFLINE: readonly (readonly [readonly [number, number, number], number])[] = [
  [[1, 59, MINUTE], 30],
  [[1, 24, HOUR], 30],
  [[1, 7, DAY], 25],
  [[7, 30, DAY], 15],
];

function session(ctx: Context, access: string, pop: Pop, boxId: number | null): Session {
  const { rng, outages, clock } = ctx;
  const offline = (endedMs: number, reason: string): Session => ({ online: 'N', endedMs, reason });
  if (access === 'AA') return { online: 'SS', endedMs: null, reason: '' };
  if (access === 'D') return offline(clock.nowMs - rng.int(2, 400) * DAY, rng.weighted(DISCONNECT_REASONS));
  if (boxId !== null && boxId % BOX_OUTAGE_MODULUS === outages.boxRemainder) {
    const at = Math.floor(clock.nowMs / MINUTE) * MINUTE - (12 + (boxId % 30)) * MINUTE;
    return offline(at + rng.int(0, 50) * 1000, rng.chance(0.8) ? 'Lost-Carrier' : 'Port-Error');
  }
  if (pop.nasId === outages.nasId && rng.chance(0.2)) {
    return offline(outages.nasAtMs + rng.int(0, 50) * 1000, rng.pick(['NAS-Request', 'NAS-Reboot', 'Lost-Service']));
  }
  if (pop.id === outages.popId && rng.chance(0.45)) {
    return offline(outages.popAtMs + rng.int(0, 50) * 1000, rng.chance(0.9) ? 'Lost-Carrier' : 'Port-Error');
  }
  const roll = rng.next();
  if (roll < 0.018) {
    const [min, max, unit] = rng.weighted(BACKGROUND_OFFLINE);
    return offline(clock.nowMs - rng.int(min * unit, max * unit), rng.weighted(DISCONNECT_REASONS));
  }
  if (roll < 0.028) return { online: 'SS', endedMs: null, reason: '' };
  return { online: 'S', endedMs: null, reason: rng.weighted(DISCONNECT_REASONS) };
}

const HEX_BYTES = Array.from({ length: 256 }, (_, n) => n.toString(16).padStart(2, '0').toUpperCase());

function mac(rng: Rng): string {
  let text = HEX_BYTES[rng.int(0, 255)] as string;
  for (let i = 1; i < 6; i++) text += `:${HEX_BYTES[rng.int(0, 255)]}`;
  return text;
}

/** How a login is named (`first.last7`, `firstlast7`, `<CPF digits>-7`, `fibra7`, `first7@isp`), by weight. */
const LOGIN_STYLES = [[0, 4], [1, 2], [2, 2], [3, 1], [4, 1]] as const;

function loginName(rng: Rng, client: DemoClient, id: number): string {
  const style = rng.weighted(LOGIN_STYLES);
  if (style === 3) return `fibra${id}`;
  if (style === 2) return `${(client.record.cnpj_cpf as string).replace(/\D/g, '')}-${id}`;
  const name = foldForSearch(client.record.razao as string).split(' ');
  const first = name[0] ?? 'cliente';
  const last = name[name.length - 1] ?? '';
  if (style === 0) return `${first}.${last}${id}`;
  return style === 1 ? `${first}${last}${id}` : `${first}${id}@isp`;
}

function loginRecord(ctx: Context, client: DemoClient, contract: IxcRecord, plan: Plan): IxcRecord {
  const { rng, clock } = ctx;
  const id = ctx.ids.login++;
  const pop = rng.pick(popsOf(client.city));
  const nas = NAS_LIST[pop.nasId - 1] as (typeof NAS_LIST)[number];
  const fibre = plan.connection === 'F';
  const port = fibre ? ctx.boxes.port(pop) : null;
  const access = contract.status_internet as string;
  const s = session(ctx, access, pop, port?.boxId ?? null);
  const blocked = access === 'CA' || access === 'CM' || access === 'FA';
  let started = '';
  let ended = '';
  if (s.online === 'S') {
    const startMs = clock.nowMs - rng.int(60, 30 * 86_400) * 1000;
    started = clock.format(startMs);
    ended = clock.format(startMs - rng.int(1, 600) * 1000);
  } else if (s.online === 'N' && s.endedMs !== null) {
    started = clock.format(s.endedMs - rng.int(600, 20 * 86_400) * 1000);
    ended = clock.format(s.endedMs);
  } else if (rng.chance(0.5)) {
    started = ZERO_DATE;
    ended = ZERO_DATE;
  }
  const own = contract.endereco_padrao_cliente === 'N';
  const jitter = () => (rng.next() - 0.5) * 0.08;
  return {
    id: String(id),
    login: loginName(rng, client, id),
    id_cliente: client.record.id as string,
    id_contrato: contract.id as string,
    ativo: access === 'D' ? 'N' : 'S',
    online: s.online,
    ultima_conexao_inicial: started,
    ultima_conexao_final: ended,
    motivo_desconexao: s.online === 'SS' ? '' : s.reason,
    count_desconexao: String(s.online === 'SS' ? 0 : rng.int(0, 60)),
    ip: s.online === 'SS' ? '' : `100.${64 + pop.nasId}.${(id >> 8) & 255}.${id & 255}`,
    mac: s.online === 'SS' ? '' : mac(rng),
    onu_mac: fibre ? mac(rng) : '',
    id_concentrador: String(nas.id),
    concentrador: nas.name,
    id_transmissor: String(pop.id),
    id_caixa_ftth: port ? String(port.boxId) : '0',
    ftth_porta: port ? String(port.port) : '',
    id_grupo: String(blocked ? BLOCKED_GROUP : plan.groupId),
    autenticacao: rng.weighted([['L', 95], ['M', 3], ['V', 2]] as const),
    tipo_conexao_mapa: plan.connection,
    id_filial: client.record.filial_id as string,
    endereco_padrao_cliente: own ? 'N' : 'S',
    endereco: own ? (contract.endereco as string) : '',
    numero: own ? (contract.numero as string) : '',
    bairro: own ? (contract.bairro as string) : '',
    cidade: own ? (contract.cidade as string) : '',
    cep: own ? (contract.cep as string) : '',
    latitude: (client.city.lat + jitter()).toFixed(6),
    longitude: (client.city.lon + jitter()).toFixed(6),
    ultima_atualizacao: contract.ultima_atualizacao as string,
  };
}

/** How many contracts a client has: 1.14 on average (88 % one, 10 % two, 2 % three). */
const CONTRACTS_PER_CLIENT = [[1, 88], [2, 10], [3, 2]] as const;

export function subscriptions(
  ctx: Context,
  client: DemoClient,
  maxLogins: number,
): { contracts: IxcRecord[]; logins: IxcRecord[] } {
  const n = Math.min(ctx.rng.weighted(CONTRACTS_PER_CLIENT), maxLogins);
  const contracts: IxcRecord[] = [];
  const logins: IxcRecord[] = [];
  for (let i = 0; i < n; i++) {
    const plan = ctx.rng.weighted(PLAN_WEIGHTS);
    const contract = contractRecord(ctx, client, plan, i > 0 && ctx.rng.chance(0.6));
    contracts.push(contract);
    logins.push(loginRecord(ctx, client, contract, plan));
  }
  return { contracts, logins };
}
