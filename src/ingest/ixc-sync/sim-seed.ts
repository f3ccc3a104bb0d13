/**
 * The IXC simulator's data: the demo ISP (src/ingest/demo), generated in memory as IXC's webservice tables with
 * IXC's field names and every value a string — `cliente`, `cliente_contrato`, `radusuarios` (with password
 * columns, as IXC has them, so tests can prove the sync never copies them) and the lookup tables. Deterministic
 * for a seed and `now`.
 */
import { CITIES } from '../demo/br-data.js';
import { createWallClock } from '../demo/clock.js';
import { BRANCHES, CITY_WEIGHTS, CONDOMINIUM_LIST, PLANS, POPS, RADIUS_GROUPS } from '../demo/network.js';
import { demoClient, type IxcRecord } from '../demo/people.js';
import { createContext, subscriptions } from '../demo/subscriptions.js';

export type { IxcRecord };
export type IxcTables = Record<string, IxcRecord[]>;

export interface SimSeedOptions {
  /** Default 200. */
  logins?: number;
  /** Default 1. */
  seed?: number;
  /** Default America/Sao_Paulo. */
  timezone?: string;
  /** Default: the current time. */
  now?: Date;
}

const DAY = 86_400_000;

export function demoIxcTables(options: SimSeedOptions = {}): IxcTables {
  const total = options.logins ?? 200;
  const clock = createWallClock(options.timezone ?? 'America/Sao_Paulo', options.now ?? new Date());
  const ctx = createContext(options.seed ?? 1, clock);
  const { rng } = ctx;
  const cliente: IxcRecord[] = [];
  const contrato: IxcRecord[] = [];
  const logins: IxcRecord[] = [];
  for (let clientId = 1; logins.length < total; clientId++) {
    const client = demoClient(rng, clientId, rng.weighted(CITY_WEIGHTS), clock);
    const subs = subscriptions(ctx, client, total - logins.length);
    cliente.push(client.record);
    contrato.push(...subs.contracts);
    logins.push(...subs.logins.map((l) => ({ ...l, senha: `pw-${l.id}-${rng.int(1000, 9999)}`, senha_router1: `router-${rng.int(1000, 9999)}` })));
  }

  const states = [...new Set(CITIES.map((c) => c.state))].sort();
  const stamp = () => clock.format(clock.nowMs - rng.int(30, 900) * DAY);
  return {
    uf: states.map((sigla, i) => ({ id: String(i + 1), sigla, nome: sigla })),
    cidade: CITIES.map((c) => ({ id: String(c.id), nome: c.name, uf: String(states.indexOf(c.state) + 1), cod_ibge: '' })),
    filial: BRANCHES.map((b) => ({ id: String(b.id), razao: `${b.name} Telecom Ltda`, fantasia: b.name, ativo: 'S' })),
    vd_contratos: PLANS.map((p) => ({ id: String(p.id), nome: p.name, Ativo: 'S' })),
    radgrupos: RADIUS_GROUPS.map((g) => ({ id: String(g.id), grupo: g.name })),
    radpop_radio: POPS.map((p) => ({ id: String(p.id), descricao: p.name, ssid: p.code, ip: `10.200.${p.id}.1`, senha: `olt-${p.id}` })),
    rad_caixa_ftth: ctx.boxes
      .takeCreated()
      .map((b) => ({ id: String(b.id), descricao: b.name, id_transmissor: String(b.popId), status: 'A', ultima_atualizacao: stamp() })),
    cliente_condominio: CONDOMINIUM_LIST.map((c) => ({ id: String(c.id), condominio: c.name })),
    cliente,
    cliente_contrato: contrato,
    radusuarios: logins,
  };
}
