/**
 * Domain errors carry a stable code (translated by the UI) and the HTTP status they map to; the one Fastify
 * error handler turns them into `{ error: { code, message, field?, notice? } }`. Services never import Fastify.
 */
import type { Notice } from './notice.js';
import { noticeText } from './notice-text.js';

export type ErrorCode =
  | 'VALIDATION'
  | 'INVALID_CREDENTIALS'
  | 'UNAUTHENTICATED'
  /** An API token past its expiry (src/auth/api-tokens.ts): a new one is needed. */
  | 'TOKEN_EXPIRED'
  | 'FORBIDDEN'
  | 'CSRF'
  | 'NOT_FOUND'
  | 'USERNAME_TAKEN'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  /** Too many failed sign-ins for one username (src/auth/login-throttle.ts). */
  | 'ACCOUNT_LOCKED'
  /** A stored secret would go to a target it was not saved for: the form must send it again. */
  | 'SECRET_REQUIRED'
  /** A saved filter an active gatilho sends from: only an admin may change it. */
  | 'FILTER_IN_USE'
  /** A provider (Opa! Suite, SMTP, SMS gateway) refused or failed; the message is the provider's. */
  | 'PROVIDER'
  /** Something this process does not run (e.g. the scheduler in an API-only test). */
  | 'UNAVAILABLE'
  /** A request body over its limit (an upload larger than AVISA_IMPORT_MAX_BYTES). */
  | 'PAYLOAD_TOO_LARGE'
  /** The database is unreachable, too slow (a timeout) or restarting; worth trying again shortly. */
  | 'DATABASE_UNAVAILABLE'
  /** A provider's webhook that cannot be verified (signature, verify token, unknown number). */
  | 'WEBHOOK_UNVERIFIED';

const statusOf: Record<ErrorCode, number> = {
  VALIDATION: 400,
  INVALID_CREDENTIALS: 401,
  UNAUTHENTICATED: 401,
  TOKEN_EXPIRED: 401,
  FORBIDDEN: 403,
  CSRF: 403,
  NOT_FOUND: 404,
  USERNAME_TAKEN: 409,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  ACCOUNT_LOCKED: 429,
  SECRET_REQUIRED: 400,
  FILTER_IN_USE: 403,
  PROVIDER: 502,
  UNAVAILABLE: 503,
  PAYLOAD_TOO_LARGE: 413,
  DATABASE_UNAVAILABLE: 503,
  // 400, not 401: the route is public (no Avisa credentials apply); the request itself does not verify
  WEBHOOK_UNVERIFIED: 400,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** What went wrong as a notice (src/shared/notice.ts), for the screens to say in the reader's language. */
    readonly notice?: Notice,
  ) {
    super(message);
    this.status = statusOf[code];
  }
}

/**
 * A VALIDATION error about `field` told as a notice: its message is `field: <the notice in English>` (scripts and
 * logs, as every VALIDATION message), and the body carries the notice for the screens.
 */
export function refused(field: string, notice: Notice): AppError {
  return new AppError('VALIDATION', `${field}: ${noticeText(notice, 'en')}`, field, notice);
}

/**
 * The same refusal as a schema's issue (`ctx.addIssue(refusedIssue([...], notice))` in a `superRefine`): the error
 * handler (src/http/errors.ts) answers it as `refused` would, the notice included.
 */
export function refusedIssue(path: PropertyKey[], notice: Notice) {
  return { code: 'custom' as const, path, message: noticeText(notice, 'en'), params: { notice } };
}
