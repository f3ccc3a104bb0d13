/**
 * Starting the `avisa` command from Node code (tests, the bench, a command run again) exactly as it runs installed:
 * with the Node flags and the environment of its shebang line — Avisa's memory profile — read from bin/avisa.js
 * itself, so there is one place to change.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const avisaBin = fileURLToPath(new URL('../../bin/avisa.js', import.meta.url));

/** The words of bin/avisa.js's `#!/usr/bin/env -S NAME=value … node --flag …` line, after `-S`. */
function shebangWords(): string[] {
  const shebang = readFileSync(avisaBin, 'utf8').split('\n', 1)[0] ?? '';
  return shebang.replace(/^#!\S+\s+(-S\s+)?/, '').split(/\s+/);
}

/** The `--…` flags after `node` on the shebang line. */
export function avisaNodeFlags(): string[] {
  const words = shebangWords();
  return words.slice(words.indexOf('node') + 1).filter((w) => w.startsWith('--'));
}

/** The `NAME=value` settings before `node` on the shebang line (glibc malloc's: see bin/avisa.js). */
export function avisaEnvSettings(): Record<string, string> {
  const words = shebangWords();
  const assignments = words.slice(0, words.indexOf('node')).filter((w) => /^[A-Z_][A-Z0-9_]*=/.test(w));
  return Object.fromEntries(assignments.map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]));
}

/** Arguments for `spawn(process.execPath, …)`: the flags (and `nodeFlags`, for that process only), the command, then `args`. */
export function avisaArgv(args: readonly string[], nodeFlags: readonly string[] = []): string[] {
  return [...avisaNodeFlags(), ...nodeFlags, avisaBin, ...args];
}

/** The environment for that `spawn`: `env` with the shebang's settings over it, as `env -S` applies them. */
export function avisaEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, ...avisaEnvSettings() };
}

/** This command once more in a child process with `flags` added to Node's; resolves with its exit code. */
export function runAgain(args: string[], flags: string[]): Promise<number> {
  const child = spawn(process.execPath, avisaArgv(args, flags), { stdio: 'inherit', env: avisaEnv() });
  // a stop asked of this process (systemd, kill) is the child's too; Ctrl-C reaches both already
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => child.kill(signal));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Logins from which `avisa demo` on the embedded database runs with a larger young generation (`largeDemoFlags`). */
export const LARGE_DEMO_FROM = 100_000;

/**
 * The Node flags to run a large `avisa demo` on the embedded database again with, or null to run it as started.
 * PGlite's database works in the main thread, whose 4 MB young generation (the shebang's memory profile, right for a
 * server) is collected over and over while a million rows go through it: with 16 MB, 1,000,000 logins took
 * 97.4 / 110.2 / 96.9 s against 109.6 / 150.3 / 116.6 s (peak RSS 484–493 against 419–461 MB), one machine,
 * alternating. A run already given 16 MB or more is not run again.
 */
export function largeDemoFlags(logins: number, embedded: boolean, execArgv: readonly string[]): string[] | null {
  if (!embedded || logins < LARGE_DEMO_FROM) return null;
  const given = execArgv.filter((f) => f.startsWith('--max-semi-space-size=')).map((f) => Number(f.slice(f.indexOf('=') + 1)));
  if (given.length > 0 && (given.at(-1) ?? 0) >= LARGE_DEMO_SEMI_SPACE_MB) return null;
  return [`--max-semi-space-size=${LARGE_DEMO_SEMI_SPACE_MB}`];
}

const LARGE_DEMO_SEMI_SPACE_MB = 16;
