/**
 * Who calls the API in HTTP tests: one user per role, and for each the headers of a fresh browser session (cookie
 * + CSRF token) or of an API token, created straight in the database (no sign-in, so no scrypt and no throttle).
 */
import { createApiToken } from '../auth/api-tokens.js';
import { type Role, roles } from '../auth/roles.js';
import { createSession } from '../auth/sessions.js';
import { createUser, type User } from '../auth/users.js';
import type { Db } from '../db/database.js';

export const TEST_PASSWORD = 'correct horse battery';

export type Principal =
  | { name: 'anonymous'; role: null }
  | { name: string; role: Role; via: 'session' | 'token'; user: User };

export async function createRoleUsers(db: Db): Promise<Record<Role, User>> {
  const entries = await Promise.all(
    roles.map(async (role) => [role, await createUser(db, { username: role, name: role, role, password: TEST_PASSWORD })] as const),
  );
  return Object.fromEntries(entries) as Record<Role, User>;
}

/** Headers that authenticate as `principal`; a session principal gets a new session each time. */
export async function headersOf(db: Db, principal: Principal, unsafe: boolean): Promise<Record<string, string>> {
  if (principal.role === null) return {};
  if (principal.via === 'token') {
    const { secret } = await createApiToken(db, principal.user.id, `test ${principal.name}`);
    return { authorization: `Bearer ${secret}` };
  }
  const session = await createSession(db, principal.user.id, { hours: 1 });
  return { cookie: `avisa_session=${session.cookie}`, ...(unsafe ? { 'x-csrf-token': session.csrfToken } : {}) };
}
