/**
 * Child process of the report bench: serves the real app on the given database, downloads the CSV export of
 * every login through it (counting, not keeping, what arrives) and prints rows, size, time and this process's
 * RSS as JSON: just before the download (after a GC: idle server) and its peak during the download, sampled
 * every 50 ms. A process of its own, so the RSS is the export's and not the bench's.
 */
import { createSession } from '../auth/sessions.js';
import { loadConfig } from '../config/config.js';
import { type DatabaseTarget, openDatabase } from '../db/index.js';
import { users } from '../db/schema/index.js';
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
  const cookie = `${SESSION_COOKIE}=${session.cookie}`;

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
  const t0 = performance.now();
  const res = await fetch(`${base}/api/report/logins/export.csv?filter=%7B%7D`, { headers: { cookie } });
  if (!res.ok || !res.body) throw new Error(`export answered ${res.status}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    peak = Math.max(peak, process.memoryUsage.rss()); // PGlite's queries can starve the timer: sample here too
    bytes += chunk.byteLength;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const lifetimePeak = process.resourceUsage().maxRSS * 1024;
  // A lifetime peak that rose during the download is the download's (even if no sample caught it).
  peak = Math.max(peak, process.memoryUsage.rss(), lifetimePeak > lifetimePeakBefore ? lifetimePeak : 0);
  const mb = (bytes: number) => bytes / 1048576;
  if (trace.length > 0) process.stderr.write(`RSS MB, every 20th sample: ${trace.filter((_, i) => i % 20 === 0).join(' ')}\n`);
  process.stdout.write(
    JSON.stringify({ rows: lines - 1, megabytes: bytes / 1e6, seconds, rssBeforeMb: mb(before), peakRssMb: mb(peak) }),
  );
} finally {
  await app.close();
  await database.close();
}
