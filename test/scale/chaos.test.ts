/**
 * Issue 19's scale-out scenario, short: 2 `avisa serve` and 2 `avisa worker` (four schedulers racing for every due
 * run; two drain tasks, one per process), all through PgBouncer in
 * transaction pooling mode to a PostgreSQL cluster of the test's own, drain 20,000 queued WhatsApp sends to the Opa!
 * Suite simulator while a worker is SIGKILLed twice and PostgreSQL is restarted once. Nothing may be sent twice or
 * lost, only sends in flight at a kill or the restart may end uncertain, every drain run must end finished or
 * reaped, never two runs of one task at once, and the final SIGTERM must stop every process gracefully.
 * (`npm run bench -- --only scale` runs the long version: 1,000,000 messages, 4 workers, a hanging simulator.)
 * Needs `npm run build`, Debian's PostgreSQL server binaries and PgBouncer (.ci/run installs it).
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Cluster, pgbouncerAvailable, startCluster } from '../../src/bench/scale/cluster.js';
import { runScale } from '../../src/bench/scale/scenario.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const ready = pgbouncerAvailable() && existsSync('/usr/lib/postgresql');

describe.skipIf(!ready)('scale-out under chaos, behind PgBouncer (short)', { timeout: 300_000 }, () => {
  let cluster: Cluster | undefined;
  afterAll(() => cluster?.stop());

  it('2 serves + 2 workers drain 20,000 sends through 2 kills and a PostgreSQL restart: 0 duplicates, 0 lost', async () => {
    if (!existsSync(join(import.meta.dirname, '../../dist/cli/main.js'))) throw new Error('run `npm run build` first');
    cluster = startCluster({ pgPort: await freePort(), bouncerPort: await freePort(), poolSize: 20 });
    const log: string[] = [];
    const r = await runScale({
      cluster,
      messages: 20_000,
      workers: 2,
      serves: 2,
      serveAgenda: true, // four schedulers race for every due run
      concurrency: 8,
      leaseSeconds: 10,
      timeoutSeconds: 200,
      basePort: await freePort(),
      chaos: { killEverySeconds: 6, maxKills: 2, pgRestartAtSeconds: 9 },
      log: (line) => log.push(line),
    });
    const story = `${log.join('\n')}\n${JSON.stringify({ ...r, kills: r.kills }, null, 1)}`;
    expect(r.finished, story).toBe(true);
    expect(r.kills, story).toHaveLength(2);
    expect(r.inFlightAtRestart, story).not.toBeNull();
    expect(r.duplicates, story).toBe(0);
    expect(r.lost, story).toBe(0);
    expect(r.accepted + (r.byStatus.failed ?? 0), story).toBeGreaterThanOrEqual(20_000 - r.uncertain);
    expect(r.uncertain, story).toBeLessThanOrEqual(r.uncertainBound);
    expect(r.uncertainUnexplained, story).toBe(0); // every uncertain row was in flight at a kill or the restart
    expect(r.runsStillRunning, story).toBe(0);
    // the runs the killed workers were running, reaped (a kill between two runs leaves none; the victim is one
    // in the middle of a run whenever there is one)
    expect(r.runs.abandoned ?? 0, story).toBeGreaterThanOrEqual(r.kills.filter((k) => k.runs > 0).length);
    expect(r.overlappingRuns, story).toBe(0);
    expect(r.unexpectedExits, story).toEqual([]); // every process reconnected by itself after the restart
    expect(r.gracefulStops, story).toBe(r.processes);
    expect(r.processes, story).toBe(4);
    // the serves answered the Agenda throughout, except while PostgreSQL was down
    expect(r.serveAnswers['200'] ?? 0, story).toBeGreaterThan(0);
    expect(Object.keys(r.serveAnswers).filter((code) => !['200', '503'].includes(code)), story).toEqual([]);
  });
});
