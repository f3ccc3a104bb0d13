/**
 * The demo's producer in a worker thread (see producer-thread.ts): each message asks for the next prepared chunk;
 * the answer is `{ chunk }`, `{ done: true }` or `{ error }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type ProducerOptions, preparedChunks, TICK } from './producer.js';

const port = parentPort;
if (!port) throw new Error('producer-worker: not started as a worker thread');
const chunks = preparedChunks(workerData as ProducerOptions);
port.on('message', () => {
  try {
    let next = chunks.next();
    while (next.value === TICK) next = chunks.next(); // no writes in this thread to let in
    if (next.done) return port.postMessage({ done: true });
    // The COPY text's bytes move to the main thread, not copied.
    const { clients, contracts, logins } = next.value;
    const moved = [clients, contracts, logins].flatMap((batch) => batch.copies.map((c) => c.text.buffer));
    port.postMessage({ chunk: next.value }, moved);
  } catch (err) {
    port.postMessage({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
