/**
 * The demo's prepared chunks: made small (MADE_PER_CHUNK logins, so their records die young) and joined to the
 * size asked for; the rows are the same however they are cut.
 */
import { describe, expect, it } from 'vitest';
import { MADE_PER_CHUNK, type PreparedChunk, preparedChunks, type ProducerOptions, TICK } from './producer.js';

const options: ProducerOptions = { total: 7_500, seed: 9, timezone: 'America/Sao_Paulo', nowMs: Date.parse('2026-03-10T12:00:00Z'), batchSize: 5_000 };

const chunksOf = (o: ProducerOptions) => [...preparedChunks(o)].filter((c): c is PreparedChunk => c !== TICK);

/** Each table's COPY text, the chunks' one after the other, with its columns. */
function tables(chunks: readonly PreparedChunk[]): Record<string, { columns: string; text: string; rows: number }> {
  const out: Record<string, { columns: string; text: string; rows: number }> = {};
  for (const chunk of chunks) {
    for (const copy of [chunk.clients, chunk.contracts, chunk.logins].flatMap((b) => b.copies)) {
      const t = out[copy.table] ?? { columns: copy.columns.join(','), text: '', rows: 0 };
      out[copy.table] = t;
      expect(copy.columns.join(',')).toBe(t.columns);
      t.text += new TextDecoder().decode(copy.text);
      t.rows += copy.rows;
    }
  }
  return out;
}

describe('preparedChunks', () => {
  it('joins the small chunks it makes into chunks of the batch size, the last one ending at the total', () => {
    const chunks = chunksOf(options);
    expect(chunks.map((c) => c.upTo)).toEqual([expect.any(Number), 7_500]);
    expect(chunks[0]?.upTo).toBeGreaterThanOrEqual(5_000);
    expect(chunks[0]?.upTo).toBeLessThan(5_000 + MADE_PER_CHUNK);
    for (const chunk of chunks) expect(chunk.logins.copies).toHaveLength(1);
    expect(chunks.reduce((n, c) => n + c.logins.copies[0]!.rows, 0)).toBe(7_500);
    expect(chunks.reduce((n, c) => n + c.refused, 0)).toBe(0);
  });

  it('makes the same rows, boxes and references however the logins are cut into chunks', () => {
    const big = chunksOf(options);
    const small = chunksOf({ ...options, batchSize: 300 });
    expect(small).toHaveLength(25);
    expect(tables(big)).toEqual(tables(small));
    expect(big.flatMap((c) => c.boxes)).toEqual(small.flatMap((c) => c.boxes));
    expect(big.at(-1)?.boxesTotal).toBe(small.at(-1)?.boxesTotal);
    const referenced = (chunks: PreparedChunk[]) =>
      new Set(chunks.flatMap((c) => c.logins.references.flatMap((r) => r.rows.ids.map((id, i) => `${r.table}:${id}:${r.rows.names[i]}`))));
    expect(referenced(big)).toEqual(referenced(small));
    expect(tables(big).logins?.rows).toBe(7_500);
  });
});
