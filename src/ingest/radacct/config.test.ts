import { describe, expect, it } from 'vitest';
import { dialectOf, parseRadacctConfig, splitPassword } from './config.js';
import { rowToEvent } from './sync.js';

describe('radacct source settings', () => {
  it('fills the defaults and knows the dialect', () => {
    expect(parseRadacctConfig({ url: 'mysql://radius@db.local:3306/radius' })).toEqual({
      url: 'mysql://radius@db.local:3306/radius', table: 'radacct', overlapSeconds: 300, initialDays: 30, pageSize: 5000,
    });
    expect(dialectOf('mariadb://x@h/db')).toBe('mysql');
    expect(dialectOf('postgresql://x@h/db')).toBe('postgres');
  });

  it.each([
    [{ url: 'mysql://radius:s3cret@db/radius' }, 'config.url', 'secret'],
    [{ url: 'http://db/radius' }, 'config.url', 'must start'],
    [{ url: 'mysql://db' }, 'config.url', 'database name'],
    [{ url: 'mysql://db/radius', table: 'radacct; drop table x' }, 'config.table', 'table name'],
    [{ url: 'mysql://db/radius', extra: 1 }, 'config', 'extra'],
  ])('refuses %j', (config, field, message) => {
    expect(() => parseRadacctConfig(config)).toThrow(expect.objectContaining({ code: 'VALIDATION', field, message: expect.stringContaining(message) }));
  });

  it('moves a password typed in the URL out of it', () => {
    expect(splitPassword('mysql://radius:p%40ss@db:3306/radius')).toEqual({ url: 'mysql://radius@db:3306/radius', password: 'p@ss' });
    expect(splitPassword('postgres://radius@db/radius')).toEqual({ url: 'postgres://radius@db/radius', password: null });
  });

  it('maps rows: closed → stop with its cause, open → online at its last update, no username or times → nothing', () => {
    const nas = new Map([['10.0.0.1', 4]]);
    const base = { id: 1, username: 'ana', nasIp: '10.0.0.1', framedIp: '', sessionId: 'u1', start: 1000, update: 1600, stop: null, cause: null };
    expect(rowToEvent(base, nas)).toMatchObject({ kind: 'interim', at: 1_600_000, sessionStart: 1_000_000, nasId: 4, ip: null });
    expect(rowToEvent({ ...base, stop: 2000, cause: 'Lost-Carrier', nasIp: '10.9.9.9' }, nas)).toMatchObject({ kind: 'stop', at: 2_000_000, cause: 'Lost-Carrier', nasId: null });
    expect(rowToEvent({ ...base, username: '' }, nas)).toBeNull();
    expect(rowToEvent({ ...base, start: null, update: null }, nas)).toBeNull();
  });
});
