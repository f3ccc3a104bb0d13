/**
 * The base of the provider simulators (Opa! Suite, Zenvia, SMS Dev): a real `node:http` server on loopback that
 * reads the body of any method (GET included), applies the switchable faults, and hands the request to the
 * simulator's router. A small control API under `/__sim/` lets a test, the demo or a person at `curl` read what
 * was sent and switch faults at run time.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Faults {
  /** Delay before every answer. */
  latencyMs: number;
  /** Share of requests (0–1) answered 500/502/503. */
  errorRate: number;
  /** The next N requests get 429 with `Retry-After: retryAfterSeconds`. */
  burst429: number;
  retryAfterSeconds: number;
  /** Never answer (the client's timeout must fire). */
  hang: boolean;
  /** Drop the connection without an answer. */
  reset: boolean;
}

export const noFaults: Faults = { latencyMs: 0, errorRate: 0, burst429: 0, retryAfterSeconds: 1, hang: false, reset: false };

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  rawBody: string;
  /** The body parsed as JSON; `undefined` when empty, `SyntaxError` when it is not JSON. */
  body: unknown;
  /** When the request arrived (before any simulated latency): what the provider would see as its time. */
  receivedAt: Date;
}

export interface SimReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type SimRouter = (request: SimRequest) => SimReply | Promise<SimReply>;

export interface SimServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  faults: Faults;
  setFaults(patch: Partial<Faults>): void;
  close(): Promise<void>;
}

export interface SimServerOptions {
  port?: number;
  host?: string;
  /** Extra control routes (`/__sim/...`) of one simulator, e.g. reading the recorded sends. */
  control?: SimRouter;
  /** The answer given when `errorRate` picks a request; the default is a plain JSON 503. */
  serverError?: () => SimReply;
  /** The answer given during a 429 burst. */
  tooManyRequests?: () => SimReply;
  random?: () => number;
}

export async function startSimServer(router: SimRouter, options: SimServerOptions = {}): Promise<SimServer> {
  const faults: Faults = { ...noFaults };
  const random = options.random ?? Math.random;
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => reply(res, { status: 500, body: { error: String(err) } }));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = await readRequest(req);
    if (request.path.startsWith('/__sim/')) {
      if (request.path === '/__sim/faults') {
        if (request.method !== 'GET') Object.assign(faults, pickFaults(request.body));
        return reply(res, { status: 200, body: faults });
      }
      const answer = options.control ? await options.control(request) : { status: 404, body: { error: 'unknown control route' } };
      return reply(res, answer);
    }
    if (faults.reset) {
      req.socket.destroy();
      return;
    }
    if (faults.hang) return; // the socket stays open until the client gives up or the server closes
    if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    if (faults.burst429 > 0) {
      faults.burst429 -= 1;
      const answer = options.tooManyRequests?.() ?? { status: 429, body: { error: 'Too Many Requests' } };
      return reply(res, { ...answer, headers: { 'retry-after': String(faults.retryAfterSeconds), ...answer.headers } });
    }
    if (faults.errorRate > 0 && random() < faults.errorRate) {
      return reply(res, options.serverError?.() ?? { status: 503, body: { error: 'Service Unavailable' } });
    }
    return reply(res, await router(request));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    faults,
    setFaults: (patch) => Object.assign(faults, pickFaults(patch)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function readRequest(req: IncomingMessage): Promise<SimRequest> {
  const receivedAt = new Date();
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString('utf8');
  const url = new URL(req.url ?? '/', 'http://sim');
  let body: unknown;
  if (rawBody.trim()) {
    try {
      body = JSON.parse(rawBody);
    } catch (err) {
      body = err as SyntaxError;
    }
  }
  return { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, rawBody, body, receivedAt };
}

function reply(res: ServerResponse, { status, body, headers = {} }: SimReply): void {
  if (res.headersSent || res.destroyed) return;
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const type = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
  res.writeHead(status, { 'content-type': type, ...headers });
  res.end(text);
}

/** Only known fault switches with the right types are taken from a control request. */
function pickFaults(input: unknown): Partial<Faults> {
  if (typeof input !== 'object' || input === null) return {};
  const out: Partial<Faults> = {};
  for (const [key, value] of Object.entries(input)) {
    if (!(key in noFaults)) continue;
    const expected = typeof noFaults[key as keyof Faults];
    if (typeof value === expected) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}
