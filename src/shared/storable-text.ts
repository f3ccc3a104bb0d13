/**
 * Text PostgreSQL cannot store: a NUL character (refused in `text` and `jsonb`) or a lone UTF-16 surrogate (what a
 * JSON `"\ud800"` or a broken percent-encoding decodes to; the driver would store it as U+FFFD, silently). Checked
 * where text comes in: an HTTP request (src/http/input-guard.ts) and an imported row (src/ingest/validate.ts); what
 * an import job records about its file (column names, row errors) is made storable (src/imports/jobs.ts).
 */
const LONE_SURROGATE = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const loneSurrogate = new RegExp(LONE_SURROGATE);

/** Why `text` cannot be stored, or null when it can. */
export function unstorableText(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character';
  if (loneSurrogate.test(text)) return 'is not valid UTF-8 text';
  return null;
}

const unstorableChars = new RegExp(`\\u0000|${LONE_SURROGATE}`, 'g');

/** `text` with what cannot be stored replaced by U+FFFD: for text about the input (a column name, a message), not data. */
export function storable(text: string): string {
  return text.replace(unstorableChars, '\uFFFD');
}
