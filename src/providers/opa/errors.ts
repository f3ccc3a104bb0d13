/**
 * How an Opa! Suite answer that is not a success becomes an `OpaError` with the outcome kind the queue acts on.
 * Opa has no documented error catalogue: bodies vary (`{status:"error",code,description}`, `{error,message}`,
 * `data.message`) and Meta's errors pass through as `(#132018) …` text, so the message is read defensively and
 * classified by HTTP status, Meta code and a few known phrases.
 */
import { type Notice, notice, said } from '../../shared/notice.js';
import { kindForStatus, retryAfterMs, type HttpResponse } from '../http.js';
import type { FailureKind } from '../types.js';

/** A failed Opa! Suite call: `message` for logs and the API's errors, `notice` for the queue and the screens. */
export class OpaError extends Error {
  override readonly name = 'OpaError';
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly notice: Notice,
    readonly status?: number,
    readonly code?: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** The error text of an Opa body: `description`, `message`, `data.message`, `error`, in that order, verbatim. */
export function opaErrorMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const data = typeof record.data === 'object' && record.data !== null ? (record.data as Record<string, unknown>) : {};
  for (const candidate of [record.description, record.message, data.message, record.error]) {
    if (typeof candidate === 'string' && candidate.trim() !== '') return candidate;
  }
  return undefined;
}

/**
 * Meta error codes seen through Opa, by what Avisa must do. Codes not listed fall back to the HTTP status.
 * Sources: shared/reference/opasuite.md §2.3.
 */
const metaKinds: Record<string, FailureKind> = {
  '132000': 'permanent', // number of parameters does not match
  '132018': 'permanent', // parameter content (newline, tab, 4+ spaces)
  '131026': 'permanent', // undeliverable: not on WhatsApp, terms not accepted…
  '131047': 'permanent', // re-engagement window
  '131049': 'permanent', // held back for ecosystem health
  '131051': 'permanent', // unsupported message type
  '132001': 'config', // template does not exist (name/language)
  '132015': 'config', // template paused
  '132016': 'config', // template disabled
  '131031': 'config', // business account locked
  '131042': 'config', // payment problem on the account
  '131048': 'config', // spam rate limit: stop and review quality
  '368': 'config', // blocked for policy violation
  '190': 'config', // Meta token expired
  '130429': 'retryable', // throughput
  '131056': 'retryable', // pair rate limit
  '131057': 'retryable', // account in maintenance
  '80007': 'retryable', // WABA rate limit
  '4': 'retryable', // app rate limit
};

/**
 * The real wording of Opa's daily template quota error is unknown (no public example). These patterns cover the
 * simulator's message ("Limite diário de envio de templates atingido…") and plausible English/Portuguese variants.
 */
const dailyLimitPattern = /limite\s+di[aá]rio|limites?[\s-]+di[aá]rios?|daily\s+(template\s+)?(send(ing)?\s+)?limit/i;
const inServicePattern = /j[aá]\s+est[aá]\s+em\s+atendimento/i;
const channelPattern = /communication\s+channel|canal\s+de\s+comunica[cç][aã]o/i;

/** True when an Opa message says the contact already has an open atendimento (send with the allow flag to override). */
export function isContactInService(message: string): boolean {
  return inServicePattern.test(message);
}

/**
 * Classifies a non-success answer. `kind` by precedence: daily-limit phrase → quota; Meta `(#code)` → its table
 * entry; 401/403/404 → config; 408/425/429/5xx → retryable; a "Communication channel …" complaint → config;
 * anything else (400 em atendimento, invalid number, unknown 4xx) → permanent. A 2xx whose envelope says
 * `status !== "success"` is classified by the envelope's `code` when it is an HTTP-like 4xx/5xx, else permanent.
 */
export function opaErrorFromResponse(response: HttpResponse): OpaError {
  const body = response.json;
  const envelopeCode = readEnvelopeCode(body);
  const ok2xx = response.status >= 200 && response.status < 300;
  const words = opaErrorMessage(body);
  const message = words ?? fallbackMessage(response);
  const meta = /\(#(\d+)\)/.exec(message)?.[1];
  const providerCode = meta ?? readErrorConstant(body) ?? (ok2xx && envelopeCode !== undefined ? String(envelopeCode) : undefined);
  const effectiveStatus = ok2xx ? (envelopeCode !== undefined && envelopeCode >= 400 && envelopeCode < 600 ? envelopeCode : undefined) : response.status;
  const retryAfter = effectiveStatus === 429 || effectiveStatus === 503 ? retryAfterMs(response.headers) : undefined;
  const kind = classify(message, meta, effectiveStatus);
  const reason = words === undefined ? httpNotice(response) : said('provider_said', words);
  return new OpaError(kind, message, reason, response.status, providerCode, kind === 'retryable' ? retryAfter : undefined);
}

/** An answer without Opa's words: its status, and the start of its body when that is text. */
function httpNotice(response: HttpResponse): Notice {
  const text = bodyText(response);
  return said('http_status', text, { status: response.status });
}

function classify(message: string, meta: string | undefined, status: number | undefined): FailureKind {
  if (dailyLimitPattern.test(message)) return 'quota';
  if (meta !== undefined && metaKinds[meta]) return metaKinds[meta];
  if (status === 401 || status === 403 || status === 404) return 'config';
  if (status !== undefined && kindForStatus(status) === 'retryable') return 'retryable';
  if (channelPattern.test(message)) return 'config';
  return 'permanent';
}

function readEnvelopeCode(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const code = (body as Record<string, unknown>).code;
  const value = typeof code === 'string' ? Number(code) : code;
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/** `NOT_FOUND_ERROR`, `NO_ARGUMENT_ERROR`: the constant some Opa errors carry in `error`. */
function readErrorConstant(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as Record<string, unknown>).error;
  return typeof error === 'string' && /^[A-Z][A-Z0-9_]+$/.test(error) ? error : undefined;
}

/** The start of a body that is text (not an HTML page), for the log. */
function bodyText(response: HttpResponse): string | undefined {
  const text = response.text.trim().replace(/\s+/g, ' ');
  if (text && !text.startsWith('<')) return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  return undefined;
}

function fallbackMessage(response: HttpResponse): string {
  return bodyText(response) ?? `Opa! Suite answered HTTP ${response.status}`;
}

/** A failure Opa did not word: the address answers something that is not its API. */
export function notOpaApi(status: number): OpaError {
  return new OpaError('config', `Not an Opa! Suite API answer (HTTP ${status}); check the address`, notice('not_provider_api', { provider: 'opa', status }), status);
}
