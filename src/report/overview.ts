/**
 * The home dashboard: how many subscribers, how many logins are offline now, and where. One pass over logins
 * grouped by (NAS, online) feeds both the totals and the NAS table, one grouped query each the POP and FTTH box
 * tables; the result is cached for a few seconds so
 * that many open dashboards cost one query (on PGlite a query holds the only connection).
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import type { OverviewCounts as Overview } from './schemas.js';

export type { OverviewCounts as Overview } from './schemas.js';

async function computeOverview(db: Db): Promise<Overview> {
  const [counts] = await queryRows<{ clients: number; contracts: number }>(
    db,
    sql`select (select count(*)::int from clients) as clients, (select count(*)::int from contracts) as contracts`,
  );
  const groups = await queryRows<{ nasId: number | null; name: string | null; online: string; n: number }>(
    db,
    sql`select g.nas_id as "nasId", n.name, g.online, g.n
          from (select nas_id, online, count(*)::int as n from logins group by nas_id, online) g
          left join nas n on n.id = g.nas_id`,
  );
  const logins = { total: 0, online: 0, offline: 0, neverAuthenticated: 0 };
  const byNas = new Map<number, Overview['topOfflineNas'][number]>();
  for (const g of groups) {
    logins.total += g.n;
    if (g.online === 'S') logins.online += g.n;
    else if (g.online === 'N') logins.offline += g.n;
    else logins.neverAuthenticated += g.n;
    if (g.nasId === null) continue;
    const nas = byNas.get(g.nasId) ?? { id: g.nasId, name: g.name ?? `#${g.nasId}`, offline: 0, total: 0 };
    nas.total += g.n;
    if (g.online === 'N') nas.offline += g.n;
    byNas.set(g.nasId, nas);
  }
  const topOfflineNas = [...byNas.values()]
    .filter((n) => n.offline > 0)
    .sort((a, b) => b.offline - a.offline || a.name.localeCompare(b.name))
    .slice(0, 10);
  const [topOfflinePops, topOfflineBoxes] = [await topOffline(db, 'pop_id', 'pops'), await topOffline(db, 'ftth_box_id', 'ftth_boxes')];
  return { clients: counts?.clients ?? 0, contracts: counts?.contracts ?? 0, logins, topOfflineNas, topOfflinePops, topOfflineBoxes };
}

/** The ten POPs (or FTTH boxes) with the most offline logins now, by their (element, online) index. */
function topOffline(db: Db, column: 'pop_id' | 'ftth_box_id', table: 'pops' | 'ftth_boxes'): Promise<Overview['topOfflinePops']> {
  return queryRows(
    db,
    sql`select g.id, coalesce(e.name, '#' || g.id) as name, g.offline, g.total
          from (select ${sql.identifier(column)} as id, count(*) filter (where online = 'N')::int as offline, count(*)::int as total
                from logins where ${sql.identifier(column)} is not null group by 1) g
          left join ${sql.identifier(table)} e on e.id = g.id
          where g.offline > 0 order by g.offline desc, e.name limit 10`,
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
