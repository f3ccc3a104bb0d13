/**
 * WhatsApp's messaging limit as a hold, the way Opa! Suite's daily template limit is held: Meta lets a business
 * reach at most N distinct users with templates in a rolling 24 h (its tier: 250, 2,000, 10,000, 100,000 or
 * unlimited, shared since Oct 2025 by every number of the business portfolio — here, by every Cloud API
 * integration of the installation). The provider reads N (`Provider.recipientLimit`); the queue knows who was
 * reached: the contacts of the rows sent (or maybe sent) in the last 24 h. A run reserves a recipient before each
 * send: one already reached costs nothing, a new one takes a unit, and when none is left the run stops with
 * `messaging_limit` and the rest waits in the fila for a later run, as the window rolls on.
 *
 * Counted per run from the database, so two processes draining at once may each take the same last units; Meta's
 * own refusal of the extra sends is then the backstop (their rows are retried later).
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import { granted } from '../providers/reservation.js';
import type { Reservation } from '../providers/types.js';
import { notice } from '../shared/notice.js';

export interface RecipientBudget {
  /** Takes a unit for this recipient (none if already reached); the row is held when there is none left. */
  reserve(contact: string): Reservation;
}

/**
 * Who the integrations of this one's kind (for the Cloud API: the installation's numbers, one portfolio) reached
 * in the last 24 h: accepted, or in flight (a lease may not know yet).
 */
async function reachedContacts(db: Db, integrationId: number): Promise<Set<string>> {
  const rows = await queryRows<{ contact: string }>(
    db,
    // By message, on the recent-notice index (message_id, finished_at) of sent and uncertain rows, rather than
    // another index on every sent row: this runs once per run of a Cloud API integration.
    sql`with same as (select id from integrations where kind = (select kind from integrations where id = ${integrationId}))
        select distinct q.contact_key as contact
          from queue_items q
         where q.integration_id in (select id from same)
           and ((q.message_id in (select m.id from messages m where m.integration_id in (select id from same))
                 and q.status in ('sent', 'uncertain') and q.finished_at > now() - interval '24 hours')
                or q.status = 'sending')`,
  );
  return new Set(rows.map((r) => r.contact));
}

/** The budget for a run, or null when there is none to keep (unlimited tier, or a limit that could not be read). */
export async function recipientBudget(db: Db, integrationId: number, limit: number | null | undefined): Promise<RecipientBudget | null> {
  if (limit === null || limit === undefined) return null;
  const reached = await reachedContacts(db, integrationId);
  return {
    reserve(contact) {
      if (reached.has(contact)) return { ok: true, settle() {} };
      if (reached.size >= limit) return { ok: false, notice: notice('messaging_limit', { limit, used: reached.size }) };
      reached.add(contact);
      return granted((attempted) => {
        if (!attempted) reached.delete(contact);
      });
    },
  };
}

/** Both holds of one send, taken in order and given back together: the recipient budget, then the provider's own. */
export async function reserveBoth(budget: Reservation | null, provider: () => Promise<Reservation> | null): Promise<Reservation | null> {
  if (budget && !budget.ok) return budget;
  const own = await provider();
  if (own && !own.ok) {
    if (budget?.ok) budget.settle(false);
    return own;
  }
  if (!budget && !own) return null;
  return {
    ok: true,
    settle(attempted) {
      if (budget?.ok) budget.settle(attempted);
      if (own?.ok) own.settle(attempted);
    },
  };
}
