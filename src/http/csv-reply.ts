/**
 * Sending a CSV file the database writes (src/db/copy-csv.ts) as a download. The first records are read before
 * anything is sent, so a failure to start — the database unavailable, a statement that fails — is answered as the
 * usual JSON error rather than after a 200 went out. Then the body streams as the client reads it; a client that
 * goes away ends the records' reading, which gives the database connection back (or stops its COPY).
 */
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { type CsvBody, csvHead } from '../shared/csv.js';

export async function sendCsv(reply: FastifyReply, fileName: string, body: CsvBody): Promise<FastifyReply> {
  const records = body.records[Symbol.asyncIterator]();
  const first = await records.next();
  const ready: Uint8Array[] = [Buffer.from(csvHead(body.headers)), ...(first.done ? [] : [first.value])];
  let done = first.done === true;
  const stream = new Readable({
    read() {
      const next = ready.shift();
      if (next) this.push(next);
      else if (done) this.push(null);
      else {
        records.next().then(
          (r) => {
            done = r.done === true;
            this.push(r.done ? null : r.value);
          },
          (err: unknown) => this.destroy(err instanceof Error ? err : new Error(String(err))),
        );
      }
    },
    destroy(err, callback) {
      if (done) callback(err);
      else {
        done = true;
        records.return?.().then(
          () => callback(err),
          () => callback(err),
        );
      }
    },
  });
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'no-store')
    .send(stream);
}
