/**
 * The FROM clause of the login report, joined only as far as a query needs. Aliases used by every report query:
 * `l` logins, `c` clients, `k` contracts (display only), `p` plans, `n` nas, `o` pops, `b` ftth_boxes, `ci`
 * cities (the login's effective city). All values reach SQL as parameters; identifiers are fixed here.
 *
 * The generic helpers (WHERE, LIKE pattern, array parameters) live in src/db/sql.ts; they are re-exported here for
 * the report's own modules.
 */
import { type SQL, sql } from 'drizzle-orm';

export { containsPattern, intArray, textArray, whereAll } from '../db/sql.js';

export type Join = 'clients' | 'plans' | 'nas' | 'pops' | 'ftthBoxes' | 'cities';

const JOINS: readonly (readonly [Join, SQL])[] = [
  ['clients', sql`join clients c on c.id = l.client_id`],
  ['plans', sql`left join plans p on p.id = l.contract_plan_id`],
  ['nas', sql`left join nas n on n.id = l.nas_id`],
  ['pops', sql`left join pops o on o.id = l.pop_id`],
  ['ftthBoxes', sql`left join ftth_boxes b on b.id = l.ftth_box_id`],
  ['cities', sql`left join cities ci on ci.id = l.effective_city_id`],
];

/** The joins asked for (none: empty). */
export function joinsSql(joins: ReadonlySet<Join>): SQL {
  return sql.join(
    JOINS.filter(([name]) => joins.has(name)).map(([, clause]) => clause),
    sql` `,
  );
}

/** `logins l` and the joins asked for. */
export function fromLogins(joins: ReadonlySet<Join>): SQL {
  return joins.size === 0 ? sql`logins l` : sql`logins l ${joinsSql(joins)}`;
}
