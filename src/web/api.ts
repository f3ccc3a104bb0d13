/**
 * The one way the UI talks to the server: same-origin JSON under /api, the session cookie, the CSRF header on
 * unsafe methods, and `{ error: { code, message, field?, notice? } }` bodies turned into ApiError.
 */
import type { Notice } from '../shared/notice.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** The server's notice for it (a code and params), when it sent one: render it, not `message`. */
    readonly notice?: Notice,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  /** Leave a 401 to the caller instead of sending the user to /login (login form, session probe). */
  allowUnauthenticated?: boolean;
  signal?: AbortSignal;
}

const unsafe = new Set<Method>(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken: string | null = null;
let unauthorizedHandler: () => void = () => {};

/** Remember the CSRF token of the current session (from login or /api/auth/me); null after logout. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The CSRF header of the session, for requests made outside `request` (an upload through XMLHttpRequest). */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

/** An error answer's body as an ApiError (for callers that read the response themselves). */
export function apiErrorOf(status: number, body: unknown, statusText = ''): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown; field?: unknown; notice?: unknown } } | undefined)?.error;
  const notice = error?.notice as Notice | undefined;
  return new ApiError(
    status,
    typeof error?.code === 'string' ? error.code : `HTTP_${status}`,
    typeof error?.message === 'string' ? error.message : statusText,
    typeof error?.field === 'string' ? error.field : undefined,
    notice && typeof notice === 'object' && typeof notice.code === 'string' ? notice : undefined,
  );
}

/** What to do when the session is gone (the router sends the user to /login). */
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler;
}

export async function request<T>(method: Method, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (unsafe.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', err instanceof Error ? err.message : String(err));
  }

  if (response.status === 401 && !options.allowUnauthenticated) {
    csrfToken = null;
    unauthorizedHandler();
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

async function toApiError(response: Response): Promise<ApiError> {
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch {
    parsed = undefined;
  }
  return apiErrorOf(response.status, parsed, response.statusText);
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, body ?? {}, options),
  put: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PUT', path, body, options),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PATCH', path, body, options),
  delete: (path: string, options?: RequestOptions) => request<void>('DELETE', path, undefined, options),
};
