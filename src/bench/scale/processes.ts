/**
 * The Avisa processes of the scale scenario: `avisa worker`s and `avisa serve`s started as an installation starts
 * them (bin/avisa.js with its Node flags), killed with SIGKILL and restarted, or stopped with SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { avisaArgv, avisaEnv } from '../../cli/launch.js';

export interface AvisaProcess {
  readonly role: 'worker' | 'serve';
  readonly child: ChildProcess;
  /** What it printed on stderr (the last 4 KB), to say why it ended. */
  stderr(): string;
  exited: Promise<number | null>;
}

export function startAvisa(role: 'worker' | 'serve', args: readonly string[], env: Record<string, string>): AvisaProcess {
  const child = spawn(process.execPath, avisaArgv([role, ...args]), {
    env: avisaEnv({ ...process.env, LOG_LEVEL: 'warn', ...env }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-4096);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { role, child, stderr: () => err, exited };
}

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves with how it ended. */
export async function stopAvisa(p: AvisaProcess, graceMs: number): Promise<{ code: number | null; graceful: boolean }> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return { code: p.child.exitCode, graceful: false };
  p.child.kill('SIGTERM');
  const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), graceMs).unref());
  const first = await Promise.race([p.exited, timer]);
  if (first !== 'late') return { code: first, graceful: first === 0 };
  p.child.kill('SIGKILL');
  return { code: await p.exited, graceful: false };
}

/** Waits until `url` answers 200 (a serve that has started listening). */
export async function waitForHttp(url: string, timeoutMs: number, p: AvisaProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (p.child.exitCode !== null) throw new Error(`avisa ${p.role} exited (${p.child.exitCode}): ${p.stderr()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms: ${p.stderr()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
