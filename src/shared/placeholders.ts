/**
 * `{{name}}` placeholders in message text: Opa! Suite template texts (filled by position, every occurrence
 * counting) and Avisa's own e-mail and SMS texts (filled by name).
 */

export type TextPart = { literal: string } | { placeholder: string };

const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;

/** The text cut into literals and placeholders, in order. */
export function splitText(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push({ literal: text.slice(last, match.index) });
    parts.push({ placeholder: match[1]! });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ literal: text.slice(last) });
  return parts;
}

/** Placeholder names in order of appearance, repeats included. */
export function placeholdersOf(text: string): string[] {
  return splitText(text).flatMap((part) => ('placeholder' in part ? [part.placeholder] : []));
}

/** Replaces the i-th placeholder with `values[i]` (Opa's positional filling); missing values leave `{{name}}`. */
export function fillByPosition(text: string, values: readonly string[]): string {
  let i = 0;
  return splitText(text)
    .map((part) => ('literal' in part ? part.literal : (values[i++] ?? `{{${part.placeholder}}}`)))
    .join('');
}

/** A Cloud API template's parameters: `{{1}}`, `{{2}}`… by number, each counted once (`{{1}}` may repeat). */
export function numberedPlaceholders(text: string): string[] {
  const numbers = [...new Set(placeholdersOf(text).filter((p) => /^\d+$/.test(p)))].map(Number).sort((a, b) => a - b);
  return numbers.map(String);
}

/** Replaces every `{{n}}` with `values[n-1]` (WhatsApp's filling of a Cloud API template). */
export function fillByNumber(text: string, values: readonly string[]): string {
  return splitText(text)
    .map((part) => ('literal' in part ? part.literal : /^\d+$/.test(part.placeholder) ? (values[Number(part.placeholder) - 1] ?? `{{${part.placeholder}}}`) : `{{${part.placeholder}}}`))
    .join('');
}
