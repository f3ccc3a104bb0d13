/** Users of Avisa: creation, lookup, update and credential checks. */
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { users } from '../db/schema/access.js';
import { AppError } from '../shared/errors.js';
import { clearFailures } from './login-throttle.js';
import { decoyHash, hashPassword, verifyPassword } from './password.js';
import type { Role } from './roles.js';
import { type NewUser, newUserSchema, type User, type UserPatch, userPatchSchema } from './schemas.js';

export type { NewUser, User, UserPatch } from './schemas.js';

const columns = {
  id: users.id,
  username: users.username,
  name: users.name,
  email: users.email,
  role: users.role,
  active: users.active,
  createdAt: users.createdAt,
  lastLoginAt: users.lastLoginAt,
};

function toUser(row: { role: string } & Omit<User, 'role'>): User {
  return { ...row, role: row.role as Role };
}

export async function createUser(db: Db, input: NewUser): Promise<User> {
  const data = newUserSchema.parse(input);
  if (await findUserByUsername(db, data.username)) {
    throw new AppError('USERNAME_TAKEN', `The username ${data.username} is already taken`, 'username');
  }
  const [row] = await db
    .insert(users)
    .values({ ...data, email: data.email ?? null, passwordHash: await hashPassword(data.password) })
    .returning(columns);
  return toUser(row!);
}

export async function findUserByUsername(db: Db, username: string) {
  const [row] = await db
    .select({ ...columns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(sql`lower(${users.username})`, username.trim().toLowerCase()));
  return row ? { ...toUser(row), passwordHash: row.passwordHash } : undefined;
}

export async function getUser(db: Db, id: number): Promise<User | undefined> {
  const [row] = await db.select(columns).from(users).where(eq(users.id, id));
  return row ? toUser(row) : undefined;
}

export async function listUsers(db: Db): Promise<User[]> {
  const rows = await db.select(columns).from(users).orderBy(asc(users.username));
  return rows.map(toUser);
}

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}

export async function updateUser(db: Db, id: number, patch: UserPatch): Promise<User> {
  const data = userPatchSchema.parse(patch);
  const { password, ...rest } = data;
  const values = { ...rest, ...(password ? { passwordHash: await hashPassword(password) } : {}) };
  if (Object.keys(values).length === 0) {
    const user = await getUser(db, id);
    if (!user) throw new AppError('NOT_FOUND', `User ${id} does not exist`);
    return user;
  }
  const [row] = await db.update(users).set(values).where(eq(users.id, id)).returning(columns);
  if (!row) throw new AppError('NOT_FOUND', `User ${id} does not exist`);
  if (password) await clearFailures(db, row.username); // a new password lifts a sign-in lock
  return toUser(row);
}

/** The user for a correct username/password of an active account; the same error (and timing) otherwise. */
export async function verifyCredentials(db: Db, username: string, password: string): Promise<User> {
  const found = await findUserByUsername(db, username);
  const ok = await verifyPassword(password, found?.passwordHash ?? decoyHash);
  if (!found || !ok || !found.active) {
    throw new AppError('INVALID_CREDENTIALS', 'Invalid username or password');
  }
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, found.id));
  const { passwordHash: _, ...user } = found;
  return user;
}
