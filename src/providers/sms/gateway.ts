/**
 * Small pieces both SMS gateway clients (Zenvia, SMS Dev) share: turning the queue's E.164 number into the digits a
 * gateway wants, keeping the credential out of every message that leaves the client, and building failure results.
 */
import { type Notice, notice, said } from '../../shared/notice.js';
import { failureFrom, retryAfterMs, type HttpResponse } from '../http.js';
import type { CheckResult, FailureKind, Outbound, SendResult } from '../types.js';

export type SendFailure = Extract<SendResult, { ok: false }>;
export type CheckFailure = Extract<CheckResult, { ok: false }>;

export interface BrazilianDigits {
  /** `5548999123456` (Zenvia `to`). */
  international: string;
  /** `48999123456` (SMS Dev `number`). */
  national: string;
}

/**
 * `+5548999123456` → both digit forms. Only `+55` followed by 10 (landline) or 11 (mobile) digits is accepted:
 * anything else cannot be written in a Brazilian gateway's format. Whether the number really is a mobile is the
 * gateway's call (the queue normalises with `parsePhone` before it gets here).
 */
function brazilianDigits(e164: string): BrazilianDigits | null {
  const m = /^\+55([1-9][1-9]\d{8,9})$/.exec(e164.trim());
  return m ? { international: `55${m[1]}`, national: m[1]! } : null;
}

/** The checks every SMS `send` starts with: the right channel and a number the gateway can be given. */
export function smsPrecheck(message: Outbound, gateway: 'zenvia' | 'smsdev'): { digits: BrazilianDigits; text: string } | SendFailure {
  if (message.channel !== 'sms') {
    return { ok: false, kind: 'permanent', notice: notice('wrong_channel', { provider: gateway, channel: message.channel }) };
  }
  const digits = brazilianDigits(message.to);
  if (!digits) {
    return { ok: false, kind: 'permanent', notice: notice('invalid_number', { number: message.to }) };
  }
  return { digits, text: message.text };
}

/** Replaces every occurrence of `secret` (as is and URL-encoded) with `***`. */
function redact(text: string, secret: string): string {
  if (!secret) return text;
  let out = text;
  for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('***');
  return out;
}

/** `notice` with the credential scrubbed from its detail (the only part that holds someone else's words). */
function redactNotice(notice: Notice, secret: string): Notice {
  return notice.detail === undefined ? notice : { ...notice, detail: redact(notice.detail, secret) };
}

/** A thrown transport error as a failure, with the credential scrubbed from its words. */
export function transportFailure(err: unknown, secret: string): SendFailure & CheckFailure {
  const failure = failureFrom(err);
  return { ...failure, notice: redactNotice(failure.notice, secret) };
}

/** A failure built from an HTTP answer: status, Retry-After on 429/503, message scrubbed and trimmed. */
export function httpFailure(
  response: HttpResponse,
  kind: FailureKind,
  reason: Notice,
  secret: string,
  code?: string,
): SendFailure & CheckFailure {
  const wait = response.status === 429 || response.status === 503 ? retryAfterMs(response.headers) : undefined;
  return {
    ok: false,
    kind,
    notice: redactNotice(reason, secret),
    status: response.status,
    ...(code === undefined ? {} : { code }),
    ...(wait === undefined ? {} : { retryAfterMs: wait }),
  };
}

/** The start of a body that is not the JSON a gateway should send, for the log; undefined when it is empty. */
export function bodySnippet(response: HttpResponse): string | undefined {
  const text = response.text.replace(/\s+/g, ' ').trim();
  return text ? `HTTP ${response.status}: ${text.length > 300 ? `${text.slice(0, 300)}…` : text}` : undefined;
}

/** An answer the gateway did not word: its status, and the start of its body. */
export function httpNotice(response: HttpResponse): Notice {
  return said('http_status', bodySnippet(response), { status: response.status });
}

/** `value` when it is a non-empty string (or a number, as gateways sometimes send ids), else undefined. */
export function stringField(record: unknown, key: string): string | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const value = (record as Record<string, unknown>)[key];
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() ? value : undefined;
}
