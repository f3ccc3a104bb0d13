/**
 * Which part of the machine a drain keeps busy: CPU time of every process on it, by role, read from /proc (Linux)
 * at two moments. A process that ends between the two is not counted (the throughput runs kill none).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export type CpuRole = 'PostgreSQL' | 'PgBouncer' | 'workers' | 'serves' | 'simulator + bench' | 'other';
export const CPU_ROLES: readonly CpuRole[] = ['PostgreSQL', 'PgBouncer', 'workers', 'serves', 'simulator + bench', 'other'];

export interface CpuSample {
  at: number;
  /** Clock ticks used so far, per pid, with its role. */
  ticks: Map<number, { role: CpuRole; ticks: number }>;
}

let tickRate: number | undefined;
function ticksPerSecond(): number {
  tickRate ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return tickRate;
}

function roleOf(pid: number, comm: string, cmdline: string[]): CpuRole {
  if (pid === process.pid) return 'simulator + bench';
  if (comm === 'pgbouncer') return 'PgBouncer';
  if (comm === 'postgres' || cmdline[0]?.endsWith('/postgres')) return 'PostgreSQL';
  // An Avisa process: node …/bin/avisa.js <role> or node …/dist/cli/main.js <role>
  const role = cmdline.find((a) => a === 'worker' || a === 'serve');
  if (role === 'worker') return 'workers';
  if (role === 'serve') return 'serves';
  return 'other';
}

export function sampleCpu(): CpuSample {
  const ticks = new Map<number, { role: CpuRole; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // comm is in parentheses and may hold spaces: the fields after it are counted from its closing one.
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      const used = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
      if (!used) continue;
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      ticks.set(pid, { role: roleOf(pid, comm, cmdline), ticks: used });
    } catch {
      // the process ended while it was read
    }
  }
  return { at: Date.now(), ticks };
}

/** Cores each role kept busy on average between two samples (processes present in both). */
export function coresBetween(from: CpuSample, to: CpuSample): Record<CpuRole, number> {
  const cores = Object.fromEntries(CPU_ROLES.map((r) => [r, 0])) as Record<CpuRole, number>;
  const seconds = (to.at - from.at) / 1000;
  if (seconds <= 0) return cores;
  for (const [pid, now] of to.ticks) {
    const before = from.ticks.get(pid)?.ticks ?? 0;
    cores[now.role] += (now.ticks - before) / ticksPerSecond() / seconds;
  }
  return cores;
}
