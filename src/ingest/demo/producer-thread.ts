/**
 * The demo's prepared chunks made by a worker thread (producer-worker.ts), so that generating, validating and
 * encoding them (the Node process's work) runs beside the writes: with PGlite, whose database runs in the main
 * thread, the two then share two cores instead of one; with PostgreSQL, the main thread is free to keep its two
 * connections busy. Two chunks are asked for ahead, so memory stays bounded.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { PreparedChunk, ProducerOptions } from './producer.js';

/**
 * The built worker script, found from a module of a folder of dist/ (the CLI's, the bench's): `import.meta.url`.
 * Undefined when it is not built (tests run on the sources): chunks are then made in the calling thread.
 */
export function builtProducerWorker(moduleUrl: string): URL | undefined {
  const script = new URL('../ingest/demo/producer-worker.js', moduleUrl);
  return existsSync(script) ? script : undefined;
}

type Reply = { chunk: PreparedChunk } | { done: true } | { error: string };

/** The thread's young generation (MB). */
const YOUNG_MB = 48;

/** Chunks asked for and not yet used. */
const AHEAD = 2;

export async function* threadedChunks(script: URL, options: ProducerOptions): AsyncGenerator<PreparedChunk> {
  // A young generation larger than Avisa's 4 MB: the thread makes a chunk's garbage fast (a 200,000-login demo on
  // PGlite spent 36 % of the thread's time collecting it).
  const worker = new Worker(script, { workerData: options, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB } });
  const waiting: { resolve: (reply: Reply) => void; reject: (err: Error) => void }[] = [];
  let failure: Error | undefined;
  const fail = (err: Error) => {
    failure ??= err;
    for (const w of waiting.splice(0)) w.reject(err);
  };
  worker.on('message', (reply: Reply) => waiting.shift()?.resolve(reply));
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`demo producer thread exited (code ${code})`)));
  const ask = () => {
    const reply = new Promise<Reply>((resolve, reject) => {
      if (failure) return reject(failure);
      waiting.push({ resolve, reject });
      worker.postMessage(0);
    });
    reply.catch(() => {}); // awaited in turn; until then, not an unhandled rejection
    return reply;
  };
  try {
    const asked = Array.from({ length: AHEAD }, ask);
    for (;;) {
      const reply = await (asked.shift() as Promise<Reply>);
      if ('error' in reply) throw new Error(`demo producer thread: ${reply.error}`);
      if ('done' in reply) return;
      asked.push(ask());
      yield reply.chunk;
    }
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}
