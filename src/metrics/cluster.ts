/**
 * The cluster-wide figures of a scrape, read from the database when Prometheus asks (every process sharing the
 * database reports the same values): the queue's depth per channel and state, and the open incidents per kind and
 * state. Two grouped statements over partial indexes, in one short transaction whose `statement_timeout` bounds
 * them on PostgreSQL (JIT off: it would compile for longer than the statements run).
 *
 * Queue depth counts the open states only, exactly up to DEPTH_CAP rows per integration and state: `pending` on
 * the claim index (queue_items_claim_idx, `status = 'pending'`, led by the integration: at most DEPTH_CAP + 1
 * index entries per integration, whatever the queue's size), `claimed`/`sending` on the lease index (a drain's
 * batch at most). Past the cap the figure is a lower bound and says so (`capped`): counting a million pending rows
 * exactly takes 0.6–0.9 s on PostgreSQL and 3–5 s on PGlite, whose one connection the drain then waits for
 * (`npm run bench -- --only metrics`), and the planner's estimates are no substitute (PGlite never analyzes by
 * itself). The finished states (sent, failed, cancelled, uncertain) are history that grows without bound; they are
 * not depth and are left out.
 */
import { sql } from 'drizzle-orm';
import { type Db, inTransaction, queryRows } from '../db/database.js';
import { channels, type IncidentState, type QueueState } from '../shared/vocabulary.js';

/** Rows counted per integration and state before the depth becomes a lower bound. */
export const DEPTH_CAP = 100_000;

/** The states that make up the queue's depth (the partial indexes' predicates name them as literals). */
const DEPTH_STATES = ['pending', 'claimed', 'sending'] as const satisfies readonly QueueState[];
/** An incident still open (src/incidents/queries.ts `open=true`; incidents_open_idx's predicate). */
const OPEN_INCIDENT_STATES = ['suspected', 'confirmed', 'restored'] as const satisfies readonly IncidentState[];
const INCIDENT_KINDS = ['nas', 'pop', 'box', 'manual'] as const;

export interface ClusterFigures {
  /** Every channel × open state (0 when none); `capped`: an integration had more than DEPTH_CAP, `rows` is a floor. */
  queueDepth: { channel: string; state: string; rows: number; capped: boolean }[];
  /** Every incident kind × open state (0 when none). */
  openIncidents: { kind: string; state: string; incidents: number }[];
}

const queueDepthSql = (cap: number) => sql`
  select i.channel, 'pending' as state, p.n
  from integrations i
  cross join lateral (
    select count(*) as n
    from (select 1 from queue_items q where q.status = 'pending' and q.integration_id = i.id limit ${sql.raw(String(cap + 1))}) counted
  ) p
  where p.n > 0
  union all
  select q.channel, q.status, count(*) from queue_items q where q.status in ('claimed', 'sending') group by q.channel, q.status`;

const openIncidentsSql = sql`
  select kind, state, count(*) as n from incidents where state in ('suspected', 'confirmed', 'restored') group by kind, state`;

type Counted = { channel: string; state: string; n: string | number };

function depthOf(rows: Counted[], cap: number): ClusterFigures['queueDepth'] {
  const figures = new Map(channels.flatMap((channel) => DEPTH_STATES.map((state) => [`${channel}:${state}`, { channel, state: state as string, rows: 0, capped: false }])));
  for (const row of rows) {
    const figure = figures.get(`${row.channel}:${row.state}`);
    if (!figure) continue;
    const n = Number(row.n);
    figure.rows += Math.min(n, cap);
    if (n > cap) figure.capped = true;
  }
  return [...figures.values()];
}

export interface ReadOptions {
  /** On PostgreSQL, neither statement may run longer. */
  timeoutMs: number;
  /** Rows counted per integration and state (default DEPTH_CAP; tests use a small one). */
  cap?: number;
}

export async function readClusterFigures(db: Db, { timeoutMs, cap = DEPTH_CAP }: ReadOptions): Promise<ClusterFigures> {
  if (!Number.isSafeInteger(cap) || cap < 1) throw new Error(`readClusterFigures: cap ${cap} is not a positive whole number`);
  return inTransaction(db, async (tx) => {
    await tx.execute(sql.raw(`set local statement_timeout = ${Math.max(1, Math.round(timeoutMs))}`));
    // The planner takes the lateral count for a million-row plan (integrations are never analyzed): JIT would
    // spend half a second compiling what runs in a tenth of it.
    await tx.execute(sql`set local jit = off`);
    const depth = await queryRows<Counted>(tx, queueDepthSql(cap));
    const incidents = await queryRows<{ kind: string; state: string; n: string | number }>(tx, openIncidentsSql);
    const counted = new Map(incidents.map((r) => [`${r.kind}:${r.state}`, Number(r.n)]));
    return {
      queueDepth: depthOf(depth, cap),
      openIncidents: INCIDENT_KINDS.flatMap((kind) =>
        OPEN_INCIDENT_STATES.map((state) => ({ kind, state: state as string, incidents: counted.get(`${kind}:${state}`) ?? 0 })),
      ),
    };
  });
}
