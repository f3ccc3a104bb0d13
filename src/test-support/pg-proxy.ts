/**
 * A TCP relay in front of PostgreSQL that a test can make misbehave: `stall()` keeps every byte (the server seems
 * frozen: connections open, nothing answers), `down()` drops every connection and refuses new ones, and
 * `resume()` / `up()` undo them. And a server that never answers at all.
 */
import { createServer, type Server, type Socket, connect } from 'node:net';

export interface PgProxy {
  /** `url` with its host and port replaced by the relay's. */
  urlFor(url: string): string;
  stall(): void;
  resume(): void;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startPgProxy(targetUrl: string): Promise<PgProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  const held: (() => void)[] = [];
  let stalled = false;

  const relay = (from: Socket, to: Socket) =>
    from.on('data', (chunk) => (stalled ? held.push(() => to.write(chunk)) : to.write(chunk)));
  const onConnection = (client: Socket) => {
    const server = connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, server]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        server.destroy();
      });
    }
    relay(client, server);
    relay(server, client);
  };

  let server: Server | undefined;
  const listen = (port: number) =>
    new Promise<number>((resolve) => {
      const listening = createServer(onConnection);
      server = listening;
      listening.listen(port, '127.0.0.1', () => resolve((listening.address() as { port: number }).port));
    });
  const port = await listen(0);
  const stop = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  };

  return {
    urlFor(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    stall() {
      stalled = true;
    },
    resume() {
      stalled = false;
      for (const send of held.splice(0)) send();
    },
    down: stop,
    async up() {
      await listen(port);
    },
    close: stop,
  };
}

/** A TCP listener that accepts connections and never says a word: a PostgreSQL stalled before the handshake. */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
