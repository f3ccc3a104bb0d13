/** The home dashboard: how many subscribers, how many logins are offline now, and where. */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/index.js';

export interface Overview {
  clients: number;
  contracts: number;
  logins: { total: number; online: number; offline: number; neverAuthenticated: number };
  topOfflineNas: { id: number; name: string; offline: number; total: number }[];
}

export async function getOverview(db: Db): Promise<Overview> {
  const [counts] = await queryRows<{
    clients: number;
    contracts: number;
    total: number;
    online: number;
    offline: number;
    never: number;
  }>(
    db,
    sql`select (select count(*)::int from clients) as clients,
               (select count(*)::int from contracts) as contracts,
               count(*)::int as total,
               (count(*) filter (where online = 'S'))::int as online,
               (count(*) filter (where online = 'N'))::int as offline,
               (count(*) filter (where online in ('SS', 'I')))::int as never
          from logins`,
  );
  const topOfflineNas = await queryRows<Overview['topOfflineNas'][number]>(
    db,
    sql`select n.id, n.name, t.offline, t.total
          from (select nas_id,
                       (count(*) filter (where online = 'N'))::int as offline,
                       count(*)::int as total
                  from logins where nas_id is not null group by nas_id) t
          join nas n on n.id = t.nas_id
         where t.offline > 0
         order by t.offline desc, n.name
         limit 10`,
  );
  return {
    clients: counts?.clients ?? 0,
    contracts: counts?.contracts ?? 0,
    logins: {
      total: counts?.total ?? 0,
      online: counts?.online ?? 0,
      offline: counts?.offline ?? 0,
      neverAuthenticated: counts?.never ?? 0,
    },
    topOfflineNas,
  };
}
