/**
 * Zenvia (API v2) as an SMS provider: `POST {baseUrl}/v2/channels/sms/messages` with the `X-API-TOKEN` header and
 * `{from, to: '55DD9XXXXXXXX', contents: [{type: 'text', text}]}` (opasuite.md §3; zenvia-openapi-spec). Zenvia
 * answers 200 with the created message object; the API is asynchronous, so acceptance is all a send can confirm
 * (delivery status comes later by webhook). Errors are `{code, description}` (the spec's error schema; its table
 * names the text `message`, and validation errors may carry `details[]`), kept verbatim.
 *
 * Classification (first match wins):
 * | answer                                                            | kind      |
 * |-------------------------------------------------------------------|-----------|
 * | 2xx with an `id`                                                  | ok        |
 * | 402, or a code/text about credit/saldo/balance/funds (any status) | quota     |
 * | 401, 403                                                          | config    |
 * | 408, 425, 429 (with Retry-After), 5xx, transport failure, timeout | retryable |
 * | 404 (the path is fixed, so the base URL is wrong)                 | config    |
 * | 400/422 naming the sender (`from`, sender, remetente)             | config    |
 * | 400/422 otherwise (invalid number, empty text…)                   | permanent |
 * | 2xx without an `id` (fate unknown: not retried, to avoid a duplicate SMS) | permanent |
 *
 * `check()`: Zenvia documents no ping. It lists the account's webhook subscriptions (`GET /v2/subscriptions`, a
 * documented read-only call the official Node SDK makes): 2xx proves the token is accepted, 401/403 that it is not.
 * It cannot prove the sender id (`from`) or that SMS is enabled: only a real send does, and the message says so.
 */
import { notice, said } from '../../shared/notice.js';
import { createHttpClient, type HttpResponse } from '../http.js';
import type { CheckResult, Outbound, Provider, SendResult } from '../types.js';
import { bodySnippet, httpFailure, httpNotice, smsPrecheck, stringField, transportFailure } from './gateway.js';

export interface ZenviaOptions {
  /** Default `https://api.zenvia.com`; a trailing slash is ignored. */
  baseUrl?: string;
  /** The API token (sent as `X-API-TOKEN`, never echoed). */
  token: string;
  /** The sender id registered for the SMS channel at Zenvia. */
  from: string;
  /** Whole-request budget; default 20 s. */
  timeoutMs?: number;
  /** Pooled connections; default 4. */
  connections?: number;
}

const ZENVIA_DEFAULT_URL = 'https://api.zenvia.com';

export function zenviaProvider(options: ZenviaOptions): Provider {
  const baseUrl = (options.baseUrl ?? ZENVIA_DEFAULT_URL).replace(/\/+$/, '');
  const http = createHttpClient({ timeoutMs: options.timeoutMs ?? 20_000, connections: options.connections ?? 4 });
  const headers = { 'x-api-token': options.token };

  return {
    channel: 'sms',

    async send(message: Outbound, signal?: AbortSignal): Promise<SendResult> {
      const pre = smsPrecheck(message, 'zenvia');
      if ('ok' in pre) return pre;
      try {
        const response = await http.call({
          method: 'POST',
          url: `${baseUrl}/v2/channels/sms/messages`,
          headers,
          body: { from: options.from, to: pre.digits.international, contents: [{ type: 'text', text: pre.text }] },
          signal,
        });
        return zenviaSendOutcome(response, options.token);
      } catch (err) {
        return transportFailure(err, options.token);
      }
    },

    async check(signal?: AbortSignal): Promise<CheckResult> {
      try {
        const response = await http.call({ method: 'GET', url: `${baseUrl}/v2/subscriptions`, headers, signal });
        if (response.status >= 200 && response.status < 300) {
          const from = options.from;
          const found = Array.isArray(response.json)
            ? notice('check_zenvia_subscriptions', { from, subscriptions: response.json.length })
            : notice('check_zenvia', { from });
          return { ok: true, notice: found };
        }
        return zenviaFailure(response, options.token);
      } catch (err) {
        return transportFailure(err, options.token);
      }
    },

    close: () => http.close(),
  };
}

/** The outcome of a send answer: accepted only with 2xx and a message `id`. */
function zenviaSendOutcome(response: HttpResponse, token: string): SendResult {
  const id = stringField(response.json, 'id');
  if (response.status >= 200 && response.status < 300 && id) {
    return { ok: true, providerMessageId: id }; // acceptance only: delivery is reported by webhook
  }
  return zenviaFailure(response, token);
}

/** Any answer that is not an accepted message, classified as in the table above. */
export function zenviaFailure(response: HttpResponse, token: string): Extract<SendResult, { ok: false }> {
  const error = zenviaError(response.json);
  const { status } = response;
  const success = status >= 200 && status < 300;
  const reason = error.text
    ? said('provider_said', error.text)
    : success
      ? said('no_message_id', bodySnippet(response), { provider: 'zenvia' })
      : httpNotice(response);
  const about = `${error.code ?? ''} ${error.text ?? ''}`;
  const kind = (() => {
    if (status === 402 || /credit|cr[eé]dito|saldo|balance|funds/i.test(about)) return 'quota' as const;
    if (success) return 'permanent' as const;
    if (status === 401 || status === 403) return 'config' as const;
    if (status === 408 || status === 425 || status === 429 || status >= 500) return 'retryable' as const;
    if (status === 404) return 'config' as const;
    if ((status === 400 || status === 422) && /\bfrom\b|sender|remetente/i.test(about)) return 'config' as const;
    return 'permanent' as const;
  })();
  return httpFailure(response, kind, reason, token, error.code);
}

/** `{code, description}` (or `message`), plus `details[]` as `path: message` when present. */
function zenviaError(body: unknown): { code?: string; text?: string } {
  const code = stringField(body, 'code');
  const main = stringField(body, 'description') ?? stringField(body, 'message');
  const rawDetails = typeof body === 'object' && body !== null ? (body as { details?: unknown }).details : undefined;
  const details = Array.isArray(rawDetails)
    ? rawDetails
        .map((d) => [stringField(d, 'path'), stringField(d, 'message') ?? stringField(d, 'description')].filter(Boolean).join(': '))
        .filter(Boolean)
    : [];
  const text = [main, ...details].filter(Boolean).join('; ') || undefined;
  return { ...(code === undefined ? {} : { code }), ...(text === undefined ? {} : { text }) };
}
