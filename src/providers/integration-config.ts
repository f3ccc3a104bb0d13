/**
 * What each kind of integration needs beyond its shape (src/providers/schemas.ts): which settings a stored secret
 * is bound to, and validation that names the field (`config.<field>`) the way the form maps it.
 */
import type { z } from 'zod';
import { AppError } from '../shared/errors.js';
import type { IntegrationConfig, IntegrationKind } from './schemas.js';

export type { IntegrationConfig, IntegrationKind } from './schemas.js';

/**
 * The settings that decide where a kind's secret is sent and how it is protected on the way. A stored secret is
 * only ever used with the stored values of these: changing any of them (or the kind) requires typing the secret
 * again, so an admin session — or anyone who steals one — cannot point a saved token at another server.
 */
const secretTargetOfKind: Record<IntegrationKind, readonly string[]> = {
  opa: ['url', 'insecureTls'],
  smtp: ['host', 'port', 'security', 'user', 'insecureTls'],
  zenvia: ['baseUrl'],
  smsdev: ['baseUrl'],
  cloudapi: ['baseUrl'],
};

/** The first setting that differs between a stored integration and new values, as `config.<field>` (or `kind`). */
export function changedSecretTarget(
  stored: { kind: IntegrationKind; config: IntegrationConfig },
  next: { kind: IntegrationKind; config: IntegrationConfig },
): string | null {
  if (stored.kind !== next.kind) return 'kind';
  const a = stored.config as Record<string, unknown>;
  const b = next.config as Record<string, unknown>;
  const field = secretTargetOfKind[next.kind].find((key) => a[key] !== b[key]);
  return field ? `config.${field}` : null;
}

/** The first problem of a failed parse as a 400 naming the field (`config.url`; an unknown key by its name). */
function validationError(error: z.ZodError, prefix: readonly string[] = []): AppError {
  const issue = error.issues[0]!;
  const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const field = [...prefix, ...issue.path, ...(key === undefined ? [] : [key])].map(String).join('.');
  return new AppError('VALIDATION', `${field}: ${issue.message}`, field);
}

/** `value` parsed by `schema`, or a 400 naming the field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}
