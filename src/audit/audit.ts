/** The audit trail: who did what, when. Every send, import and account change writes here. */
import { desc, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { auditLog } from '../db/schema/access.js';

export interface Actor {
  userId?: number | null;
  /** A username, `cli` or `system`. */
  name: string;
  ip?: string | null;
}

export async function recordAudit(
  db: Db,
  actor: Actor,
  action: string,
  target: { entity?: string; entityId?: string | number; details?: unknown } = {},
): Promise<void> {
  await db.insert(auditLog).values({
    userId: actor.userId ?? null,
    actor: actor.name,
    action,
    entity: target.entity ?? null,
    entityId: target.entityId === undefined ? null : String(target.entityId),
    details: target.details ?? null,
    ip: actor.ip ?? null,
  });
}

export async function listAudit(db: Db, options: { page: number; pageSize: number }) {
  const rows = await db
    .select()
    .from(auditLog)
    .orderBy(desc(auditLog.id))
    .limit(options.pageSize)
    .offset((options.page - 1) * options.pageSize);
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
  return { entries: rows, total: count?.n ?? 0 };
}
