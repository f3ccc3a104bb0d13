/**
 * `npm run bench -- --only memory [--minutes 60]`: the memory of the process a new user starts with `npm start`
 * (`avisa start --demo` on a fresh embedded database), read from /proc as the system sees it (RSS, and the kernel's
 * high-water mark), in three phases:
 *  1. demo generation — from the start until the banner with the URL and the one-time password;
 *  2. idle — the first minute after the banner, nobody using it;
 *  3. use — an operator's shift compressed: the home page and the Fila polled every 3 s as the UI does, report
 *     pages with changing filters, summaries, a CSV export, a send to one NAS's offline logins followed by
 *     Executar agora of the channel's drain, the Logs and the batch pages — for `--minutes`.
 * Everything goes over HTTP through `avisa/client` with an API token, like a script or the browser would.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AvisaClient, createClient, fetchTransport, pathOf } from '../client/client.js';
import { contracts } from '../client/contracts.js';
import { avisaArgv, avisaEnv } from '../cli/launch.js';

export interface MemoryFigures {
  /** Peak RSS of the serving process while the demo was generated (before the banner). */
  demoPeakMb: number;
  /** Peak of its child processes (the `avisa demo` that generates the demo ISP): their VmHWM, summed per sample. */
  childPeakMb: number;
  demoSeconds: number;
  /** Median RSS over the idle minute. */
  idleMb: number;
  /** RSS at the end of the use phase, and its peak. */
  afterUseMb: number;
  usePeakMb: number;
  /** The kernel's lifetime peak (VmHWM): what no sample can miss. */
  lifetimePeakMb: number;
  minutes: number;
  actions: number;
}

const MB = 1024;
const read = (pid: number, field: 'VmRSS' | 'VmHWM'): number => {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / MB : 0;
};
/** The process's direct children (the demo generator), from /proc. */
const childrenOf = (pid: number): number[] => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
};
/** A child's high-water mark so far (the demo generator peaks and exits between two samples). */
const peakOrZero = (pid: number) => {
  try {
    return read(pid, 'VmHWM');
  } catch {
    return 0; // it just exited
  }
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Waits for the banner of `avisa start --demo`: the URL and the admin's one-time password. */
function banner(child: ChildProcess): Promise<{ url: string; password: string }> {
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const url = /Avisa (?:em|at) (http:\/\/\S+)/.exec(out)?.[1];
      const password = /(?:Senha|Password):\s+(\S+)/.exec(out)?.[1];
      if (url && password) {
        child.stdout?.off('data', onData);
        resolve({ url, password });
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`avisa start --demo exited (${code}) before its banner:\n${out.slice(-2000)}`)));
  });
}

/** An API token for the admin, made the way a person would: sign in, then Meus tokens de API. */
async function adminToken(url: string, password: string): Promise<string> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const created = await fetch(`${url}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: 'memory bench' }),
  });
  return ((await created.json()) as { secret: string }).secret;
}

/** One compressed operator's shift; returns how many API calls it made. */
async function operatorShift(avisa: AvisaClient, url: string, token: string, until: number): Promise<number> {
  let actions = 0;
  const options = await avisa.report.options();
  const nasIds = options.nas.map((n) => n.id);
  const messages = (await avisa.messages.list()).messages.filter((m) => m.active);
  const whatsapp = messages.find((m) => m.channel === 'whatsapp');
  const drain = (await avisa.tasks.list()).tasks.find((t) => t.type === 'drain_whatsapp');
  for (let tick = 0; Date.now() < until; tick++) {
    await avisa.system.overview();
    await avisa.queue.batches({ query: { page: 1, pageSize: 25 } });
    actions += 2;
    const nas = nasIds[tick % Math.max(nasIds.length, 1)];
    if (tick % 7 === 0) {
      const filter = nas === undefined ? {} : { nasIds: [nas], online: ['offline' as const] };
      await avisa.report.query({ body: { filter, page: 1 + (tick % 3), pageSize: 50 } });
      await avisa.report.summary({ body: { filter } });
      await avisa.logs.list({ query: { channel: 'whatsapp', page: 1, pageSize: 50 } });
      actions += 3;
    }
    if (tick % 100 === 0) {
      const csv = await fetch(`${url}${pathOf(contracts.report.exportCsv, { query: {} })}`, { headers: { authorization: `Bearer ${token}` } });
      for await (const _ of csv.body ?? []) {
        // read the whole export, as a browser download would
      }
      actions += 1;
    }
    if (tick % 200 === 0 && whatsapp && nas !== undefined) {
      const free = Object.fromEntries((whatsapp.content.freeFields ?? []).map((f) => [f.key, 'hoje às 18h']));
      const filter = { nasIds: [nas], online: ['offline' as const] };
      await avisa.send.send({ body: { messageId: whatsapp.id, filter, free, priority: 0 } }).catch(() => undefined);
      if (drain) await avisa.tasks.run({ params: { id: drain.id } }).catch(() => undefined);
      actions += 2;
    }
    await sleep(3_000);
  }
  return actions;
}

export async function benchDemoMemory(options: { minutes: number; idleSeconds?: number }): Promise<MemoryFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'avisa-memory-'));
  const child = spawn(process.execPath, avisaArgv(['start', '--demo']), {
    env: avisaEnv({ ...process.env, AVISA_DATA_DIR: join(dir, 'data'), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' }),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pid = child.pid ?? 0;
  const samples: { at: number; mb: number }[] = [];
  let childPeakMb = 0;
  const sample = () => {
    try {
      samples.push({ at: Date.now(), mb: read(pid, 'VmRSS') });
      childPeakMb = Math.max(childPeakMb, childrenOf(pid).reduce((sum, child) => sum + peakOrZero(child), 0));
    } catch {
      // the process is gone; its exit is handled below
    }
  };
  // Every 20 ms until the banner: the child's high-water mark is read last just before it exits, and its final
  // growth (index builds, closing the database) lasts well under the 200 ms used afterwards (that missed ~16 MB).
  let sampler = setInterval(sample, 20);
  const started = Date.now();
  try {
    const { url, password } = await banner(child);
    clearInterval(sampler);
    sampler = setInterval(sample, 200);
    const listening = Date.now();
    await sleep((options.idleSeconds ?? 60) * 1000);
    const idleEnd = Date.now();
    const token = await adminToken(url, password);
    const avisa = createClient(fetchTransport({ baseUrl: url, token }));
    const actions = await operatorShift(avisa, url, token, Date.now() + options.minutes * 60_000);
    const end = Date.now();
    const inRange = (from: number, to: number) => samples.filter((s) => s.at >= from && s.at <= to).map((s) => s.mb);
    const use = inRange(idleEnd, end);
    return {
      demoPeakMb: Math.max(...inRange(started, listening)),
      childPeakMb,
      demoSeconds: (listening - started) / 1000,
      idleMb: median(inRange(listening, idleEnd)),
      afterUseMb: read(pid, 'VmRSS'),
      usePeakMb: Math.max(...use),
      lifetimePeakMb: read(pid, 'VmHWM'),
      minutes: options.minutes,
      actions,
    };
  } finally {
    clearInterval(sampler);
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatMemory(m: MemoryFigures, limitMb = 300): string {
  const verdict = (mb: number) => (mb < limitMb ? 'met' : 'not met');
  const row = (what: string, mb: number) => `| ${what} | ${mb.toFixed(0)} MB | ${verdict(mb)} |`;
  return [
    `| \`npm start\` process (demo, embedded database) | RSS | < ${limitMb} MB |`,
    '| --- | ---: | --- |',
    row(`demo generation, peak of the serving process (${m.demoSeconds.toFixed(0)} s to the banner)`, m.demoPeakMb),
    row('demo generation, peak of the child `avisa demo` (exits before the server opens the database)', m.childPeakMb),
    row('idle, first minute after the banner (median)', m.idleMb),
    row(`after ${m.minutes} min of use (${m.actions} API calls)`, m.afterUseMb),
    row(`peak during use`, m.usePeakMb),
    row('lifetime peak (kernel VmHWM)', m.lifetimePeakMb),
  ].join('\n');
}
