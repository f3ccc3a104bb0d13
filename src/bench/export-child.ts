/**
 * Child process of the report bench: the real app serving the given database, as `avisa serve` would. It prints
 * one JSON line with its address and a viewer's session cookie, samples its own RSS every 50 ms while the bench
 * (the parent, standing in for the operator's browser) downloads the CSV export of every login, and when told
 * `done` on stdin prints a second line: its RSS just before the download (after a GC: an idle server) and its
 * peak during it. A process of its own, with no download client in it, so the RSS is the export's alone.
 */
import { createInterface } from 'node:readline';
import { createSession } from '../auth/sessions.js';
import { loadConfig } from '../config/config.js';
import { type DatabaseTarget, openDatabase } from '../db/database.js';
import { users } from '../db/schema/access.js';
import { buildApp } from '../http/app.js';
import { SESSION_COOKIE } from '../http/auth.js';

const target = JSON.parse(process.argv[2] ?? '{}') as DatabaseTarget;
const database = await openDatabase(target);
const app = await buildApp({ db: database.db, kind: database.kind, config: loadConfig({}), logger: false });
try {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  // A viewer with a session but no password: hashing one (scrypt, 128 MB) would inflate the RSS measured.
  const [user] = await database.db
    .insert(users)
    .values({ username: `bench_export_${process.pid}`, name: 'Bench', role: 'viewer', passwordHash: 'none' })
    .returning({ id: users.id });
  const session = await createSession(database.db, user!.id, { hours: 1 });

  (globalThis as { gc?: () => void }).gc?.(); // start from the idle server, not from start-up garbage
  const before = process.memoryUsage.rss();
  const lifetimePeakBefore = process.resourceUsage().maxRSS * 1024;
  let peak = before;
  const trace: number[] = [];
  const sampler = setInterval(() => {
    const rss = process.memoryUsage.rss();
    peak = Math.max(peak, rss);
    if (process.env.AVISA_BENCH_TRACE) trace.push(Math.round(rss / 1048576));
  }, 50);
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  process.stdout.write(`${JSON.stringify({ base, cookie: `${SESSION_COOKIE}=${session.cookie}` })}\n`);
  await lines.next(); // "done": the download is over
  clearInterval(sampler);
  const lifetimePeak = process.resourceUsage().maxRSS * 1024;
  // A lifetime peak that rose during the download is the download's (even if no sample caught it: PGlite's
  // queries can starve the timer).
  peak = Math.max(peak, process.memoryUsage.rss(), lifetimePeak > lifetimePeakBefore ? lifetimePeak : 0);
  if (trace.length > 0) process.stderr.write(`RSS MB, every 20th sample: ${trace.filter((_, i) => i % 20 === 0).join(' ')}\n`);
  process.stdout.write(`${JSON.stringify({ rssBeforeMb: before / 1048576, peakRssMb: peak / 1048576 })}\n`);
  process.stdin.destroy();
} finally {
  await app.close();
  await database.close();
}
