/**
 * PostgreSQL connections as Avisa wants them, whatever runs the query (drizzle's query builder, `db.execute`,
 * `queryRows`, transactions, migrations): bigint (int8) comes back as a number, as on PGlite; a connection that
 * cannot be made fails after the connect timeout; a statement that runs too long is cancelled by the server
 * (`statement_timeout`) and, should the server itself stall, abandoned by the client shortly after.
 */
import pg from 'pg';

const INT8 = pg.types.builtins.INT8;
const INT8_ARRAY = 1016;

interface TypeParsers {
  getTypeParser(oid: number, format?: string): (text: string) => unknown;
}

/** PGlite's rule: a number when exact (below 2^53), a bigint beyond. */
function parseInt8(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

const parseArrayText = (pg.types as unknown as TypeParsers).getTypeParser(INT8_ARRAY, 'text');
const int8Elements = (v: unknown): unknown => (Array.isArray(v) ? v.map(int8Elements) : typeof v === 'string' ? parseInt8(v) : v);

/** `base`'s parsers, except int8 and int8[] as numbers. */
function withNumbers(base: TypeParsers): TypeParsers {
  return {
    getTypeParser(oid, format) {
      if (oid === INT8) return parseInt8;
      if (oid === INT8_ARRAY) return (text) => int8Elements(parseArrayText(text));
      return base.getTypeParser(oid, format);
    },
  };
}

const avisaTypes = withNumbers(pg.types as unknown as TypeParsers);

/**
 * A connection whose int8 parser also holds for queries that bring their own parsers: drizzle's node-postgres
 * session passes per-query parsers (to keep dates as text) that fall back to pg's global ones, int8 as a string,
 * and would otherwise win over the pool's. pg's global parsers are left alone for any other pg user in the
 * process (the radacct reader of a FreeRADIUS database). Custom submittables (pg-cursor, pg-query-stream; Avisa
 * uses none) would keep their own parsers.
 */
class AvisaClient extends pg.Client {}
const clientQuery = pg.Client.prototype.query as (this: pg.Client, ...args: unknown[]) => unknown;
AvisaClient.prototype.query = function query(this: pg.Client, config: unknown, ...rest: unknown[]) {
  const ownTypes =
    typeof config === 'object' && config !== null && 'types' in config && !('submit' in config) && config.types
      ? { ...config, types: withNumbers(config.types as TypeParsers) }
      : config;
  return clientQuery.call(this, ownTypes, ...rest);
} as typeof pg.Client.prototype.query;

/** How long the client waits past `statement_timeout` before it gives up on a server that does not answer at all. */
const CLIENT_GRACE_MS = 2_000;

export interface ConnectionLimits {
  connectMs: number;
  /** 0: no statement timeout. */
  statementMs: number;
  /** Also send it to the server as `statement_timeout` (PgBouncer in transaction mode refuses it); default true. */
  serverTimeouts?: boolean;
}

/**
 * The server cancels a statement past `statement_timeout`; the client gives up a little later, should the server
 * stall. Without server timeouts (PgBouncer in transaction mode, whose own `query_timeout` is then the server-side
 * limit) the client gives up at the limit itself; the pool then drops that connection.
 */
function clientTimeouts(statementMs: number, server: boolean): pg.ClientConfig {
  return server ? { statement_timeout: statementMs, query_timeout: statementMs + CLIENT_GRACE_MS } : { query_timeout: statementMs };
}

function connectionConfig(url: string, limits: ConnectionLimits): pg.ClientConfig {
  return {
    connectionString: url,
    application_name: 'avisa',
    types: avisaTypes as pg.CustomTypesConfig,
    connectionTimeoutMillis: limits.connectMs,
    keepAlive: true,
    ...(limits.statementMs > 0 ? clientTimeouts(limits.statementMs, limits.serverTimeouts !== false) : {}),
  };
}

export function avisaPool(url: string, limits: ConnectionLimits, max: number): pg.Pool {
  const pool = new pg.Pool({ ...connectionConfig(url, limits), max, Client: AvisaClient });
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  return pool;
}

/** One connection of its own, e.g. for migrations, which may run as long as they need (no statement timeout). */
export async function avisaClient(url: string, connectMs: number): Promise<pg.Client> {
  const client = new AvisaClient(connectionConfig(url, { connectMs, statementMs: 0 }));
  client.on('error', () => {});
  await client.connect();
  return client;
}
