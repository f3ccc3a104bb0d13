import { describe, expect, it } from 'vitest';
import { coalesce } from './coalesce.js';
import { eventTime, interpretRequest, type LoginEvent } from './events.js';
import { accountingRequest } from './packets.test-support.js';
import { createRng } from '../demo/prng.js';
import { RecentMap } from './recent.js';
import { parseAccountingRequest } from './wire.js';

const now = Date.parse('2026-11-20T12:00:00Z');

function request(attributes: Parameters<typeof accountingRequest>[2]) {
  const parsed = parseAccountingRequest(accountingRequest('s', 1, attributes));
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.request;
}

describe('accounting events', () => {
  it('takes the Event-Timestamp when it agrees with our clock, else receive time minus Acct-Delay-Time', () => {
    const stamped = request([['Event-Timestamp', new Date(now - 60_000)], ['Acct-Delay-Time', 30]]);
    expect(eventTime(stamped, now)).toBe(now - 60_000);
    const wrongClock = request([['Event-Timestamp', new Date(now - 3 * 3600_000)], ['Acct-Delay-Time', 30]]);
    expect(eventTime(wrongClock, now)).toBe(now - 30_000);
    expect(eventTime(request([]), now)).toBe(now);
  });

  it('derives the session start of Stop and Interim from Acct-Session-Time and names the terminate cause', () => {
    const stop = interpretRequest(
      request([['User-Name', 'ana'], ['Acct-Status-Type', 'Stop'], ['Acct-Session-Time', 600], ['Acct-Terminate-Cause', 'NAS-Request'], ['Acct-Session-Id', 'X1'], ['Framed-IP-Address', '100.64.0.9']]),
      3,
      now,
    );
    expect(stop).toEqual({
      event: { kind: 'stop', username: 'ana', at: now, sessionStart: now - 600_000, sessionId: 'X1', ip: '100.64.0.9', nasId: 3, cause: 'NAS-Request' },
    });
    const interim = interpretRequest(request([['User-Name', 'ana'], ['Acct-Status-Type', 'Interim-Update']]), 3, now);
    expect(interim).toMatchObject({ event: { kind: 'interim', sessionStart: null, cause: null } });
    const start = interpretRequest(request([['User-Name', 'ana'], ['Acct-Status-Type', 'Start'], ['Framed-IP-Address', '0.0.0.0']]), 3, now);
    expect(start).toMatchObject({ event: { kind: 'start', sessionStart: now, ip: null } });
  });

  it('turns Accounting-On/Off into a NAS reset and answers-but-ignores what changes no status', () => {
    expect(interpretRequest(request([['Acct-Status-Type', 'Accounting-On']]), 5, now)).toEqual({
      event: { kind: 'nas-reset', nasId: 5, at: now, cause: 'NAS-Reboot' },
    });
    expect(interpretRequest(request([['Acct-Status-Type', 'Accounting-Off'], ['Acct-Terminate-Cause', 'Admin-Reboot']]), 5, now)).toMatchObject({
      event: { kind: 'nas-reset', cause: 'Admin-Reboot' },
    });
    expect(interpretRequest(request([['Acct-Status-Type', 'Failed'], ['User-Name', 'x']]), 5, now)).toHaveProperty('ignored');
    expect(interpretRequest(request([['Acct-Status-Type', 'Start']]), 5, now)).toEqual({ ignored: 'no User-Name' });
    expect(interpretRequest(request([['User-Name', 'x']]), 5, now)).toEqual({ ignored: 'no Acct-Status-Type' });
  });
});

describe('coalesce', () => {
  const e = (kind: LoginEvent['kind'], at: number, sessionStart: number | null, sessionId: string | null = null): LoginEvent => ({
    kind, username: 'u', at, sessionStart, sessionId, ip: null, nasId: 1, cause: null,
  });

  const only = (events: LoginEvent[]) => coalesce(events).steps[0]!.logins[0];
  const reset = (nasId: number, at: number) => ({ kind: 'nas-reset' as const, nasId, at, cause: 'NAS-Reboot' });

  it('keeps the newest event per login: later time, then later session, then Stop over Interim over Start', () => {
    expect(only([e('stop', 20, 0), e('interim', 10, 0)])).toMatchObject({ kind: 'stop', at: 20 });
    expect(only([e('start', 10, 10, 'B'), e('stop', 10, 0, 'A')])).toMatchObject({ kind: 'start', closes: 1 });
    expect(only([e('stop', 10, 10, 'A'), e('start', 10, 10, 'A')])).toMatchObject({ kind: 'stop' });
    expect(only([e('interim', 10, 0), e('start', 10, 0)])).toMatchObject({ kind: 'interim' });
  });

  it('counts distinct stopped sessions; one step without resets; a reset splits the batch where it arrived', () => {
    const plain = coalesce([e('stop', 10, 0, 'A'), e('stop', 10, 0, 'A'), e('stop', 30, 20, 'B'), e('stop', 50, 40)]);
    expect(plain.steps).toHaveLength(1);
    expect(plain.steps[0]!.logins).toEqual([expect.objectContaining({ at: 50, closes: 3 })]);
    const split = coalesce([e('start', 1, 1), reset(1, 5), reset(1, 9), reset(2, 3), e('start', 12, 12), e('stop', 13, 12)]);
    expect(split.steps.map((s) => [s.logins.map((l) => l.at), s.nasResets.map((r) => [r.nasId, r.at])])).toEqual([
      [[1], [[1, 9], [2, 3]]],
      [[13], []],
    ]);
    expect(coalesce([]).steps).toEqual([]);
  });
});

describe('RecentMap', () => {
  it('forgets entries after their TTL and the oldest beyond its size', () => {
    let t = 0;
    const map = new RecentMap<number>(3, 100, () => t);
    map.set('a', 1);
    map.set('b', 2);
    map.set('c', 3);
    map.set('d', 4);
    expect([map.get('a'), map.get('b'), map.size]).toEqual([undefined, 2, 3]);
    t = 150;
    expect(map.get('b')).toBeUndefined();
    map.set('e', 5); // sweeps the expired ones
    expect(map.size).toBe(1);
    map.update('e', 6);
    expect(map.get('e')).toBe(6);
  });

  it('a key set again is the newest; a deleted key is not evicted twice, nor counted', () => {
    let t = 0;
    const map = new RecentMap<number>(2, 100, () => t);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 3); // now newer than b
    map.set('c', 4); // evicts b, the oldest
    expect([map.get('a'), map.get('b'), map.get('c'), map.size]).toEqual([3, undefined, 4, 2]);
    map.delete('a');
    map.set('d', 5); // room for d: nothing else goes
    expect([map.get('c'), map.get('d'), map.size]).toEqual([4, 5, 2]);
    t = 60;
    map.set('c', 6); // c restarts its life at 60
    t = 120;
    map.set('e', 7); // d (at 0) expired and goes; c stays, as the size allows
    expect([map.get('c'), map.get('d'), map.get('e'), map.size]).toEqual([6, undefined, 7, 2]);
  });

  it('stays exact at its cap over many inserts, deletes and repeats (the oldest always go first)', () => {
    const max = 1000;
    const map = new RecentMap<number>(max, Number.POSITIVE_INFINITY, () => 0);
    const model: string[] = []; // keys, oldest first
    const rnd = createRng(7).next;
    for (let i = 0; i < 50_000; i++) {
      const dice = rnd();
      const key = dice < 0.2 && model.length > 0 ? model[Math.floor(rnd() * model.length)]! : `k${i}`;
      if (dice < 0.1 && model.includes(key)) {
        map.delete(key);
        model.splice(model.indexOf(key), 1);
        continue;
      }
      map.set(key, i);
      if (model.includes(key)) model.splice(model.indexOf(key), 1);
      model.push(key);
      if (model.length > max) model.shift();
      if (i % 5_000 === 0) expect(map.size).toBe(model.length);
    }
    expect(map.size).toBe(model.length);
    expect(model.every((key) => map.get(key) !== undefined)).toBe(true);
    expect(map.get('k0')).toBeUndefined();
  });
});
