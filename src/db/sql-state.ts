/** What a database error says, on either driver, whether or not drizzle wrapped it (`cause`). */

const causes = function* (err: unknown): Generator<object> {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 3; e = (e as { cause?: unknown }).cause, depth++) yield e;
};

/** The SQLSTATE of a database error (e.g. `23503`, a foreign key violated). */
export function sqlStateOf(err: unknown): string | undefined {
  for (const e of causes(err)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** The database's own words: the message of the error that has a SQLSTATE, and its detail when there is one. */
export function databaseReason(err: unknown): string {
  for (const e of causes(err)) {
    const { code, message, detail } = e as { code?: unknown; message?: unknown; detail?: unknown };
    if (typeof code === 'string' && typeof message === 'string') return typeof detail === 'string' ? `${message} (${detail})` : message;
  }
  return err instanceof Error ? err.message : String(err);
}
