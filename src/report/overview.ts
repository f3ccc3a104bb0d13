/**
 * The home dashboard: how many subscribers, how many logins are offline now, and where. The login counts and
 * the NAS, POP and FTTH box tables come from element_counts (kept by triggers on logins, no scan); the result is
 * cached for a few seconds so
 * that many open dashboards cost one query (on PGlite a query holds the only connection).
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import type { OverviewCounts as Overview } from './schemas.js';

export type { OverviewCounts as Overview } from './schemas.js';

async function computeOverview(db: Db): Promise<Overview> {
  const [counts] = await queryRows<{ clients: number; contracts: number; total: number; online: number; offline: number; never: number }>(
    db,
    sql`select (select count(*)::int from clients) as clients, (select count(*)::int from contracts) as contracts,
               coalesce(a.total, 0) as total, coalesce(a.online, 0) as online, coalesce(a.offline, 0) as offline,
               coalesce(a.never, 0) as never
          from (select 1) one left join element_counts a on a.kind = 'all' and a.element_id = 0`,
  );
  const logins = { total: counts?.total ?? 0, online: counts?.online ?? 0, offline: counts?.offline ?? 0, neverAuthenticated: counts?.never ?? 0 };
  const [topOfflineNas, topOfflinePops, topOfflineBoxes] = [
    await topOffline(db, 'nas', 'nas'),
    await topOffline(db, 'pop', 'pops'),
    await topOffline(db, 'box', 'ftth_boxes'),
  ];
  return { clients: counts?.clients ?? 0, contracts: counts?.contracts ?? 0, logins, topOfflineNas, topOfflinePops, topOfflineBoxes };
}

/** The ten NAS (POPs, FTTH boxes) with the most offline logins now, from element_counts (kept by triggers on logins). */
function topOffline(db: Db, kind: 'nas' | 'pop' | 'box', table: 'nas' | 'pops' | 'ftth_boxes'): Promise<Overview['topOfflinePops']> {
  return queryRows(
    db,
    sql`select g.element_id as id, coalesce(e.name, '#' || g.element_id) as name, g.offline, g.total
          from element_counts g
          left join ${sql.identifier(table)} e on e.id = g.element_id
          where g.kind = ${kind} and g.offline > 0 order by g.offline desc, e.name limit 10`,
  );
}

const TTL_MS = 10_000;
const cache = new WeakMap<Db, { at: number; value: Promise<Overview> }>();

/** The overview, at most TTL_MS old; concurrent callers share one query. */
export async function getOverview(db: Db, options: { fresh?: boolean } = {}): Promise<Overview> {
  const hit = cache.get(db);
  if (hit && !options.fresh && Date.now() - hit.at < TTL_MS) return hit.value;
  const value = computeOverview(db);
  cache.set(db, { at: Date.now(), value });
  value.catch(() => cache.delete(db));
  return value;
}
