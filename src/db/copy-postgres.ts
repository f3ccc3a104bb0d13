/**
 * COPY out on PostgreSQL: `COPY (query) TO STDOUT` through pg-copy-streams on a connection of `pool`, read as the
 * consumer pulls (the socket is not read ahead, so the server waits for a slow client instead of Avisa buffering).
 *
 * The COPY runs in a transaction of its own (`begin; <prelude>; copy …; commit`: one transaction, so PgBouncer's
 * transaction pooling keeps it on one server connection). The connection goes back to the pool once the server has
 * finished (ReadyForQuery after the commit). A consumer that
 * stops early (an HTTP client that went away) gets the connection closed instead: the server's next write fails
 * and the backend ends, so the COPY stops and the pool opens a fresh connection when it needs one.
 */
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Copier } from './copier.js';

/** What pg calls on a query: `callback` clears its client-side read timeout (pg-copy-streams never calls it). */
interface PgQueryHooks {
  callback?: (err?: Error | null) => void;
  handleReadyForQuery(connection: unknown): void;
}

export function postgresCopier(pool: pg.Pool): Copier {
  return {
    async *copy(query, options, prelude) {
      const client = await pool.connect();
      const stream = copyTo(`copy (${query}) to stdout with (${options})`);
      // An error after the reader stopped (the connection closed under an abandoned COPY, a late read timeout) has
      // nobody to go to: without a listener it would end the process.
      stream.on('error', () => {});
      const hooks = stream as unknown as PgQueryHooks;
      const serverDone = new Promise<void>((resolve) => {
        const onReady = hooks.handleReadyForQuery.bind(stream);
        hooks.handleReadyForQuery = (connection) => {
          onReady(connection);
          resolve();
        };
      });
      let finished = false;
      try {
        await client.query(`begin; ${prelude}`);
        client.query(stream);
        for await (const piece of stream as AsyncIterable<Uint8Array>) yield piece;
        await serverDone;
        await client.query('commit');
        finished = true;
      } finally {
        hooks.callback?.(null); // the statement is over either way: its read timeout must not fire later
        client.release(finished ? undefined : new Error('COPY abandoned'));
      }
    },
  };
}
