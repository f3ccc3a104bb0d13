/**
 * `avisa serve` (and every command that opens the database) against a PostgreSQL it cannot use: one clear line
 * within the connect timeout, never a hang, a stack trace or the password.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { backends, directUrlOf } from '../test-support/databases.js';
import { startPgProxy, startSilentServer } from '../test-support/pg-proxy.js';
import { CliError, openOrFail } from './context.js';

describe('opening an unusable PostgreSQL from the command line', () => {
  let silent: Awaited<ReturnType<typeof startSilentServer>>;
  beforeAll(async () => {
    silent = await startSilentServer();
  });
  afterAll(async () => silent?.close());

  const open = (url: string) =>
    openOrFail(loadConfig({ DATABASE_URL: url, AVISA_DB_CONNECT_TIMEOUT_MS: '300' })).catch((err: unknown) => err);

  it('gives up on a server that does not answer after AVISA_DB_CONNECT_TIMEOUT_MS', async () => {
    const started = Date.now();
    const failure = await open(`postgres://avisa:s3cret@127.0.0.1:${silent.port}/avisa`);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(failure).toBeInstanceOf(CliError);
    expect((failure as Error).message).toBe(
      `cannot open PostgreSQL postgres://avisa:***@127.0.0.1:${silent.port}/avisa: no database connection could be made within the connect timeout (AVISA_DB_CONNECT_TIMEOUT_MS=300)`,
    );
  });

  const postgres = backends.find((b) => b.name === 'postgres');
  it.skipIf(!postgres)('waits at start for a PostgreSQL that comes up (AVISA_DB_START_WAIT_SECONDS)', async () => {
    // A test database of its own: opening migrates what it opens, never the server's default database.
    const own = await postgres!.open();
    const url = await directUrlOf(own.db);
    const proxy = await startPgProxy(url);
    try {
      await proxy.down(); // refusing, as a server being restarted does
      const waited: string[] = [];
      const config = loadConfig({ DATABASE_URL: proxy.urlFor(url), AVISA_DB_CONNECT_TIMEOUT_MS: '300' });
      const opening = openOrFail(config, { waitSeconds: 20, onWait: (reason) => waited.push(reason) });
      await new Promise((r) => setTimeout(r, 2_500));
      await proxy.up();
      const database = await opening;
      await database.close();
      expect(waited).toHaveLength(1); // said once, not at every attempt
      expect(waited[0]).toMatch(/ECONNREFUSED/);
      // without the wait it fails at once, naming the refusal
      await proxy.down();
      const failure = await openOrFail(config).catch((err: unknown) => err);
      expect((failure as Error).message).toMatch(/unreachable \(ECONNREFUSED\)/);
    } finally {
      await proxy.close();
      await own.close();
    }
  });

  it('names a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const freePort = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const failure = await open(`postgres://avisa:s3cret@127.0.0.1:${freePort}/avisa`);
    expect(failure).toBeInstanceOf(CliError);
    expect((failure as Error).message).toMatch(/^cannot open PostgreSQL .*: the database server is unreachable \(ECONNREFUSED\)$/);
    expect((failure as Error).message).not.toContain('s3cret');
  });
});
