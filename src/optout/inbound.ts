/**
 * What subscribers write to the number: an opt-out word alone (SAIR, PARAR, PARE, STOP — configurable, accents and
 * case ignored) or the template's quick-reply button "Não quero receber" puts them on the channel's descadastro
 * list and gets a confirmation (a free-form reply: their message opened WhatsApp's 24 h window). Anything else is
 * left for the human attendants (Opa! Suite, the WhatsApp app).
 */
import type { Db } from '../db/database.js';
import { foldForSearch } from '../shared/fold.js';
import type { Channel } from '../shared/vocabulary.js';
import { contactKeyOf, suppress } from './suppressions.js';

export interface Inbound {
  /** As the provider gives it (WhatsApp: digits with the country code). */
  from: string;
  text: string;
  button: boolean;
}

/** The quick-reply button's payload or label that opts out, besides the configured words. */
const BUTTON_WORDS = ['opt_out', 'nao quero receber', 'nao quero mais receber', 'descadastrar'];

/** Whether `text` asks to stop: one of `words` alone (or a button's opt-out payload). */
export function isOptOut(text: string, words: readonly string[], button = false): boolean {
  const folded = foldForSearch(text).replace(/[.!]+$/, '');
  return words.some((w) => foldForSearch(w) === folded) || (button && BUTTON_WORDS.includes(folded)) || BUTTON_WORDS.slice(1).includes(folded);
}

export interface OptOutResult {
  /** Senders that asked to stop (each gets the confirmation). */
  optedOut: string[];
  /** Of them, those not already on the list. */
  added: number;
}

export async function handleInbound(db: Db, channel: Channel, messages: readonly Inbound[], words: readonly string[]): Promise<OptOutResult> {
  const asked = messages.filter((m) => isOptOut(m.text, words, m.button));
  const entries = asked.flatMap((m) => {
    const contactKey = contactKeyOf(channel, m.from.startsWith('+') ? m.from : `+${m.from}`);
    return contactKey ? [{ channel, contactKey, note: m.text.trim().slice(0, 300), source: m.button ? ('button' as const) : ('keyword' as const) }] : [];
  });
  let added = 0;
  for (const source of ['keyword', 'button'] as const) {
    added += await suppress(db, entries.filter((e) => e.source === source), source, 'assinante');
  }
  return { optedOut: [...new Set(asked.map((m) => m.from))], added };
}
