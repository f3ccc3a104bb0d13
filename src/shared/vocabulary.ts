/**
 * The fixed vocabularies of Avisa, in one place for the server, the API contract and the web UI (browser-safe):
 * channels, queue states, skip reasons, run statuses and sync modes. Each is a frozen list with its type; labels
 * for people live in the i18n catalogues (src/web/i18n), keyed by these codes.
 */

const frozen = <const T extends readonly string[]>(values: T): T => Object.freeze(values) as T;

/** How a notice reaches a subscriber. */
export const channels = frozen(['whatsapp', 'email', 'sms']);
export type Channel = (typeof channels)[number];

/**
 * A queued message: `pending` → `claimed` (a drain holds it, attempt not counted) → `sending` (its request has
 * started) → `sent` | `failed`; `cancelled` by an operator; `uncertain` when its process died mid-request.
 */
export const queueStates = frozen(['pending', 'claimed', 'sending', 'sent', 'failed', 'cancelled', 'uncertain']);
export type QueueState = (typeof queueStates)[number];

/**
 * What a provider reports of a message after accepting it (delivery receipts, src/receipts): `sent` (it left),
 * `delivered`, `read`, `failed`. The first three may come in any order; a queue row keeps the strongest.
 */
export const receiptStatuses = frozen(['sent', 'delivered', 'read', 'failed']);
export type ReceiptStatus = (typeof receiptStatuses)[number];

/** Why a matched login got no queue row (the batch's skipped list). */
export const skipReasons = frozen([
  'opted_out',
  /** A marketing message to a contact without recorded consent (src/optout). */
  'no_consent',
  'no_mobile',
  'invalid_phone',
  'landline',
  'no_email',
  'invalid_email',
  'duplicate_in_batch',
  'already_pending',
  'recently_notified',
  'cooldown',
]);
export type SkipReason = (typeof skipReasons)[number];

/**
 * What a message is for. The recent-notice guard can compare by purpose: a subscriber who got any outage notice in
 * the last hours is not sent another outage notice by a second message. Service notices (outage, maintenance,
 * restored) go on the contract's legitimate interest; `marketing` goes only to contacts with recorded consent (LGPD).
 */
export const messagePurposes = frozen(['outage', 'maintenance', 'restored', 'other', 'marketing']);
export type MessagePurpose = (typeof messagePurposes)[number];

/** What the recent-notice guard compares: the same message, or any message of the same purpose. */
export const recentNoticeScopes = frozen(['message', 'purpose']);
export type RecentNoticeScope = (typeof recentNoticeScopes)[number];

/**
 * How soon a send leaves the queue, as people choose it (CRM, Gatilhos) and the Fila shows it: three levels stored
 * as the queue's numeric priority (higher drains first). A number between levels (from the API) shows as the level
 * below it.
 */
export const priorityLevels = Object.freeze({ routine: 0, high: 3, urgent: 5 } as const);
export type PriorityLevel = keyof typeof priorityLevels;

export function priorityLevelOf(priority: number): PriorityLevel {
  if (priority >= priorityLevels.urgent) return 'urgent';
  return priority >= priorityLevels.high ? 'high' : 'routine';
}

/** A run of the Agenda de tarefas. */
export const taskRunStatuses = frozen(['running', 'succeeded', 'failed', 'abandoned']);
export type TaskRunStatus = (typeof taskRunStatuses)[number];

/** How a status source is read: everything, or what changed since the last run. */
export const syncModes = frozen(['full', 'incremental']);
export type SyncMode = (typeof syncModes)[number];

/** A run of a status source (IXC sync, radacct). */
export const syncRunStatuses = frozen(['running', 'succeeded', 'failed']);
export type SyncRunStatus = (typeof syncRunStatuses)[number];

/** An evaluation of a gatilho. */
export const triggerRunStatuses = frozen(['enqueued', 'held', 'confirmed', 'discarded', 'failed']);
export type TriggerRunStatus = (typeof triggerRunStatuses)[number];

/** What an incident can be about: a NAS (concentrador), a POP, an FTTH box (CTO), or a hand-picked audience. */
export const elementKinds = frozen(['nas', 'pop', 'box']);
export type ElementKind = (typeof elementKinds)[number];

/**
 * An incident: `suspected` (detected) → `confirmed` (by an operator, or on its own after the kind's delay) →
 * `restored` (normalizado: most affected logins back) → `closed` (encerrado); `discarded` (false alarm) and `merged`
 * (absorbed by its parent's incident or by another one) end it too.
 */
export const incidentStates = frozen(['suspected', 'confirmed', 'restored', 'closed', 'discarded', 'merged']);
export type IncidentState = (typeof incidentStates)[number];

/** Why an incident was opened. */
export const incidentCauses = frozen(['nas_reset', 'mass_drop', 'monitoring', 'manual']);

/** The notices of an incident: início, atualização (ETA or note), normalizado. */
export const incidentPhases = frozen(['start', 'update', 'restored']);
export type IncidentPhase = (typeof incidentPhases)[number];

/** Which of an incident's logins a report filter (and a notice) selects. */
export const incidentAudiences = frozen(['affected', 'offline', 'back', 'notified_offline', 'notified_back', 'unnotified_offline']);
export type IncidentAudience = (typeof incidentAudiences)[number];
