/**
 * COPY out on PGlite: `TO '/dev/blob'`, PGlite's device that hands a statement's whole output back as a Blob
 * (https://pglite.dev/docs/api#dev-blob). Hence a bounded number of rows per statement (src/db/copy-csv.ts).
 */
import type { PGlite } from '@electric-sql/pglite';
import type { Copier } from './copier.js';

/** Rows per COPY: about 6 MB of CSV held at once, half a second of the database's time. */
const ROWS_PER_COPY = 20_000;

const SLICE_BYTES = 1 << 20;

export function pgliteCopier(client: PGlite): Copier {
  return {
    rowsPerCopy: ROWS_PER_COPY,
    async *copy(query, options, prelude) {
      let blob: Blob | undefined;
      try {
        const results = await client.exec(`begin; ${prelude}; copy (${query}) to '/dev/blob' with (${options}); commit`);
        blob = results.find((r) => r.blob)?.blob;
      } catch (err) {
        // A statement that failed leaves the transaction open (aborted) after a multi-statement exec.
        if (client.isInTransaction()) await client.exec('rollback');
        throw err;
      }
      // In slices: the whole blob as one ArrayBuffer would hold the chunk in memory twice.
      for (let at = 0; blob && at < blob.size; at += SLICE_BYTES) yield new Uint8Array(await blob.slice(at, at + SLICE_BYTES).arrayBuffer());
    },
  };
}
