/**
 * The management listener (AVISA_METRICS_LISTEN): `GET /metrics` without authentication on an address of its own,
 * for a Prometheus that reaches only that address (bind it to loopback or a management network). `avisa serve`
 * and `avisa worker` start it; a worker has no other HTTP server. Anything else on it is a 404 (405 for another
 * method on /metrics): it serves nothing of the API.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '../db/database.js';
import { scrapeMetrics } from './exposition.js';
import { withProcessMetrics } from './registry.js';

export interface MetricsListenerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface MetricsListener {
  /** Where it listens (the port a `:0` address got). */
  readonly address: { host: string; port: number };
  stop(): Promise<void>;
}

/** Starts listening on `listen`; resolves once bound (rejects when the address cannot be bound). */
export async function startMetricsListener(db: Db, listen: { host: string; port: number }, logger: MetricsListenerLogger): Promise<MetricsListener> {
  withProcessMetrics(); // event loop lag and GC are measured from now, not from the first scrape
  const onDatabaseError = (err: unknown) => logger.warn({ err }, 'metrics: the cluster-wide figures could not be read');
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: this listener serves GET /metrics only\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
      return;
    }
    scrapeMetrics(db, { onDatabaseError }).then(
      (scrape) => response.writeHead(200, { 'content-type': scrape.contentType, 'cache-control': 'no-store' }).end(request.method === 'HEAD' ? undefined : scrape.text),
      (err: unknown) => {
        logger.warn({ err }, 'metrics: scrape failed');
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Scrape failed\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    const refused = (err: Error) => reject(new Error(`AVISA_METRICS_LISTEN: cannot listen on ${listen.host}:${listen.port} (${err.message})`, { cause: err }));
    server.once('error', refused);
    server.listen(listen.port, listen.host, () => {
      server.off('error', refused);
      resolve();
    });
  });
  server.unref(); // it never keeps a process alive on its own
  const bound = server.address() as AddressInfo;
  const address = { host: listen.host, port: bound.port };
  logger.info(address, 'metrics listener serving GET /metrics');
  return {
    address,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
