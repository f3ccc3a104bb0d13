/**
 * Nothing queued in vain: whether what is queued on a channel can leave — an enabled drain task of the channel in
 * the Agenda de tarefas, and an active, not halted integration. The send dialog and its result ask it for the
 * message's integration; the Fila and the home page ask it for every channel with what is waiting there.
 */
import { inQuietHours } from './quiet-hours.js';
import { getSendSettings } from './send-settings.js';
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import { channels, type Channel } from '../shared/vocabulary.js';
import type { Readiness, ReadinessProblem, SendReadiness } from './readiness-schemas.js';
import { drainTaskTypeOf } from './drain-tasks.js';

interface TaskRow {
  channel: Channel;
  id: number;
  enabled: boolean;
}

async function drainTasks(db: Db): Promise<TaskRow[]> {
  const typeChannel = sql.join(
    Object.entries(drainTaskTypeOf).map(([channel, type]) => sql`(${type.type}::text, ${channel}::text)`),
    sql`, `,
  );
  return queryRows<TaskRow>(
    db,
    sql`select c.channel, t.id, t.enabled from scheduled_tasks t join (values ${typeChannel}) as c(type, channel) on c.type = t.type
        order by t.enabled desc, t.id`,
  );
}

function drainOf(tasks: TaskRow[], channel: Channel): { taskId: number | null; drainProblem: ReadinessProblem | null } {
  const mine = tasks.filter((t) => t.channel === channel);
  if (mine.length === 0) return { taskId: null, drainProblem: 'no_drain_task' };
  return { taskId: mine[0]!.id, drainProblem: mine[0]!.enabled ? null : 'drain_disabled' };
}

/** Every channel: its drain, its integrations and what waits on each. */
export async function readiness(db: Db): Promise<Readiness> {
  const tasks = await drainTasks(db);
  const rows = await queryRows<{ id: number; channel: Channel; description: string; active: boolean; halted: boolean; pending: number }>(
    db,
    sql`select i.id, i.channel, i.description, i.active, i.halted_at is not null as halted,
          (select count(*)::int from queue_items q where q.integration_id = i.id and q.status in ('pending','claimed','sending')) as pending
        from integrations i order by i.channel, i.id`,
  );
  return {
    channels: channels.map((channel) => {
      const integrations = rows
        .filter((r) => r.channel === channel)
        .map((r) => ({
          id: r.id,
          description: r.description,
          pending: r.pending,
          problem: !r.active ? ('integration_inactive' as const) : r.halted ? ('integration_halted' as const) : null,
        }));
      return { channel, ...drainOf(tasks, channel), pending: integrations.reduce((n, i) => n + i.pending, 0), integrations };
    }),
  };
}

/** What a send through `integrationId` on `channel` would meet. */
export async function sendReadiness(db: Db, channel: Channel, integrationId: number, timezone: string): Promise<SendReadiness> {
  const tasks = await drainTasks(db);
  const { taskId, drainProblem } = drainOf(tasks, channel);
  const [integration] = await queryRows<{ active: boolean; halted: boolean }>(
    db,
    sql`select active, halted_at is not null as halted from integrations where id = ${integrationId}`,
  );
  const problems: ReadinessProblem[] = [];
  if (drainProblem) problems.push(drainProblem);
  if (!integration?.active) problems.push('integration_inactive');
  else if (integration.halted) problems.push('integration_halted');
  const settings = await getSendSettings(db);
  const quiet = { start: settings.quietStart, end: settings.quietEnd };
  return { ready: problems.length === 0, problems, taskId, integrationId, quietHours: inQuietHours(quiet, new Date(), timezone) ? quiet : null };
}
