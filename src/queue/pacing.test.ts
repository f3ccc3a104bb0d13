import { describe, expect, it } from 'vitest';
import { createPacer } from './pacing.js';

/** A clock that only moves when someone waits, each wait overshooting like a busy event loop's timers. */
function lateClock(lateness: (i: number) => number) {
  let t = 0;
  let i = 0;
  return {
    now: () => t,
    wait: async (ms: number) => {
      t += ms + lateness(i++);
    },
  };
}

describe('pacer', () => {
  it('never starts more than the rate within any one second, even with late timers', async () => {
    const clock = lateClock((i) => (i % 25 === 0 ? 40 : i % 3)); // 0–2 ms late, and every 25th timer 40 ms late
    const pacer = createPacer(80, clock.now, clock.wait);
    const starts: number[] = [];
    for (let n = 0; n < 800; n++) {
      await pacer.take();
      starts.push(clock.now());
    }
    let busiest = 0;
    for (let a = 0, b = 0; b < starts.length; b++) {
      while (starts[b]! - starts[a]! >= 1000) a++;
      busiest = Math.max(busiest, b - a + 1);
    }
    expect(busiest).toBeLessThanOrEqual(80);
    // …and stays close to it even with these harsh timers (the bench measures the real share of the limit)
    expect(800 / (starts.at(-1)! / 1000)).toBeGreaterThanOrEqual(72);
  });

  it('spaces sends evenly when the timers are on time', async () => {
    const clock = lateClock(() => 0);
    const pacer = createPacer(4, clock.now, clock.wait);
    const starts: number[] = [];
    for (let n = 0; n < 5; n++) {
      await pacer.take();
      starts.push(clock.now());
    }
    expect(starts).toEqual([0, 242.5, 485, 727.5, 1040]); // the 5th waits for the first to leave the window
  });
});
