/**
 * SMS Dev as an SMS provider (opasuite.md §3; smsdev.com.br/docs): `POST {baseUrl}/v1/send` with the JSON body
 * `{key, type: 9, number: 'DD9XXXXXXXX', msg, refer}` and `GET {baseUrl}/v1/balance?key=…` for "Testar conexão".
 * SMS Dev reports failures in the body (`situacao: 'ERRO'` with a `descricao`), typically with HTTP 200, so the rule
 * is "2xx but the body says failure = failure": a send is accepted only with `situacao: 'OK'` and an `id`.
 * The docs show the JSON form as an array of messages; one object per request is what community clients send, and
 * an array answer is read too (its first element). The key is never put in a message (it is scrubbed from any
 * text that could echo it).
 *
 * SMS Dev publishes no list of error texts, so `descricao` is classified by its words (first match wins):
 * | answer                                                                 | kind      |
 * |------------------------------------------------------------------------|-----------|
 * | 2xx, `situacao: 'OK'` with an `id`                                      | ok        |
 * | 408, 425, 429 (with Retry-After), 5xx, transport failure, timeout      | retryable |
 * | 401, 403, 404 (the path is fixed, so the base URL is wrong)            | config    |
 * | `descricao` about saldo / crédito (e.g. `SALDO INSUFICIENTE`)            | quota     |
 * | `descricao` about the key, user, password or account, or the `type`    | config    |
 * | `descricao` about the number (número, celular, telefone, destinatário) | permanent |
 * | any other `ERRO`, a 2xx without `situacao`/`id` (not retried: no duplicate SMS) | permanent |
 */
import { type Notice, said } from '../../shared/notice.js';
import { createHttpClient, type HttpResponse } from '../http.js';
import type { CheckResult, FailureKind, Outbound, Provider, SendResult } from '../types.js';
import { httpFailure, httpNotice, smsPrecheck, stringField, transportFailure } from './gateway.js';

export interface SmsDevOptions {
  /** Default `https://api.smsdev.com.br`; a trailing slash is ignored. */
  baseUrl?: string;
  /** The account key ("CHAVE KEY"). */
  key: string;
  /** Whole-request budget; default 20 s. */
  timeoutMs?: number;
  /** Pooled connections; default 4. */
  connections?: number;
}

const SMSDEV_DEFAULT_URL = 'https://api.smsdev.com.br';

/** `type` 9 = SMS. */
const SMS_TYPE = 9;
/** `refer` is text(100) in the docs. */
const REFER_MAX = 100;

export function smsDevProvider(options: SmsDevOptions): Provider {
  const baseUrl = (options.baseUrl ?? SMSDEV_DEFAULT_URL).replace(/\/+$/, '');
  const http = createHttpClient({ timeoutMs: options.timeoutMs ?? 20_000, connections: options.connections ?? 4 });
  const { key } = options;

  return {
    channel: 'sms',

    async send(message: Outbound, signal?: AbortSignal): Promise<SendResult> {
      const pre = smsPrecheck(message, 'smsdev');
      if ('ok' in pre) return pre;
      try {
        const response = await http.call({
          method: 'POST',
          url: `${baseUrl}/v1/send`,
          body: { key, type: SMS_TYPE, number: pre.digits.national, msg: pre.text, refer: message.ref.slice(0, REFER_MAX) },
          signal,
        });
        const record = firstRecord(response.json);
        const id = stringField(record, 'id');
        if (isOk(response, record) && id) {
          const words = stringField(record, 'descricao');
          return { ok: true, providerMessageId: id, ...(words ? { detail: words } : {}) };
        }
        return smsDevFailure(response, key, 'no_message_id');
      } catch (err) {
        return transportFailure(err, key);
      }
    },

    async check(signal?: AbortSignal): Promise<CheckResult> {
      try {
        const response = await http.call({ method: 'GET', url: `${baseUrl}/v1/balance?key=${encodeURIComponent(key)}`, signal });
        const record = firstRecord(response.json);
        const balance = stringField(record, 'saldo_sms');
        if (!isOk(response, record) || balance === undefined) return smsDevFailure(response, key, 'no_balance');
        const words = stringField(record, 'descricao');
        const left = credits(balance);
        if (Number.isFinite(left) && left <= 0) {
          return { ok: false, kind: 'quota', notice: said('no_credits', words, { balance }) };
        }
        return { ok: true, notice: said('check_smsdev', words, { balance }) };
      } catch (err) {
        return transportFailure(err, key);
      }
    },

    close: () => http.close(),
  };
}

/** Kind of an SMS Dev `descricao`, by its words (see the table above). */
export function smsDevKind(descricao: string): FailureKind {
  if (/saldo|cr[eé]dito/i.test(descricao)) return 'quota';
  if (/chave|\bkey\b|autentica|usu[aá]rio|senha|\bconta\b|\btipo\b|\btype\b/i.test(descricao)) return 'config';
  return 'permanent';
}

/** Every answer that is not a success: the HTTP status first, then the body's `descricao`. */
export function smsDevFailure(response: HttpResponse, key: string, missing: 'no_message_id' | 'no_balance'): Extract<SendResult, { ok: false }> {
  const { status } = response;
  const record = firstRecord(response.json);
  const descricao = stringField(record, 'descricao');
  const code = stringField(record, 'codigo');
  const situacao = stringField(record, 'situacao');
  // `situacao: 'OK'` that still is not a success (no id, no balance): its `descricao` is no error text.
  const incomplete = situacao?.toUpperCase() === 'OK';
  const reason: Notice = incomplete
    ? said(missing, descricao, { provider: 'smsdev' })
    : descricao !== undefined
      ? said('provider_said', descricao)
      : situacao
        ? said('unexpected_answer', `situacao ${situacao}`, { provider: 'smsdev' })
        : httpNotice(response);
  const kind: FailureKind = (() => {
    if (status === 408 || status === 425 || status === 429 || status >= 500) return 'retryable';
    if (status === 401 || status === 403 || status === 404) return 'config';
    if (!incomplete && descricao !== undefined) return smsDevKind(descricao);
    return 'permanent';
  })();
  return httpFailure(response, kind, reason, key, code);
}

/** `saldo_sms` as a number: `'1200'`, also `'1.200'` (pt-BR thousands) → 1200; unreadable → NaN. */
function credits(saldo: string): number {
  return Number(saldo.trim().replace(/\.(?=\d{3}\b)/g, '').replace(',', '.'));
}

function isOk(response: HttpResponse, record: unknown): boolean {
  return response.status >= 200 && response.status < 300 && stringField(record, 'situacao')?.toUpperCase() === 'OK';
}

/** The answer object, or the first one of an array answer. */
function firstRecord(json: unknown): unknown {
  return Array.isArray(json) ? json[0] : json;
}
