/** Latency of HTTP routes on a live server, measured from a client on loopback. */
import { performance } from 'node:perf_hooks';

export interface LatencyStats {
  route: string;
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)]!;
}

export function stats(route: string, samples: number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  return { route, n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0 };
}

async function timeRequest(url: string, headers: Record<string, string>): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return performance.now() - t0;
}

export async function measureRoute(
  base: string,
  route: string,
  headers: Record<string, string>,
  n: number,
): Promise<LatencyStats> {
  await timeRequest(base + route, headers); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < n; i++) samples.push(await timeRequest(base + route, headers));
  return stats(route, samples);
}

/** /healthz latency while `load` requests run back to back: how responsive the server stays under work. */
export async function measureUnderLoad(
  base: string,
  probe: string,
  load: string,
  headers: Record<string, string>,
  n: number,
): Promise<LatencyStats> {
  let stop = false;
  const loader = (async () => {
    while (!stop) await timeRequest(base + load, headers);
  })();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    samples.push(await timeRequest(base + probe, headers));
    await new Promise((r) => setTimeout(r, 20));
  }
  stop = true;
  await loader;
  return stats(`${probe} while ${load} loops`, samples);
}

export function formatStats(s: LatencyStats): string {
  const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(10);
  return `${s.route.padEnd(44)} n=${String(s.n).padStart(3)}  p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  max ${ms(s.max)}`;
}
