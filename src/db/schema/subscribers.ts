/**
 * Subscribers: clients (IXC `cliente`), their contracts (`cliente_contrato`) and their PPPoE/RADIUS logins
 * (`radusuarios`). Column names are English; the IXC field each one comes from is given in the import mapping
 * (src/ingest/ixc-fields.ts). Code-like values (contract status, online flag, auth type) keep IXC's codes,
 * the lingua franca of this market. Login passwords are never stored.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

const tz = { withTimezone: true, mode: 'date' } as const;

export const clients = pgTable(
  'clients',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    fantasyName: text('fantasy_name'),
    personType: text('person_type'),
    cpfCnpj: text('cpf_cnpj'),
    email: text('email'),
    phone: text('phone'),
    phoneCommercial: text('phone_commercial'),
    mobile: text('mobile'),
    whatsapp: text('whatsapp'),
    address: text('address'),
    addressNumber: text('address_number'),
    complement: text('complement'),
    neighbourhood: text('neighbourhood'),
    cityId: integer('city_id'),
    postalCode: text('postal_code'),
    condominiumId: integer('condominium_id'),
    branchId: integer('branch_id'),
    active: boolean('active').notNull().default(true),
    optOutEmail: boolean('opt_out_email').notNull().default(false),
    optOutSms: boolean('opt_out_sms').notNull().default(false),
    optOutWhatsapp: boolean('opt_out_whatsapp').notNull().default(false),
    /**
     * The client's best mobile, computed at import from `whatsapp`, `mobile`, `phone` (in that order; the first
     * valid Brazilian mobile wins; src/shared/phone.ts): E.164, or why there is none. Both null = not computed
     * yet (filled at the next start, src/ingest/contacts.ts).
     */
    mobileE164: text('mobile_e164'),
    mobileProblem: text('mobile_problem'),
    /** `email` is one syntactically valid address (src/shared/email.ts); computed at import. */
    emailValid: boolean('email_valid').notNull().default(false),
    /** Accent- and case-folded copies for portable, indexable search (no unaccent extension needed). */
    nameSearch: text('name_search').notNull(),
    neighbourhoodSearch: text('neighbourhood_search'),
    sourceUpdatedAt: timestamp('source_updated_at', tz),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [
    index('clients_city_idx').on(t.cityId),
    index('clients_neighbourhood_idx').on(t.neighbourhoodSearch),
    index('clients_branch_idx').on(t.branchId),
    /** Incidentes' lookup by phone (an URA or chatbot asking about the caller's number). */
    index('clients_mobile_e164_idx').on(t.mobileE164),
    // The report's `client name contains` (pg_trgm: migration 0001_pg_trgm).
    index('clients_name_trgm_idx').using('gin', sql`${t.nameSearch} gin_trgm_ops`),
    // … and the same read from the index alone: a pattern the trigrams cannot narrow ("da", or one in 30 clients)
    // filters every name, and 877k names take a sixth of the clients table to read (migration 0031). Also the
    // report's order by client name.
    index('clients_name_search_idx').on(t.nameSearch, t.id),
    // The report compares CPF/CNPJ by digits (src/report/filter-sql.ts: the same expression).
    index('clients_cpf_cnpj_digits_idx').on(sql`regexp_replace(${t.cpfCnpj}, '[^0-9]', '', 'g')`),
    // Clients whose contact columns are not computed yet (src/ingest/derived.ts fillClientContacts): empty
    // once filled, so the check at every start is instant.
    index('clients_contacts_pending_idx')
      .on(t.id)
      .where(sql`${t.mobileE164} is null and ${t.mobileProblem} is null`),
    check('clients_person_type_chk', sql`${t.personType} in ('F','J','E')`),
    check('clients_mobile_problem_chk', sql`${t.mobileProblem} in ('missing','invalid','landline')`),
  ],
);

export const contracts = pgTable(
  'contracts',
  {
    id: integer('id').primaryKey(),
    clientId: integer('client_id')
      .notNull()
      .references(() => clients.id),
    planId: integer('plan_id'),
    description: text('description'),
    /** A ativo, I inativo, P pré-contrato, N negativado, D desistiu. */
    status: text('status').notNull(),
    /** `status_internet`: A ativo, D desativado, CM bloq. manual, CA bloq. automático, FA fin. em atraso, AA aguardando assinatura, CE. */
    accessStatus: text('access_status'),
    branchId: integer('branch_id'),
    activatedOn: date('activated_on'),
    cancelledOn: date('cancelled_on'),
    usesClientAddress: boolean('uses_client_address').notNull().default(true),
    address: text('address'),
    addressNumber: text('address_number'),
    neighbourhood: text('neighbourhood'),
    cityId: integer('city_id'),
    postalCode: text('postal_code'),
    sourceUpdatedAt: timestamp('source_updated_at', tz),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [
    index('contracts_client_idx').on(t.clientId),
    index('contracts_status_idx').on(t.status, t.accessStatus),
    check('contracts_status_chk', sql`${t.status} in ('A','I','P','N','D')`),
    check('contracts_access_status_chk', sql`${t.accessStatus} in ('A','D','CM','CA','FA','AA','CE')`),
  ],
);

export const logins = pgTable(
  'logins',
  {
    id: integer('id').primaryKey(),
    login: text('login').notNull(),
    clientId: integer('client_id')
      .notNull()
      .references(() => clients.id),
    contractId: integer('contract_id').references(() => contracts.id),
    active: boolean('active').notNull().default(true),
    /** `online`: S online, N offline, SS sem status (never authenticated), I (IXC enum, meaning unknown). */
    online: text('online').notNull().default('SS'),
    sessionStartedAt: timestamp('session_started_at', tz),
    sessionEndedAt: timestamp('session_ended_at', tz),
    disconnectReason: text('disconnect_reason'),
    disconnectCount: integer('disconnect_count'),
    ipAddress: text('ip_address'),
    macAddress: text('mac_address'),
    onuMac: text('onu_mac'),
    nasId: integer('nas_id'),
    popId: integer('pop_id'),
    ftthBoxId: integer('ftth_box_id'),
    ftthPort: text('ftth_port'),
    radiusGroupId: integer('radius_group_id'),
    /** `autenticacao`: L PPPoE, H Hotspot, M IP×MAC, V VLAN, D IPoE, I Integração, E Externa. */
    authType: text('auth_type'),
    /** `tipo_conexao_mapa`: 58, 24, F, L, A, LTE, LDD. */
    connectionType: text('connection_type'),
    branchId: integer('branch_id'),
    usesClientAddress: boolean('uses_client_address').notNull().default(true),
    address: text('address'),
    addressNumber: text('address_number'),
    neighbourhood: text('neighbourhood'),
    neighbourhoodSearch: text('neighbourhood_search'),
    cityId: integer('city_id'),
    postalCode: text('postal_code'),
    /**
     * Where the login is, for the report's city/bairro filters: the login's own address when it has one
     * (`uses_client_address` false), else its client's. Kept by triggers on logins and clients (migration
     * 0003_effective_address), so every write path — import, demo, `db copy`, a later sync — keeps it right.
     */
    effectiveCityId: integer('effective_city_id'),
    effectiveNeighbourhood: text('effective_neighbourhood'),
    effectiveNeighbourhoodSearch: text('effective_neighbourhood_search'),
    /**
     * The contract's status, access status and plan, copied here by the same triggers: the report filters on
     * them with the login's own indexes instead of joining a million contracts.
     */
    contractStatus: text('contract_status'),
    contractAccessStatus: text('contract_access_status'),
    contractPlanId: integer('contract_plan_id'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    sourceUpdatedAt: timestamp('source_updated_at', tz),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [
    // Report: default sort and keyset export by login (byte order, the same on every backend and locale)…
    index('logins_login_sort_idx').on(sql`${t.login} collate "C"`, t.id),
    // … and `login contains` (ILIKE '%…%'); pg_trgm is created by migration 0001_pg_trgm.
    index('logins_login_trgm_idx').using('gin', sql`${t.login} gin_trgm_ops`),
    index('logins_city_online_idx').on(t.effectiveCityId, t.online, t.sessionEndedAt),
    // The report's counts and summaries read these three from the index alone (an index-only scan of the matching
    // entries instead of a heap page for nearly every match: a NAS's logins are spread over the whole table):
    // the live state and the three elements a summary groups by ride along after the columns filtered on.
    // A client's logins, for filters on the client (name contains): joined from clients.
    index('logins_client_idx').on(t.clientId, t.online, t.nasId, t.popId, t.ftthBoxId),
    index('logins_contract_idx').on(t.contractId),
    // A NAS's logins by state and offline time, and with a disconnect reason.
    index('logins_nas_online_idx').on(t.nasId, t.online, t.sessionEndedAt, t.popId, t.ftthBoxId, t.disconnectReason),
    index('logins_online_ended_idx').on(t.online, t.sessionEndedAt),
    index('logins_pop_idx').on(t.popId, t.online),
    index('logins_ftth_box_idx').on(t.ftthBoxId, t.online),
    // `plan` (the contract's, copied onto the login) with or without a live state: counted and summarised from the index alone
    index('logins_plan_online_idx').on(t.contractPlanId, t.online, t.nasId, t.popId, t.ftthBoxId),
    // the order "session ended, most recent first" of a large result, read in order (no sort of every match)
    index('logins_ended_sort_idx').on(t.sessionEndedAt.desc().nullsLast(), t.id.desc().nullsFirst()),
    check('logins_online_chk', sql`${t.online} in ('S','N','SS','I')`),
    check('logins_auth_type_chk', sql`${t.authType} in ('L','H','M','V','D','I','E')`),
  ],
);
