/**
 * How a database runs `COPY (query) TO …` (./copy-csv.ts): one per driver (./copy-postgres.ts, ./copy-pglite.ts),
 * registered by `openDatabase` for the `Db` objects it hands out.
 */

export interface Copier {
  /** Rows per statement when the output of one is held whole (PGlite); none when it streams (PostgreSQL). */
  readonly rowsPerCopy?: number;
  /**
   * The output of `COPY (query) TO … WITH (options)`, piece by piece, in a transaction of its own that starts with
   * `prelude` (`set local …`). A piece is valid until the next one is asked for (PGlite writes the next into the
   * same memory): a consumer that keeps one copies it.
   */
  copy(query: string, options: string, prelude: string): AsyncIterable<Uint8Array>;
}

const copiers = new WeakMap<object, Copier>();

/** @package */
export function registerCopier(db: object, copier: Copier): void {
  copiers.set(db, copier);
}

/** @package */
export function copierOf(db: object): Copier | undefined {
  return copiers.get(db);
}
