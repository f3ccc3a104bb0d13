/**
 * The registered messages an incident or a maintenance window sends in each of its phases: each must exist, be
 * active, be of a different channel within a phase, and ask for no required free field Avisa cannot fill; and the
 * values of those free fields, filled by key.
 */
import type { Db } from '../db/database.js';
import { getMessage } from '../messages/messages.js';
import type { FreeValues, Message } from '../messages/schemas.js';
import { refused } from '../shared/errors.js';
import { notice } from '../shared/notice.js';

/** Checks `input` (phase → message ids), naming the offending entry as `messages.<phase>.<i>`. */
export async function checkPhaseMessages(db: Db, input: Readonly<Record<string, readonly number[]>>, fills: readonly string[]): Promise<void> {
  for (const [phase, ids] of Object.entries(input)) {
    const channels = new Set<string>();
    for (const [i, id] of ids.entries()) {
      const field = `messages.${phase}.${i}`;
      const message = await getMessage(db, id).catch(() => {
        throw refused(field, notice('form_message_missing', { id }));
      });
      if (!message.active) throw refused(field, notice('form_message_inactive', { description: message.description }));
      if (channels.has(message.channel)) throw refused(field, notice('phase_channel_twice'));
      channels.add(message.channel);
      const unknown = message.content.freeFields.find((f) => f.required && !fills.includes(f.key));
      if (unknown) {
        throw refused(field, notice('free_unfillable', { key: unknown.key, fills: fills.join(', ') }));
      }
    }
  }
}

/** A message's free fields from `known` by key (keys it does not know stay blank). */
export function fillFreeFields(message: Message, known: Readonly<Record<string, string>>): FreeValues {
  const out: FreeValues = {};
  for (const f of message.content.freeFields) out[f.key] = known[f.key] ?? '';
  return out;
}

/** `05/12 23:00` in the installation's timezone: how notices write a time. */
export function noticeTime(at: Date | string, timezone: string): string {
  const format = new Intl.DateTimeFormat('pt-BR', { timeZone: timezone, day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' });
  return format.format(new Date(at)).replace(',', '');
}
