/**
 * The demo's producer thread as the built CLI starts it (dist/ingest/demo/producer-worker.js): it must make exactly
 * the chunks the calling thread would, and a failure in it must reach the caller. Needs `npm run build`.
 */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type PreparedChunk, preparedChunks, type ProducerOptions, TICK } from '../../src/ingest/demo/producer.js';
import { builtProducerWorker, threadedChunks } from '../../src/ingest/demo/producer-thread.js';

const cliModule = pathToFileURL(join(import.meta.dirname, '../../dist/cli/main.js')).href;
const options: ProducerOptions = {
  total: 3_000,
  seed: 4,
  timezone: 'America/Sao_Paulo',
  nowMs: Date.parse('2026-03-10T12:00:00Z'),
  batchSize: 700,
};

async function collect<T>(chunks: AsyncIterable<T> | Iterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return all;
}

describe('the demo producer thread', { timeout: 60_000 }, () => {
  const script = builtProducerWorker(cliModule);

  it('is found from the built CLI, and not from the sources (tests then make chunks in their own thread)', () => {
    expect(script?.href).toMatch(/\/dist\/ingest\/demo\/producer-worker\.js$/);
    expect(builtProducerWorker(pathToFileURL(join(import.meta.dirname, '../../src/cli/main.ts')).href)).toBeUndefined();
  });

  it('makes the same chunks as the calling thread, COPY bytes and references included', async () => {
    const threaded = await collect(threadedChunks(script as URL, options));
    const here = (await collect(preparedChunks(options))).filter((c): c is PreparedChunk => c !== TICK);
    expect(threaded.map((c) => c.upTo)).toEqual([700, 1400, 2100, 2800, 3000]);
    expect(threaded).toEqual(here);
    expect(threaded.reduce((n, c) => n + c.refused, 0)).toBe(0);
    expect(new TextDecoder().decode(threaded[0]?.logins.copies[0]?.text).split('\n')[0]).toMatch(/^1\t/);
  });

  it('passes a failure in the thread on to the caller', async () => {
    await expect(collect(threadedChunks(script as URL, { ...options, timezone: 'America/Atlantida' }))).rejects.toThrow(
      /demo producer thread: .*Atlantida/,
    );
  });
});
