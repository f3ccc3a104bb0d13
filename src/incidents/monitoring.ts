/**
 * Alerts from the ISP's monitoring on an element: a problem opens a suspected incident (cause `monitoring`) or
 * confirms the one the live status already opened; its recovery normalizes it. The monitoring's event id pairs
 * them, and a repeated alert changes nothing.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import { snapshotAffected } from './detect.js';
import { ELEMENT_TABLE } from './elements.js';
import { recordEvent } from './events.js';
import { confirmIncident, type PassContext, restoreIncident } from './lifecycle.js';
import type { MonitoringAlert } from './schemas.js';

async function elementOf(db: Db, alert: MonitoringAlert): Promise<{ id: number; name: string }> {
  const { kind, id, name } = alert.element;
  const table = sql.identifier(ELEMENT_TABLE[kind]);
  const rows = await queryRows<{ id: number; name: string }>(
    db,
    id !== undefined
      ? sql`select id, name from ${table} where id = ${id}`
      : sql`select id, name from ${table} where lower(name) = lower(${name ?? ''}) order by id limit 2`,
  );
  if (rows.length !== 1) {
    const what = id !== undefined ? `id ${id}` : `name "${name}"`;
    throw new AppError('VALIDATION', `element: no single ${kind} with ${what}${rows.length > 1 ? ' (several match)' : ''}`, 'element');
  }
  return rows[0]!;
}

export type MonitoringAction = 'opened' | 'confirmed' | 'restored' | 'ignored';

export async function applyMonitoringAlert(db: Db, alert: MonitoringAlert, actor: string, ctx: PassContext): Promise<{ id: number | null; action: MonitoringAction }> {
  const source = alert.source ?? 'monitoring';
  const details = { eventId: alert.eventId, state: alert.state, title: alert.title ?? null, source };
  const [paired] = await queryRows<{ id: number; state: string }>(db, sql`select id, state from incidents where external_ref = ${alert.eventId}`);
  if (alert.state === 'recovery') {
    if (!paired || !['suspected', 'confirmed'].includes(paired.state)) return { id: paired?.id ?? null, action: 'ignored' };
    await recordEvent(db, paired.id, 'monitoring', actor, details);
    await restoreIncident(db, paired.id, `${source}: ${actor}`);
    return { id: paired.id, action: 'restored' };
  }
  if (paired) return { id: paired.id, action: 'ignored' };
  const element = await elementOf(db, alert);
  const [open] = await queryRows<{ id: number; state: string }>(
    db,
    sql`select id, state from incidents where kind = ${alert.element.kind} and element_id = ${element.id} and state in ('suspected', 'confirmed')`,
  );
  if (open) {
    await db.execute(sql`update incidents set external_ref = coalesce(external_ref, ${alert.eventId}) where id = ${open.id}`);
    await recordEvent(db, open.id, 'monitoring', actor, details);
    if (open.state !== 'suspected') return { id: open.id, action: 'ignored' };
    await confirmIncident(db, open.id, `${source}: ${actor}`, {}, ctx);
    return { id: open.id, action: 'confirmed' };
  }
  const [created] = await queryRows<{ id: number }>(
    db,
    sql`insert into incidents (kind, element_id, element_name, state, cause, external_ref, started_at)
        values (${alert.element.kind}, ${element.id}, ${element.name}, 'suspected', 'monitoring', ${alert.eventId}, now())
        on conflict do nothing returning id`,
  );
  if (!created) return { id: null, action: 'ignored' };
  await snapshotAffected(db, [created.id]);
  await recordEvent(db, created.id, 'opened', actor, details);
  return { id: created.id, action: 'opened' };
}

