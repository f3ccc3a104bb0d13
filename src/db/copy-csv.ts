/**
 * A query's rows as CSV bytes made by the database itself (`COPY (query) TO …`, FORMAT csv): no row ever becomes a
 * JavaScript object, so an export runs at the speed the database writes. The query selects the cells already as
 * text (src/db/csv-cells.ts); COPY quotes a field holding `;`, a quote or a line break, doubles quotes and writes
 * NULL as an empty field; records end with CRLF (./crlf-records.ts). Avisa's CSV: `;`-separated, UTF-8.
 *
 * PostgreSQL streams one `COPY … TO STDOUT` on a connection of the long lane's pool (see `longQueries`: its
 * statement timeout, not the normal one), in bounded memory whatever the size; the connection goes back to the
 * pool when the copy is read to its end, and is closed, which stops the COPY, when the reader gives up (a client
 * that went away). One statement, so transaction pooling (PgBouncer) serves it.
 * PGlite writes a COPY's whole output into memory (`TO '/dev/blob'`), so there the rows are copied in keyset-paged
 * statements of `rowsPerCopy` rows: memory holds one of them, and other requests run between them.
 */
import type { SQL } from 'drizzle-orm';
import { copierOf } from './copier.js';
import { crlfRecords } from './crlf-records.js';
import { type Db, queryRows } from './database.js';
import { inlineSql, sqlLiteral } from './sql-inline.js';

/**
 * Rows in a total order that can be resumed after any row (a keyset): `C` is a row's position, as the query
 * `nth` selects it (e.g. `{ key, id }`).
 */
export interface KeysetRows<C> {
  /** The CSV cells of the rows after `after` (none: from the first) up to and including `upTo` (none: to the last), in order. */
  select(after?: C, upTo?: C): SQL;
  /** One row, the position of the `n`-th row after `after`; no row when fewer remain. */
  nth(after: C | undefined, n: number): SQL;
}

export interface CopyCsvOptions {
  /** The zone times are written in (timeCell, ./csv-cells.ts): the installation's. */
  timeZone: string;
  /** Rows per COPY statement; default: the database's (one statement on PostgreSQL, 20,000 on PGlite). */
  rowsPerCopy?: number;
}

const CSV_OPTIONS = "format csv, delimiter ';', encoding 'UTF8'";

/** The rows as CSV records (no header), CRLF-terminated, piece by piece as the consumer pulls them. */
export async function* copyCsv<C>(db: Db, rows: KeysetRows<C>, options: CopyCsvOptions): AsyncGenerator<Uint8Array> {
  const copier = copierOf(db);
  if (!copier) throw new Error('copyCsv: not a database of openDatabase (a transaction cannot COPY out)');
  const perCopy = options.rowsPerCopy ?? copier.rowsPerCopy;
  const crlf = crlfRecords();
  // SET LOCAL: the zone lasts the COPY's transaction only (no session state, as transaction pooling requires).
  // No JIT: a whole-table export is costed far above jit_above_cost, and each parallel worker then compiles its
  // ~170 functions with LLVM's optimisation: 0.5 s of a 1M-login export's 6 (npm run bench -- --only export).
  const prelude = `set local timezone = ${sqlLiteral(options.timeZone)}; set local jit = off`;
  const copy = async function* (select: SQL, settings = prelude) {
    for await (const piece of copier.copy(inlineSql(select), CSV_OPTIONS, settings)) {
      const records = crlf(piece);
      // The piece's memory is the copier's again once the next is asked for (Copier); crlf's output is new memory.
      yield records === piece ? piece.slice() : records;
    }
  };
  if (perCopy === undefined) {
    yield* copy(rows.select());
    return;
  }
  // A statement copies at most `perCopy` rows: its joins look those rows' clients, plans… up by primary key. The
  // planner's hash joins would scan each joined table whole for every statement (878,000 clients of a 1M-login
  // demo on PGlite: 0.75–1.2 s a statement of 10,000 logins, 0.3 s with index lookups).
  const chunkPrelude = `${prelude}; set local enable_hashjoin = off; set local enable_mergejoin = off`;
  let after: C | undefined;
  for (;;) {
    const [upTo] = await queryRows<C>(db, rows.nth(after, perCopy));
    yield* copy(rows.select(after, upTo), chunkPrelude);
    if (upTo === undefined) return;
    after = upTo;
  }
}
