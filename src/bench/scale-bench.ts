/**
 * `npm run bench -- --only scale`: issue 19's scale-out figures on a PostgreSQL cluster of the bench's own behind
 * PgBouncer (transaction pooling): throughput of the drain with 1, 2 and 4 workers (no chaos), then the chaos run
 * (every 10 s a worker SIGKILLed, PostgreSQL restarted once, the simulator hanging for 30 s) with 2 serves and 4
 * workers, and the verdict per goal.
 */
import { cpus } from 'node:os';
import { type Cluster, pgbouncerAvailable, startCluster } from './scale/cluster.js';
import { CPU_ROLES } from './scale/cpu.js';
import { runScale, type ScaleResult } from './scale/scenario.js';

export interface ScaleBenchOptions {
  throughputMessages: number;
  chaosMessages: number;
  workerCounts: number[];
  /** Concurrent sends of each drain (the integration's maxConcurrency). */
  concurrency: number;
  print: (line: string) => void;
}

export async function benchScale(options: ScaleBenchOptions): Promise<void> {
  const { print } = options;
  print(`# Avisa scale-out bench — ${new Date().toISOString()}, Node ${process.versions.node}, ${cpus().length} cores`);
  if (!pgbouncerAvailable()) {
    print('\n(skipped: PgBouncer is not installed — apt-get install pgbouncer)');
    return;
  }
  const cluster: Cluster = startCluster({ pgPort: 55_432, bouncerPort: 56_432 });
  try {
    const rows: ScaleResult[] = [];
    for (const workers of options.workerCounts.filter((n) => n > 0)) {
      print(`\n## ${workers} worker(s), ${options.throughputMessages.toLocaleString('en')} messages, no chaos`);
      rows.push(
        await runScale({
          cluster,
          messages: options.throughputMessages,
          workers,
          serves: 2,
          serveAgenda: false, // the drains are the workers' alone: the count measured is theirs
          concurrency: options.concurrency,
          leaseSeconds: 30,
          timeoutSeconds: 1800,
          basePort: 18_700,
          log: print,
        }),
      );
      const r = rows.at(-1)!;
      print(`${workers} worker(s): ${Math.round(r.throughput).toLocaleString('en')} accepted/s, duplicates ${r.duplicates}, lost ${r.lost}`);
    }
    const chaos = options.chaosMessages > 0 ? await chaosRun(cluster, options) : null;
    print(`\n## Throughput (PostgreSQL 15 behind PgBouncer 1.18, transaction pooling; Opa! Suite simulator, no rate limit; ${options.concurrency} concurrent sends per drain)\n`);
    print(`| workers | messages | drained in | accepted/s | duplicates | lost | ${CPU_ROLES.join(' | ')} | all |`);
    print(`| ---: | ---: | ---: | ---: | ---: | ---: | ${CPU_ROLES.map(() => '---:').join(' | ')} | ---: |`);
    for (const r of rows) {
      print(
        `| ${r.workers} | ${r.messages.toLocaleString('en')} | ${r.seconds.toFixed(1)} s | ${Math.round(r.throughput).toLocaleString('en')} | ` +
          `${r.duplicates} | ${r.lost} | ${formatCores(r.cpu)} |`,
      );
    }
    print(`\nCPU: cores each role kept busy while the fila drained (average; the machine has ${cpus().length}).`);
    if (chaos) print(`\n## Chaos run\n\n${formatChaos(chaos)}`);
  } finally {
    cluster.stop();
  }
}

/** 2 serves + 4 workers, six schedulers, every 10 s a worker SIGKILLed, PostgreSQL restarted once, the simulator hanging 30 s. */
function chaosRun(cluster: Cluster, options: ScaleBenchOptions): Promise<ScaleResult> {
  options.print(`\n## Chaos: 2 serves + 4 workers, ${options.chaosMessages.toLocaleString('en')} messages`);
  return runScale({
    cluster,
    messages: options.chaosMessages,
    workers: 4,
    serves: 2,
    serveAgenda: true, // six schedulers race for every due run
    concurrency: options.concurrency,
    leaseSeconds: 30,
    timeoutSeconds: 3600,
    basePort: 18_720,
    chaos: { killEverySeconds: 10, pgRestartAtSeconds: 45, hangAtSeconds: 90, hangSeconds: 30 },
    log: options.print,
  });
}

function formatCores(cpu: ScaleResult['cpu']): string {
  const all = CPU_ROLES.reduce((sum, role) => sum + cpu[role], 0);
  return [...CPU_ROLES.map((role) => cpu[role].toFixed(2)), all.toFixed(2)].join(' | ');
}

function formatChaos(r: ScaleResult): string {
  const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');
  const lines = [
    `finished: ${r.finished ? 'yes' : 'NO'} in ${r.seconds.toFixed(1)} s, ${Math.round(r.throughput).toLocaleString('en')} accepted/s`,
    `CPU (cores, processes killed on the way not counted): ${CPU_ROLES.map((role) => `${role} ${r.cpu[role].toFixed(2)}`).join(', ')}`,
    `rows by status: ${JSON.stringify(r.byStatus)}; accepted by the simulator: ${r.accepted.toLocaleString('en')}`,
    `kills: ${r.kills.length} (${r.kills.map((k) => `${k.atSeconds} s: ${k.inFlight} in flight, ${k.runs} runs running`).join(', ')})`,
    `PostgreSQL restart: ${r.inFlightAtRestart === null ? 'none' : `${r.inFlightAtRestart} sends in flight`}`,
    `task runs of the drains: ${JSON.stringify(r.runs)}; two runs of one task at once: ${r.overlappingRuns}`,
    `serves asked for the Agenda: ${JSON.stringify(r.serveAnswers)} (status → answers; 0 = no answer)`,
    `final SIGTERM: ${r.gracefulStops} of ${r.processes} processes stopped gracefully (exit 0 within 25 s)`,
    ...r.roughStops.map((s) => `  not gracefully: ${s.replace(/\s+/g, ' ')}`),
    `processes that ended by themselves: ${r.unexpectedExits.length}`,
    ...r.unexpectedExits.map((s) => `  ${s.replace(/\s+/g, ' ')}`),
    '',
    '| goal | figure | verdict |',
    '| --- | --- | --- |',
    `| 0 duplicates | ${r.duplicates} | ${verdict(r.duplicates === 0)} |`,
    `| 0 lost | ${r.lost} | ${verdict(r.lost === 0 && r.finished)} |`,
    `| uncertain ≤ sends in flight at the kills and the restart, each row one of them | ${r.uncertain} ≤ ${r.uncertainBound}, ${r.uncertainUnexplained} not in flight | ${verdict(r.uncertain <= r.uncertainBound && r.uncertainUnexplained === 0)} |`,
    `| every task run finished or reaped | ${r.runsStillRunning} still running | ${verdict(r.runsStillRunning === 0)} |`,
    `| never two runs of one task at once | ${r.overlappingRuns} | ${verdict(r.overlappingRuns === 0)} |`,
  ];
  return lines.join('\n');
}
