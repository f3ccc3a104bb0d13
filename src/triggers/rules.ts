/**
 * The gatilhos de envio themselves: list, read, create, change, delete. Saving checks what the rule points at
 * (./resolve.ts: saved filter, messages one per channel and active, required free values) and that its name is
 * free; the list carries each rule's newest evaluation and how many held runs wait for a decision.
 */
import { asc, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { users } from '../db/schema/access.js';
import { savedFilters } from '../db/schema/report.js';
import { triggerRules } from '../db/schema/triggers.js';
import { assertNameFree, type UniqueName } from '../db/unique.js';
import type { Channel } from '../providers/types.js';
import { AppError } from '../shared/errors.js';
import { messageRows, resolveOrThrow } from './resolve.js';
import { runSummaries } from './runs.js';
import { type TriggerInput, triggerInputSchema, type TriggerRule } from './schemas.js';

const uniqueName: UniqueName = {
  table: triggerRules,
  id: triggerRules.id,
  name: triggerRules.name,
  field: 'name',
  what: 'A trigger rule',
};

const columns = {
  id: triggerRules.id,
  name: triggerRules.name,
  savedFilterId: triggerRules.savedFilterId,
  savedFilterName: savedFilters.name,
  messageIds: triggerRules.messageIds,
  freeValues: triggerRules.freeValues,
  priority: triggerRules.priority,
  active: triggerRules.active,
  cooldownMinutes: triggerRules.cooldownMinutes,
  ceiling: triggerRules.ceiling,
  createdBy: sql<string>`coalesce(${users.username}, '')`,
  createdAt: triggerRules.createdAt,
  updatedAt: triggerRules.updatedAt,
};

async function selectRules(db: Db, where?: SQL): Promise<TriggerRule[]> {
  const rows = await db
    .select(columns)
    .from(triggerRules)
    .leftJoin(savedFilters, eq(savedFilters.id, triggerRules.savedFilterId))
    .leftJoin(users, eq(users.id, triggerRules.createdBy))
    .where(where)
    .orderBy(asc(sql`lower(${triggerRules.name})`), asc(triggerRules.id));
  const ids = rows.map((r) => r.id);
  const messageIds = rows.map((r) => (r.messageIds as number[]).map(Number));
  const [found, summaries] = await Promise.all([messageRows(db, [...new Set(messageIds.flat())]), runSummaries(db, ids)]);
  return rows.map((row, i) => ({
    ...row,
    messageIds: messageIds[i]!,
    messages: messageIds[i]!.map((id) => {
      const m = found.get(id);
      return m
        ? { id, channel: m.channel as Channel, description: m.description, active: m.active }
        : { id, channel: null, description: null, active: false };
    }),
    freeValues: row.freeValues as Record<string, string>,
    lastRun: summaries.last.get(row.id) ?? null,
    heldRuns: summaries.held.get(row.id) ?? 0,
  }));
}

/** The active gatilhos that send from a saved filter (they guard it from changes by non-admins). */
export async function activeRulesUsingFilter(db: Db, savedFilterId: number): Promise<{ id: number; name: string }[]> {
  return db
    .select({ id: triggerRules.id, name: triggerRules.name })
    .from(triggerRules)
    .where(sql`${triggerRules.savedFilterId} = ${savedFilterId} and ${triggerRules.active}`)
    .orderBy(asc(triggerRules.id));
}

export async function listRules(db: Db, filter: { active?: boolean } = {}): Promise<TriggerRule[]> {
  return selectRules(db, filter.active === undefined ? undefined : eq(triggerRules.active, filter.active));
}

export async function getRule(db: Db, id: number): Promise<TriggerRule> {
  const [rule] = await selectRules(db, eq(triggerRules.id, id));
  if (!rule) throw new AppError('NOT_FOUND', `No trigger rule ${id}`);
  return rule;
}

/** The input validated, its references checked; what gets stored. */
async function checked(db: Db, input: TriggerInput) {
  const data = triggerInputSchema.parse(input);
  const resolved = await resolveOrThrow(db, data);
  return { ...data, freeValues: resolved.freeValues };
}

export async function createRule(db: Db, userId: number | null, input: TriggerInput): Promise<TriggerRule> {
  const data = await checked(db, input);
  await assertNameFree(db, uniqueName, data.name);
  const [row] = await db
    .insert(triggerRules)
    .values({ ...data, createdBy: userId })
    .returning({ id: triggerRules.id });
  return getRule(db, row!.id);
}

/** Replaces a rule (the form sends it whole). */
export async function updateRule(db: Db, id: number, input: TriggerInput): Promise<TriggerRule> {
  await getRule(db, id);
  const data = await checked(db, input);
  await assertNameFree(db, uniqueName, data.name, id);
  await db
    .update(triggerRules)
    .set({ ...data, updatedAt: new Date() })
    .where(eq(triggerRules.id, id));
  return getRule(db, id);
}

/** Deletes a rule and its history; the batches it made stay in the fila, without the rule. */
export async function deleteRule(db: Db, id: number): Promise<TriggerRule> {
  const rule = await getRule(db, id);
  await db.delete(triggerRules).where(eq(triggerRules.id, id));
  return rule;
}
