/**
 * COPY out on PGlite: `TO '/dev/blob'`, PGlite's device that hands a statement's whole output back as a Blob
 * (https://pglite.dev/docs/api#dev-blob). Hence a bounded number of rows per statement (src/db/copy-csv.ts).
 */
import type { PGlite } from '@electric-sql/pglite';
import type { Copier } from './copy-csv.js';

/** Rows per COPY: about 15 MB of CSV held at once, a fraction of a second of the database's time. */
const ROWS_PER_COPY = 50_000;

export function pgliteCopier(client: PGlite): Copier {
  return {
    rowsPerCopy: ROWS_PER_COPY,
    async *copy(query, options) {
      const [result] = await client.exec(`copy (${query}) to '/dev/blob' with (${options})`);
      if (result?.blob) yield new Uint8Array(await result.blob.arrayBuffer());
    },
  };
}
