/**
 * The choices the report's filter form offers: the reference tables, the disconnect reasons seen (most frequent
 * first), and FTTH boxes found by name (there can be 70k+ of them, so they are searched, never listed whole).
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import { foldForSearch } from '../shared/fold.js';
import type { Option, ReportOptions } from './schemas.js';
import { containsPattern } from './sql-parts.js';

export type { Option, ReportOptions } from './schemas.js';

const MAX_REASONS = 100;

const named = (db: Db, table: string) =>
  queryRows<Option>(db, sql`select id, name from ${sql.identifier(table)} order by name collate "C", id`);

export async function reportOptions(db: Db): Promise<ReportOptions> {
  // Sequential: PGlite runs one query at a time anyway, and a pool of PostgreSQL connections is shared.
  const branches = await named(db, 'branches');
  const cities = await queryRows<Option & { state: string | null }>(
    db,
    sql`select id, name, state from cities order by name_search collate "C", id`,
  );
  const plans = await named(db, 'plans');
  const radiusGroups = await named(db, 'radius_groups');
  const nas = await named(db, 'nas');
  const pops = await named(db, 'pops');
  const condominiums = await named(db, 'condominiums');
  return { branches, cities, plans, radiusGroups, nas, pops, condominiums, disconnectReasons: await reasons(db) };
}

const REASONS_TTL_MS = 60_000;
const reasonsCache = new WeakMap<Db, { at: number; value: Promise<string[]> }>();

/**
 * The disconnect reasons seen, most frequent first: a pass over every login (0.2 s on PostgreSQL, 0.5 s on
 * PGlite at 1M), so kept for a minute and shared by concurrent callers.
 */
function reasons(db: Db): Promise<string[]> {
  const cached = reasonsCache.get(db);
  if (cached && Date.now() - cached.at < REASONS_TTL_MS) return cached.value;
  const value = queryRows<{ reason: string }>(
    db,
    sql`select disconnect_reason as reason from logins
         where disconnect_reason is not null and disconnect_reason <> ''
         group by disconnect_reason order by count(*) desc, disconnect_reason collate "C" limit ${MAX_REASONS}`,
  ).then((rows) => rows.map((r) => r.reason));
  value.catch(() => reasonsCache.delete(db));
  reasonsCache.set(db, { at: Date.now(), value });
  return value;
}

/** FTTH boxes whose name contains `q` (accent- and case-insensitive), by name; all boxes by name when `q` is blank. */
export async function findFtthBoxes(db: Db, q: string, limit: number): Promise<Option[]> {
  const folded = foldForSearch(q);
  const where = folded ? sql`where name_search like ${containsPattern(folded)}` : sql``;
  return queryRows<Option>(db, sql`select id, name from ftth_boxes ${where} order by name collate "C", id limit ${limit}`);
}
