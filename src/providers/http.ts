/**
 * The HTTP transport shared by the provider clients: undici's `request` (which, unlike `fetch`, sends a JSON body
 * with GET — Opa! Suite lists need it), one connection pool per integration, an overall timeout, optional
 * acceptance of an invalid TLS certificate, and transport failures turned into `retryable` outcomes.
 */
import { Agent, request } from 'undici';
import { type Notice, notice, said, unexpected } from '../shared/notice.js';
import type { CheckResult, FailureKind, SendResult } from './types.js';

export interface HttpClientOptions {
  /** Whole-request budget, connect to last byte. */
  timeoutMs?: number;
  /** Accept a self-signed or expired certificate (self-hosted Opa! Suite instances often have one). */
  insecureTls?: boolean;
  /** Pooled connections per origin. */
  connections?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, or `undefined` when it is not JSON. */
  json: unknown;
}

export interface HttpCall {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** Serialised as JSON (also for GET). */
  body?: unknown;
  signal?: AbortSignal;
}

/** A transport failure: nothing (or nothing readable) came back. Always worth a retry. */
export class TransportError extends Error {
  readonly kind: FailureKind = 'retryable';
  constructor(
    message: string,
    readonly code: string,
    /** The same for people (src/shared/notice.ts). */
    readonly notice: Notice,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export interface HttpClient {
  call(call: HttpCall): Promise<HttpResponse>;
  close(): Promise<void>;
}

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const agent = new Agent({
    connections: options.connections ?? 4,
    connect: { rejectUnauthorized: !options.insecureTls, timeout: Math.min(timeoutMs, 10_000) },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  return {
    async call({ method, url, headers = {}, body, signal }) {
      const timeout = AbortSignal.timeout(timeoutMs);
      const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
      try {
        const response = await request(url, {
          method,
          dispatcher: agent,
          headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: combined,
        });
        const text = await response.body.text();
        return { status: response.statusCode, headers: response.headers, text, json: parseJson(text) };
      } catch (err) {
        throw toTransportError(err, timeout.aborted, timeoutMs);
      }
    },
    close: () => agent.close(),
  };
}

function parseJson(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toTransportError(err: unknown, timedOut: boolean, timeoutMs: number): TransportError {
  if (timedOut) return new TransportError(`No answer within ${timeoutMs / 1000} s (timeout)`, 'TIMEOUT', notice('timeout', { seconds: timeoutMs / 1000 }));
  const e = err as { code?: string; message?: string; name?: string; cause?: { code?: string; message?: string } };
  const code = e.cause?.code ?? e.code ?? e.name ?? 'ERROR';
  const detail = e.cause?.message ?? e.message ?? String(err);
  if (code === 'AbortError' || e.name === 'AbortError') return new TransportError('Request cancelled', 'ABORTED', notice('request_cancelled'));
  return new TransportError(`Connection failed (${code}): ${detail}`, code, said('connection_failed', detail, { code }));
}


/** `Retry-After` in seconds or as an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(headers: HttpResponse['headers'], now = Date.now()): number | undefined {
  const raw = headers['retry-after'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The usual HTTP-status classification; providers refine it with what their bodies say. */
export function kindForStatus(status: number): FailureKind {
  if (status === 401 || status === 403) return 'config';
  if (status === 408 || status === 425 || status === 429 || status >= 500) return 'retryable';
  return 'permanent';
}

/**
 * Turns a thrown transport or provider error into a failed `SendResult`/`CheckResult`: its notice when it carries
 * one (TransportError, OpaError), else an unexpected error with its message.
 */
export function failureFrom(err: unknown): Extract<SendResult, { ok: false }> & Extract<CheckResult, { ok: false }> {
  if (err instanceof TransportError) return { ok: false, kind: 'retryable', notice: err.notice, code: err.code };
  const e = err as { kind?: FailureKind; notice?: Notice; status?: number; code?: string; retryAfterMs?: number };
  return {
    ok: false,
    kind: e.kind ?? 'retryable',
    notice: e.notice ?? unexpected(err),
    ...(e.status === undefined ? {} : { status: e.status }),
    ...(e.code === undefined ? {} : { code: e.code }),
    ...(e.retryAfterMs === undefined ? {} : { retryAfterMs: e.retryAfterMs }),
  };
}
