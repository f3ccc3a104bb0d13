/**
 * What a rule points at, checked: its saved filter (still there, still a valid report filter), its messages
 * (there, active, one per channel) and the free values they require. Saving a rule and evaluating it use the
 * same check; a save answers with a VALIDATION error naming the field (in English, like the rest of the API),
 * an evaluation records the problem in the rule's history as a notice, rendered in the reader's language.
 */
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { messages } from '../db/schema/messaging.js';
import { savedFilters } from '../db/schema/report.js';
import { getMessage } from '../messages/messages.js';
import type { FreeValues, Message } from '../messages/schemas.js';
import { type IdFilter, reportFilterSchema } from '../report/filter.js';
import { resolveFilterNames } from '../report/resolve-names.js';
import { AppError } from '../shared/errors.js';
import { type Notice, notice, said } from '../shared/notice.js';
import type { Channel } from '../shared/vocabulary.js';

export interface RuleRefs {
  savedFilterId: number | null;
  messageIds: number[];
  freeValues: FreeValues;
}

export interface ResolvedRule {
  /** The saved filter with its names (if any) resolved to ids, as of this evaluation. */
  filter: IdFilter;
  savedFilterName: string;
  /** In ascending id order: the order their enqueue locks are taken, so two rules never wait on each other. */
  messages: Message[];
  /** The free values the chosen messages use, trimmed; keys of no chosen message are dropped. */
  freeValues: FreeValues;
}

export type RuleProblem =
  | { kind: 'filter_missing'; field: 'savedFilterId' }
  | { kind: 'filter_invalid'; field: 'savedFilterId'; name: string; detail: string }
  | { kind: 'message_missing'; field: string; id: number }
  | { kind: 'message_inactive'; field: string; description: string }
  | { kind: 'message_twice'; field: string; id: number }
  | { kind: 'channel_twice'; field: string; channel: Channel; first: string; second: string }
  | { kind: 'free_required'; field: string; label: string; description: string };

export type Resolution = { ok: true; rule: ResolvedRule } | { ok: false; problem: RuleProblem };

const channelName: Record<Channel, string> = { whatsapp: 'WhatsApp', email: 'e-mail', sms: 'SMS' };

export async function resolveRule(db: Db, refs: RuleRefs): Promise<Resolution> {
  const fail = (problem: RuleProblem): Resolution => ({ ok: false, problem });
  if (refs.savedFilterId === null) return fail({ kind: 'filter_missing', field: 'savedFilterId' });
  const [saved] = await db
    .select({ name: savedFilters.name, filter: savedFilters.filter })
    .from(savedFilters)
    .where(eq(savedFilters.id, refs.savedFilterId));
  if (!saved) return fail({ kind: 'filter_missing', field: 'savedFilterId' });
  const parsed = reportFilterSchema.safeParse(saved.filter);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const detail = `${issue?.path.join('.') || 'filter'}: ${issue?.message ?? 'invalid'}`;
    return fail({ kind: 'filter_invalid', field: 'savedFilterId', name: saved.name, detail });
  }
  // A saved filter keeps names as typed; one that no longer matches (a renamed NAS) stops the rule, said so.
  let filter: IdFilter;
  try {
    filter = (await resolveFilterNames(db, parsed.data, { field: '' })).filter;
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'VALIDATION') throw err;
    return fail({ kind: 'filter_invalid', field: 'savedFilterId', name: saved.name, detail: err.message });
  }

  const found: Message[] = [];
  const byChannel = new Map<string, Message>();
  for (const [i, id] of refs.messageIds.entries()) {
    const field = `messageIds.${i}`;
    if (refs.messageIds.indexOf(id) !== i) return fail({ kind: 'message_twice', field, id });
    const message = await getMessage(db, id).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return undefined;
      throw err;
    });
    if (!message) return fail({ kind: 'message_missing', field, id });
    if (!message.active) return fail({ kind: 'message_inactive', field, description: message.description });
    const other = byChannel.get(message.channel);
    if (other) {
      return fail({ kind: 'channel_twice', field, channel: message.channel, first: other.description, second: message.description });
    }
    byChannel.set(message.channel, message);
    found.push(message);
  }

  const freeValues: FreeValues = {};
  for (const message of found) {
    for (const free of message.content.freeFields) {
      const value = (refs.freeValues[free.key] ?? '').trim();
      if (!value && free.required) {
        return fail({ kind: 'free_required', field: `freeValues.${free.key}`, label: free.label, description: message.description });
      }
      freeValues[free.key] = value;
    }
  }
  return { ok: true, rule: { filter, savedFilterName: saved.name, messages: found.sort((a, b) => a.id - b.id), freeValues } };
}

/** For the API: what is wrong, in English after the field (scripts), and as a notice (the screens). */
export function problemError(problem: RuleProblem): AppError {
  const text = ((): string => {
    switch (problem.kind) {
      case 'filter_missing':
        return 'the saved filter does not exist (deleted?); choose another';
      case 'filter_invalid':
        return `the saved filter "${problem.name}" is no longer valid (${problem.detail}); fix it in the report`;
      case 'message_missing':
        return `no message ${problem.id}`;
      case 'message_inactive':
        return `message "${problem.description}" is inactive`;
      case 'message_twice':
        return `message ${problem.id} is chosen twice`;
      case 'channel_twice':
        return `only one ${channelName[problem.channel]} message per rule ("${problem.first}" and "${problem.second}")`;
      case 'free_required':
        return `"${problem.label}" (message "${problem.description}") is required`;
    }
  })();
  return new AppError('VALIDATION', `${problem.field}: ${text}`, problem.field, problemNotice(problem));
}

/** For the rule's history: why a run failed, as a notice (the filter check's own words as its detail). */
export function problemNotice(problem: RuleProblem): Notice {
  switch (problem.kind) {
    case 'filter_missing':
      return notice('filter_missing');
    case 'filter_invalid':
      return said('filter_invalid', problem.detail, { name: problem.name });
    case 'message_missing':
      return notice('message_missing', { id: problem.id });
    case 'message_inactive':
      return notice('message_inactive', { description: problem.description });
    case 'message_twice':
      return notice('message_twice', { id: problem.id });
    case 'channel_twice':
      return notice('channel_twice', { channel: problem.channel, first: problem.first, second: problem.second });
    case 'free_required':
      return notice('free_required', { label: problem.label, description: problem.description });
  }
}

/** The checked parts of a rule, or the API's VALIDATION error naming the field. */
export async function resolveOrThrow(db: Db, refs: RuleRefs): Promise<ResolvedRule> {
  const resolution = await resolveRule(db, refs);
  if (!resolution.ok) throw problemError(resolution.problem);
  return resolution.rule;
}

/** Message rows by id, for showing a rule's messages (deleted ones are absent). */
export async function messageRows(db: Db, ids: number[]) {
  if (ids.length === 0) return new Map<number, { id: number; channel: string; description: string; active: boolean }>();
  const rows = await db
    .select({ id: messages.id, channel: messages.channel, description: messages.description, active: messages.active })
    .from(messages)
    .where(inArray(messages.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}
