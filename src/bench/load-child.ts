/**
 * The load bench's second process (forked by load-bench.ts; the server under test is the parent): the
 * operators (load-operators.ts) over keep-alive connections, one CSV export after another, and the RADIUS NAS
 * (load-radius.ts, in a worker thread). It warms the server up with the operators' traffic for
 * `warmupSeconds` (not counted) while the RADIUS packets are encoded, says `measuring`, runs everything for
 * `seconds`, and sends back every sample.
 */
import { performance } from 'node:perf_hooks';
import { Client, Pool } from 'undici';
import { exportLoop, type Material, operate, type Sample } from './load-operators.js';
import { type RadiusLoadJob, type RadiusLoadResult, startRadiusLoad } from './load-radius.js';

export interface LoadJob {
  base: string;
  /** Each operator's authentication headers. */
  operators: Record<string, string>[];
  material: Material;
  thinkMs: number;
  warmupSeconds: number;
  seconds: number;
  /** Whose logins each export takes, in turn. */
  exportNasIds: number[];
  radius: RadiusLoadJob | null;
}

export interface LoadResult {
  samples: Sample[];
  errors: number;
  /** The first errors' texts. */
  errorTexts: string[];
  warmupRequests: number;
  exports: { seconds: number; rows: number; ok: boolean }[];
  radius: RadiusLoadResult | null;
  encodeSeconds: number;
  /** From the measured phase's start until its last operator request ended. */
  seconds: number;
  /** CPU time of this process (every thread: operators, exports, the RADIUS sender) ÷ the phase's wall time. */
  cores: number;
}

async function runLoad(job: LoadJob, send: (message: object) => void): Promise<LoadResult> {
  const pool = new Pool(job.base, { connections: job.operators.length + 4, pipelining: 1 });
  const exporter = new Client(job.base);
  const radius = job.radius ? startRadiusLoad(job.radius) : null;
  const samples: Sample[] = [];
  const errorTexts: string[] = [];
  let errors = 0;
  let measuring = false;
  let warmupRequests = 0;
  const onError = (text: string) => {
    if (!measuring) return;
    errors++;
    if (errorTexts.length < 20) errorTexts.push(text);
  };
  // Each operator runs on from the warm-up into the measured phase: a request counts if it started in the phase.
  // (Two phases with a barrier between them had all 50 operators start their first measured step at the same
  // instant, a burst no NOC makes: ~70 requests queued at once, 2 s each, were most of the p99.)
  const warmStart = performance.now();
  const origin = warmStart + job.warmupSeconds * 1000;
  const until = origin + job.seconds * 1000;
  const record = (s: Sample) => {
    if (s.at >= 0) samples.push(s);
    else warmupRequests++;
  };
  const operators = Promise.all(
    job.operators.map((headers, i) =>
      operate({ pool, headers, material: job.material, thinkMs: job.thinkMs, seed: 1000 + i + Math.floor(warmStart), until, origin, record, onError }),
    ),
  );
  // the warm-up: the same traffic, not counted, while the RADIUS packets are encoded
  await new Promise((r) => setTimeout(r, Math.max(0, origin - performance.now())));
  const encodeSeconds = radius ? (await radius.encoded).encodeSeconds : 0;

  measuring = true;
  send({ measuring: true });
  const cpu0 = process.cpuUsage();
  const [, exports, radiusResult] = await Promise.all([
    operators,
    job.operators[0] ? exportLoop(exporter, job.operators[0], job.exportNasIds, until, onError) : [],
    radius ? radius.run() : Promise.resolve(null),
  ]);
  const cpu = process.cpuUsage(cpu0);
  const cores = (cpu.user + cpu.system) / 1000 / (performance.now() - origin);
  const seconds = Math.max(...samples.map((s) => s.at + s.ms), 0) / 1000;
  await pool.close();
  await exporter.close();
  return { samples, errors, errorTexts, warmupRequests, exports, radius: radiusResult, encodeSeconds, seconds, cores };
}

process.once('message', (job: LoadJob) => {
  // the IPC channel no longer holds the process open once its listener is gone; this does until the result is out
  const alive = setInterval(() => {}, 1_000);
  const reply = (message: object) => process.send?.(message, () => {
    clearInterval(alive);
    process.disconnect?.();
  });
  runLoad(job, (message) => process.send?.(message)).then(
    (result) => reply({ result }),
    (err: Error) => reply({ error: err.stack ?? err.message }),
  );
});
