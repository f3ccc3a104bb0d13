/**
 * Text PostgreSQL cannot store: a NUL character (refused in `text` and `jsonb`) or a lone UTF-16 surrogate (what a
 * JSON `"\ud800"` or a broken percent-encoding decodes to; the driver would store it as U+FFFD, silently). Checked
 * where text comes in: an HTTP request (src/http/input-guard.ts) and an imported row (src/ingest/validate.ts); what
 * an import job records about its file (column names, row errors) is made storable (src/imports/jobs.ts).
 */
const LONE_SURROGATE = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const loneSurrogate = new RegExp(LONE_SURROGATE);

/** What in `text` cannot be stored, or null when it can. */
export function unstorableKind(text: string): 'nul' | 'surrogate' | null {
  if (text.includes('\u0000')) return 'nul';
  if (loneSurrogate.test(text)) return 'surrogate';
  return null;
}

/** Why `text` cannot be stored, or null when it can. */
export function unstorableText(text: string): string | null {
  const kind = unstorableKind(text);
  if (kind === null) return null;
  return kind === 'nul' ? 'contains a NUL character' : 'is not valid UTF-8 text';
}

const unstorableChars = new RegExp(`\\u0000|${LONE_SURROGATE}`, 'g');

/** `text` with what cannot be stored replaced by U+FFFD: for text about the input (a column name, a message), not data. */
export function storable(text: string): string {
  return text.replace(unstorableChars, '\uFFFD');
}
