/**
 * The report columns of new logins, worked out before they are copied: the city and bairro of the login's
 * installation address (its own, or its client's when `endereco_padrao_cliente` says so) and its contract's status,
 * access status and plan. The trigger `logins_copy_report_columns` (migrations 0003, 0029) sets the same columns
 * with two lookups per row, which cost PostgreSQL about half of a login's insert in the demo (300,000 logins:
 * 7.6 s with it, 4.0 s without). A batch that carries them (`REPORT_COLUMNS_GIVEN`) skips the trigger; the demo's
 * fresh path, whose logins come in the same chunk as their clients and contracts, is the only one that does.
 */
import { foldForSearch } from '../shared/fold.js';
import type { FieldValues } from './derivations.js';
import type { ColumnValues } from './upsert.js';
import type { Value, ValidRow } from './validate.js';

/** The setting (for one transaction) under which the trigger leaves the report columns as given. */
export const REPORT_COLUMNS_GIVEN = { name: 'avisa.report_columns', value: 'given' } as const;

/** The clients and contracts of a chunk, by id, as validated (IXC field names). */
export interface ReportParents {
  clients: ReadonlyMap<number, FieldValues>;
  contracts: ReadonlyMap<number, FieldValues>;
}

export function parentsById(clients: readonly ValidRow[], contracts: readonly ValidRow[]): ReportParents {
  const byId = (rows: readonly ValidRow[]) => new Map(rows.map((r) => [r.values.id as number, r.values]));
  return { clients: byId(clients), contracts: byId(contracts) };
}

const text = (v: Value | undefined): string | null => (typeof v === 'string' ? v : null);
const int = (v: Value | undefined): number | null => (typeof v === 'number' ? v : null);

/**
 * The report columns of `logins` (new rows whose clients and contracts are in `parents`), as the trigger computes
 * them. A login whose client is not in `parents` is a bug of the caller: it throws rather than store a wrong city.
 */
export function loginReportColumns(logins: readonly ValidRow[], parents: ReportParents): ColumnValues[] {
  const city: Value[] = [];
  const neighbourhood: Value[] = [];
  const search: Value[] = [];
  const status: Value[] = [];
  const access: Value[] = [];
  const plan: Value[] = [];
  const folded = new Map<string, string>(); // a batch's logins share a few bairros
  const fold = (place: string): string => {
    const known = folded.get(place);
    if (known !== undefined) return known;
    const made = foldForSearch(place);
    folded.set(place, made);
    return made;
  };
  for (const { values, line } of logins) {
    // `endereco_padrao_cliente` absent: the column's default (true), as the trigger would read it
    const address = values.endereco_padrao_cliente === false ? values : parents.clients.get(values.id_cliente as number);
    if (!address) throw new Error(`login on line ${line}: its client ${String(values.id_cliente)} is not in the same chunk`);
    const place = text(address.bairro);
    city.push(int(address.cidade));
    neighbourhood.push(place);
    search.push(place === null ? null : fold(place));
    const contract = typeof values.id_contrato === 'number' ? parents.contracts.get(values.id_contrato) : undefined;
    if (typeof values.id_contrato === 'number' && !contract) {
      throw new Error(`login on line ${line}: its contract ${values.id_contrato} is not in the same chunk`);
    }
    status.push(text(contract?.status));
    access.push(text(contract?.status_internet));
    plan.push(int(contract?.id_vd_contrato));
  }
  return [
    { column: 'effective_city_id', type: 'int4', values: city },
    { column: 'effective_neighbourhood', type: 'text', values: neighbourhood },
    { column: 'effective_neighbourhood_search', type: 'text', values: search },
    { column: 'contract_status', type: 'text', values: status },
    { column: 'contract_access_status', type: 'text', values: access },
    { column: 'contract_plan_id', type: 'int4', values: plan },
  ];
}
