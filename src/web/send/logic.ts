/** The CRM tab's rules, kept pure: free fields of the chosen messages, what a send needs, the confirmation's lines. */
import type { FreeField, Message } from '../messages/types.js';
import type { DailyLimit } from './types.js';

/** A free field shown once for every chosen message that asks for it (same key = same value). */
export interface SharedFreeField extends FreeField {
  /** Ids of the chosen messages that use it. */
  messageIds: number[];
}

/**
 * The free fields of the chosen messages, in message order (Opa, e-mail, SMS) and first appearance; a key used by
 * several messages appears once, required when any of them requires it.
 */
export function sharedFreeFields(messages: readonly (Message | undefined)[]): SharedFreeField[] {
  const byKey = new Map<string, SharedFreeField>();
  for (const message of messages) {
    if (!message) continue;
    for (const field of message.content.freeFields) {
      const known = byKey.get(field.key);
      if (known) {
        known.required ||= field.required;
        if (!known.messageIds.includes(message.id)) known.messageIds.push(message.id);
      } else {
        byKey.set(field.key, { ...field, messageIds: [message.id] });
      }
    }
  }
  return [...byKey.values()];
}

/** The values `message` takes (its own keys only, trimmed). */
export function freeValuesFor(message: Message, values: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(message.content.freeFields.map((f) => [f.key, (values[f.key] ?? '').trim()]));
}

/** Required free fields of `message` still empty. */
export function missingFreeFields(message: Message, values: Readonly<Record<string, string>>): FreeField[] {
  return message.content.freeFields.filter((f) => f.required && !(values[f.key] ?? '').trim());
}

/** Whether sending to `recipients` goes past what the WhatsApp channel may still send today. */
export function exceedsDailyLimit(recipients: number, limit: DailyLimit | null | undefined): boolean {
  return !!limit && recipients > limit.availableAmount;
}

type RandomSource = Pick<Crypto, 'getRandomValues'> & { randomUUID?: () => string };

/**
 * A key for one confirmation: crypto.randomUUID where the page is a secure context, else 16 random bytes in hex
 * (randomUUID does not exist on plain-HTTP LAN installs; getRandomValues does).
 */
export function newIdempotencyKey(source: RandomSource = globalThis.crypto): string {
  if (typeof source.randomUUID === 'function') return source.randomUUID();
  const bytes = source.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
