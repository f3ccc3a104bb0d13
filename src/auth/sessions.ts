/**
 * Browser sessions. The cookie holds a random secret; the database keeps only its sha256 and the CSRF token that
 * every state-changing request made with that cookie must echo in the `x-csrf-token` header.
 */
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { sessions } from '../db/schema/access.js';
import { newSecret, sha256 } from './secrets.js';
import { getUser, type User } from './users.js';

export interface SessionInfo {
  user: User;
  csrfToken: string;
}

export async function createSession(
  db: Db,
  userId: number,
  options: { hours: number; ip?: string; userAgent?: string },
): Promise<{ cookie: string; csrfToken: string; expiresAt: Date }> {
  const cookie = newSecret();
  const csrfToken = newSecret();
  const expiresAt = new Date(Date.now() + options.hours * 3_600_000);
  await db.insert(sessions).values({
    id: sha256(cookie),
    userId,
    csrfToken,
    expiresAt,
    ip: options.ip ?? null,
    userAgent: options.userAgent?.slice(0, 300) ?? null,
  });
  return { cookie, csrfToken, expiresAt };
}

export async function findSession(db: Db, cookie: string): Promise<SessionInfo | undefined> {
  const [row] = await db
    .select({ userId: sessions.userId, csrfToken: sessions.csrfToken })
    .from(sessions)
    .where(and(eq(sessions.id, sha256(cookie)), gt(sessions.expiresAt, new Date())));
  if (!row) return undefined;
  const user = await getUser(db, row.userId);
  if (!user?.active) return undefined;
  return { user, csrfToken: row.csrfToken };
}

export async function deleteSession(db: Db, cookie: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sha256(cookie)));
}

export async function deleteUserSessions(db: Db, userId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function purgeExpiredSessions(db: Db): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
}
