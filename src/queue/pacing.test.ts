import { describe, expect, it } from 'vitest';
import { busiestSecond, createPacer } from './pacing.js';

/** Virtual time for concurrent callers: `run` fires the earliest timer, lets what it woke run, and so on. */
function virtualTime() {
  let t = 0;
  const timers: { at: number; resolve: () => void }[] = [];
  return {
    now: () => t,
    wait: (ms: number) => new Promise<void>((resolve) => void timers.push({ at: t + ms, resolve })),
    async run(done: Promise<unknown>) {
      let finished = false;
      void done.then(() => (finished = true));
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        if (finished) return;
        timers.sort((a, b) => a.at - b.at);
        const timer = timers.shift();
        if (!timer) throw new Error('nothing left to wake');
        t = Math.max(t, timer.at);
        timer.resolve();
      }
    },
  };
}

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
      await pacer.depart();
      starts.push(clock.now());
    }
    expect(busiestSecond(starts)).toBeLessThanOrEqual(80);
    // …and stays close to it even with these harsh timers (the bench measures the real share of the limit)
    expect(800 / (starts.at(-1)! / 1000)).toBeGreaterThanOrEqual(72);
  });

  it('keeps to a new rate from the moment it is set (a drain sharing the rate with another process)', async () => {
    const clock = lateClock((i) => i % 3);
    const pacer = createPacer(80, clock.now, clock.wait);
    const starts: number[] = [];
    for (let n = 0; n < 400; n++) {
      if (n === 200) pacer.setRate(40);
      await pacer.take();
      await pacer.depart();
      starts.push(clock.now());
    }
    const after = starts.slice(200);
    expect(busiestSecond(after)).toBeLessThanOrEqual(40);
    expect(busiestSecond(starts.slice(0, 200))).toBeGreaterThan(70);
    expect(200 / ((after.at(-1)! - after[0]!) / 1000)).toBeGreaterThanOrEqual(36);
  });

  it('spaces sends evenly when the timers are on time', async () => {
    const clock = lateClock(() => 0);
    const pacer = createPacer(4, clock.now, clock.wait);
    const starts: number[] = [];
    for (let n = 0; n < 5; n++) {
      await pacer.take();
      await pacer.depart();
      starts.push(clock.now());
    }
    expect(starts).toEqual([0, 242.5, 485, 727.5, 1040]); // the 5th waits for the first to leave the window
  });

  it('caps the requests that leave, even when the write between slot and request is held up now and then', async () => {
    const time = virtualTime();
    const pacer = createPacer(80, time.now, time.wait);
    // The row's `sending` write takes 1 ms, but for 60 ms of every 1.3 s the database is busy (a claim, a renewal):
    // writes started then finish together when it is free. Capping the slots let 82 requests into one second.
    const written = (t: number) => (t % 1300 < 60 ? t - (t % 1300) + 60 : t);
    const departed: number[] = [];
    const worker = async () => {
      while (departed.length < 1600) {
        await pacer.take();
        await time.wait(written(time.now() + 1) - time.now());
        await pacer.depart();
        departed.push(time.now());
      }
    };
    await time.run(Promise.all(Array.from({ length: 8 }, worker)));
    expect(busiestSecond(departed)).toBeLessThanOrEqual(80);
    expect(departed.length / (Math.max(...departed) / 1000)).toBeGreaterThanOrEqual(76); // ≥ 95 % of the limit
  });
});
