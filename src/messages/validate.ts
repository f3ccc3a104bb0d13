/**
 * The checks a message must pass besides its shape: every placeholder bound (WhatsApp, by position) or known
 * (e-mail/SMS, by name), free fields unique and not shadowing catalogue variables, and at send/preview time every
 * required free field filled. Errors name the field, e.g. `content.variables.2.field`.
 */
import { refused } from '../shared/errors.js';
import { notice } from '../shared/notice.js';
import { catalogueEntry } from './catalogue.js';
import { fillByNumber, fillByPosition, numberedPlaceholders, placeholdersOf } from '../shared/placeholders.js';
import type { FreeField, FreeValues, MessageDraft } from './schemas.js';


function checkFreeFields(freeFields: readonly FreeField[]): void {
  const seen = new Set<string>();
  freeFields.forEach((free, i) => {
    const field = `content.freeFields.${i}.key`;
    if (catalogueEntry(free.key)) throw refused(field, notice('free_key_is_variable', { key: free.key }));
    if (seen.has(free.key)) throw refused(field, notice('free_key_twice', { key: free.key }));
    seen.add(free.key);
  });
}

function checkNamedText(draft: MessageDraft, field: string, text: string | undefined): void {
  if (text === undefined) return;
  const free = new Set(draft.content.freeFields.map((f) => f.key));
  for (const name of placeholdersOf(text)) {
    if (!catalogueEntry(name) && !free.has(name)) {
      throw refused(`content.${field}`, notice('unknown_variable', { name }));
    }
  }
}

/** The placeholders a WhatsApp template's variables fill, in order: every occurrence (Opa!) or each number once (Cloud API). */
export function templatePlaceholders(content: { provider?: 'opa' | 'cloudapi'; templateText: string }): string[] {
  return content.provider === 'cloudapi' ? numberedPlaceholders(content.templateText) : placeholdersOf(content.templateText);
}

/** The WhatsApp template's text with its variables' values in. */
export function fillTemplate(content: { provider?: 'opa' | 'cloudapi'; templateText: string }, values: readonly string[]): string {
  return content.provider === 'cloudapi' ? fillByNumber(content.templateText, values) : fillByPosition(content.templateText, values);
}

/** Throws a VALIDATION error naming the first problem. */
export function checkMessage(draft: MessageDraft): void {
  checkFreeFields(draft.content.freeFields);
  if (draft.channel === 'whatsapp') {
    const { variables, freeFields } = draft.content;
    const expected = templatePlaceholders(draft.content).length;
    if (variables.length !== expected) {
      throw refused('content.variables', notice('variable_count', { expected, given: variables.length }));
    }
    const free = new Set(freeFields.map((f) => f.key));
    variables.forEach((binding, i) => {
      if (binding.type === 'field' && !catalogueEntry(binding.field)) {
        throw refused(`content.variables.${i}.field`, notice('unknown_system_variable', { field: binding.field }));
      }
      if (binding.type === 'free' && !free.has(binding.key)) {
        throw refused(`content.variables.${i}.key`, notice('not_free_field', { key: binding.key }));
      }
    });
    return;
  }
  if (draft.channel === 'email') {
    checkNamedText(draft, 'subject', draft.content.subject);
    checkNamedText(draft, 'text', draft.content.text);
    checkNamedText(draft, 'html', draft.content.html);
    return;
  }
  checkNamedText(draft, 'text', draft.content.text);
}

/** The free values a send carries, trimmed; a required free field left empty is an error naming it. */
export function checkFreeValues(draft: MessageDraft, values: FreeValues, prefix = 'free'): FreeValues {
  const out: FreeValues = {};
  for (const free of draft.content.freeFields) {
    const value = (values[free.key] ?? '').trim();
    if (!value && free.required) throw refused(`${prefix}.${free.key}`, notice('free_value_required', { label: free.label }));
    out[free.key] = value;
  }
  return out;
}
