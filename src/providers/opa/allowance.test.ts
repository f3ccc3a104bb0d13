import { describe, expect, it } from 'vitest';
import type { Reservation } from '../types.js';
import { opaAllowance } from './allowance.js';
import type { OpaDailyLimit } from './model.js';

/** Opa's side of the limit: it counts a send when the send reaches it, and `limites-diarios-envio` says what is left. */
function fakeOpa(dailyLimit: number | null) {
  let counted = 0;
  const opa = {
    reads: 0,
    fail: false,
    count: (n = 1) => {
      counted += n;
    },
    async dailyLimit(): Promise<OpaDailyLimit | null> {
      opa.reads += 1;
      if (opa.fail) throw new Error('Opa is down');
      return dailyLimit === null ? null : { messagesSent: counted, dailyLimit, availableAmount: Math.max(0, dailyLimit - counted) };
    },
  };
  return opa;
}

const granted = (r: Reservation): r is Extract<Reservation, { ok: true }> => r.ok;
const settleAll = (rs: Reservation[]) => {
  for (const r of rs.filter(granted)) r.settle(true);
};
const readDone = () => new Promise((resolve) => setImmediate(resolve));

describe('Opa! daily limit as one allowance per channel', () => {
  it('concurrent sends share one read and never take more than is left', async () => {
    for (const concurrency of [1, 2, 4, 8]) {
      const opa = fakeOpa(3);
      const allowance = opaAllowance(opa);
      const first = await Promise.all(Array.from({ length: concurrency }, () => allowance.reserve('c1')));
      const rest = [];
      for (let i = first.length; i < 6; i++) rest.push(await allowance.reserve('c1'));
      const all = [...first, ...rest];
      expect(all.filter(granted), `concurrency ${concurrency}`).toHaveLength(3);
      expect(all.find((r) => !r.ok)).toEqual({ ok: false, notice: { code: 'daily_limit', params: { limit: 3 } } });
      expect(opa.reads).toBe(1);
    }
  });

  it('a re-read during the run takes off the sends reserved and not answered yet, so it never grants more than is left', async () => {
    const opa = fakeOpa(5);
    const allowance = opaAllowance(opa, { refreshEvery: 2 });
    const a = await allowance.reserve('c1');
    const b = await allowance.reserve('c1');
    // a and b are in flight: Opa has not counted them. The third reservation starts a re-read (every 2) and is
    // itself taken while the read runs.
    const c = await allowance.reserve('c1');
    await readDone();
    expect(opa.reads).toBe(2);
    const later = [];
    for (let i = 0; i < 5; i++) later.push(await allowance.reserve('c1'));
    expect([a, b, c, ...later].filter(granted)).toHaveLength(5);
    settleAll([a, b, c, ...later]);
  });

  it('a unit reserved for a send that never went out goes back', async () => {
    const opa = fakeOpa(1);
    const allowance = opaAllowance(opa);
    const a = await allowance.reserve('c1');
    expect(a.ok).toBe(true);
    expect((await allowance.reserve('c1')).ok).toBe(false);
    if (a.ok) a.settle(false);
    const b = await allowance.reserve('c1');
    expect(b.ok).toBe(true);
    if (b.ok) b.settle(true);
    expect((await allowance.reserve('c1')).ok).toBe(false);
  });

  it('counts channels apart; no limit or an unreadable one holds nothing back', async () => {
    const none = opaAllowance(fakeOpa(null));
    const results = await Promise.all(Array.from({ length: 20 }, () => none.reserve('c1')));
    expect(results.every((r) => r.ok)).toBe(true);

    const down = fakeOpa(0);
    down.fail = true;
    const unreadable = opaAllowance(down, { refreshEvery: 10 });
    expect((await Promise.all(Array.from({ length: 5 }, () => unreadable.reserve('c1')))).every((r) => r.ok)).toBe(true);
    expect(down.reads).toBe(1); // read again at the next refresh point, not before every send

    const opa = fakeOpa(1);
    const two = opaAllowance(opa);
    expect((await two.reserve('c1')).ok).toBe(true);
    expect((await two.reserve('c2')).ok).toBe(true);
    expect((await two.reserve('c1')).ok).toBe(false);
  });
});
