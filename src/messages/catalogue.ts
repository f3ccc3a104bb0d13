/**
 * The variables a message may use, each a SQL expression over the login report's FROM clause
 * (src/report/sql-parts.ts aliases), so a preview and a 100,000-recipient enqueue render the same way, in the
 * database, in one statement. Keys are what operators type between braces: `{{primeiro_nome}}`.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Join } from '../report/sql-parts.js';

export interface CatalogueEntry {
  key: string;
  label: { 'pt-BR': string; en: string };
  /** Shown in the variable picker. */
  example: string;
  joins: readonly Join[];
  /** A text expression (possibly null); `timezone` is the installation's, for dates. */
  value(timezone: string): SQL;
}

const address = (alias: 'c' | 'l') =>
  sql.raw(`concat_ws(', ', nullif(btrim(${alias}.address), ''), nullif(btrim(${alias}.address_number), ''))`);

export const catalogue: readonly CatalogueEntry[] = [
  {
    key: 'nome_cliente',
    label: { 'pt-BR': 'Nome do cliente', en: 'Client name' },
    example: 'MARIA DA SILVA',
    joins: ['clients'],
    value: () => sql`c.name`,
  },
  {
    key: 'primeiro_nome',
    label: { 'pt-BR': 'Primeiro nome', en: 'First name' },
    example: 'Maria',
    joins: ['clients'],
    value: () => sql`initcap(split_part(btrim(translate(c.name, ${'\t\r\n'}::text, '   ')), ' ', 1))`,
  },
  {
    key: 'nome_fantasia',
    label: { 'pt-BR': 'Nome fantasia', en: 'Trade name' },
    example: 'Mercado Silva',
    joins: ['clients'],
    value: () => sql`coalesce(nullif(btrim(c.fantasy_name), ''), c.name)`,
  },
  {
    key: 'id_cliente',
    label: { 'pt-BR': 'ID do cliente', en: 'Client id' },
    example: '1042',
    joins: [],
    value: () => sql`l.client_id::text`,
  },
  {
    key: 'login',
    label: { 'pt-BR': 'Login', en: 'Login' },
    example: 'maria.silva',
    joins: [],
    value: () => sql`l.login`,
  },
  {
    key: 'id_contrato',
    label: { 'pt-BR': 'ID do contrato', en: 'Contract id' },
    example: '2215',
    joins: [],
    value: () => sql`l.contract_id::text`,
  },
  {
    key: 'plano',
    label: { 'pt-BR': 'Plano', en: 'Plan' },
    example: 'FIBRA 500 MEGA',
    joins: ['plans'],
    value: () => sql`p.name`,
  },
  {
    key: 'endereco',
    label: { 'pt-BR': 'Endereço', en: 'Address' },
    example: 'Rua das Flores, 120',
    joins: ['clients'],
    value: () => sql`case when l.uses_client_address then ${address('c')} else ${address('l')} end`,
  },
  {
    key: 'bairro',
    label: { 'pt-BR': 'Bairro', en: 'Neighbourhood' },
    example: 'Centro',
    joins: [],
    value: () => sql`l.effective_neighbourhood`,
  },
  {
    key: 'cidade',
    label: { 'pt-BR': 'Cidade', en: 'City' },
    example: 'Chapecó',
    joins: ['cities'],
    value: () => sql`ci.name`,
  },
  {
    key: 'nas',
    label: { 'pt-BR': 'Concentrador (NAS)', en: 'NAS' },
    example: 'BRAS-CENTRO-01',
    joins: ['nas'],
    value: () => sql`n.name`,
  },
  {
    key: 'pop',
    label: { 'pt-BR': 'POP / Transmissor', en: 'POP' },
    example: 'POP Centro',
    joins: ['pops'],
    value: () => sql`o.name`,
  },
  {
    key: 'caixa_ftth',
    label: { 'pt-BR': 'Caixa FTTH', en: 'FTTH box' },
    example: 'CTO-0042',
    joins: ['ftthBoxes'],
    value: () => sql`b.name`,
  },
  {
    key: 'offline_desde',
    label: { 'pt-BR': 'Offline desde', en: 'Offline since' },
    example: '24/11/2026 às 14:05',
    joins: [],
    value: (timezone) =>
      sql`case when l.online = 'N' then to_char(l.session_ended_at at time zone ${timezone}::text, 'DD/MM/YYYY "às" HH24:MI') end`,
  },
  {
    key: 'empresa',
    label: { 'pt-BR': 'Nome da empresa', en: 'Company name' },
    example: 'Provedor Exemplo',
    joins: [],
    value: () => sql`(select s.value->>'name' from settings s where s.key = 'company')`,
  },
];

const byKey = new Map(catalogue.map((entry) => [entry.key, entry]));

export function catalogueEntry(key: string): CatalogueEntry | undefined {
  return byKey.get(key);
}
