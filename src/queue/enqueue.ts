/**
 * Enviar: a message to everyone a report filter matches. `planSend` counts what would happen (the confirmation
 * the operator sees); `enqueueSend` does it in one transaction: a send batch row, then ONE statement that
 * selects the audience, dedupes it by contact, skips the unreachable and the already-pending with a reason each,
 * renders the message for every recipient and inserts the queue rows and the skipped list. The same
 * idempotency key twice returns the first batch; the same message to a contact with a pending row is skipped.
 */
import { eq, type SQL, sql } from 'drizzle-orm';
import { type Db, inTransaction, queryRows } from '../db/database.js';
import { literals } from '../db/sql.js';
import { sendBatches } from '../db/schema/queue.js';
import { getMessage } from '../messages/messages.js';
import { renderSql } from '../messages/render.js';
import type { FreeValues, Message } from '../messages/schemas.js';
import { checkFreeValues } from '../messages/validate.js';
import type { IdFilter } from '../report/filter.js';
import { resolveFilterNames } from '../report/resolve-names.js';
import type { AppliedFilter } from '../report/schemas.js';
import { AppError, refused } from '../shared/errors.js';
import { notice } from '../shared/notice.js';
import type { IncidentPhase } from '../shared/vocabulary.js';
import { audienceCte } from './audience.js';
import { batchTemplate, rowPayloadSql } from './payload.js';
import { type EnqueueResult, type SendPlan, type SendRequest, type SkipCounts, sendRequestSchema } from './send-schemas.js';
import { OPEN_STATES, RECEIVED_STATES } from './states.js';
import { type RecentGuard, recentGuard } from './send-settings.js';

export type { EnqueueResult, SendPlan, SendRequest } from './send-schemas.js';

export interface Sender {
  userId: number | null;
  /** A username, or `gatilho: <name>`. */
  actor: string;
  /** A gatilho's run: its batches carry the rule, and contacts it reached within the cooldown are skipped. */
  rule?: RuleScope;
  /**
   * An incident's notice (src/incidents): the batch names the incident and phase. Its início is capped per
   * subscriber across incidents (the recent-notice guard by purpose, whatever the installation's scope); its
   * atualização and normalizado go to the people its audience names, with no guard.
   */
  incident?: { id: number; phase: IncidentPhase };
  /** A manutenção programada's reminder or cancellation notice: the batch names the window. */
  maintenance?: { id: number };
}

async function guardFor(db: Db, request: SendRequest, sender: Sender): Promise<RecentGuard | null> {
  if (sender.incident) {
    if (sender.incident.phase !== 'start') return null;
    return { ...(await recentGuard(db)), scope: 'purpose' };
  }
  return request.repeatRecent ? null : recentGuard(db);
}

export interface RuleScope {
  id: number;
  cooldownMinutes: number;
}

async function activeMessage(db: Db, id: number): Promise<Message> {
  const message = await getMessage(db, id).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'NOT_FOUND') throw refused('messageId', notice('form_message_missing', { id }));
    throw err;
  });
  if (!message.active) throw refused('messageId', notice('form_message_inactive', { description: message.description }));
  return message;
}

/**
 * `busy` (the contacts this message is already pending, claimed or sending to), `recent` (the contacts the
 * recent-notice guard holds back) and `pending` (one row per reachable contact, with why it is held back —
 * `already_pending`, `cooldown`, `recently_notified` — or null). The checks are uncorrelated `in` lists, read from
 * queue_items once, before the first row is inserted (`busy` and `recent` are materialised): a per-row probe of
 * queue_items could be planned as a scan of a table the statement itself is filling (after an ANALYZE saw it empty:
 * 120,000 rows took 7 minutes). The cooldown reads only the rule's batches within the window (a handful, each ≤ the
 * rule's ceiling); the guard reads the rows of the message (or of the messages of its purpose) finished within the
 * window (queue_items_recent_idx), and, by purpose, the other messages' open rows.
 */
const pendingCte = (messageId: number, rule?: RuleScope, recent?: RecentGuard | null): SQL => {
  const guard = recent && recent.hours > 0 ? recent : null;
  const ofGuard =
    guard?.scope === 'purpose'
      ? sql`message_id in (select id from messages where purpose = (select purpose from messages where id = ${messageId}))`
      : sql`message_id = ${messageId}`;
  const recentCte = guard
    ? sql`,
  recent as materialized (
    select contact_key from queue_items where ${ofGuard} and status in ${literals(RECEIVED_STATES)}
      and finished_at > now() - make_interval(hours => ${guard.hours}::int)
    ${
      guard.scope === 'purpose'
        ? sql`union all select contact_key from queue_items where ${ofGuard} and message_id <> ${messageId}
      and status in ${literals(OPEN_STATES)}`
        : sql``
    }
  )`
    : sql``;
  return sql`busy as materialized (
    select contact_key from queue_items where message_id = ${messageId} and status in ${literals(OPEN_STATES)}
  )${recentCte},
  pending as (
    select m.*, case
      when m.contact_key in (select contact_key from busy) then 'already_pending'
      ${
        rule
          ? sql`when m.contact_key in (
        select q.contact_key from send_batches b join queue_items q on q.batch_id = b.id
        where b.rule_id = ${rule.id} and b.created_at > now() - make_interval(mins => ${rule.cooldownMinutes})
          and q.status <> 'cancelled'
      ) then 'cooldown'`
          : sql``
      }
      ${guard ? sql`when m.contact_key in (select contact_key from recent) then 'recently_notified'` : sql``}
    end as held
    from matched m where m.problem is null and m.rn = 1
  )`;
};

/**
 * Every skipped login with its reason — unreachable, deduped into another login of the same contact, or held —
 * and the contact to show: what the client has on file when it is unusable, else the normalised one.
 */
const skippedRows = (columns: (reason: SQL, contact: SQL) => SQL): SQL =>
  sql`select ${columns(sql`problem`, sql`raw_contact`)} from matched where problem is not null
    union all select ${columns(sql`'duplicate_in_batch'`, sql`contact`)} from matched where problem is null and rn > 1
    union all select ${columns(sql`held`, sql`contact`)} from pending where held is not null`;

const skipCountsOf = (rows: SQL): SQL =>
  sql`(select coalesce(jsonb_object_agg(reason, n), '{}'::jsonb) from (select reason, count(*)::int as n from (${rows}) x group by reason) s)`;

const total = (counts: SkipCounts) => Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);

/** The plan, and the filter as it ran (names resolved to ids: the send by name is the send by id). */
export async function planSend(
  db: Db,
  input: SendRequest,
  now = new Date(),
  rule?: RuleScope,
): Promise<SendPlan & { appliedFilter: AppliedFilter }> {
  return (await planMessageSend(db, input, now, rule)).plan;
}

/** The plan, with the message and the resolved filter it was made for (the send dialog renders samples from them). */
export async function planMessageSend(
  db: Db,
  input: SendRequest,
  now = new Date(),
  rule?: RuleScope,
): Promise<{ plan: SendPlan & { appliedFilter: AppliedFilter }; message: Message; filter: IdFilter }> {
  const request = sendRequestSchema.parse(input);
  const message = await activeMessage(db, request.messageId);
  const { filter, applied } = await resolveFilterNames(db, request.filter);
  const audience = audienceCte({ channel: message.channel, filter, now, marketing: message.purpose === 'marketing' });
  const recent = request.repeatRecent ? null : await recentGuard(db);
  const [row] = await queryRows<{ matched: number; recipients: number; enqueue: number; skip_counts: SendPlan['skipCounts'] }>(
    db,
    sql`with ${audience}, ${pendingCte(message.id, rule, recent)}
      select (select count(*) from matched)::int as matched,
        (select count(*) from pending)::int as recipients,
        (select count(*) from pending where held is null)::int as enqueue,
        ${skipCountsOf(skippedRows((reason) => sql`${reason} as reason`))} as skip_counts`,
  );
  const skipCounts = row!.skip_counts;
  const plan = {
    matched: row!.matched,
    recipients: row!.recipients,
    enqueue: row!.enqueue,
    skipped: total(skipCounts),
    skipCounts,
    recent: recent ?? { hours: 0, scope: 'message' as const },
    appliedFilter: applied,
  };
  return { plan, message, filter };
}

export async function enqueueSend(
  db: Db,
  input: SendRequest,
  sender: Sender,
  options: { timezone: string; now?: Date },
): Promise<EnqueueResult> {
  const request = sendRequestSchema.parse(input);
  const now = options.now ?? new Date();
  const message = await activeMessage(db, request.messageId);
  // The batch keeps the filter as it ran (ids): what was sent stays legible after a NAS is renamed.
  const { filter } = await resolveFilterNames(db, request.filter);
  const free = checkFreeValues(message, request.free);
  const repeatReason = request.repeatRecent ? request.repeatReason : undefined;
  if (request.repeatRecent && !repeatReason) {
    throw refused('repeatReason', notice('repeat_reason_required'));
  }
  const recent = await guardFor(db, request, sender);

  return inTransaction(db, async (t) => {
    // One enqueue per message at a time: concurrent clicks see each other's rows as "already pending".
    await lockMessage(t, message.id);
    // The dedupe sort of ~100,000 rendered rows fits in memory instead of spilling to disk.
    await t.execute(sql`set local work_mem = '64MB'`);
    if (request.idempotencyKey) {
      const [earlier] = await t.select().from(sendBatches).where(eq(sendBatches.idempotencyKey, request.idempotencyKey));
      if (earlier) {
        const skipCounts = earlier.skipCounts as EnqueueResult['skipCounts'];
        return { batchId: earlier.id, matched: earlier.matched, enqueued: earlier.enqueued, skipped: earlier.skipped, skipCounts, replayed: true };
      }
    }
    const [batch] = await t
      .insert(sendBatches)
      .values({
        channel: message.channel,
        messageId: message.id,
        messageDescription: message.description,
        integrationId: message.integrationId,
        createdBy: sender.userId,
        actor: sender.actor,
        filter,
        freeValues: free,
        template: batchTemplate(message),
        priority: request.priority,
        idempotencyKey: request.idempotencyKey ?? null,
        ruleId: sender.rule?.id ?? null,
        repeatReason: repeatReason ?? null,
        incidentId: sender.incident?.id ?? null,
        incidentPhase: sender.incident?.phase ?? null,
        maintenanceId: sender.maintenance?.id ?? null,
        matched: 0,
        enqueued: 0,
        skipped: 0,
        skipCounts: {},
      })
      .returning({ id: sendBatches.id });
    const batchId = batch!.id;
    const statement = enqueueSql({
      batchId,
      message,
      filter,
      priority: request.priority,
      free,
      rule: sender.rule,
      recent,
      timezone: options.timezone,
      now,
    });
    const [row] = await queryRows<{ matched: number; enqueued: number; skip_counts: EnqueueResult['skipCounts'] }>(t, statement);
    const result = { matched: row!.matched, enqueued: row!.enqueued, skipCounts: row!.skip_counts };
    const skipped = total(result.skipCounts);
    await t
      .update(sendBatches)
      .set({ matched: result.matched, enqueued: result.enqueued, skipped, skipCounts: result.skipCounts })
      .where(eq(sendBatches.id, batchId));
    return { batchId, ...result, skipped, replayed: false };
  });
}

/**
 * The enqueue of a batch as ONE statement: the audience with the message rendered for each recipient, deduped and
 * held back (`pending`), inserted as queue rows, the rest as the batch's skipped list; returns the counts.
 */
export function enqueueSql(options: {
  batchId: number;
  message: Message;
  /** Resolved (ids only): see resolveFilterNames. */
  filter: IdFilter;
  priority: number;
  free: FreeValues;
  rule?: RuleScope | undefined;
  /** The recent-notice guard (null: none, or overridden). */
  recent?: RecentGuard | null;
  timezone: string;
  now: Date;
}): SQL {
  const { batchId, message } = options;
  const rendered = renderSql(message, { timezone: options.timezone, free: options.free });
  const audience = audienceCte({
    marketing: message.purpose === 'marketing',
    channel: message.channel,
    filter: options.filter,
    now: options.now,
    rendered: { sql: rendered, payload: rowPayloadSql(message.channel, rendered) },
  });
  return sql`with ${audience},
        ${pendingCte(message.id, options.rule, options.recent)},
        ins as (
          insert into queue_items (batch_id, channel, message_id, integration_id, client_id, login_id, login, contact,
            contact_key, payload, priority)
          select ${batchId}::int, ${message.channel}::text, ${message.id}::int, ${message.integrationId}::int, r.client_id,
            r.login_id, r.login, r.contact, r.contact_key, r.payload, ${options.priority}::smallint
          from pending r
          where r.held is null
          returning 1
        ),
        skipped as (
          insert into send_skips (batch_id, client_id, login_id, login, contact, reason)
          ${skippedRows((reason, contact) => sql`${batchId}::int, client_id, login_id, login, ${contact}, ${reason}`)}
          returning reason
        )
        select (select count(*) from matched)::int as matched, (select count(*) from ins)::int as enqueued,
          ${skipCountsOf(sql`select reason from skipped`)} as skip_counts`;
}

/** First key of the advisory locks taken per message while its rows are made pending. */
const LOCK_CLASS = 0x41564953; // "AVIS"

/**
 * Serialises everything that makes rows of one message pending (an enqueue, a Reenviar) until the transaction
 * ends, so each sees the other's rows and none trips the one-pending-row-per-contact index.
 */
export async function lockMessage(tx: Db, messageId: number): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_CLASS}, ${messageId})`);
}
