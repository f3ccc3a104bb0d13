/**
 * Mensagens (Sistema › CRM › Mensagens): a WhatsApp message is an Opa! Suite channel + template whose
 * placeholders are bound, by position, to catalogue fields, literals or per-send free fields; an e-mail message
 * is a subject and a text (and optional HTML) body; an SMS message is a text. E-mail and SMS texts use
 * `{{variable}}` names from the same catalogue, or the message's free fields.
 */
import { z } from 'zod';
import { rowId } from '../shared/ids.js';
import { FREE_VALUE_MAX } from './limits.js';
import { channels, messagePurposes } from '../shared/vocabulary.js';

const objectId = z.string().trim().regex(/^[0-9a-f]{24}$/i, 'must be an Opa! Suite id (24 hex characters)');

export const freeFieldSchema = z.strictObject({
  key: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lower-case letters, digits and _ (e.g. previsao_retorno)'),
  label: z.string().trim().min(1, 'is required').max(80),
  required: z.boolean().default(true),
});
export type FreeField = z.infer<typeof freeFieldSchema>;

export const bindingSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('field'), field: z.string().min(1) }),
  z.strictObject({ type: z.literal('literal'), value: z.string().max(1000) }),
  z.strictObject({ type: z.literal('free'), key: z.string().min(1) }),
]);
export type Binding = z.infer<typeof bindingSchema>;

const freeFields = z.array(freeFieldSchema).max(10).default([]);

/** An Opa! Suite template (the default: messages saved before the Cloud API carry no `provider`). */
const opaContentSchema = z.strictObject({
  provider: z.literal('opa').optional(),
  opaChannelId: objectId,
  opaChannelName: z.string().trim().max(200).default(''),
  templateId: objectId,
  /** Filled from Opa at save time; what the operator sees read-only. */
  templateAtalho: z.string().trim().max(200).default(''),
  templateText: z.string().max(4096).default(''),
  /** One per placeholder of the template text, in order of appearance. */
  variables: z.array(bindingSchema).max(50),
  freeFields,
});

/** Meta's template categories: utility (service notices), marketing (≈ 9× the price, per-user caps), authentication. */
export const templateCategories = ['UTILITY', 'MARKETING', 'AUTHENTICATION'] as const;

/** A WhatsApp Cloud API template, by name and language, as Meta's business account has it approved. */
const cloudApiContentSchema = z.strictObject({
  provider: z.literal('cloudapi'),
  templateName: z
    .string()
    .trim()
    .regex(/^[a-z0-9_]{1,512}$/, 'must be a Meta template name (lower-case letters, digits and _)'),
  language: z
    .string()
    .trim()
    .regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'must be a template language such as pt_BR')
    .default('pt_BR'),
  /** Filled from Meta at save time. */
  category: z.enum(templateCategories).default('UTILITY'),
  templateText: z.string().max(4096).default(''),
  /** One per numbered parameter of the body (`{{1}}`, `{{2}}`…), in number order. */
  variables: z.array(bindingSchema).max(50),
  freeFields,
});

/** A WhatsApp message's template, by provider: Opa! Suite (channel + template id) or the Cloud API (name + language). */
const whatsappContentSchema = z.discriminatedUnion('provider', [opaContentSchema, cloudApiContentSchema]);

const emailContentSchema = z.strictObject({
  subject: z.string().trim().min(1, 'is required').max(300),
  text: z.string().min(1, 'is required').max(100_000),
  /** Optional HTML body; values put into it are HTML-escaped. */
  html: z.string().max(500_000).optional(),
  freeFields,
});

const smsContentSchema = z.strictObject({
  text: z.string().trim().min(1, 'is required').max(1600),
  freeFields,
});

const base = {
  description: z.string().trim().min(1, 'is required').max(100),
  integrationId: rowId,
  active: z.boolean().default(true),
  /** What it is for; the recent-notice guard can compare messages by it. */
  purpose: z.enum(messagePurposes).default('other'),
  /**
   * A message of another channel (usually SMS) sent instead to each recipient this one cannot reach: refused for
   * good (not on WhatsApp, 131026…), reported failed, or — with `fallbackAfterMinutes` — not delivered in time.
   */
  fallbackMessageId: rowId.nullable().default(null),
  /** Also fall back when no `delivered` receipt came within this many minutes (null: only on a known failure). */
  fallbackAfterMinutes: z.number().int().min(1).max(1440).nullable().default(null),
};

const whatsappMessage = z.strictObject({ channel: z.literal('whatsapp'), ...base, content: whatsappContentSchema });
const emailMessage = z.strictObject({ channel: z.literal('email'), ...base, content: emailContentSchema });
const smsMessage = z.strictObject({ channel: z.literal('sms'), ...base, content: smsContentSchema });

/** OpenAPI: a message is `oneOf` its channels, told apart by `channel`. */
const byChannel = { discriminator: { propertyName: 'channel' } };

/** Body of POST/PUT /api/messages (and `message` of the draft preview). */
export const messageInputSchema = z.discriminatedUnion('channel', [whatsappMessage, emailMessage, smsMessage]).meta(byChannel);
export type MessageInput = z.input<typeof messageInputSchema>;
export type MessageDraft = z.infer<typeof messageInputSchema>;

/** What the server adds to a stored message. */
const stored = {
  id: z.number().int(),
  integrationDescription: z.string(),
  createdBy: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
};

/** A stored message, its `content` typed by its channel. */
export const messageSchema = z
  .discriminatedUnion('channel', [whatsappMessage.extend(stored), emailMessage.extend(stored), smsMessage.extend(stored)])
  .meta(byChannel);
export type Message = z.output<typeof messageSchema>;

export const messageListQuerySchema = z.strictObject({
  channel: z.enum(channels).optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

/** Values typed at send time for the message's free fields, by key. */
export const freeValuesSchema = z
  .record(z.string(), z.string().max(FREE_VALUE_MAX, `must be at most ${FREE_VALUE_MAX} characters (nothing is cut: shorten it)`))
  .default({});
export type FreeValues = z.infer<typeof freeValuesSchema>;

/** A variable of the catalogue (src/messages/catalogue.ts), as the variable picker shows it. */
export const systemVariableSchema = z.object({
  key: z.string(),
  label: z.object({ 'pt-BR': z.string(), en: z.string() }),
  example: z.string(),
});

/** Why a login has no usable contact for the message's channel (`no_consent`: a marketing message, src/optout). */
export const contactProblems = ['missing', 'invalid', 'landline', 'opted_out', 'no_consent'] as const;
export type ContactProblem = (typeof contactProblems)[number];

/** Pré-visualizar: a message rendered for one login, with its contact and every placeholder's value. */
export const previewSchema = z.object({
  login: z.object({ id: z.number(), login: z.string(), clientId: z.number(), clientName: z.string() }),
  contact: z.object({ value: z.string().nullable(), display: z.string().nullable(), problem: z.enum(contactProblems).nullable() }),
  /** WhatsApp: each template placeholder with the value it gets; e-mail/SMS: each variable used. */
  variables: z.array(z.object({ placeholder: z.string(), value: z.string(), empty: z.boolean() })),
  subject: z.string().nullable(),
  text: z.string(),
  html: z.string().nullable(),
  /** Placeholders that rendered empty, for a warning. */
  empty: z.array(z.string()),
});
export type Preview = z.output<typeof previewSchema>;

/** Which login a preview is for (by exact name or id), and the free fields' values. */
const previewTarget = {
  /** Exact login name. */
  login: z.string().trim().min(1).max(200).optional(),
  loginId: rowId.optional(),
  free: freeValuesSchema,
};
export const previewDraftBodySchema = z.strictObject({ message: messageInputSchema, ...previewTarget });
export const previewSavedBodySchema = z.strictObject(previewTarget);
