/**
 * COPY out on PGlite. PGlite runs a statement to its end before JavaScript runs again, so a COPY's whole output is
 * held in memory; hence a bounded number of rows per statement (src/db/copy-csv.ts).
 *
 * The output goes to a character device of Avisa's own in PGlite's file system (`/dev/avisa-copy`), which writes
 * it into reused 1 MB buffers. PGlite's `TO '/dev/blob'` (https://pglite.dev/docs/api#dev-blob) kept every write
 * PostgreSQL made as a copy of its own, joined them into a Blob and was read back in slices: three copies of each
 * statement's output, left to the garbage collector. On a 1M-login export the server's peak RSS was 325–329 MB
 * with the Blob and 292 MB with the device (npm run bench -- --only export, 2026-12-06).
 */
import type { PGlite } from '@electric-sql/pglite';
import type { Copier } from './copier.js';

/** Rows per COPY: about 6 MB of CSV held at once, half a second of the database's time. */
const ROWS_PER_COPY = 20_000;

const BUFFER_BYTES = 1 << 20;
/** Buffers kept for the next COPY: a statement's output of ROWS_PER_COPY rows, with room. */
const SPARE_BUFFERS = 8;
const DEVICE_PATH = '/dev/avisa-copy';
/** Emscripten's device number of /dev/avisa-copy (PGlite's /dev/blob is 64:0). */
const DEVICE_MAJOR = 65;

/** What one COPY wrote: full buffers, then the one being filled. */
interface Output {
  full: Uint8Array[];
  current: Uint8Array | undefined;
  used: number;
}

/** The parts of Emscripten's FS the device needs. */
interface DeviceFs {
  makedev(major: number, minor: number): number;
  registerDevice(dev: number, ops: { open(): void; close(): void; write(stream: unknown, buffer: Int8Array, offset: number, length: number): number }): void;
  mkdev(path: string, dev: number): unknown;
}

export function pgliteCopier(client: PGlite): Copier {
  const spare: Uint8Array[] = []; // buffers whose bytes were handed out and consumed: written into again
  const release = (buffer: Uint8Array) => {
    if (spare.length < SPARE_BUFFERS) spare.push(buffer);
  };
  let output: Output | undefined; // set only inside the COPY's transaction, which no other statement can enter

  const fs = client.Module.FS as unknown as DeviceFs;
  const dev = fs.makedev(DEVICE_MAJOR, 0);
  fs.registerDevice(dev, {
    open() {},
    close() {},
    write(_stream, buffer, offset, length) {
      if (!output) throw new Error(`${DEVICE_PATH} written outside a COPY of Avisa's`);
      const out = output;
      const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset + offset, length);
      for (let at = 0; at < length; ) {
        if (!out.current || out.used === out.current.length) {
          if (out.current) out.full.push(out.current);
          out.current = spare.pop() ?? new Uint8Array(BUFFER_BYTES);
          out.used = 0;
        }
        const n = Math.min(length - at, out.current.length - out.used);
        out.current.set(bytes.subarray(at, at + n), out.used);
        out.used += n;
        at += n;
      }
      return length;
    },
  });
  fs.mkdev(DEVICE_PATH, dev);

  return {
    rowsPerCopy: ROWS_PER_COPY,
    async *copy(query, options, prelude) {
      const mine: Output = { full: [], current: undefined, used: 0 };
      // PGlite's transaction excludes every other statement, so the device writes into `mine` alone.
      await client.transaction(async (tx) => {
        output = mine;
        try {
          await tx.exec(`${prelude}; copy (${query}) to '${DEVICE_PATH}' with (${options})`);
        } finally {
          output = undefined;
        }
      });
      // Each piece is valid until the next one is asked for (Copier): its buffer is then written into again.
      for (const buffer of mine.full) {
        yield buffer;
        release(buffer);
      }
      if (mine.current) {
        yield mine.current.subarray(0, mine.used);
        release(mine.current);
      }
    },
  };
}
