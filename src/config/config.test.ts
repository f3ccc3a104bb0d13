import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('installation configuration', () => {
  it('defaults the embedded buffer cache to 32MB and takes a size with its unit', () => {
    expect(loadConfig({}).AVISA_PGLITE_SHARED_BUFFERS).toBe('32MB');
    expect(loadConfig({ AVISA_PGLITE_SHARED_BUFFERS: '256MB' }).AVISA_PGLITE_SHARED_BUFFERS).toBe('256MB');
  });

  it('limits PostgreSQL connections and statements: 5 s / 30 s / 5 min unless set, 0 turning a statement limit off', () => {
    expect(loadConfig({})).toMatchObject({ AVISA_DB_CONNECT_TIMEOUT_MS: 5_000, AVISA_DB_STATEMENT_TIMEOUT_MS: 30_000, AVISA_DB_REPORT_TIMEOUT_MS: 300_000 });
    const set = loadConfig({ AVISA_DB_CONNECT_TIMEOUT_MS: '2000', AVISA_DB_STATEMENT_TIMEOUT_MS: '0', AVISA_DB_REPORT_TIMEOUT_MS: '600000' });
    expect(set).toMatchObject({ AVISA_DB_CONNECT_TIMEOUT_MS: 2_000, AVISA_DB_STATEMENT_TIMEOUT_MS: 0, AVISA_DB_REPORT_TIMEOUT_MS: 600_000 });
    expect(() => loadConfig({ AVISA_DB_CONNECT_TIMEOUT_MS: '0' })).toThrow(/AVISA_DB_CONNECT_TIMEOUT_MS: must be at least 100 ms/);
    expect(() => loadConfig({ AVISA_DB_STATEMENT_TIMEOUT_MS: '30s' })).toThrow(/AVISA_DB_STATEMENT_TIMEOUT_MS: /);
    expect(() => loadConfig({ AVISA_DB_REPORT_TIMEOUT_MS: '-1' })).toThrow(/AVISA_DB_REPORT_TIMEOUT_MS: must be 0 \(no limit\) or more/);
  });

  it('names the variable when a value is wrong', () => {
    expect(() => loadConfig({ AVISA_PGLITE_SHARED_BUFFERS: '32' })).toThrow(/AVISA_PGLITE_SHARED_BUFFERS: must be a size such as 32MB/);
    expect(() => loadConfig({ AVISA_TIMEZONE: 'Mars/Olympus' })).toThrow(/AVISA_TIMEZONE: is not an IANA time zone/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must start with postgres/);
  });

  it('reads the metrics listener as host:port, off when unset, and names a malformed one', () => {
    expect(loadConfig({}).AVISA_METRICS_LISTEN).toBeUndefined();
    expect(loadConfig({ AVISA_METRICS_LISTEN: '127.0.0.1:9464' }).AVISA_METRICS_LISTEN).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(loadConfig({ AVISA_METRICS_LISTEN: 'localhost:9464' }).AVISA_METRICS_LISTEN).toEqual({ host: 'localhost', port: 9464 });
    expect(loadConfig({ AVISA_METRICS_LISTEN: '[::1]:9464' }).AVISA_METRICS_LISTEN).toEqual({ host: '::1', port: 9464 });
    for (const wrong of ['9464', '127.0.0.1', '127.0.0.1:99999', '::1:9464', '[nope]:9464', 'http://127.0.0.1:9464']) {
      expect(() => loadConfig({ AVISA_METRICS_LISTEN: wrong }), wrong).toThrow(/AVISA_METRICS_LISTEN: .* is not host:port/);
    }
  });
});
