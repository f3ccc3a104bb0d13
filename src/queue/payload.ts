/**
 * What a queued message carries, per channel — written and read here only. A send's batch stores once what all
 * its rows share (`send_batches.template`: WhatsApp's Opa channel and template); each row stores what differs per
 * recipient (`queue_items.payload`: the rendered variables, subject and texts, or SMS text), so 100,000 rows carry
 * no repeated ids. The enqueue writes both with `batchTemplate` and `rowPayloadSql`; the claim merges them with
 * `claimedPayloadSql`; the drain reads the result back, checked against the channel's schema, as the provider's
 * `Outbound` with `readOutbound`.
 */
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { RenderedSql } from '../messages/render.js';
import type { Message } from '../messages/schemas.js';
import type { Outbound } from '../providers/types.js';
import type { Channel } from '../shared/vocabulary.js';

/** What every row of a WhatsApp batch shares: an Opa! Suite channel's template, or a Cloud API template by name. */
const opaTemplate = z.object({ channelId: z.string().min(1), templateId: z.string().min(1) });
const cloudTemplate = z.object({ templateName: z.string().min(1), language: z.string().min(1) });
export type BatchTemplate = z.output<typeof opaTemplate> | z.output<typeof cloudTemplate>;

const variables = { variables: z.array(z.string()) };

/** A claimed row's whole payload (its batch's template with its own part over it), by channel. */
const payloadSchemas = {
  whatsapp: opaTemplate.extend(variables),
  cloudapi: cloudTemplate.extend(variables),
  email: z.object({ subject: z.string(), text: z.string(), html: z.string().optional() }),
  sms: z.object({ text: z.string() }),
} satisfies Record<Channel | 'cloudapi', z.ZodType>;

/** A Cloud API row names its template (`templateName`); any other WhatsApp row is read as Opa's. */
const isCloudApi = (payload: unknown) => typeof payload === 'object' && payload !== null && 'templateName' in payload;

/** What a batch of `message` stores for all its rows: null when its rows carry everything. */
export function batchTemplate(message: Message): BatchTemplate | null {
  if (message.channel !== 'whatsapp') return null;
  const content = message.content;
  return content.provider === 'cloudapi'
    ? { templateName: content.templateName, language: content.language }
    : { channelId: content.opaChannelId, templateId: content.templateId };
}

/** The row's own part of the payload, as SQL over the message rendered for its recipient. */
export function rowPayloadSql(channel: Channel, rendered: RenderedSql): SQL {
  const part = (value: SQL | undefined, what: string): SQL => {
    if (!value) throw new Error(`A ${channel} message rendered without its ${what}`);
    return value;
  };
  if (channel === 'whatsapp') return sql`jsonb_build_object('variables', to_jsonb(${part(rendered.variables, 'variables')}))`;
  if (channel === 'email') {
    const html = rendered.html ?? sql`null::text`;
    return sql`jsonb_strip_nulls(jsonb_build_object('subject', ${part(rendered.subject, 'subject')}, 'text', ${part(rendered.text, 'text')}, 'html', ${html}))`;
  }
  return sql`jsonb_build_object('text', ${part(rendered.text, 'text')})`;
}

/** The claimed row's whole payload, in a statement over `queue_items q` joined to `send_batches b`. */
export const claimedPayloadSql: SQL = sql`coalesce(b.template, '{}'::jsonb) || q.payload`;

/** The claimed row as the provider's message, or why its payload cannot be sent (it is then failed, not retried). */
export function readOutbound(row: { id: number; channel: Channel; contact: string; payload: unknown }): { ok: true; message: Outbound } | { ok: false; error: string } {
  const ref = String(row.id);
  const to = row.contact;
  const invalid = (error: z.ZodError) => {
    const issue = error.issues[0];
    return { ok: false as const, error: `Unreadable ${row.channel} payload: ${issue?.path.join('.') || 'payload'} ${issue?.message ?? 'is invalid'}` };
  };
  if (row.channel === 'whatsapp' && isCloudApi(row.payload)) {
    const p = payloadSchemas.cloudapi.safeParse(row.payload);
    return p.success ? { ok: true, message: { channel: 'whatsapp', ref, to, ...p.data } } : invalid(p.error);
  }
  if (row.channel === 'whatsapp') {
    const p = payloadSchemas.whatsapp.safeParse(row.payload);
    return p.success ? { ok: true, message: { channel: 'whatsapp', ref, to, ...p.data } } : invalid(p.error);
  }
  if (row.channel === 'email') {
    const p = payloadSchemas.email.safeParse(row.payload);
    if (!p.success) return invalid(p.error);
    const { html, ...rest } = p.data;
    return { ok: true, message: { channel: 'email', ref, to, ...rest, ...(html ? { html } : {}) } };
  }
  const p = payloadSchemas.sms.safeParse(row.payload);
  return p.success ? { ok: true, message: { channel: 'sms', ref, to, text: p.data.text } } : invalid(p.error);
}
