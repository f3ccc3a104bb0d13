/**
 * Opening an incident by hand from a report filter (the seed's flow, with the incident around it): the logins the
 * filter matches that are offline now become its affected logins; it opens confirmed, by the operator, and from
 * there it lives as any other — each login's return is tracked, those told get their normalizado as they come back,
 * and it is normalizado and encerrado by the rule of the kind of element the operator says failed, whose messages
 * it sends. It has no element id: detection never adds logins to it or merges it.
 */
import { sql } from 'drizzle-orm';
import { type Db, inTransaction, queryRows } from '../db/database.js';
import { whereAll } from '../db/sql.js';
import { filterSql } from '../report/filter-sql.js';
import { resolveFilterNames } from '../report/resolve-names.js';
import { fromLogins } from '../report/sql-parts.js';
import { refused } from '../shared/errors.js';
import { notice } from '../shared/notice.js';
import { refreshStatistics } from './detect.js';
import { recordEvent } from './events.js';
import type { PassContext } from './lifecycle.js';
import { type NoticeIncident, type NoticeResult, sendIncidentNotices } from './notices.js';
import type { ManualIncidentInput } from './schemas.js';

export async function openManualIncident(
  db: Db,
  input: ManualIncidentInput,
  actor: string,
  ctx: PassContext,
): Promise<{ id: number; affected: number } & NoticeResult> {
  const now = ctx.now ?? new Date();
  const { filter } = await resolveFilterNames(db, input.filter);
  const { conditions, joins } = filterSql(filter, now);
  const offline = whereAll([...conditions, sql`l.online = 'N'`]);
  const opened = await inTransaction(db, async (tx) => {
    const [incident] = await queryRows<NoticeIncident>(
      tx,
      sql`insert into incidents (kind, element_id, element_name, state, cause, started_at, detected_at, confirmed_at, confirmed_by, eta, note)
          values (${input.kind}, null, ${input.title}, 'confirmed', 'manual', ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz,
                  ${now.toISOString()}::timestamptz, ${actor}, ${input.eta ?? null}::timestamptz, ${input.note || null})
          returning id, kind, element_name as "elementName", started_at as "startedAt", eta, note`,
    );
    const [added] = await queryRows<{ n: number }>(
      tx,
      sql`with ins as (insert into incident_logins (incident_id, login_id, client_id, went_offline_at)
            select ${incident!.id}, l.id, l.client_id, l.session_ended_at from ${fromLogins(joins)} ${offline}
            returning 1)
          select count(*)::int as n from ins`,
    );
    const affected = added?.n ?? 0;
    if (affected === 0) throw refused('filter', notice('incident_none_offline'));
    await recordEvent(tx, incident!.id, 'opened', actor, { manual: true, logins: affected, filter });
    await recordEvent(tx, incident!.id, 'confirmed', actor, { eta: input.eta ?? null, note: input.note ?? null });
    return { incident: incident!, affected };
  });
  await refreshStatistics(db, opened.affected);
  const sent = input.notify
    ? await sendIncidentNotices(db, opened.incident, 'start', { timezone: ctx.timezone, actor })
    : { batchIds: [], enqueued: 0 };
  return { id: opened.incident.id, affected: opened.affected, ...sent };
}
