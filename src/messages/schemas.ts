/**
 * Mensagens (Sistema › CRM › Mensagens): a WhatsApp message is an Opa! Suite channel + template whose
 * placeholders are bound, by position, to catalogue fields, literals or per-send free fields; an e-mail message
 * is a subject and a text (and optional HTML) body; an SMS message is a text. E-mail and SMS texts use
 * `{{variable}}` names from the same catalogue, or the message's free fields.
 */
import { z } from 'zod';
import { rowId } from '../shared/ids.js';

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

export const whatsappContentSchema = z.strictObject({
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

export const emailContentSchema = z.strictObject({
  subject: z.string().trim().min(1, 'is required').max(300),
  text: z.string().min(1, 'is required').max(100_000),
  /** Optional HTML body; values put into it are HTML-escaped. */
  html: z.string().max(500_000).optional(),
  freeFields,
});

export const smsContentSchema = z.strictObject({
  text: z.string().trim().min(1, 'is required').max(1600),
  freeFields,
});

const base = {
  description: z.string().trim().min(1, 'is required').max(100),
  integrationId: rowId,
  active: z.boolean().default(true),
};

export const messageInputSchema = z.discriminatedUnion('channel', [
  z.strictObject({ channel: z.literal('whatsapp'), ...base, content: whatsappContentSchema }),
  z.strictObject({ channel: z.literal('email'), ...base, content: emailContentSchema }),
  z.strictObject({ channel: z.literal('sms'), ...base, content: smsContentSchema }),
]);
export type MessageInput = z.input<typeof messageInputSchema>;
export type MessageDraft = z.infer<typeof messageInputSchema>;
export type WhatsappContent = z.infer<typeof whatsappContentSchema>;
export type EmailContent = z.infer<typeof emailContentSchema>;
export type SmsContent = z.infer<typeof smsContentSchema>;
export type MessageContent = WhatsappContent | EmailContent | SmsContent;

export type Message = MessageDraft & {
  id: number;
  integrationDescription: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
};

/** Values typed at send time for the message's free fields, by key. */
export const freeValuesSchema = z.record(z.string(), z.string().max(500)).default({});
export type FreeValues = z.infer<typeof freeValuesSchema>;
