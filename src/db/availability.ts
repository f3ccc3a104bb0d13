/**
 * When the database cannot serve: the default time limits of PostgreSQL connections and statements, and which
 * failures mean "the database is unavailable" (unreachable, too slow, restarting) rather than a bug — those are
 * answered 503 with the reason, and the next request, on a fresh connection, may well succeed.
 * No driver is imported here: the configuration reads the defaults too.
 */

export const DEFAULT_DB_TIMEOUTS = {
  /** Establishing a PostgreSQL connection, or waiting for a free one of the pool. */
  connectMs: 5_000,
  /** PostgreSQL's `statement_timeout` of every statement (0: none). */
  statementMs: 30_000,
  /** The `statement_timeout` of `longQueries(db)`: the login report, its summary, the CSV exports, VACUUM (0: none). */
  longStatementMs: 300_000,
} as const;

/** The database could not be reached or opened (e.g. at start); the message says why, never with a password. */
export class DatabaseUnavailableError extends Error {}

/** `work`'s result, or a DatabaseUnavailableError once `ms` have passed without one (e.g. /healthz). */
export async function answerWithin<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseUnavailableError(`the database did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

const SQLSTATE_REASONS: Record<string, string> = {
  '57014': 'a statement took longer than the statement timeout',
  '55P03': 'a statement waited too long for a lock',
  '57P01': 'the database server is shutting down',
  '57P02': 'the database server is restarting after a crash',
  '57P03': 'the database server is not accepting connections yet',
  '53300': 'the database server has too many connections',
};

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

const MESSAGE_REASONS: [RegExp, string][] = [
  // pg-pool's words for a request that waited in the pool's queue: every connection was taken, not the server gone
  [
    /timeout exceeded when trying to connect/i,
    "no database connection became free within the connect timeout: all of this process's connections were in use or still opening",
  ],
  [/connection timeout/i, 'no database connection could be made within the connect timeout'],
  [/Query read timeout/, 'the database server stopped answering'],
  [/Connection terminated|not queryable|Cannot use a pool after calling end|PGlite is closed/i, 'the database connection is closed'],
];

function reasonOf(err: { code?: unknown; message?: unknown }): string | null {
  const code = typeof err.code === 'string' ? err.code : '';
  if (SQLSTATE_REASONS[code]) return SQLSTATE_REASONS[code];
  if (code.startsWith('08')) return 'the connection to the database server failed';
  if (NETWORK_CODES.has(code)) return `the database server is unreachable (${code})`;
  const message = typeof err.message === 'string' ? err.message : '';
  return MESSAGE_REASONS.find(([pattern]) => pattern.test(message))?.[1] ?? null;
}

/**
 * Why `err` means the database is unavailable, or null for any other failure. Looks through wrappers (drizzle's
 * "Failed query" carries the driver's error as its cause). The reason is a fixed phrase: never the query or its
 * parameters.
 */
export function unavailableReason(err: unknown): string | null {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof DatabaseUnavailableError) return current.message;
    // drizzle's wrapper: its message is the query, which says nothing about availability
    const reason = current.message.startsWith('Failed query:') ? null : reasonOf(current as { code?: unknown; message?: unknown });
    if (reason) return reason;
    current = current.cause;
  }
  return null;
}
