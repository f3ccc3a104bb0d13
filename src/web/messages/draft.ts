/**
 * The message form as plain data: one draft for the three channels, the request body built from it, the first
 * mapping offered for a template's placeholders, the checks made before sending (keyed by the same field paths
 * the server uses, e.g. `content.variables.2.field`, so both kinds of error land under the same control), and
 * inserting `{{variable}}` at the cursor.
 */
import type { MessagePurpose } from '../../shared/vocabulary.js';
import { numberedPlaceholders, placeholdersOf } from '../../shared/placeholders.js';
import type { Binding, Channel, FreeField, Message, MessageInput } from './types.js';

export { placeholdersOf };

/** Which WhatsApp provider the message's integration is: its template is picked and filled accordingly. */
export type WhatsAppProvider = 'opa' | 'cloudapi';

/** The placeholders a template's variables fill: every occurrence (Opa!), or each `{{n}}` once (Cloud API). */
export function templatePlaceholders(provider: WhatsAppProvider, templateText: string): string[] {
  return provider === 'cloudapi' ? numberedPlaceholders(templateText) : placeholdersOf(templateText);
}

export type BindingType = Binding['type'];
export const bindingTypes: readonly BindingType[] = ['field', 'literal', 'free'];

/** One row of Variáveis: every kind's value kept, so switching the type back and forth loses nothing. */
export interface BindingRow {
  type: BindingType;
  field: string;
  value: string;
  key: string;
}

export interface MessageDraft {
  channel: Channel;
  description: string;
  /** The select's value; '' while none is chosen. */
  integrationId: string;
  active: boolean;
  purpose: MessagePurpose;
  /** WhatsApp: the integration's provider (Opa! Suite channel + template, or a Cloud API template by name). */
  provider: WhatsAppProvider;
  /** Opa! Suite only. */
  opaChannelId: string;
  opaChannelName: string;
  templateId: string;
  /** Opa's atalho, or the Cloud API template's name. */
  templateAtalho: string;
  templateText: string;
  /** Cloud API only: the template's language and Meta category. */
  language: string;
  category: string;
  bindings: BindingRow[];
  /** E-mail */
  subject: string;
  html: string;
  /** E-mail body text, or the SMS text. */
  text: string;
  freeFields: FreeField[];
  /** Fallback: another channel's message ('' none) and, optionally, minutes without a receipt. */
  fallbackMessageId: string;
  fallbackAfterMinutes: string;
}

export function emptyDraft(channel: Channel): MessageDraft {
  return {
    channel,
    description: '',
    integrationId: '',
    active: true,
    purpose: 'other',
    provider: 'opa',
    opaChannelId: '',
    opaChannelName: '',
    templateId: '',
    templateAtalho: '',
    templateText: '',
    language: '',
    category: '',
    bindings: [],
    subject: '',
    html: '',
    text: '',
    freeFields: [],
    fallbackMessageId: '',
    fallbackAfterMinutes: '',
  };
}

function rowOf(binding: Binding): BindingRow {
  const row: BindingRow = { type: binding.type, field: '', value: '', key: '' };
  if (binding.type === 'field') row.field = binding.field;
  if (binding.type === 'literal') row.value = binding.value;
  if (binding.type === 'free') row.key = binding.key;
  return row;
}

function bindingOf(row: BindingRow): Binding {
  if (row.type === 'literal') return { type: 'literal', value: row.value };
  if (row.type === 'free') return { type: 'free', key: row.key };
  return { type: 'field', field: row.field };
}

export function draftFromMessage(message: Message): MessageDraft {
  const draft: MessageDraft = {
    ...emptyDraft(message.channel),
    description: message.description,
    integrationId: String(message.integrationId),
    active: message.active,
    purpose: message.purpose,
    freeFields: message.content.freeFields.map((f) => ({ ...f })),
    fallbackMessageId: message.fallbackMessageId === null ? '' : String(message.fallbackMessageId),
    fallbackAfterMinutes: message.fallbackAfterMinutes === null ? '' : String(message.fallbackAfterMinutes),
  };
  if (message.channel === 'whatsapp') return whatsappDraft(draft, message.content);
  if (message.channel === 'email') {
    return { ...draft, subject: message.content.subject, text: message.content.text, html: message.content.html ?? '' };
  }
  return { ...draft, text: message.content.text };
}

function whatsappDraft(draft: MessageDraft, c: Extract<Message, { channel: 'whatsapp' }>['content']): MessageDraft {
  if (c.provider === 'cloudapi') {
    return {
      ...draft,
      provider: 'cloudapi',
      templateAtalho: c.templateName,
      templateText: c.templateText,
      language: c.language,
      category: c.category,
      bindings: c.variables.map(rowOf),
    };
  }
  return {
    ...draft,
    opaChannelId: c.opaChannelId,
    opaChannelName: c.opaChannelName,
    templateId: c.templateId,
    templateAtalho: c.templateAtalho,
    templateText: c.templateText,
    bindings: c.variables.map(rowOf),
  };
}

function freeFieldsOf(draft: MessageDraft): FreeField[] {
  return draft.freeFields.map((f) => ({ key: f.key.trim(), label: f.label.trim(), required: f.required }));
}

/** POST/PUT /api/messages, and the `message` of a draft preview. */
export function toInput(draft: MessageDraft): MessageInput {
  const base = {
    description: draft.description.trim(),
    integrationId: Number(draft.integrationId) || 0,
    active: draft.active,
    purpose: draft.purpose,
    fallbackMessageId: draft.fallbackMessageId ? Number(draft.fallbackMessageId) : null,
    fallbackAfterMinutes: draft.fallbackMessageId && draft.fallbackAfterMinutes.trim() ? Number(draft.fallbackAfterMinutes.trim()) : null,
  };
  const freeFields = freeFieldsOf(draft);
  switch (draft.channel) {
    case 'whatsapp':
      if (draft.provider === 'cloudapi') {
        return {
          ...base,
          channel: 'whatsapp',
          content: {
            provider: 'cloudapi',
            templateName: draft.templateAtalho,
            language: draft.language || 'pt_BR',
            templateText: draft.templateText,
            variables: draft.bindings.map(bindingOf),
            freeFields,
          },
        };
      }
      return {
        ...base,
        channel: 'whatsapp',
        content: {
          opaChannelId: draft.opaChannelId,
          opaChannelName: draft.opaChannelName,
          templateId: draft.templateId,
          templateAtalho: draft.templateAtalho,
          templateText: draft.templateText,
          variables: draft.bindings.map(bindingOf),
          freeFields,
        },
      };
    case 'email':
      return {
        ...base,
        channel: 'email',
        content: {
          subject: draft.subject.trim(),
          text: draft.text,
          ...(draft.html.trim() ? { html: draft.html } : {}),
          freeFields,
        },
      };
    case 'sms':
      return { ...base, channel: 'sms', content: { text: draft.text.trim(), freeFields } };
  }
}

/** Template placeholders that usually mean a system variable (Opa templates are written by people). */
const aliases: Record<string, string> = {
  nome: 'primeiro_nome',
  primeiro_nome: 'primeiro_nome',
  cliente: 'nome_cliente',
  nome_completo: 'nome_cliente',
  razao_social: 'nome_cliente',
  fantasia: 'nome_fantasia',
  contrato: 'id_contrato',
  codigo_cliente: 'id_cliente',
  rua: 'endereco',
  concentrador: 'nas',
  cto: 'caixa_ftth',
  provedor: 'empresa',
};

/** Lower case, accents and separators folded: "Previsão de retorno" → "previsao_de_retorno". */
export function slugKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '')
    .slice(0, 40);
}

/**
 * The mapping offered for a template: a row per placeholder in order; one the user already mapped for the same
 * placeholder at the same position is kept, else a system variable or free field of that name (or a usual
 * alias: `{{nome}}` → Primeiro nome), else left unmapped (an empty system variable the form asks to choose).
 */
export function bindingsFor(
  provider: WhatsAppProvider,
  templateText: string,
  systemKeys: readonly string[],
  freeFields: readonly FreeField[],
  previous: { templateText: string; bindings: readonly BindingRow[] } = { templateText: '', bindings: [] },
): BindingRow[] {
  const before = templatePlaceholders(provider, previous.templateText);
  const system = new Set(systemKeys);
  const free = new Set(freeFields.map((f) => f.key));
  return templatePlaceholders(provider, templateText).map((name, i) => {
    const kept = previous.bindings[i];
    if (kept && before[i] === name) return { ...kept };
    const slug = slugKey(name);
    const row: BindingRow = { type: 'field', field: '', value: '', key: '' };
    if (system.has(slug)) return { ...row, field: slug };
    if (free.has(slug)) return { ...row, type: 'free', key: slug };
    const alias = aliases[slug];
    if (alias && system.has(alias)) return { ...row, field: alias };
    return row;
  });
}

export type DraftProblem =
  | 'required'
  | 'chooseChannel'
  | 'chooseTemplate'
  | 'unmapped'
  | 'freeKey'
  | 'freeKeyTaken'
  | 'freeKeySystem'
  | 'unknownFree'
  | 'unknownVariable'
  | 'tooLong';

export interface DraftError {
  problem: DraftProblem;
  name?: string;
  max?: number;
}

/** Errors by server field path (`description`, `content.variables.0.field`…). */
export type DraftErrors = Record<string, DraftError>;

const FREE_KEY = /^[a-z][a-z0-9_]{0,39}$/;
export const SMS_MAX = 1600;

/** `{{names}}` of an e-mail/SMS text that are neither system variables nor free fields. */
export function unknownVariables(text: string, systemKeys: readonly string[], freeFields: readonly FreeField[]): string[] {
  const known = new Set([...systemKeys, ...freeFields.map((f) => f.key.trim())]);
  return [...new Set(placeholdersOf(text).filter((name) => !known.has(name)))];
}

/** What the form can tell before asking the server; `systemKeys` empty (still loading) skips name checks. */
export function validateDraft(draft: MessageDraft, systemKeys: readonly string[]): DraftErrors {
  const errors: DraftErrors = {};
  const system = new Set(systemKeys);
  if (!draft.description.trim()) errors.description = { problem: 'required' };
  if (!draft.integrationId) errors.integrationId = { problem: 'required' };

  const seen = new Set<string>();
  draft.freeFields.forEach((free, i) => {
    const key = free.key.trim();
    if (!FREE_KEY.test(key)) errors[`content.freeFields.${i}.key`] = { problem: 'freeKey' };
    else if (system.has(key)) errors[`content.freeFields.${i}.key`] = { problem: 'freeKeySystem', name: key };
    else if (seen.has(key)) errors[`content.freeFields.${i}.key`] = { problem: 'freeKeyTaken', name: key };
    seen.add(key);
    if (!free.label.trim()) errors[`content.freeFields.${i}.label`] = { problem: 'required' };
  });

  if (draft.channel === 'whatsapp') {
    if (draft.provider === 'cloudapi') {
      if (!draft.templateAtalho) errors['content.templateName'] = { problem: 'chooseTemplate' };
    } else if (!draft.opaChannelId) errors['content.opaChannelId'] = { problem: 'chooseChannel' };
    else if (!draft.templateId) errors['content.templateId'] = { problem: 'chooseTemplate' };
    draft.bindings.forEach((row, i) => {
      if (row.type === 'field' && !row.field) errors[`content.variables.${i}.field`] = { problem: 'unmapped' };
      if (row.type === 'free' && !seen.has(row.key)) errors[`content.variables.${i}.key`] = { problem: 'unknownFree' };
    });
    return errors;
  }

  const named = (path: string, text: string) => {
    if (!systemKeys.length) return;
    const [unknown] = unknownVariables(text, systemKeys, draft.freeFields);
    if (unknown !== undefined) errors[path] = { problem: 'unknownVariable', name: unknown };
  };
  if (draft.channel === 'email') {
    if (!draft.subject.trim()) errors['content.subject'] = { problem: 'required' };
    else named('content.subject', draft.subject);
    if (!draft.text.trim()) errors['content.text'] = { problem: 'required' };
    else named('content.text', draft.text);
    named('content.html', draft.html);
    return errors;
  }
  if (!draft.text.trim()) errors['content.text'] = { problem: 'required' };
  else if (draft.text.trim().length > SMS_MAX) errors['content.text'] = { problem: 'tooLong', max: SMS_MAX };
  else named('content.text', draft.text);
  return errors;
}

/** `insert` put in place of the selection [start, end) of `text`; `caret` is where the cursor goes after it. */
export function insertAt(text: string, start: number, end: number, insert: string): { text: string; caret: number } {
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  return { text: text.slice(0, from) + insert + text.slice(to), caret: from + insert.length };
}

/** Values for the preview's free-field inputs: one per free field, typed ones kept. */
export function freeValuesFor(freeFields: readonly FreeField[], typed: Record<string, string>): Record<string, string> {
  return Object.fromEntries(freeFields.filter((f) => f.key.trim()).map((f) => [f.key.trim(), typed[f.key.trim()] ?? '']));
}
