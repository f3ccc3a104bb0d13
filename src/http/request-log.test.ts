import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import type { Database } from '../db/database.js';
import { backends } from '../test-support/databases.js';
import { buildApp } from './app.js';

/** The JSON lines a logger at `level` wrote while `buildApp` answered two requests. */
async function linesOf(database: Database, env: Record<string, string>, level: string): Promise<Record<string, unknown>[]> {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write: (chunk, _enc, done) => {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const app = await buildApp({ db: database.db, kind: database.kind, config: loadConfig(env), logger: pino({ level }, sink), webRoot: '/nonexistent' });
  try {
    await app.inject({ method: 'GET', url: '/healthz' });
    await app.inject({ method: 'GET', url: '/api/auth/me' });
  } finally {
    await app.close();
  }
  return lines;
}

describe.each(backends)('request logging on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(() => database.close());

  it('keeps requests out of the info log by default, one line each at debug', async () => {
    expect((await linesOf(database, {}, 'info')).filter((l) => l.msg === 'request' || String(l.msg).includes('request'))).toEqual([]);
    const debug = (await linesOf(database, {}, 'debug')).filter((l) => l.msg === 'request');
    expect(debug.map((l) => [l.level, l.method, l.url, l.status])).toEqual([
      [20, 'GET', '/healthz', 200],
      [20, 'GET', '/api/auth/me', 401],
    ]);
  });

  it('writes an access log at info when the installation asks for one', async () => {
    const info = (await linesOf(database, { AVISA_ACCESS_LOG: 'true' }, 'info')).filter((l) => l.msg === 'request');
    expect(info.map((l) => [l.level, l.url, l.status])).toEqual([
      [30, '/healthz', 200],
      [30, '/api/auth/me', 401],
    ]);
    expect(typeof info[0]?.ms).toBe('number');
  });
});
