/** Test helpers of the RADIUS/radacct ingest: logins and NAS rows seeded with plain SQL, and a login's status read back. */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/database.js';

export interface LoginSeed {
  login: string;
  online?: 'S' | 'N' | 'SS';
  startedAt?: string | null;
  endedAt?: string | null;
  nasId?: number | null;
  ip?: string | null;
}

let nextId = 1;

/** One client owning the given logins; ids grow across calls. */
export async function seedLogins(db: Db, logins: readonly LoginSeed[]): Promise<void> {
  const clientId = nextId++;
  await db.execute(sql`insert into clients (id, name, name_search) values (${clientId}, 'Cliente', 'cliente')`);
  for (const l of logins) {
    await db.execute(sql`insert into logins (id, login, client_id, online, session_started_at, session_ended_at, nas_id, ip_address)
      values (${nextId++}, ${l.login}, ${clientId}, ${l.online ?? 'SS'}, ${l.startedAt ?? null}::timestamptz,
              ${l.endedAt ?? null}::timestamptz, ${l.nasId ?? null}, ${l.ip ?? null})`);
  }
}

/** Many logins `prefix0..prefixN-1`, all online on `nasId` since `startedAt`, in one statement. */
export async function seedManyLogins(db: Db, prefix: string, count: number, nasId: number, startedAt: string): Promise<void> {
  const clientId = nextId++;
  const base = nextId;
  nextId += count;
  await db.execute(sql`insert into clients (id, name, name_search) values (${clientId}, 'Cliente', 'cliente')`);
  await db.execute(sql`insert into logins (id, login, client_id, online, session_started_at, nas_id)
    select ${base} + g, ${prefix} || g, ${clientId}, 'S', ${startedAt}::timestamptz, ${nasId}
      from generate_series(0, ${count - 1}) g`);
}

export async function seedNas(db: Db, id: number, ip: string | null, sealedSecret: string | null = null): Promise<void> {
  await db.execute(sql`insert into nas (id, name, ip_address, radius_secret) values (${id}, ${`NAS ${id}`}, ${ip}, ${sealedSecret})`);
}

export interface LoginStatus {
  online: string;
  startedAt: string | null;
  endedAt: string | null;
  reason: string | null;
  count: number | null;
  ip: string | null;
  nasId: number | null;
}

export async function statusOf(db: Db, login: string): Promise<LoginStatus> {
  const [row] = await queryRows<LoginStatus>(
    db,
    sql`select online,
               to_char(session_started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "startedAt",
               to_char(session_ended_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "endedAt",
               disconnect_reason as reason, disconnect_count as count, ip_address as ip, nas_id as "nasId"
          from logins where login = ${login}`,
  );
  if (!row) throw new Error(`no login ${login}`);
  return row;
}

export async function onlineCount(db: Db, nasId: number): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from logins where nas_id = ${nasId} and online = 'S'`);
  return row?.n ?? 0;
}
