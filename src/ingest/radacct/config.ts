/**
 * Settings of a `radacct` status source (`status_sources.config`): where FreeRADIUS's accounting table lives
 * and how it is read. The connection string carries no password — that is the source's sealed secret;
 * `splitPassword` moves one typed into the URL there. Used as the source kind's config parser, so the API and
 * the CLI refuse the same mistakes.
 */
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';

export type RadacctDialect = 'mysql' | 'postgres';

const identifier = /^[A-Za-z_][A-Za-z0-9_]{0,62}(\.[A-Za-z_][A-Za-z0-9_]{0,62})?$/;

export const radacctConfigSchema = z.strictObject({
  /** `mysql://user@host:3306/radius` (MariaDB too) or `postgres://user@host:5432/radius`. */
  url: z
    .string()
    .trim()
    .regex(/^(mysql|mariadb|postgres|postgresql):\/\//, 'must start with mysql://, mariadb://, postgres:// or postgresql://'),
  /** The accounting table (`radacct`, or `schema.table`). */
  table: z.string().trim().regex(identifier, 'must be a table name such as radacct or radius.radacct').default('radacct'),
  /** Re-read this far behind the cursor's time: rows written late with an earlier event time are not missed. */
  overlapSeconds: z.number().int().min(0).max(86_400).default(300),
  /** A first (full) read takes sessions still open plus those stopped in this many days. */
  initialDays: z.number().int().min(1).max(3650).default(30),
  pageSize: z.number().int().min(100).max(50_000).default(5_000),
});

export type RadacctConfig = z.infer<typeof radacctConfigSchema>;

export function dialectOf(url: string): RadacctDialect {
  return /^(mysql|mariadb):/.test(url) ? 'mysql' : 'postgres';
}

/** Validates and normalises a radacct source's config; a password inside the URL is refused (it belongs in the secret). */
export function parseRadacctConfig(config: Record<string, unknown>): RadacctConfig {
  const parsed = radacctConfigSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('VALIDATION', issue.message, issue.path.length > 0 ? `config.${issue.path.join('.')}` : 'config');
  }
  let url: URL;
  try {
    url = new URL(parsed.data.url);
  } catch {
    throw new AppError('VALIDATION', 'is not a valid connection string', 'config.url');
  }
  if (url.password) throw new AppError('VALIDATION', 'put the database password in the source secret, not in the URL', 'config.url');
  if (!url.hostname || url.pathname.length <= 1) throw new AppError('VALIDATION', 'needs a host and a database name', 'config.url');
  return parsed.data;
}

/** `mysql://u:p@h/db` → `{ url: 'mysql://u@h/db', password: 'p' }` (the password decoded). */
export function splitPassword(connection: string): { url: string; password: string | null } {
  let url: URL;
  try {
    url = new URL(connection.trim());
  } catch {
    throw new AppError('VALIDATION', 'is not a valid connection string', 'config.url');
  }
  const password = url.password ? decodeURIComponent(url.password) : null;
  url.password = '';
  return { url: url.toString(), password };
}
