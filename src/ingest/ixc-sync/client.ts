/**
 * The IXC Provedor webservice client the sync needs: one call, listing a table — `POST /webservice/v1/<table>`
 * with header `ixcsoft: listar`, HTTP Basic `<userId>:<token>`, and the body `qtype, query, oper, page, rp,
 * sortname, sortorder` (+ `grid_param`, a JSON-encoded string of `[{TB, OP, P}]` ANDed conditions). Answers are
 * `{page, total, registros}` with every value a string (ixc.md §5.2).
 *
 * Transient failures (no answer, timeout, reset, 408/429/5xx) are retried with exponential backoff (honouring
 * `Retry-After`) before an `IxcError` of kind `retryable` is thrown; `{type:"error", message}`, IXC's HTML error
 * fragment and other refusals throw at once. The token never appears in an error message.
 */
import { createHttpClient, type HttpResponse, retryAfterMs, TransportError } from '../../providers/http.js';
import { sleep } from '../../shared/abort.js';
import { type Notice, notice, said } from '../../shared/notice.js';
import { noticeText } from '../../shared/notice-text.js';
import { basicAuth, MAX_PAGE_SIZE } from './config.js';

export type IxcOper = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'L';

export interface IxcCondition {
  /** `tabela.campo` */
  TB: string;
  OP: IxcOper;
  P: string;
}

export interface IxcListQuery {
  qtype: string;
  query: string;
  oper: IxcOper;
  /** 1-based; default 1. */
  page?: number;
  rp: number;
  sortname: string;
  sortorder: 'asc' | 'desc';
  grid?: readonly IxcCondition[];
}

export interface IxcPage {
  page: number;
  /** Rows matching the query (IXC's `total`). */
  total: number;
  /** As received: normally objects of strings; the sync validates each one. */
  records: unknown[];
}

/** `retryable`: try again later; `config`: address, user or token wrong; `permanent`: IXC refused the request. */
export type IxcErrorKind = 'retryable' | 'config' | 'permanent';

/** A failed listing: its notice (rendered in the reader's language by the screens) and, as `message`, its English text. */
export class IxcError extends Error {
  override readonly name = 'IxcError';
  constructor(
    readonly kind: IxcErrorKind,
    readonly notice: Notice,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(noticeText(notice, 'en'));
  }
}

export interface RetryPolicy {
  /** Attempts per request, the first included; default 4. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

const defaultRetry: RetryPolicy = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000 };

export interface IxcClientOptions {
  /** `https://host[:port][/path]` (config.ts `normaliseIxcUrl`). */
  baseUrl: string;
  userId: string;
  token: string;
  insecureTls?: boolean;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Told before each retry (the sync logs it in its progress). */
  onRetry?: (error: IxcError, attempt: number, delayMs: number) => void;
}

export interface IxcClient {
  list(table: string, query: IxcListQuery, signal?: AbortSignal): Promise<IxcPage>;
  close(): Promise<void>;
}

export function createIxcClient(options: IxcClientOptions): IxcClient {
  const http = createHttpClient({ timeoutMs: options.timeoutMs ?? 60_000, insecureTls: options.insecureTls, connections: 2 });
  const retry = { ...defaultRetry, ...options.retry };
  const authorization = basicAuth(options.userId, options.token);

  async function once(table: string, query: IxcListQuery, signal?: AbortSignal): Promise<IxcPage> {
    let response: HttpResponse;
    try {
      response = await http.call({
        method: 'POST',
        url: `${options.baseUrl}/webservice/v1/${encodeURIComponent(table)}`,
        headers: { authorization, ixcsoft: 'listar' },
        body: listBody(query),
        signal,
      });
    } catch (err) {
      if (err instanceof TransportError) throw new IxcError('retryable', said('ixc_unreachable', err.message));
      throw err;
    }
    return readPage(table, response);
  }

  return {
    async list(table, query, signal) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await once(table, query, signal);
        } catch (err) {
          if (!(err instanceof IxcError) || err.kind !== 'retryable' || attempt >= retry.attempts || signal?.aborted) throw err;
          const backoff = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
          const delay = Math.min(retry.maxDelayMs, Math.max(backoff, err.retryAfterMs ?? 0));
          options.onRetry?.(err, attempt, delay);
          await sleep(delay, signal).catch(() => {
            throw new IxcError('retryable', notice('sync_cancelled'));
          });
        }
      }
    },
    close: () => http.close(),
  };
}

/** The request body: every value a string, as IXC's own clients send it. */
export function listBody(query: IxcListQuery): Record<string, string> {
  const rp = Math.min(Math.max(Math.trunc(query.rp), 1), MAX_PAGE_SIZE);
  return {
    qtype: query.qtype,
    query: query.query,
    oper: query.oper,
    page: String(query.page ?? 1),
    rp: String(rp),
    sortname: query.sortname,
    sortorder: query.sortorder,
    ...(query.grid && query.grid.length > 0 ? { grid_param: JSON.stringify(query.grid) } : {}),
  };
}

const HTML_ERROR = /^\s*<div\b/i;

function readPage(table: string, response: HttpResponse): IxcPage {
  const { status, json, text } = response;
  if (status === 401 || status === 403) {
    throw new IxcError('config', notice('ixc_auth_refused', { status }), status);
  }
  if (status === 408 || status === 429 || status >= 500) {
    throw new IxcError('retryable', said('ixc_http_status', errorText(json, text), { status }), status, retryAfterMs(response.headers));
  }
  if (status === 404) throw new IxcError('config', notice('ixc_no_webservice', { table }), status);
  if (status < 200 || status >= 300) throw new IxcError('permanent', said('ixc_http_status', errorText(json, text), { status }), status);
  if (json === undefined) {
    if (HTML_ERROR.test(text)) throw new IxcError('permanent', said('ixc_refused_listing', stripHtml(text), { table }), status);
    throw new IxcError('config', notice('ixc_not_webservice', { table, status }), status);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new IxcError('permanent', said('ixc_malformed', 'not an object', { table }), status);
  }
  const body = json as Record<string, unknown>;
  if (body.type === 'error') {
    const message = typeof body.message === 'string' ? body.message : undefined;
    throw new IxcError('permanent', said('ixc_refused_listing', message, { table }), status);
  }
  const total = toCount(body.total);
  // IXC leaves `registros` out when nothing matches
  const records = body.registros ?? (total === 0 ? [] : undefined);
  if (!Array.isArray(records) || total === undefined) {
    throw new IxcError('permanent', said('ixc_malformed', 'expected {page, total, registros}', { table }), status);
  }
  return { page: toCount(body.page) ?? 1, total, records };
}

function toCount(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** What IXC said with an error status: its JSON `message`, else its text without markup (may be empty). */
function errorText(json: unknown, text: string): string {
  const message = typeof json === 'object' && json !== null ? (json as Record<string, unknown>).message : undefined;
  if (typeof message === 'string' && message.trim()) return message.trim().slice(0, 200);
  return stripHtml(text).slice(0, 200);
}

function stripHtml(text: string): string {
  return text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 300);
}
