/**
 * The groups of queue states the queue's statements select by, typed against the vocabulary
 * (src/shared/vocabulary.ts) and written into SQL as literals (src/db/sql.ts `literals`) — so the one-open-row-per-
 * contact index's predicate still matches, and the snapshots (src/db/snapshots) show any change.
 */
import type { QueueState } from '../shared/vocabulary.js';

/** A row a send still owes: at most one per message and contact (queue_items_pending_contact_uq's predicate). */
export const OPEN_STATES: readonly QueueState[] = ['pending', 'claimed', 'sending'];
/** Held by a drain under a lease. */
export const LEASED_STATES: readonly QueueState[] = ['claimed', 'sending'];
/** Not started: Cancelar may still stop it. */
export const UNSTARTED_STATES: readonly QueueState[] = ['pending', 'claimed'];
/** A drain's answer may still settle it (a row the sweeper made uncertain too). */
export const SETTLEABLE_STATES: readonly QueueState[] = ['claimed', 'sending', 'uncertain'];
/** A row whose message reached (or may have reached) its contact: what the recent-notice guard counts. */
export const RECEIVED_STATES: readonly QueueState[] = ['sent', 'uncertain'];
