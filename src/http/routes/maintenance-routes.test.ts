/**
 * Manutenção programada over HTTP on both databases: scheduling by role, bad input refused naming the field, the
 * reminders sent by the pass at their times (the audience as it is then, the latest of several due, the guard not
 * holding the 24 h one back, nothing twice), the "concluída" only to those online, detection muted, and cancelling.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/database.js';
import { drainAll, type IncidentFixture, incidentFixture } from '../../incidents/fixtures.test-support.js';
import { runIncidentPass } from '../../incidents/lifecycle.js';
import { sendDueReminders } from '../../incidents/maintenance-notices.js';
import { noticeText } from '../../shared/notice-text.js';
import { backends } from '../../test-support/databases.js';
import { openRouteApp, type RouteApp } from '../../test-support/route-app.js';

const TZ = 'America/Sao_Paulo';
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe.each(backends)('Manutenção programada over HTTP on $name', (backend) => {
  let t: RouteApp;
  let fx: IncidentFixture;
  let notice: number;
  let done: number;
  let called: number;
  beforeAll(async () => {
    t = await openRouteApp(backend, {
      seed: async (db) => {
        fx = await incidentFixture(db, randomBytes(32), 'segredo', 0);
        const message = (description: string, purpose: string, keys: string[]) =>
          queryRows<{ id: number }>(
            db,
            sql`insert into messages (channel, purpose, description, integration_id, content)
                select 'whatsapp', ${purpose}, ${description}, integration_id,
                       jsonb_set(jsonb_set(content, '{variables}', ${JSON.stringify([{ type: 'field', field: 'primeiro_nome' }, ...keys.map((key) => ({ type: 'free', key }))])}::jsonb),
                                 '{freeFields}', ${JSON.stringify(keys.map((key) => ({ key, label: key, required: true })))}::jsonb)
                  from messages where id = ${fx.messages.start} returning id`,
          );
        [{ id: notice }] = (await message('Manutenção', 'maintenance', ['elemento', 'data', 'inicio', 'fim'])) as [{ id: number }];
        [{ id: done }] = (await message('Manutenção concluída', 'restored', ['titulo'])) as [{ id: number }];
        [{ id: called }] = (await message('Manutenção cancelada', 'maintenance', ['titulo', 'data'])) as [{ id: number }];
      },
    });
  });
  afterAll(() => t.close());

  const batchesOf = (id: number) =>
    queryRows<{ id: number; enqueued: number; actor: string; free_values: Record<string, string>; logins: string[] }>(
      t.database.db,
      sql`select b.id, b.enqueued, b.actor, b.free_values, (select coalesce(array_agg(q.login order by q.login), '{}') from queue_items q where q.batch_id = b.id) as logins
            from send_batches b where b.idempotency_key like ${`maintenance:${id}:%`} order by b.id`,
    );
  const remind = (at: number) => sendDueReminders(t.database.db, { timezone: TZ, now: new Date(at) });

  it('operators schedule a window; bad input is refused naming the field; viewers only read', async () => {
    const starts = Date.now() + 8 * DAY;
    const body = {
      title: 'Troca de splitter',
      elements: [{ kind: 'box', id: 102 }, { kind: 'box', id: 103 }],
      startsAt: new Date(starts).toISOString(),
      endsAt: new Date(starts + 4 * HOUR).toISOString(),
      messages: { notice: [notice], end: [done] },
    };
    expect((await t.call('POST', '/api/maintenance', 'viewer', body)).statusCode).toBe(403);
    const refusal = async (patch: object) => (await t.call('POST', '/api/maintenance', 'operator', { ...body, ...patch })).json().error;
    const field = async (patch: object) => (await refusal(patch))?.field;
    // Each refusal names its field and carries a notice, which the screens say in the reader's language.
    const told = async (patch: object) => {
      const error = await refusal(patch);
      return [error?.field, error?.notice?.code];
    };
    expect(await told({ endsAt: body.startsAt })).toEqual(['endsAt', 'maintenance_ends_before_start']);
    const past = { startsAt: new Date(Date.now() - 2 * DAY).toISOString(), endsAt: new Date(Date.now() - DAY).toISOString() };
    expect(await told(past)).toEqual(['endsAt', 'maintenance_ended']);
    expect(await told({ elements: [{ kind: 'box', id: 102 }, { kind: 'pop', id: 99 }] })).toEqual(['elements.1', 'element_missing']);
    expect(await field({ elements: [] })).toBe('elements');
    const noNotice = await refusal({ messages: { notice: [], end: [done] } });
    expect([noNotice.field, noNotice.notice?.code]).toEqual(['messages.notice', 'maintenance_notice_message']);
    expect(noNotice.message).toBe('messages.notice: reminders before the start need a message');
    expect(noticeText(noNotice.notice, 'pt-BR')).toBe('os lembretes antes do início precisam de uma mensagem: escolha-a em “Mensagens dos lembretes”');
    expect(await field({ messages: { notice: [fx.messages.restored], end: [done] } })).toBe('messages.notice.0'); // asks for "protocolo"
    expect(await told({ reminders: [1440, 1440] })).toEqual(['reminders', 'reminder_twice']);

    const created = await t.call('POST', '/api/maintenance', 'operator', body);
    expect(created.statusCode).toBe(201);
    const m = created.json().maintenance;
    expect(m).toMatchObject({
      title: 'Troca de splitter',
      state: 'scheduled',
      logins: 20,
      marginMinutes: 30,
      createdBy: 'operator',
      elements: [{ kind: 'box', id: 102, name: 'CTO-102' }, { kind: 'box', id: 103, name: 'CTO-103' }],
      messages: { notice: [notice], end: [done] },
    });
    expect(m.reminders.map((r: { at: number; status: string }) => [r.at, r.status])).toEqual([[10080, 'pending'], [1440, 'pending'], [0, 'pending'], [-1, 'pending']]);
    expect(m.reminders[0].dueAt).toBe(new Date(starts - 7 * DAY).toISOString());
    const list = (await t.call('GET', '/api/maintenance?open=true', 'viewer')).json();
    expect(list).toMatchObject({ total: 1, windows: [{ id: m.id }] });
  });

  it('each reminder goes at its time to the logins on the elements then, once; the end one only to those online', async () => {
    const [m] = (await t.call('GET', '/api/maintenance', 'viewer')).json().windows;
    const starts = Date.parse(m.startsAt);
    expect(await remind(starts - 7 * DAY - MIN)).toEqual({ sent: 0, skipped: 0, enqueued: 0 });
    // a login deactivated (cancelled contract) before the first reminder is not told
    await t.database.db.execute(sql`update logins set active = false where login = 'b103-10'`);
    expect(await remind(starts - 7 * DAY + MIN)).toEqual({ sent: 1, skipped: 0, enqueued: 19 });
    expect(await remind(starts - 7 * DAY + 2 * MIN)).toEqual({ sent: 0, skipped: 0, enqueued: 0 });
    const [week] = await batchesOf(m.id);
    expect(week).toMatchObject({ enqueued: 19, actor: `manutenção #${m.id}` });
    expect(week!.logins).not.toContain('b103-10');
    expect(week!.free_values).toMatchObject({ elemento: 'CTO-102, CTO-103', inicio: expect.stringMatching(/^\d\d\/\d\d \d\d:\d\d$/) });
    await drainAll(t.database.db);

    // the 24 h one goes too, though the same contacts were told within the recent-notice window
    expect(await remind(starts - DAY)).toEqual({ sent: 1, skipped: 0, enqueued: 19 });
    await drainAll(t.database.db);

    // during the window: drops on its boxes open no incident
    await t.database.db.execute(sql`update logins set online = 'N', session_ended_at = ${new Date(starts + 10 * MIN).toISOString()}::timestamptz
        where ftth_box_id = 102 and login <> 'b102-1'`);
    expect((await runIncidentPass(t.database.db, { timezone: TZ, now: new Date(starts + 15 * MIN) })).opened).toEqual([]);
    expect(await remind(starts + 15 * MIN)).toEqual({ sent: 1, skipped: 0, enqueued: 19 }); // at the start

    // the end: only those online hear it is over (box 103, and b102-1)
    const end = await remind(Date.parse(m.endsAt) + MIN);
    expect(end).toEqual({ sent: 1, skipped: 0, enqueued: 10 });
    const last = (await batchesOf(m.id)).at(-1)!;
    expect(last.logins).toEqual(['b102-1', ...Array.from({ length: 9 }, (_, i) => `b103-${i + 1}`)]);
    expect(last.free_values).toEqual({ titulo: 'Troca de splitter' });
    const after = (await t.call('GET', `/api/maintenance/${m.id}`, 'viewer')).json().maintenance;
    expect(after.reminders.map((r: { status: string; enqueued: number }) => [r.status, r.enqueued])).toEqual([['sent', 19], ['sent', 19], ['sent', 19], ['sent', 10]]);
  });

  it('a window registered late sends only the latest reminder due; cancelling stops the rest, cancels what waits in the fila and tells those reached', async () => {
    const starts = Date.now() + 2 * HOUR;
    const created = await t.call('POST', '/api/maintenance', 'operator', {
      title: 'Manutenção no POP',
      elements: [{ kind: 'box', id: 104 }],
      startsAt: new Date(starts).toISOString(),
      endsAt: new Date(starts + HOUR).toISOString(),
      reminders: [10080, 1440, 0],
      messages: { notice: [notice], end: [], cancel: [called] },
    });
    const m = created.json().maintenance;
    expect(await remind(Date.now())).toEqual({ sent: 1, skipped: 1, enqueued: 10 });
    const reminders = (await t.call('GET', `/api/maintenance/${m.id}`, 'viewer')).json().maintenance.reminders;
    expect(reminders.map((r: { at: number; status: string; reason: string | null }) => [r.at, r.status, r.reason])).toEqual([
      [10080, 'skipped', 'superseded'],
      [1440, 'sent', null],
      [0, 'pending', null],
    ]);
    // the drain got through 4 of the 10 before the operator cancelled
    const reached = await queryRows<{ login: string }>(
      t.database.db,
      sql`update queue_items set status = 'sent', finished_at = now() where id in (
            select q.id from queue_items q join send_batches b on b.id = q.batch_id where b.maintenance_id = ${m.id} order by q.id limit 4)
          returning login`,
    );
    expect((await t.call('POST', `/api/maintenance/${m.id}/cancel`, 'viewer', {})).statusCode).toBe(403);
    expect((await t.call('POST', `/api/maintenance/${m.id}/cancel`, 'operator', { notify: 'yes' })).json().error.field).toBe('notify');
    const cancelled = await t.call('POST', `/api/maintenance/${m.id}/cancel`, 'operator', {});
    expect(cancelled.json()).toMatchObject({ cancelled: 6, enqueued: 4, maintenance: { state: 'cancelled', cancelledBy: 'operator' } });
    const [told] = (await batchesOf(m.id)).slice(-1);
    expect(told!.logins).toEqual(reached.map((r) => r.login).sort());
    expect(told!.free_values).toMatchObject({ titulo: 'Manutenção no POP', data: expect.stringMatching(/^\d\d\/\d\d\/\d{4}$/) });
    expect(cancelled.json().maintenance.cancelNotice).toMatchObject({ enqueued: 4, batchIds: [told!.id] });
    expect(cancelled.json().maintenance.reminders.map((r: { status: string; reason: string | null }) => [r.status, r.reason])).toEqual([
      ['skipped', 'superseded'],
      ['sent', null],
      ['skipped', 'cancelled'],
    ]);
    expect((await t.call('POST', `/api/maintenance/${m.id}/cancel`, 'operator')).json().error.message).toContain('cancelled');
    expect(await remind(starts + MIN)).toEqual({ sent: 0, skipped: 0, enqueued: 0 });
    const [rows] = await queryRows<{ open: number }>(
      t.database.db,
      sql`select count(*)::int as open from queue_items q join send_batches b on b.id = q.batch_id
           where b.maintenance_id = ${m.id} and q.status = 'pending' and b.id <> ${told!.id}`,
    );
    expect(rows!.open).toBe(0);
    expect((await t.call('GET', '/api/maintenance?open=false', 'viewer')).json().windows.map((w: { id: number }) => w.id)).toEqual([m.id]);
  });
});
