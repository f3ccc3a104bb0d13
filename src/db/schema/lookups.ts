/**
 * Reference tables the report groups and filters by. Ids are IXC's ids (imported/synced), so they are plain
 * integer keys, not identities. IXC table names are noted for the sync boundary.
 */
import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';

/** IXC `filial`. */
export const branches = pgTable('branches', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
});

/** IXC `cidade` (with the state's abbreviation, IXC `uf.sigla`). */
export const cities = pgTable(
  'cities',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    state: text('state'),
    nameSearch: text('name_search').notNull(),
  },
  (t) => [index('cities_name_search_idx').on(t.nameSearch)],
);

/** IXC `vd_contratos`: the sales plan of a contract. */
export const plans = pgTable('plans', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
});

/** IXC `radgrupos`: RADIUS group / speed plan of a login. */
export const radiusGroups = pgTable('radius_groups', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
});

/** IXC `radius_concentrador` (`concentrador` on a login): the NAS / BRAS. */
export const nas = pgTable('nas', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  ipAddress: text('ip_address'),
  /** RADIUS shared secret of this NAS, sealed (src/shared/secret-box.ts); the accounting receiver checks packets with it. */
  radiusSecret: text('radius_secret'),
});

/** IXC `radpop_radio`: POP / transmitter / OLT. */
export const pops = pgTable('pops', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  cityId: integer('city_id'),
});

/** IXC `rad_caixa_ftth`: FTTH splitter box. */
export const ftthBoxes = pgTable('ftth_boxes', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  popId: integer('pop_id'),
  /** `foldForSearch(name)`: the report's box picker searches 70k+ boxes by name. */
  nameSearch: text('name_search'),
});

/** IXC `cliente_condominio`. */
export const condominiums = pgTable('condominiums', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
});
