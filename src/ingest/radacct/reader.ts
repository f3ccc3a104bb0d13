/**
 * Reads FreeRADIUS's standard `radacct` table (raddb/mods-config/sql/main/{mysql,postgresql}/schema.sql) in
 * MariaDB/MySQL (mysql2) or PostgreSQL (pg) — an ISP's RADIUS database, not Avisa's storage. Three keyset-paged
 * reads, each served by an index of the published schema:
 *  - rows created since a radacctid (primary key);
 *  - sessions still open (`acctstoptime is null`; MySQL's `acctstoptime` index, PostgreSQL's partial indexes),
 *    optionally only those updated (`acctupdatetime`) since a time;
 *  - sessions stopped since a time, in (acctstoptime, radacctid) order. This is how closures are found: on
 *    MySQL, FreeRADIUS's Accounting-On bulk close sets `acctstoptime` but not `acctupdatetime`. The MySQL schema
 *    indexes `acctstoptime`; the PostgreSQL one only in a commented line (`radacct_stop_user_idx`) — without
 *    it this read scans the table.
 * Times travel as epoch seconds computed by the database itself (MySQL's DATETIME has no zone: UNIX_TIMESTAMP /
 * FROM_UNIXTIME in the session zone are the exact inverse of what FreeRADIUS wrote with FROM_UNIXTIME).
 */
import mysql from 'mysql2/promise';
import pg from 'pg';
import { type RadacctConfig, type RadacctDialect, dialectOf } from './config.js';

export interface RadacctRow {
  id: number;
  username: string;
  nasIp: string | null;
  framedIp: string | null;
  sessionId: string | null;
  /** Epoch seconds, or null. */
  start: number | null;
  update: number | null;
  stop: number | null;
  cause: string | null;
}

export interface StopKey {
  stop: number;
  id: number;
}

export interface RadacctReader {
  readonly dialect: RadacctDialect;
  /** The database server's clock (epoch seconds). */
  now(): Promise<number>;
  maxId(): Promise<number>;
  createdAfter(id: number, limit: number): Promise<RadacctRow[]>;
  open(updatedSince: number | null, afterId: number, limit: number): Promise<RadacctRow[]>;
  stoppedSince(since: number, after: StopKey | null, limit: number): Promise<RadacctRow[]>;
  close(): Promise<void>;
}

type Run = (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

interface Dialect {
  columns: string;
  quote(name: string): string;
  /** Placeholder n (1-based) holding epoch seconds, as a timestamp of the table. */
  time(n: number): string;
  param(n: number): string;
}

const mysqlDialect: Dialect = {
  columns: `radacctid as id, username, nasipaddress as nas_ip, framedipaddress as framed_ip,
    coalesce(nullif(acctuniqueid, ''), acctsessionid) as session_id,
    cast(unix_timestamp(acctstarttime) as signed) as start_s, cast(unix_timestamp(acctupdatetime) as signed) as update_s,
    cast(unix_timestamp(acctstoptime) as signed) as stop_s, acctterminatecause as cause`,
  quote: (name) => name.split('.').map((p) => `\`${p}\``).join('.'),
  time: () => 'from_unixtime(?)',
  param: () => '?',
};

const postgresDialect: Dialect = {
  columns: `radacctid as id, username, host(nasipaddress) as nas_ip, host(framedipaddress) as framed_ip,
    coalesce(nullif(acctuniqueid, ''), acctsessionid) as session_id,
    extract(epoch from acctstarttime)::bigint as start_s, extract(epoch from acctupdatetime)::bigint as update_s,
    extract(epoch from acctstoptime)::bigint as stop_s, acctterminatecause as cause`,
  quote: (name) => name.split('.').map((p) => `"${p.toLowerCase()}"`).join('.'),
  time: (n) => `to_timestamp($${n})`,
  param: (n) => `$${n}`,
};

const num = (v: unknown): number | null => (v === null || v === undefined || Number(v) <= 0 ? null : Number(v));
const text = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));

function toRow(r: Record<string, unknown>): RadacctRow {
  return {
    id: Number(r.id),
    username: String(r.username ?? ''),
    nasIp: text(r.nas_ip),
    framedIp: text(r.framed_ip),
    sessionId: text(r.session_id),
    start: num(r.start_s),
    update: num(r.update_s),
    stop: num(r.stop_s),
    cause: text(r.cause),
  };
}

function makeReader(dialectName: RadacctDialect, d: Dialect, table: string, run: Run, close: () => Promise<void>): RadacctReader {
  const from = `select ${d.columns} from ${d.quote(table)}`;
  const rows = async (sqlText: string, params: unknown[]) => (await run(sqlText, params)).map(toRow);
  return {
    dialect: dialectName,
    async now() {
      const [r] = await run(dialectName === 'mysql' ? 'select cast(unix_timestamp() as signed) as s' : 'select extract(epoch from now())::bigint as s', []);
      return Number(r?.s);
    },
    async maxId() {
      const [r] = await run(`select coalesce(max(radacctid), 0) as m from ${d.quote(table)}`, []);
      return Number(r?.m ?? 0);
    },
    createdAfter: (id, limit) => rows(`${from} where radacctid > ${d.param(1)} order by radacctid limit ${Number(limit)}`, [id]),
    open(updatedSince, afterId, limit) {
      if (updatedSince === null) {
        return rows(`${from} where acctstoptime is null and radacctid > ${d.param(1)} order by radacctid limit ${Number(limit)}`, [afterId]);
      }
      return rows(
        `${from} where acctstoptime is null and acctupdatetime >= ${d.time(1)} and radacctid > ${d.param(2)}
          order by radacctid limit ${Number(limit)}`,
        [updatedSince, afterId],
      );
    },
    stoppedSince(since, after, limit) {
      if (!after) {
        return rows(`${from} where acctstoptime >= ${d.time(1)} order by acctstoptime, radacctid limit ${Number(limit)}`, [since]);
      }
      return rows(
        `${from} where acctstoptime >= ${d.time(1)}
            and (acctstoptime > ${d.time(2)} or (acctstoptime = ${d.time(3)} and radacctid > ${d.param(4)}))
          order by acctstoptime, radacctid limit ${Number(limit)}`,
        [since, after.stop, after.stop, after.id],
      );
    },
    close,
  };
}

/** Connects to the source's database with its password (the source secret). */
export async function connectRadacct(config: RadacctConfig, password: string | null): Promise<RadacctReader> {
  const dialect = dialectOf(config.url);
  const url = new URL(config.url);
  if (dialect === 'mysql') {
    const connection = await mysql.createConnection({
      host: url.hostname,
      port: url.port ? Number(url.port) : 3306,
      user: decodeURIComponent(url.username),
      password: password ?? undefined,
      database: decodeURIComponent(url.pathname.slice(1)),
      connectTimeout: 10_000,
      supportBigNumbers: true,
    });
    const run: Run = async (sqlText, params) => (await connection.query(sqlText, params))[0] as Record<string, unknown>[];
    return makeReader('mysql', mysqlDialect, config.table, run, () => connection.end());
  }
  if (password !== null) url.password = encodeURIComponent(password);
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 10_000, application_name: 'avisa-radacct' });
  client.on('error', () => {}); // a dropped connection fails the running query; it must not crash the process
  await client.connect();
  const run: Run = async (sqlText, params) => (await client.query(sqlText, params)).rows as Record<string, unknown>[];
  return makeReader('postgres', postgresDialect, config.table, run, () => client.end());
}
