import { describe, expect, it } from 'vitest';
import { createWriteLane } from './sink.js';

describe('createWriteLane', () => {
  it('runs writes one after the other, in order, and counts those not finished, failed ones included', async () => {
    const lane = createWriteLane();
    const done: string[] = [];
    let release!: () => void;
    const first = lane.enqueue(() => new Promise<void>((resolve) => (release = resolve)).then(() => void done.push('first')));
    const second = lane.enqueue(async () => void done.push('second'));
    const failing = lane.enqueue(async () => {
      throw new Error('boom');
    });
    expect(lane.pending).toBe(3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toEqual([]); // the second waits for the first
    release();
    await Promise.all([first, second]);
    await expect(failing).rejects.toThrow('boom');
    expect(done).toEqual(['first', 'second']);
    expect(lane.pending).toBe(0);
  });
});
