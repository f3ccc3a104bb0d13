/**
 * What the load bench (load-bench.ts) adds to a demo base before it runs, and takes away after:
 *  - `logRows` Logs Omnichannel / E-mail / SMS lines (once: kept with the base between runs), with their send
 *    batches and queue rows — a few months of notices to the demo's clients, most on WhatsApp, 7 % failed, most
 *    sent ones with a receipt — so the Logs pages filter and count a realistic table, not an empty one;
 *  - `operators` operator users (kept), each signed in for this run: the first ones with a browser session (as
 *    the web UI), the last `tokenUsers` with an API token (as a script); sessions and tokens removed afterwards;
 *  - the demo NAS's RADIUS shared secret, sealed with this run's key, restored afterwards;
 *  - the logins the RADIUS traffic is about: a sample of the base with their NAS and live state.
 */
import { sql } from 'drizzle-orm';
import { createApiToken } from '../auth/api-tokens.js';
import { createSession } from '../auth/sessions.js';
import { type Db, queryRows } from '../db/database.js';
import { intArray } from '../db/sql.js';
import { SESSION_COOKIE } from '../http/auth.js';
import { sealSecret } from '../shared/secret-box.js';
import { scalar } from './radius-bench.js';

const ACTOR = 'load-bench';
const PER_BATCH = 5_000;

/** Send batches, queue rows and their delivery log lines, up to `rows` lines made by this bench. */
export async function seedDeliveryLogs(db: Db, rows: number, print: (line: string) => void): Promise<void> {
  const have = await scalar(db, sql`select count(*)::int as n from delivery_logs g join send_batches b on b.id = g.batch_id where b.actor = ${ACTOR}`);
  if (have >= rows) {
    print(`logs: reusing ${have.toLocaleString('en')} delivery log lines`);
    return;
  }
  const t0 = performance.now();
  const clients = await scalar(db, sql`select max(id) as n from clients`);
  for (let done = have; done < rows; done += PER_BATCH) {
    const n = Math.min(PER_BATCH, rows - done);
    const k = done / PER_BATCH;
    const channel = k % 20 === 0 ? 'email' : k % 10 === 1 ? 'sms' : 'whatsapp';
    // batches spread over the last 180 days, newest last
    const [batch] = await queryRows<{ id: number }>(
      db,
      sql`insert into send_batches (channel, message_description, actor, filter, free_values, matched, enqueued, skipped, skip_counts, created_at)
        values (${channel}, 'Aviso de instabilidade', ${ACTOR}, '{}'::jsonb, '{}'::jsonb, ${n}, ${n}, 0, '{}'::jsonb,
                now() - make_interval(days => ${Math.max(0, 180 - Math.floor((done / rows) * 180))}))
        returning id`,
    );
    await db.execute(sql`with c as (
        select g, cl.id as client_id, coalesce(cl.mobile_e164, '+5548999' || lpad(g::text, 6, '0')) as phone,
               coalesce(cl.email, 'cliente' || g || '@example.com') as email,
               b.created_at + make_interval(secs => g % 3600) as at, (g::int8 * 2654435761) % 100 as dice
          from generate_series(${done + 1}::int, ${done + n}::int) g
          join clients cl on cl.id = 1 + (g::int8 * 7919) % ${clients}
          cross join (select created_at from send_batches where id = ${batch!.id}) b
      ), q as (
        insert into queue_items (batch_id, channel, integration_id, client_id, contact, contact_key, payload, status, attempts,
                                 provider_message_id, delivery_status, delivery_at, last_error, created_at, updated_at, finished_at)
        select ${batch!.id}, ${channel}, 1, client_id, case when ${channel} = 'email' then email else phone end,
               case when ${channel} = 'email' then email else phone end, '{"variables": ["Ana"]}'::jsonb,
               case when dice < 7 then 'failed' else 'sent' end, 1,
               case when dice >= 7 then 'wamid.load.' || ${batch!.id} || '.' || client_id end,
               case when dice >= 7 and dice < 50 then 'read' when dice >= 50 and dice < 85 then 'delivered' when dice >= 85 and dice < 89 then 'failed' end,
               case when dice >= 7 and dice < 89 then at + interval '20 seconds' end,
               case when dice < 7 then '{"code": "provider_said", "params": {}, "detail": "Número não possui WhatsApp"}'::jsonb end,
               at, at, at
          from c
        returning id, client_id, contact, status, finished_at, provider_message_id
      )
      insert into delivery_logs (at, channel, client_id, contact, success, message, provider_message_id, kind, attempt, batch_id, queue_item_id)
      select finished_at, ${channel}, client_id, contact, status = 'sent',
             case when status = 'sent' then '{"code": "sent", "params": {}}'::jsonb
                  else '{"code": "provider_said", "params": {}, "detail": "Número não possui WhatsApp"}'::jsonb end,
             provider_message_id, case when status = 'failed' then 'permanent' end, 1, ${batch!.id}, id
        from q`);
  }
  await db.execute(sql`vacuum (analyze) delivery_logs`);
  await db.execute(sql`vacuum (analyze) queue_items`);
  print(`logs: ${(rows - have).toLocaleString('en')} delivery log lines added in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

export interface Operator {
  /** Request headers that authenticate this operator. */
  headers: Record<string, string>;
  via: 'session' | 'token';
}

/** `count` operators signed in for this run (the last `tokenUsers` by API token); `release` signs them out. */
export async function signInOperators(db: Db, count: number, tokenUsers: number): Promise<{ operators: Operator[]; release: () => Promise<void> }> {
  const operators: Operator[] = [];
  const userIds: number[] = [];
  for (let i = 1; i <= count; i++) {
    const username = `load_op_${String(i).padStart(2, '0')}`;
    const [user] = await queryRows<{ id: number }>(
      db,
      sql`insert into users (username, name, role, password_hash) values (${username}, ${`Operador ${i}`}, 'operator', 'none')
        on conflict (lower(username)) do update set active = true returning id`,
    );
    userIds.push(user!.id);
    if (i > count - tokenUsers) {
      const { secret } = await createApiToken(db, user!.id, 'load bench');
      operators.push({ headers: { authorization: `Bearer ${secret}` }, via: 'token' });
    } else {
      const session = await createSession(db, user!.id, { hours: 2, userAgent: 'load bench' });
      operators.push({ headers: { cookie: `${SESSION_COOKIE}=${session.cookie}`, 'x-csrf-token': session.csrfToken }, via: 'session' });
    }
  }
  const ids = intArray(userIds);
  return {
    operators,
    release: async () => {
      await db.execute(sql`delete from sessions where user_id = any(${ids})`);
      await db.execute(sql`delete from api_tokens where user_id = any(${ids})`);
    },
  };
}

export interface RadiusNas {
  id: number;
  ip: string;
}

/** Seals `secret` with `key` on every NAS that has an IP address; `restore` puts back what was there. */
export async function armNasSecrets(db: Db, key: Buffer, secret: string): Promise<{ nas: RadiusNas[]; restore: () => Promise<void> }> {
  const before = await queryRows<{ id: number; ip: string; sealed: string | null }>(
    db,
    sql`select id, ip_address as ip, radius_secret as sealed from nas where ip_address is not null order by id`,
  );
  for (const row of before) await db.execute(sql`update nas set radius_secret = ${sealSecret(key, secret)} where id = ${row.id}`);
  return {
    nas: before.map(({ id, ip }) => ({ id, ip })),
    restore: async () => {
      for (const row of before) await db.execute(sql`update nas set radius_secret = ${row.sealed} where id = ${row.id}`);
    },
  };
}

export interface RadiusLogin {
  login: string;
  nasId: number;
  online: boolean;
  /** Its IPv4 address, sent as Framed-IP-Address (the same as stored: an Interim-Update rewrites nothing). */
  ip: string | null;
}

/** About one login in `every` of the base that is on one of `nas`, with its live state. */
export async function radiusLogins(db: Db, nas: readonly RadiusNas[], every: number): Promise<RadiusLogin[]> {
  const rows = await queryRows<{ login: string; nas_id: number; online: string; ip: string | null }>(
    db,
    sql`select login, nas_id, online, ip_address as ip from logins where id % ${every} = 0 and nas_id = any(${intArray(nas.map((n) => n.id))}) and online in ('S', 'N')`,
  );
  const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
  return rows.map((r) => ({ login: r.login, nasId: r.nas_id, online: r.online === 'S', ip: r.ip && ipv4.test(r.ip) ? r.ip : null }));
}
