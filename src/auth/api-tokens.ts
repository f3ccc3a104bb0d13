/** Personal API tokens for integrations (`Authorization: Bearer avisa_…`). Only their sha256 is stored. */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { apiTokens } from '../db/schema/index.js';
import { AppError } from '../shared/errors.js';
import { newSecret, sha256 } from './secrets.js';
import { getUser, type User } from './users.js';

export const TOKEN_PREFIX = 'avisa_';

const columns = {
  id: apiTokens.id,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
};

export async function createApiToken(db: Db, userId: number, name: string) {
  const secret = newSecret(TOKEN_PREFIX);
  const [token] = await db
    .insert(apiTokens)
    .values({ userId, name, tokenHash: sha256(secret), prefix: secret.slice(0, TOKEN_PREFIX.length + 6) })
    .returning(columns);
  return { token: token!, secret };
}

export async function listApiTokens(db: Db, userId: number) {
  return db
    .select(columns)
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt));
}

export async function revokeApiToken(db: Db, userId: number, id: number): Promise<void> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  if (rows.length === 0) throw new AppError('NOT_FOUND', `Token ${id} does not exist`);
}

export async function findUserByApiToken(db: Db, secret: string): Promise<User | undefined> {
  if (!secret.startsWith(TOKEN_PREFIX)) return undefined;
  const [row] = await db
    .update(apiTokens)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(apiTokens.tokenHash, sha256(secret)), isNull(apiTokens.revokedAt)))
    .returning({ userId: apiTokens.userId });
  if (!row) return undefined;
  const user = await getUser(db, row.userId);
  return user?.active ? user : undefined;
}
