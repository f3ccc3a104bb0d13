/**
 * Which IXC webservice tables the sync reads, in which order, and where each lands. Subscribers go through the
 * import's entity specs (src/ingest/ixc-fields.ts: `cliente`, `cliente_contrato`, `radusuarios`, parents first);
 * before them, the lookup tables the report groups by, so names replace the `#<id>` placeholders. NAS names come
 * from the logins' own `concentrador` field (the writer names the `nas` rows from it).
 *
 * Lookup field names other than those in ixc.md come from a generated IXC schema (antoniosaints/ixc-manager
 * `tables.generated.ts`: `cidade.nome/uf`, `filial.fantasia/razao`, `vd_contratos.nome`,
 * `rad_caixa_ftth.descricao/id_transmissor/ultima_atualizacao`, `radpop_radio.descricao/ssid`) and public
 * clients (`cliente_condominio.condominio`, `radgrupos.grupo`); `name` lists candidates, the first non-empty wins.
 */
import { type EntitySpec, entities, type LookupTable } from '../ixc-fields.js';

export interface LookupExtra {
  /** IXC field. */
  ixc: string;
  column: string;
  kind: 'ref' | 'text';
}

export interface LookupSpec {
  kind: 'lookup';
  ixcTable: string;
  table: LookupTable;
  /** IXC fields naming the row, first non-empty wins; none → `#<id>`. */
  name: readonly string[];
  extras?: readonly LookupExtra[];
  /** Also write `foldForSearch(name)` into `name_search`. */
  search?: boolean;
  /** `cidade.uf` → the state's abbreviation, read from IXC's `uf` table. */
  stateFromUf?: string;
}

export interface EntityTableSpec {
  kind: 'entity';
  ixcTable: string;
  spec: EntitySpec;
}

export type SyncTable = (LookupSpec | EntityTableSpec) & {
  /** The table has `ultima_atualizacao`: incremental runs read only rows changed since the last run. */
  incremental: boolean;
};

const lookupTables: readonly (LookupSpec & { incremental: boolean })[] = [
  { kind: 'lookup', ixcTable: 'filial', table: 'branches', name: ['fantasia', 'razao'], incremental: false },
  { kind: 'lookup', ixcTable: 'cidade', table: 'cities', name: ['nome'], search: true, stateFromUf: 'uf', incremental: false },
  { kind: 'lookup', ixcTable: 'vd_contratos', table: 'plans', name: ['nome'], incremental: false },
  { kind: 'lookup', ixcTable: 'radgrupos', table: 'radius_groups', name: ['grupo'], incremental: false },
  { kind: 'lookup', ixcTable: 'radpop_radio', table: 'pops', name: ['descricao', 'ssid'], incremental: false },
  {
    kind: 'lookup',
    ixcTable: 'rad_caixa_ftth',
    table: 'ftth_boxes',
    name: ['descricao'],
    search: true,
    extras: [{ ixc: 'id_transmissor', column: 'pop_id', kind: 'ref' }],
    incremental: true,
  },
  { kind: 'lookup', ixcTable: 'cliente_condominio', table: 'condominiums', name: ['condominio'], incremental: false },
];

const entityTables: readonly (EntityTableSpec & { incremental: boolean })[] = [
  { kind: 'entity', ixcTable: entities.clientes.ixcTable, spec: entities.clientes, incremental: true },
  { kind: 'entity', ixcTable: entities.contratos.ixcTable, spec: entities.contratos, incremental: true },
  { kind: 'entity', ixcTable: entities.logins.ixcTable, spec: entities.logins, incremental: true },
];

/** Every table, in the order a run reads them. */
export const syncTables: readonly SyncTable[] = [...lookupTables, ...entityTables];

/** IXC's table of states, read whole (27 rows) to give cities their abbreviation. */
export const UF_TABLE = 'uf';

export const UPDATED_FIELD = 'ultima_atualizacao';
