/**
 * The WhatsApp Cloud API (Meta, direct) as a provider: `POST {base}/{version}/{phone-number-id}/messages` with a
 * Bearer token and a template message (`{to, type: 'template', template: {name, language: {code}, components:
 * [{type: 'body', parameters: [{type: 'text', text}…]}]}}`); the answer's `messages[0].id` (the `wamid`) is the
 * provider's message id that the status webhooks name later. A failure is classified by Meta's numeric code
 * (./errors.ts): retryable, permanent (with `fallback` when WhatsApp will not reach this recipient), or `config`
 * (token, payment, spam limit: the drain halts the integration).
 *
 * `check()` reads the number (`GET /{phone-number-id}?fields=…`): display name, quality rating and messaging limit.
 * `listTemplates()` is Buscar template: the business account's APPROVED templates with language and category.
 */
import { notice, said } from '../../shared/notice.js';
import { createHttpClient, type HttpResponse } from '../http.js';
import { httpFailure, transportFailure } from '../sms/gateway.js';
import type { CheckResult, Outbound, Provider, SendResult } from '../types.js';
import { cloudApiPolicy, graphError } from './errors.js';

export interface CloudApiOptions {
  baseUrl: string;
  apiVersion: string;
  phoneNumberId: string;
  wabaId: string;
  token: string;
  timeoutMs?: number;
  connections?: number;
}

/** A template as Buscar template shows it. */
export interface CloudApiTemplate {
  id: string;
  name: string;
  language: string;
  category: string;
  /** The body text with `{{1}}`, `{{2}}`… */
  text: string;
  /** How many body parameters it takes. */
  parameters: number;
}

export interface CloudApiProvider extends Provider {
  recipientLimit(signal?: AbortSignal): Promise<number | null | undefined>;
  listTemplates(signal?: AbortSignal): Promise<CloudApiTemplate[]>;
  /** A free-form text (allowed within 24 h of the user's last message: a reply to their SAIR). */
  sendText(to: string, text: string, signal?: AbortSignal): Promise<SendResult>;
}

type Failure = Extract<SendResult, { ok: false }>;

function failure(response: HttpResponse, token: string): Failure {
  const error = graphError(response.json);
  const policy = cloudApiPolicy(error.code, response.status);
  const reason = error.message ? said('provider_said', error.message) : notice('http_status', { status: response.status });
  const failed = httpFailure(response, policy.kind, reason, token, error.code === undefined ? undefined : String(error.code));
  return policy.fallback ? { ...failed, fallback: true } : failed;
}

const digitsOf = (e164: string) => e164.replace(/\D/g, '');

/**
 * Meta's messaging-limit tier (`whatsapp_business_manager_messaging_limit`, or the legacy `messaging_limit_tier`)
 * as distinct users per rolling 24 h: `TIER_250` → 250, `TIER_2K` → 2,000, `TIER_10K`, `TIER_100K`; `null` for
 * unlimited; `undefined` for anything else (not read, or a value we do not know: nothing is held back then).
 */
export function tierLimit(tier: string): number | null | undefined {
  if (/^(TIER_)?UNLIMITED$/i.test(tier)) return null;
  const m = /^TIER_(\d+)(K?)$/i.exec(tier);
  if (!m) return undefined;
  return Number(m[1]) * (m[2] ? 1000 : 1);
}

const field = (value: unknown, key: string): string => {
  const v = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v : '';
};

export function cloudApiProvider(options: CloudApiOptions): CloudApiProvider {
  const root = `${options.baseUrl.replace(/\/+$/, '')}/${options.apiVersion}`;
  const http = createHttpClient({ timeoutMs: options.timeoutMs ?? 20_000, connections: options.connections ?? 8 });
  const headers = { authorization: `Bearer ${options.token}` };

  /** A message to the number's `/messages`: accepted with its wamid, or Meta's error classified. */
  const post = async (body: unknown, signal?: AbortSignal): Promise<SendResult> => {
    try {
      const response = await http.call({ method: 'POST', url: `${root}/${options.phoneNumberId}/messages`, headers, body, ...(signal ? { signal } : {}) });
      const sent = (response.json as { messages?: { id?: unknown }[] } | undefined)?.messages?.[0]?.id;
      const ok = response.status >= 200 && response.status < 300;
      if (ok && typeof sent === 'string' && sent) return { ok: true, providerMessageId: sent };
      if (ok) return { ok: false, kind: 'permanent', notice: said('no_message_id', response.text.slice(0, 200), { provider: 'cloudapi' }), status: response.status };
      return failure(response, options.token);
    } catch (err) {
      return transportFailure(err, options.token);
    }
  };

  const get = (path: string, signal?: AbortSignal) => http.call({ method: 'GET', url: `${root}/${path}`, headers, ...(signal ? { signal } : {}) });

  return {
    channel: 'whatsapp',

    async send(message: Outbound, signal?: AbortSignal): Promise<SendResult> {
      if (message.channel !== 'whatsapp') {
        return { ok: false, kind: 'permanent', notice: notice('wrong_channel', { provider: 'cloudapi', channel: message.channel }) };
      }
      if (!('templateName' in message)) return { ok: false, kind: 'permanent', notice: notice('wrong_template_kind', { provider: 'cloudapi' }) };
      const body = {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: digitsOf(message.to),
        type: 'template',
        template: {
          name: message.templateName,
          language: { code: message.language },
          components: message.variables.length > 0 ? [{ type: 'body', parameters: message.variables.map((text) => ({ type: 'text', text })) }] : [],
        },
      };
      return post(body, signal);
    },

    async sendText(to: string, text: string, signal?: AbortSignal): Promise<SendResult> {
      return post({ messaging_product: 'whatsapp', recipient_type: 'individual', to: digitsOf(to), type: 'text', text: { body: text } }, signal);
    },

    async recipientLimit(signal?: AbortSignal): Promise<number | null | undefined> {
      try {
        const response = await get(`${options.phoneNumberId}?fields=whatsapp_business_manager_messaging_limit,messaging_limit_tier`, signal);
        if (response.status < 200 || response.status >= 300) return undefined;
        return tierLimit(field(response.json, 'whatsapp_business_manager_messaging_limit') || field(response.json, 'messaging_limit_tier'));
      } catch {
        return undefined; // unreadable: the sends' own answers say what is wrong
      }
    },

    async check(signal?: AbortSignal): Promise<CheckResult> {
      try {
        const fields = 'display_phone_number,verified_name,quality_rating,throughput,whatsapp_business_manager_messaging_limit';
        const response = await get(`${options.phoneNumberId}?fields=${fields}`, signal);
        if (response.status < 200 || response.status >= 300) return failure(response, options.token);
        const j = response.json;
        return {
          ok: true,
          notice: notice('check_cloudapi', {
            name: field(j, 'verified_name') || '?',
            number: field(j, 'display_phone_number') || '?',
            quality: field(j, 'quality_rating') || '?',
            limit: field(j, 'whatsapp_business_manager_messaging_limit') || '?',
          }),
        };
      } catch (err) {
        return transportFailure(err, options.token);
      }
    },

    async listTemplates(signal?: AbortSignal): Promise<CloudApiTemplate[]> {
      const found: CloudApiTemplate[] = [];
      let path: string | null = `${options.wabaId}/message_templates?limit=100&status=APPROVED`;
      for (let page = 0; path && page < 50; page++) {
        const response = await get(path, signal);
        if (response.status < 200 || response.status >= 300) {
          const f = failure(response, options.token);
          throw new CloudApiError(f.notice.detail ?? `HTTP ${response.status}`, response.status);
        }
        const j = response.json as { data?: unknown[]; paging?: { next?: string; cursors?: { after?: string } } };
        for (const t of j.data ?? []) {
          if (field(t, 'status') && field(t, 'status') !== 'APPROVED') continue;
          const components = (t as { components?: { type?: string; text?: string }[] }).components ?? [];
          const text = components.find((c) => c.type === 'BODY')?.text ?? '';
          found.push({
            id: field(t, 'id'),
            name: field(t, 'name'),
            language: field(t, 'language'),
            category: field(t, 'category'),
            text,
            parameters: new Set([...text.matchAll(/\{\{(\d+)\}\}/g)].map((m) => m[1])).size,
          });
        }
        path = j.paging?.next && j.paging.cursors?.after ? `${options.wabaId}/message_templates?limit=100&status=APPROVED&after=${encodeURIComponent(j.paging.cursors.after)}` : null;
      }
      return found;
    },

    close: () => http.close(),
  };
}

/** Buscar template failed: Meta's words (the token never in them) and the HTTP status. */
export class CloudApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'CloudApiError';
  }
}
