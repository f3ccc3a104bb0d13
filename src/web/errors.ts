/** Turns an API failure into a sentence in the user's language, chosen by the error's stable code. */
import type { TFunction } from 'i18next';
import { PASSWORD_MIN_LENGTH } from '../auth/schemas.js';
import { ApiError } from './api.js';

/** The server's rule (src/auth/schemas.ts); the form checks it before sending. */
export { PASSWORD_MIN_LENGTH };

const knownCodes = [
  'INVALID_CREDENTIALS',
  'RATE_LIMITED',
  'ACCOUNT_LOCKED',
  'SECRET_REQUIRED',
  'FILTER_IN_USE',
  'UNAUTHENTICATED',
  'TOKEN_EXPIRED',
  'FORBIDDEN',
  'CSRF',
  'NOT_FOUND',
  'USERNAME_TAKEN',
  'CONFLICT',
  'VALIDATION',
  'NETWORK',
  'INTERNAL',
  'PROVIDER',
  'UNAVAILABLE',
  'DATABASE_UNAVAILABLE',
  'PAYLOAD_TOO_LARGE',
] as const;
type KnownCode = (typeof knownCodes)[number];

const knownFields = ['username', 'name', 'email', 'password', 'role'] as const;
type KnownField = (typeof knownFields)[number];

function isKnown<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

export function errorText(t: TFunction, err: unknown): string {
  if (!(err instanceof ApiError)) return t('errors.unknown', { code: err instanceof Error ? err.name : '?' });
  if (err.code === 'VALIDATION' && err.field) {
    return isKnown<KnownField>(knownFields, err.field)
      ? t(`fieldErrors.${err.field}`, { min: PASSWORD_MIN_LENGTH })
      : t('fieldErrors.other', { field: err.field });
  }
  if (err.code === 'PROVIDER') return t('errors.PROVIDER', { message: err.message });
  if (isKnown<KnownCode>(knownCodes, err.code)) return t(`errors.${err.code}`);
  if (err.status >= 500) return t('errors.INTERNAL');
  return t('errors.unknown', { code: err.code });
}
