/**
 * Descadastros and Consentimentos take contacts pasted one per line; the server names a bad one by its row
 * (`entries.3.contact`, or `contact` when one is added alone). These turn the text into rows and a refusal back
 * into the line the operator typed, so the form can say which one, in the operator's language.
 */
import type { Channel } from '../../shared/vocabulary.js';
import { ApiError } from '../api.js';

/** The contacts typed, one per line, blank lines dropped. */
export function contactLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The line (1-based, among `lines`) a 400 names, with what was typed on it; null when it names no contact. */
export function badContactLine(error: unknown, lines: readonly string[]): { line: number; contact: string } | null {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION' || !error.field) return null;
  const index = error.field === 'contact' ? 0 : Number(/^entries\.(\d+)\.contact$/.exec(error.field)?.[1] ?? Number.NaN);
  const contact = lines[index];
  return contact === undefined ? null : { line: index + 1, contact };
}

/** Which message fits a bad contact of `channel`: not a mobile, or not an address. */
export const contactKind = (channel: Channel): 'email' | 'phone' => (channel === 'email' ? 'email' : 'phone');
