/**
 * How IXC Provedor's webservice fields map onto Avisa's tables, one declarative list per entity. Entities are
 * named by IXC's webservice tables' nicknames: `clientes` (`cliente` → clients), `contratos`
 * (`cliente_contrato` → contracts) and `logins` (`radusuarios` → logins). Sources: /work/shared/reference/ixc.md
 * §5.3–5.5. Only the fields listed here are ever read; every other column (passwords included) is ignored.
 */

/** Reference tables that unknown ids get a placeholder row in. */
export type LookupTable =
  | 'cities'
  | 'branches'
  | 'plans'
  | 'radius_groups'
  | 'nas'
  | 'pops'
  | 'ftth_boxes'
  | 'condominiums';

export type EntityName = 'clientes' | 'contratos' | 'logins';
export type TargetTable = 'clients' | 'contracts' | 'logins';

export type FieldKind =
  /** The row's own id: a positive integer, always required. */
  | 'id'
  /** An id of another row; IXC writes `0` for "none", read as null. */
  | 'ref'
  | 'int'
  | 'float'
  | 'text'
  /** One of `codes`, stored as the code. */
  | 'code'
  /** `S`/`N` stored as true/false. */
  | 'flag'
  /** `S`/`N` consent flag stored inverted: `N` (do not send) → opted out. */
  | 'optOut'
  /** `YYYY-MM-DD HH:MM:SS` wall-clock time of the installation's zone; converted in SQL. */
  | 'timestamp'
  | 'date';

export interface FieldSpec {
  /** IXC webservice field name. */
  readonly ixc: string;
  /** Column written; absent when the field only names a lookup row (`concentrador`). */
  readonly column?: string;
  readonly kind: FieldKind;
  readonly codes?: readonly string[];
  /** Extra codes read as false by a `flag`. */
  readonly falseCodes?: readonly string[];
  /** Range an `int` or a `float` must fall in. */
  readonly range?: readonly [number, number];
  /** A `text` that may hold line breaks (addresses, descriptions); every other field holds one line. */
  readonly multiline?: boolean;
  /** NOT NULL without a default: a new row needs it and no row may set it empty. */
  readonly required?: boolean;
  /** Value an empty field stands for, for NOT NULL columns that have a default. */
  readonly whenEmpty?: string | boolean;
  /** The id names a row of this reference table; unknown ids get a placeholder. */
  readonly lookup?: LookupTable;
  /**
   * The text names the lookup row that this entity's `lookup` field of the same table points at: it names a
   * placeholder row created for that id, and stands for the id when the source has no id field (resolved by
   * name, case-insensitively; a name not found rejects the row).
   */
  readonly nameOf?: LookupTable;
  /** The id must exist in this table (foreign key); rows pointing elsewhere are rejected. */
  readonly parent?: 'clients' | 'contracts';
  /** Also write `foldForSearch(value)` into this column. */
  readonly searchColumn?: string;
}

export interface EntitySpec {
  readonly name: EntityName;
  readonly ixcTable: string;
  readonly table: TargetTable;
  readonly fields: readonly FieldSpec[];
}

const id: FieldSpec = { ixc: 'id', column: 'id', kind: 'id', required: true };
const updatedAt: FieldSpec = { ixc: 'ultima_atualizacao', column: 'source_updated_at', kind: 'timestamp' };

/** The installation address block shared by contracts and logins. */
const installationAddress: readonly FieldSpec[] = [
  // `C` also occurs in IXC's database enum (meaning undocumented): not the client's address either.
  { ixc: 'endereco_padrao_cliente', column: 'uses_client_address', kind: 'flag', falseCodes: ['C'], whenEmpty: true },
  { ixc: 'endereco', column: 'address', kind: 'text', multiline: true },
  { ixc: 'numero', column: 'address_number', kind: 'text' },
  { ixc: 'bairro', column: 'neighbourhood', kind: 'text' },
  { ixc: 'cidade', column: 'city_id', kind: 'ref', lookup: 'cities' },
  { ixc: 'cep', column: 'postal_code', kind: 'text' },
];

const clientes: EntitySpec = {
  name: 'clientes',
  ixcTable: 'cliente',
  table: 'clients',
  fields: [
    id,
    { ixc: 'razao', column: 'name', kind: 'text', required: true, searchColumn: 'name_search' },
    { ixc: 'fantasia', column: 'fantasy_name', kind: 'text' },
    { ixc: 'tipo_pessoa', column: 'person_type', kind: 'code', codes: ['F', 'J', 'E'] },
    { ixc: 'cnpj_cpf', column: 'cpf_cnpj', kind: 'text' },
    { ixc: 'email', column: 'email', kind: 'text' },
    { ixc: 'fone', column: 'phone', kind: 'text' },
    { ixc: 'telefone_comercial', column: 'phone_commercial', kind: 'text' },
    { ixc: 'telefone_celular', column: 'mobile', kind: 'text' },
    { ixc: 'whatsapp', column: 'whatsapp', kind: 'text' },
    { ixc: 'endereco', column: 'address', kind: 'text', multiline: true },
    { ixc: 'numero', column: 'address_number', kind: 'text' },
    { ixc: 'complemento', column: 'complement', kind: 'text', multiline: true },
    { ixc: 'bairro', column: 'neighbourhood', kind: 'text', searchColumn: 'neighbourhood_search' },
    { ixc: 'cidade', column: 'city_id', kind: 'ref', lookup: 'cities' },
    { ixc: 'cep', column: 'postal_code', kind: 'text' },
    { ixc: 'id_condominio', column: 'condominium_id', kind: 'ref', lookup: 'condominiums' },
    { ixc: 'filial_id', column: 'branch_id', kind: 'ref', lookup: 'branches' },
    { ixc: 'ativo', column: 'active', kind: 'flag', whenEmpty: true },
    { ixc: 'cob_envia_email', column: 'opt_out_email', kind: 'optOut', whenEmpty: false },
    { ixc: 'cob_envia_sms', column: 'opt_out_sms', kind: 'optOut', whenEmpty: false },
    { ixc: 'regua_cobranca_wpp', column: 'opt_out_whatsapp', kind: 'optOut', whenEmpty: false },
    updatedAt,
  ],
};

const contratos: EntitySpec = {
  name: 'contratos',
  ixcTable: 'cliente_contrato',
  table: 'contracts',
  fields: [
    id,
    { ixc: 'id_cliente', column: 'client_id', kind: 'ref', required: true, parent: 'clients' },
    { ixc: 'id_vd_contrato', column: 'plan_id', kind: 'ref', lookup: 'plans' },
    { ixc: 'contrato', column: 'description', kind: 'text', multiline: true },
    { ixc: 'status', column: 'status', kind: 'code', codes: ['A', 'I', 'P', 'N', 'D'], required: true },
    { ixc: 'status_internet', column: 'access_status', kind: 'code', codes: ['A', 'D', 'CM', 'CA', 'FA', 'AA', 'CE'] },
    { ixc: 'id_filial', column: 'branch_id', kind: 'ref', lookup: 'branches' },
    { ixc: 'data_ativacao', column: 'activated_on', kind: 'date' },
    { ixc: 'data_cancelamento', column: 'cancelled_on', kind: 'date' },
    ...installationAddress,
    updatedAt,
  ],
};

const logins: EntitySpec = {
  name: 'logins',
  ixcTable: 'radusuarios',
  table: 'logins',
  fields: [
    id,
    { ixc: 'login', column: 'login', kind: 'text', required: true },
    { ixc: 'id_cliente', column: 'client_id', kind: 'ref', required: true, parent: 'clients' },
    { ixc: 'id_contrato', column: 'contract_id', kind: 'ref', parent: 'contracts' },
    { ixc: 'ativo', column: 'active', kind: 'flag', whenEmpty: true },
    { ixc: 'online', column: 'online', kind: 'code', codes: ['S', 'N', 'SS', 'I'], whenEmpty: 'SS' },
    { ixc: 'ultima_conexao_inicial', column: 'session_started_at', kind: 'timestamp' },
    { ixc: 'ultima_conexao_final', column: 'session_ended_at', kind: 'timestamp' },
    { ixc: 'motivo_desconexao', column: 'disconnect_reason', kind: 'text' },
    { ixc: 'count_desconexao', column: 'disconnect_count', kind: 'int', range: [0, 2_147_483_647] },
    { ixc: 'ip', column: 'ip_address', kind: 'text' },
    { ixc: 'mac', column: 'mac_address', kind: 'text' },
    { ixc: 'onu_mac', column: 'onu_mac', kind: 'text' },
    { ixc: 'id_concentrador', column: 'nas_id', kind: 'ref', lookup: 'nas' },
    { ixc: 'concentrador', kind: 'text', nameOf: 'nas' },
    { ixc: 'id_transmissor', column: 'pop_id', kind: 'ref', lookup: 'pops' },
    { ixc: 'transmissor', kind: 'text', nameOf: 'pops' },
    { ixc: 'id_caixa_ftth', column: 'ftth_box_id', kind: 'ref', lookup: 'ftth_boxes' },
    { ixc: 'ftth_porta', column: 'ftth_port', kind: 'text' },
    { ixc: 'id_grupo', column: 'radius_group_id', kind: 'ref', lookup: 'radius_groups' },
    { ixc: 'grupo', kind: 'text', nameOf: 'radius_groups' },
    { ixc: 'autenticacao', column: 'auth_type', kind: 'code', codes: ['L', 'H', 'M', 'V', 'D', 'I', 'E'] },
    // Documented values 58, 24, F, L, A, LTE, LDD; kept as text (no check constraint) so a new IXC code is not lost.
    { ixc: 'tipo_conexao_mapa', column: 'connection_type', kind: 'text' },
    { ixc: 'id_filial', column: 'branch_id', kind: 'ref', lookup: 'branches' },
    // The login's own bairro is folded too: it is the report's bairro when the login has its own address.
    ...installationAddress.map((f) => (f.ixc === 'bairro' ? { ...f, searchColumn: 'neighbourhood_search' } : f)),
    { ixc: 'latitude', column: 'latitude', kind: 'float', range: [-90, 90] },
    { ixc: 'longitude', column: 'longitude', kind: 'float', range: [-180, 180] },
    updatedAt,
  ],
};

export const entities: Readonly<Record<EntityName, EntitySpec>> = { clientes, contratos, logins };

/** Fields whose values hold one line: a CSV reader takes a quoted value of one that spans lines for a stray quote. */
export function singleLineFields(spec: EntitySpec): ReadonlySet<string> {
  return new Set(spec.fields.filter((f) => !f.multiline).map((f) => f.ixc));
}

/** Column names that hold secrets in IXC exports (`senha`, `senha_router1`, `lte_auth_key`…): never read. */
const SECRET_FIELD = /senha|passw|pwd|secret|lte_auth|token|wpa/i;

export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name);
}
