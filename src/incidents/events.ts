/** An incident's timeline: one row per state change, ETA, note and notice, with who did it. */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';

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

export async function recordEvent(db: Db, incidentId: number, kind: IncidentEventKind, actor: string, details: Record<string, unknown> = {}): Promise<void> {
  await db.execute(sql`insert into incident_events (incident_id, kind, actor, details)
      values (${incidentId}, ${kind}, ${actor}, ${JSON.stringify(details)}::jsonb)`);
}
