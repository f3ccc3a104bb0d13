/**
 * An incident's notices, through the queue every send uses (pacing, quotas, retries, logs, crash safety): each
 * phase's registered messages enqueued with the report filter `{ incident: { id, audience } }`.
 *  - início → the affected logins still offline that no earlier início of this incident went to (deduplicated per
 *    contact; capped per subscriber across incidents by the recent-notice guard by purpose);
 *  - atualização → those told of the incident and still offline;
 *  - normalizado → those told of it whose own login is back, each once (incident_logins.restored_notice_at).
 * The incident's fields fill the messages' free fields by key: elemento, previsao_retorno, inicio, protocolo, nota.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import { getMessage } from '../messages/messages.js';
import type { FreeValues, Message } from '../messages/schemas.js';
import { type EnqueueResult, enqueueSend } from '../queue/enqueue.js';
import { incidentCondition, incidentFamily } from '../report/filter-sql.js';
import { type Channel, type ElementKind, type IncidentAudience, type IncidentPhase, incidentPhases, priorityLevels } from '../shared/vocabulary.js';
import { refreshStatistics } from './detect.js';
import { recordEvent } from './events.js';
import { checkPhaseMessages, fillFreeFields, noticeTime } from './phase-messages.js';
import type { IncidentMessages } from './schemas.js';

/** The free-field keys an incident fills. */
const INCIDENT_FIELDS = ['elemento', 'previsao_retorno', 'inicio', 'protocolo', 'nota'] as const;

const AUDIENCE: Record<IncidentPhase, IncidentAudience> = {
  start: 'unnotified_offline',
  update: 'notified_offline',
  restored: 'notified_back',
};

const PRIORITY: Record<IncidentPhase, number> = {
  start: priorityLevels.urgent,
  update: priorityLevels.high,
  restored: priorityLevels.high,
};

export interface NoticeIncident {
  id: number;
  kind: ElementKind | 'manual';
  elementName: string;
  startedAt: Date | string;
  eta: Date | string | null;
  note: string | null;
}

export const protocolOf = (id: number) => `INC-${String(id).padStart(6, '0')}`;

export async function incidentMessages(db: Db): Promise<Record<ElementKind, IncidentMessages>> {
  const rows = await queryRows<{ kind: ElementKind; phase: IncidentPhase; message_id: number }>(
    db,
    sql`select kind, phase, message_id from incident_messages order by message_id`,
  );
  const empty = (): IncidentMessages => ({ start: [], update: [], restored: [] });
  const out: Record<ElementKind, IncidentMessages> = { nas: empty(), pop: empty(), box: empty() };
  for (const r of rows) out[r.kind]?.[r.phase].push(r.message_id);
  return out;
}

/** Sets the messages of a kind's phases (./phase-messages.ts checks them). */
export async function saveIncidentMessages(db: Db, kind: ElementKind, input: IncidentMessages): Promise<void> {
  await checkPhaseMessages(db, input, INCIDENT_FIELDS);
  await db.execute(sql`delete from incident_messages where kind = ${kind}`);
  for (const phase of incidentPhases) {
    for (const id of input[phase]) {
      await db.execute(sql`insert into incident_messages (kind, phase, message_id) values (${kind}, ${phase}, ${id})`);
    }
  }
}

/** The incident's values for a message's free fields. */
function incidentValues(message: Message, incident: NoticeIncident, timezone: string): FreeValues {
  return fillFreeFields(message, {
    elemento: incident.elementName,
    previsao_retorno: incident.eta ? noticeTime(incident.eta, timezone) : 'sem previsão',
    inicio: noticeTime(incident.startedAt, timezone),
    protocolo: protocolOf(incident.id),
    nota: incident.note ?? '',
  });
}

/**
 * Whether a phase's audience on a channel has anyone (no batch is made for nobody). A count, not `exists`: with
 * `exists` the planner aims for the first row and probes the notices login by login (seconds on 50,000 logins).
 */
async function anyoneFor(db: Db, id: number, audience: IncidentAudience, channel: Channel): Promise<boolean> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from logins l where ${incidentCondition(id, audience, channel)}`,
  );
  return (row?.n ?? 0) > 0;
}

export interface NoticeResult {
  batchIds: number[];
  enqueued: number;
}

/** Queues a phase's notices of an incident (nothing when nobody is due); each batch and failure is on the timeline. */
export async function sendIncidentNotices(
  db: Db,
  incident: NoticeIncident,
  phase: IncidentPhase,
  ctx: { timezone: string; actor: string },
): Promise<NoticeResult> {
  const result: NoticeResult = { batchIds: [], enqueued: 0 };
  const audience = AUDIENCE[phase];
  const kind = incident.kind === 'manual' ? 'nas' : incident.kind;
  const ids = (await incidentMessages(db))[kind][phase];
  for (const messageId of ids) {
    let sent: EnqueueResult;
    let message: Message;
    try {
      message = await getMessage(db, messageId);
      if (!(await anyoneFor(db, incident.id, audience, message.channel))) continue;
      const filter = { incident: { id: incident.id, audience, channel: message.channel } };
      sent = await enqueueSend(
        db,
        { messageId, filter, free: incidentValues(message, incident, ctx.timezone), priority: PRIORITY[phase] },
        { userId: null, actor: ctx.actor, incident: { id: incident.id, phase } },
        { timezone: ctx.timezone },
      );
    } catch (err) {
      // the database's own words (a failed query's message repeats the whole statement), short enough for the timeline
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
      const reason = (cause instanceof Error ? cause.message : String(cause)).slice(0, 300);
      await recordEvent(db, incident.id, 'notice', ctx.actor, { phase, messageId, error: reason });
      continue;
    }
    result.batchIds.push(sent.batchId);
    result.enqueued += sent.enqueued;
    await recordEvent(db, incident.id, 'notice', ctx.actor, {
      phase,
      messageId,
      channel: message.channel,
      batchId: sent.batchId,
      enqueued: sent.enqueued,
      skipped: sent.skipped,
    });
  }
  if (phase === 'start' && result.enqueued > 0) {
    await db.execute(sql`update incidents set first_notice_at = coalesce(first_notice_at, now()) where id = ${incident.id}`);
  }
  if (phase === 'restored') await settleRestored(db, incident.id, result.batchIds);
  return result;
}

/**
 * Back logins are done with: those the normalizado batches just reached or skipped, and those with no início
 * sent, pending or possibly sent (they were never told, so they are not told it is over).
 */
async function settleRestored(db: Db, id: number, batchIds: readonly number[]): Promise<void> {
  const batches = sql`${sql.param([...batchIds])}::int4[]`;
  const due = sql`il.incident_id = ${id} and il.back_at is not null and il.restored_notice_at is null`;
  const count = (statement: SQL) => sql`with u as (${statement} returning 1) select count(*)::int as n from u`;
  const [told] = await queryRows<{ n: number }>(
    db,
    count(sql`update incident_logins il set restored_notice_at = now()
     where ${due} and il.login_id in (select login_id from queue_items where batch_id = any(${batches})
                                     union all select login_id from send_skips where batch_id = any(${batches}))`),
  );
  const [untold] = await queryRows<{ n: number }>(
    db,
    count(sql`update incident_logins il set restored_notice_at = now()
     where ${due} and not exists (
       select 1 from send_batches b join queue_items q on q.batch_id = b.id
        where q.login_id = il.login_id and b.incident_phase = 'start' and q.status not in ('failed', 'cancelled')
          and b.incident_id in (${incidentFamily(id)}))`),
  );
  await refreshStatistics(db, (told?.n ?? 0) + (untold?.n ?? 0));
}
