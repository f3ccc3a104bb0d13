/**
 * The rule form's rules, kept pure: the draft as typed (cooldown in hours, numbers as text), its checks (named by
 * the server's field paths, so the server's errors land in the same places), and the conversion to the API body.
 */
import type { Message } from '../messages/types.js';
import { priorityLevelOf, priorityLevels } from '../../shared/vocabulary.js';
import { sharedFreeFields, type SharedFreeField } from '../send/logic.js';
import { type Channel, channels } from '../../shared/vocabulary.js';
import {
  DEFAULT_COOLDOWN_MINUTES,
  MAX_CEILING,
  MAX_COOLDOWN_MINUTES,
  DEFAULT_CEILING as SERVER_DEFAULT_CEILING,
} from '../../triggers/schemas.js';
import type { TriggerInput, TriggerRule } from './types.js';

/** The server's defaults and limits, as the form shows them (the cooldown in hours). */
const DEFAULT_COOLDOWN_HOURS = String(DEFAULT_COOLDOWN_MINUTES / 60);
const DEFAULT_CEILING = String(SERVER_DEFAULT_CEILING);
const MAX_COOLDOWN_HOURS = MAX_COOLDOWN_MINUTES / 60;

export interface TriggerDraft {
  name: string;
  savedFilterId: string;
  /** The chosen message of each channel, '' for none. */
  messages: Record<Channel, string>;
  freeValues: Record<string, string>;
  priority: string;
  cooldownHours: string;
  ceiling: string;
  active: boolean;
}

export type DraftProblem = 'required' | 'noMessage' | 'range' | 'number';
export type DraftErrors = Record<string, DraftProblem>;

export function emptyDraft(): TriggerDraft {
  return {
    name: '',
    savedFilterId: '',
    messages: { whatsapp: '', email: '', sms: '' },
    freeValues: {},
    priority: '0',
    cooldownHours: DEFAULT_COOLDOWN_HOURS,
    ceiling: DEFAULT_CEILING,
    active: true,
  };
}

/** Hours as the form shows them: "12", "0,5" → "0.5" is typed back as either. */
export function hoursText(minutes: number): string {
  const hours = minutes / 60;
  return Number.isInteger(hours) ? String(hours) : String(Math.round(hours * 100) / 100);
}

export function draftFromRule(rule: TriggerRule): TriggerDraft {
  const messages = { whatsapp: '', email: '', sms: '' } as Record<Channel, string>;
  for (const m of rule.messages) if (m.channel) messages[m.channel] = String(m.id);
  return {
    name: rule.name,
    savedFilterId: rule.savedFilterId === null ? '' : String(rule.savedFilterId),
    messages,
    freeValues: { ...rule.freeValues },
    priority: String(priorityLevels[priorityLevelOf(rule.priority)]),
    cooldownHours: hoursText(rule.cooldownMinutes),
    ceiling: String(rule.ceiling),
    active: rule.active,
  };
}

/** A decimal typed with a comma or a dot; NaN when it is not one. */
export function parseDecimal(text: string): number {
  const clean = text.trim().replace(',', '.');
  return /^\d+(\.\d+)?$/.test(clean) ? Number(clean) : Number.NaN;
}

/** The free fields of the chosen messages, once per key (same key = same value), in channel order. */
export function freeFieldsOf(draft: TriggerDraft, messageById: (id: string) => Message | undefined): SharedFreeField[] {
  return sharedFreeFields(channels.map((c) => (draft.messages[c] ? messageById(draft.messages[c]) : undefined)));
}

/** The form's own checks; keys are the server's field paths. */
export function validateDraft(draft: TriggerDraft, fields: readonly SharedFreeField[]): DraftErrors {
  const errors: DraftErrors = {};
  if (!draft.name.trim()) errors.name = 'required';
  if (!draft.savedFilterId) errors.savedFilterId = 'required';
  if (channels.every((c) => !draft.messages[c])) errors.messageIds = 'noMessage';
  for (const field of fields) {
    if (field.required && !(draft.freeValues[field.key] ?? '').trim()) errors[`freeValues.${field.key}`] = 'required';
  }
  const priority = parseDecimal(draft.priority);
  if (!Number.isInteger(priority) || priority > 9) errors.priority = Number.isNaN(priority) ? 'number' : 'range';
  const hours = parseDecimal(draft.cooldownHours);
  if (Number.isNaN(hours)) errors.cooldownMinutes = 'number';
  else if (hours > MAX_COOLDOWN_HOURS) errors.cooldownMinutes = 'range';
  const ceiling = parseDecimal(draft.ceiling);
  if (!Number.isInteger(ceiling)) errors.ceiling = 'number';
  else if (ceiling < 1 || ceiling > MAX_CEILING) errors.ceiling = 'range';
  return errors;
}

/** The API body of a draft that passed `validateDraft`; free values of the chosen messages only. */
export function toInput(draft: TriggerDraft, fields: readonly SharedFreeField[]): TriggerInput {
  return {
    name: draft.name.trim(),
    savedFilterId: Number(draft.savedFilterId),
    messageIds: channels.filter((c) => draft.messages[c]).map((c) => Number(draft.messages[c])),
    freeValues: Object.fromEntries(fields.map((f) => [f.key, (draft.freeValues[f.key] ?? '').trim()])),
    priority: parseDecimal(draft.priority),
    active: draft.active,
    cooldownMinutes: Math.round(parseDecimal(draft.cooldownHours) * 60),
    ceiling: parseDecimal(draft.ceiling),
  };
}

/** The channel a server error `messageIds.N` is about, given the body sent (messages in channel order). */
export function channelOfMessageError(draft: TriggerDraft, field: string | undefined): Channel | undefined {
  const match = /^messageIds\.(\d+)$/.exec(field ?? '');
  if (!match) return undefined;
  return channels.filter((c) => draft.messages[c])[Number(match[1])];
}
