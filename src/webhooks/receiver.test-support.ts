/** A local HTTP receiver of webhooks for tests: records every request and answers as the test scripts it. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** How to answer one request: a status, or `hang` (never answer: the sender's timeout). */
export type Answer = number | 'hang';

export interface Receiver {
  url: string;
  received: Received[];
  /** Answers of the next requests, in order; past them, `fallback`. */
  script(answers: Answer[], fallback?: Answer): void;
  /** Milliseconds to wait before answering each request. */
  delayMs: number;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  let queue: Answer[] = [];
  let fallback: Answer = 200;
  const received: Received[] = [];
  const hanging = new Set<() => void>();
  const receiver = {} as Receiver;
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const answer = queue.shift() ?? fallback;
      if (answer === 'hang') {
        hanging.add(() => res.destroy());
        return;
      }
      setTimeout(() => res.writeHead(answer, { 'content-type': 'text/plain' }).end('ok'), receiver.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(receiver, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/avisa`,
    received,
    delayMs: 0,
    script(answers: Answer[], otherwise: Answer = 200) {
      queue = [...answers];
      fallback = otherwise;
    },
    async close() {
      for (const end of hanging) end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
  return receiver;
}
