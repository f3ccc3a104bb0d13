/** First start: with no user yet, create the first admin from the given credentials (env vars or the demo). */
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { countUsers, createUser, type User } from './users.js';

export async function ensureFirstAdmin(
  db: Db,
  credentials: { username?: string; password?: string },
): Promise<{ user: User; password: string } | undefined> {
  if ((await countUsers(db)) > 0) return undefined;
  if (!credentials.username) return undefined;
  const password = credentials.password ?? randomBytes(9).toString('base64url');
  const user = await createUser(db, {
    username: credentials.username,
    name: 'Administrador',
    role: 'admin',
    password,
  });
  return { user, password };
}
