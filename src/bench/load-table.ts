/**
 * The load bench's figures (load-bench.ts) and their tables: latency per request kind and overall, the slowest
 * filters, the exports, the RADIUS receiver, the serving process's event loop, and one table of the goals met or
 * not. The goals:
 *  - operators: p99 of every request ≤ 500 ms (the CSV export's own duration excluded: it is a download);
 *  - no request answered with an error (anything but 2xx, or no answer);
 *  - RADIUS keeps up with the rate offered: every packet received (none lost in a full socket buffer), stored and
 *    answered, 99 % of them within 1 s of being sent (a receiver falling behind accumulates a backlog, and its
 *    packets wait longer and longer). The time from the last packet sent to the last answer is shown too; it
 *    flatters, since the operators stop then.
 */
import type { ReceiverStats } from '../ingest/radius/receiver.js';
import { type LatencyStats, stats } from './http-latency.js';
import type { LoadResult } from './load-child.js';
import type { Sample } from './load-operators.js';

const P99_TARGET_MS = 500;
const LAG_TARGET_MS = 1_000;

export interface LoadFigures {
  label: string;
  operators: number;
  thinkMs: number;
  seconds: number;
  kinds: (LatencyStats & { errors: number })[];
  overall: LatencyStats & { errors: number };
  requestsPerSecond: number;
  errorTexts: string[];
  /** The slowest kinds and filters by p99 (n ≥ 5). */
  slowest: LatencyStats[];
  exports: { count: number; failed: number; medianSeconds: number; maxSeconds: number; medianRows: number };
  radius: {
    rate: number;
    offered: number;
    offeredPerSecond: number;
    answered: number;
    answerP50: number;
    answerP99: number;
    lagMs: number | null;
    counts: { interim: number; stop: number; start: number };
    receiver: ReceiverStats | null;
  } | null;
  /** `cores`: CPU time of the serving process ÷ wall time. */
  eventLoop: { p50: number; p99: number; max: number; utilization: number; cores: number };
  /** The machine's 1-minute load average at the end (how busy the machine was). */
  loadAverage: number;
  /** CPU of this database's PostgreSQL backends ÷ wall time (null: the server is not on this machine). */
  postgresCores: number | null;
  incidentsOpened: number;
  warmupRequests: number;
  encodeSeconds: number;
  /** CPU of the load process (operators, exports, RADIUS sender) ÷ wall time. */
  loadCores: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

function group(samples: Sample[], by: (s: Sample) => string): (LatencyStats & { errors: number })[] {
  const groups = new Map<string, Sample[]>();
  for (const s of samples) {
    const key = by(s);
    const list = groups.get(key);
    if (list) list.push(s);
    else groups.set(key, [s]);
  }
  return [...groups].map(([name, list]) => ({ ...stats(name, list.map((s) => s.ms)), errors: list.filter((s) => !s.ok).length }));
}

export function loadFigures(input: {
  label: string;
  options: { operators: number; thinkMs: number; seconds: number; rate: number };
  result: LoadResult;
  receiver: ReceiverStats | null;
  eventLoop: LoadFigures['eventLoop'];
  loadAverage: number;
  postgresCores: number | null;
  incidentsOpened: number;
}): LoadFigures {
  const { result, options } = input;
  const samples = result.samples;
  const r = result.radius;
  const exports = result.exports;
  return {
    label: input.label,
    operators: options.operators,
    thinkMs: options.thinkMs,
    seconds: result.seconds,
    kinds: group(samples, (s) => s.kind).sort((a, b) => b.n - a.n),
    overall: { ...stats('all requests', samples.map((s) => s.ms)), errors: result.errors },
    requestsPerSecond: samples.length / Math.max(result.seconds, options.seconds),
    errorTexts: result.errorTexts,
    slowest: group(samples, (s) => `${s.kind}: ${s.detail}`)
      .filter((g) => g.n >= 5)
      .sort((a, b) => b.p99 - a.p99)
      .slice(0, 8),
    exports: {
      count: exports.length,
      failed: exports.filter((e) => !e.ok).length,
      medianSeconds: median(exports.map((e) => e.seconds)),
      maxSeconds: Math.max(0, ...exports.map((e) => e.seconds)),
      medianRows: median(exports.map((e) => e.rows)),
    },
    radius: r
      ? {
          rate: options.rate,
          offered: r.offered,
          offeredPerSecond: r.offered / r.sendSeconds,
          answered: r.answered,
          answerP50: stats('', r.answerMs).p50,
          answerP99: stats('', r.answerMs).p99,
          lagMs: r.lagMs,
          counts: r.counts,
          receiver: input.receiver,
        }
      : null,
    eventLoop: input.eventLoop,
    loadAverage: input.loadAverage,
    postgresCores: input.postgresCores,
    incidentsOpened: input.incidentsOpened,
    warmupRequests: result.warmupRequests,
    encodeSeconds: result.encodeSeconds,
    loadCores: result.cores,
  };
}

const ms = (v: number) => `${v.toFixed(0)} ms`;
const int = (v: number) => Math.round(v).toLocaleString('en');
const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');

/** Per request kind, for one backend. */
export function formatLatencyTable(f: LoadFigures): string {
  const lines = [
    `warm-up: ${int(f.warmupRequests)} requests, not counted; RADIUS packets encoded in ${f.encodeSeconds.toFixed(1)} s meanwhile`,
    '',
    '| Request | n | p50 | p95 | p99 | max | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const k of [...f.kinds, f.overall]) lines.push(`| ${k.route} | ${int(k.n)} | ${ms(k.p50)} | ${ms(k.p95)} | ${ms(k.p99)} | ${ms(k.max)} | ${k.errors} |`);
  lines.push('', '| Slowest by p99 (kind: filter) | n | p50 | p99 | max |', '| --- | ---: | ---: | ---: | ---: |');
  for (const k of f.slowest) lines.push(`| ${k.route} | ${k.n} | ${ms(k.p50)} | ${ms(k.p99)} | ${ms(k.max)} |`);
  return lines.join('\n');
}

/** The goals, met or not, one column per backend: the table for the README. */
export function formatGoalsTable(rows: readonly LoadFigures[]): string {
  const cols = (cell: (f: LoadFigures) => string) => rows.map(cell).join(' | ');
  const rad = (cell: (r: NonNullable<LoadFigures['radius']>) => string) => cols((f) => (f.radius ? cell(f.radius) : '—'));
  const handled = (s: ReceiverStats) => s.applied + s.stale + s.ignored;
  const kept = (r: NonNullable<LoadFigures['radius']>) =>
    r.answered === r.offered && r.answerP99 <= LAG_TARGET_MS && (!r.receiver || (r.receiver.received === r.offered && handled(r.receiver) === r.offered));
  return [
    `| Goal (${rows[0]?.operators ?? 0} operators, ${rows[0]?.thinkMs ?? 0} ms think time) | Target | ${cols((f) => f.label)} |`,
    `| --- | --- | ${cols(() => '---')} |`,
    // with no operators (`--operators 0`: the receiver alone) there is no request to judge
    `| operators' requests, p99 (export excluded) | ≤ ${P99_TARGET_MS} ms | ${cols((f) => (f.overall.n === 0 ? '— (no operators)' : `${ms(f.overall.p99)} ${verdict(f.overall.p99 <= P99_TARGET_MS)}`))} |`,
    `| … p50 / p95 / max | — | ${cols((f) => `${ms(f.overall.p50)} / ${ms(f.overall.p95)} / ${ms(f.overall.max)}`)} |`,
    `| requests answered per second | — | ${cols((f) => `${f.requestsPerSecond.toFixed(1)} (${int(f.overall.n)} in ${f.seconds.toFixed(0)} s)`)} |`,
    `| errors (non-2xx or no answer; export included) | 0 | ${cols((f) => `${f.overall.errors} ${verdict(f.overall.errors === 0)}`)} |`,
    `| CSV exports alongside, one at a time (a NAS's logins each) | — | ${cols((f) => `${f.exports.count} done, median ${f.exports.medianSeconds.toFixed(1)} s (${int(f.exports.medianRows)} rows), max ${f.exports.maxSeconds.toFixed(1)} s`)} |`,
    `| RADIUS accounting offered (90 % Interim, 5 % Start, 5 % Stop) | ${int(rows[0]?.radius?.rate ?? 0)}/s | ${rad((r) => `${int(r.offeredPerSecond)}/s (${int(r.offered)})`)} |`,
    `| … received by the receiver / stored (committed) / answer matched by the NAS | all | ${rad((r) => `${r.receiver ? `${int(r.receiver.received)} / ${int(handled(r.receiver))}` : '— / —'} / ${int(r.answered)} ${verdict(r.answered === r.offered)}`)} |`,
    `| … kept up: answer (= stored) time p99, nothing dropped | ≤ ${LAG_TARGET_MS / 1000} s | ${rad((r) => `${ms(r.answerP99)} (p50 ${ms(r.answerP50)}) ${verdict(kept(r))}`)} |`,
    `| … last answer after the last packet sent | — | ${rad((r) => (r.lagMs === null ? 'never (packets lost)' : `${(r.lagMs / 1000).toFixed(2)} s`))} |`,
    `| … receiver: batches, share of time in the database, overload drops, failed batches | — | ${rad((r) => (r.receiver ? `${int(r.receiver.batches)}, ${Math.round(r.receiver.applyMs / 10 / (r.offered / r.offeredPerSecond))} %, ${r.receiver.overload}, ${r.receiver.applyErrors}` : '—'))} |`,
    `| serving process: event loop delay p99 / max, utilisation; CPU | — | ${cols((f) => `${ms(f.eventLoop.p99)} / ${ms(f.eventLoop.max)}, ${Math.round(f.eventLoop.utilization * 100)} %; ${f.eventLoop.cores.toFixed(2)} cores`)} |`,
    `| load process (operators, exports, RADIUS sender): CPU | — | ${cols((f) => `${f.loadCores.toFixed(2)} cores`)} |`,
    `| PostgreSQL backends of the database: CPU (parallel workers not counted) | — | ${cols((f) => (f.postgresCores === null ? '—' : `${f.postgresCores.toFixed(2)} cores`))} |`,
    `| the machine's load average (1 min) at the end | — | ${cols((f) => f.loadAverage.toFixed(1))} |`,
    `| incidents the Stops opened (closed afterwards) | — | ${cols((f) => String(f.incidentsOpened))} |`,
  ].join('\n');
}
