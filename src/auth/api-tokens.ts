/**
 * Personal API tokens for integrations (`Authorization: Bearer avisa_…`). Only their sha256 is stored. A token may
 * carry an expiry: past it the token is refused with its own error (TOKEN_EXPIRED), so a script's owner can tell
 * "renew me" from "wrong token"; it stays listed, marked expired, until revoked.
 */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { apiTokens } from '../db/schema/access.js';
import { AppError, refused } from '../shared/errors.js';
import { notice } from '../shared/notice.js';
import type { ApiToken } from './schemas.js';
import { newSecret, sha256 } from './secrets.js';
import { getUser, type User } from './users.js';

const TOKEN_PREFIX = 'avisa_';

/** Expired by the database's clock, the one every process and both backends share. */
const expired = sql<boolean>`coalesce(${apiTokens.expiresAt} <= now(), false)`;

const columns = {
  id: apiTokens.id,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  expiresAt: apiTokens.expiresAt,
  expired,
};

export interface NewTokenOptions {
  /** When it stops working; null or absent: never. Must be in the future. */
  expiresAt?: Date | null;
}

export async function createApiToken(db: Db, userId: number, name: string, options: NewTokenOptions = {}): Promise<{ token: ApiToken; secret: string }> {
  const expiresAt = options.expiresAt ?? null;
  if (expiresAt && !(expiresAt.getTime() > Date.now())) {
    throw refused('expiresAt', notice('expiry_in_past'));
  }
  const secret = newSecret(TOKEN_PREFIX);
  const [token] = await db
    .insert(apiTokens)
    .values({ userId, name, tokenHash: sha256(secret), prefix: secret.slice(0, TOKEN_PREFIX.length + 6), expiresAt })
    .returning(columns);
  return { token: token!, secret };
}

export async function listApiTokens(db: Db, userId: number): Promise<ApiToken[]> {
  return db
    .select(columns)
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

export async function revokeApiToken(db: Db, userId: number, id: number): Promise<void> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  if (rows.length === 0) throw new AppError('NOT_FOUND', `Token ${id} does not exist`);
}

/**
 * The active user a live token belongs to; undefined for an unknown or revoked token. An expired one throws
 * TOKEN_EXPIRED (401) naming when it expired — that second look happens only on a refusal.
 */
export async function findUserByApiToken(db: Db, secret: string): Promise<User | undefined> {
  if (!secret.startsWith(TOKEN_PREFIX)) return undefined;
  const hash = sha256(secret);
  const [row] = await db
    .update(apiTokens)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt), sql`not ${expired}`))
    .returning({ userId: apiTokens.userId });
  if (!row) {
    const [old] = await db
      .select({ expiresAt: apiTokens.expiresAt })
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt)));
    if (old?.expiresAt) throw new AppError('TOKEN_EXPIRED', `This API token expired at ${old.expiresAt.toISOString()}; create a new one`);
    return undefined;
  }
  const user = await getUser(db, row.userId);
  return user?.active ? user : undefined;
}
