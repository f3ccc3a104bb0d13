/**
 * An incident's timeline: one row per state change, ETA, note and notice, with who did it. Each also goes to the
 * outgoing webhooks subscribed (src/webhooks): `incident.opened` when it opens, `incident.changed` for the rest
 * but notices — with the incident as it is now, in the same transaction as the change.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import { emitEvent } from '../webhooks/emit.js';

export type IncidentEventKind =
  | 'opened'
  | 'confirmed'
  | 'discarded'
  | 'merged'
  | 'absorbed'
  | 'eta'
  | 'note'
  | 'notice'
  | 'cancelled_notices'
  | 'restored'
  | 'closed'
  | 'monitoring';

const QUIET: readonly IncidentEventKind[] = ['notice', 'cancelled_notices', 'absorbed'];

export async function recordEvent(db: Db, incidentId: number, kind: IncidentEventKind, actor: string, details: Record<string, unknown> = {}): Promise<void> {
  await db.execute(sql`insert into incident_events (incident_id, kind, actor, details)
      values (${incidentId}, ${kind}, ${actor}, ${JSON.stringify(details)}::jsonb)`);
  if (QUIET.includes(kind)) return;
  const [incident] = await queryRows<Record<string, unknown>>(
    db,
    sql`select id as "incidentId", kind as "elementKind", element_id as "elementId", element_name as "elementName", state, cause,
               started_at as "startedAt", eta, note, parent_id as "parentId"
          from incidents where id = ${incidentId}`,
  );
  if (incident) await emitEvent(db, kind === 'opened' ? 'incident.opened' : 'incident.changed', { ...incident, change: kind, actor, details });
}
