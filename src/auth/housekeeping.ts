/** What the scheduler clears from the access tables now and then: expired sessions and forgotten sign-in failures. */
import type { Db } from '../db/database.js';
import { purgeStaleAttempts } from './login-throttle.js';
import { purgeExpiredSessions } from './sessions.js';

export async function purgeExpiredAccess(db: Db): Promise<void> {
  await purgeExpiredSessions(db);
  await purgeStaleAttempts(db);
}
