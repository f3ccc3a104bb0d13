/**
 * Per-account sign-in throttling, shared by every process on one database. Each attempt is counted as a failure
 * *before* the password is checked, in one upsert that also tells whether the attempt may go on: after
 * `lockAfter` consecutive failures the username is locked for 1 minute, doubling with each further failure up to
 * an hour. Counting first is what makes it hold against a botnet: 100 parallel guesses from 100 addresses get
 * `lockAfter` password checks, not 100. A success clears the count; attempts during a lock are refused without
 * checking the password (the correct one too) and do not extend the lock. Unknown usernames are counted the same
 * way, so a lock reveals nothing about which users exist. Admins see and lift locks (Configurações › Usuários).
 */
import { eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { loginThrottle } from '../db/schema/access.js';

/** Failures older than this no longer count towards a lock. */
const FORGET_AFTER = sql`interval '1 day'`;
const MAX_LOCK_MINUTES = 60;

export interface AttemptVerdict {
  /** False when the username is locked: refuse without checking the password. */
  allowed: boolean;
  failures: number;
  lockedUntil: Date | null;
}

export function usernameKey(username: string): string {
  return username.trim().toLowerCase();
}

/** Counts an attempt (as a failure until `clearFailures` says otherwise) and says whether it may proceed. */
export async function beginAttempt(db: Db, username: string, options: { lockAfter: number; ip: string }): Promise<AttemptVerdict> {
  const locked = sql`coalesce(${loginThrottle.lockedUntil} > now(), false)`;
  const stale = sql`${loginThrottle.lastFailureAt} < now() - ${FORGET_AFTER}`;
  const next = sql`(case when ${stale} then 1 else ${loginThrottle.failures} + 1 end)`;
  const lockFor = (failures: SQL) =>
    sql`now() + make_interval(mins => least(power(2, ${failures} - ${options.lockAfter})::int, ${MAX_LOCK_MINUTES}))`;
  const [row] = await db
    .insert(loginThrottle)
    .values({
      usernameKey: usernameKey(username),
      failures: 1,
      lockedUntil: options.lockAfter <= 1 ? sql`${lockFor(sql`1`)}` : null,
      lastFailureAt: sql`now()`,
      lastIp: options.ip,
      allowed: true,
    })
    .onConflictDoUpdate({
      target: loginThrottle.usernameKey,
      set: {
        allowed: sql`not ${locked}`,
        failures: sql`case when ${locked} then ${loginThrottle.failures} else ${next} end`,
        lockedUntil: sql`case when ${locked} then ${loginThrottle.lockedUntil}
          when ${next} >= ${options.lockAfter} then ${lockFor(next)} else null end`,
        lastFailureAt: sql`case when ${locked} then ${loginThrottle.lastFailureAt} else now() end`,
        lastIp: options.ip,
      },
    })
    .returning({ allowed: loginThrottle.allowed, failures: loginThrottle.failures, lockedUntil: loginThrottle.lockedUntil });
  return row!;
}

/** A successful sign-in (or an admin's unlock) forgets the username's failures. */
export async function clearFailures(db: Db, username: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.usernameKey, usernameKey(username)));
}

export interface LockState {
  failedLogins: number;
  lockedUntil: Date | null;
}

/** Failures and lock of these usernames (absent = none), for the admins' list of users. */
export async function lockStates(db: Db, usernames: readonly string[]): Promise<Map<string, LockState>> {
  if (usernames.length === 0) return new Map();
  const rows = await db
    .select({
      key: loginThrottle.usernameKey,
      failedLogins: sql<number>`case when ${loginThrottle.lastFailureAt} < now() - ${FORGET_AFTER} then 0 else ${loginThrottle.failures} end`,
      lockedUntil: sql<Date | null>`case when ${loginThrottle.lockedUntil} > now() then ${loginThrottle.lockedUntil} end`.mapWith(
        loginThrottle.lockedUntil,
      ),
    })
    .from(loginThrottle)
    .where(inArray(loginThrottle.usernameKey, usernames.map(usernameKey)));
  return new Map(rows.map((r) => [r.key, { failedLogins: Number(r.failedLogins), lockedUntil: r.lockedUntil }]));
}

/** Housekeeping: rows whose failures are forgotten and whose lock is over. */
export async function purgeStaleAttempts(db: Db): Promise<void> {
  await db
    .delete(loginThrottle)
    .where(sql`${loginThrottle.lastFailureAt} < now() - ${FORGET_AFTER} and coalesce(${loginThrottle.lockedUntil} < now(), true)`);
}
