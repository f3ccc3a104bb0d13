/**
 * Starting the `avisa` command from Node code (tests, the bench) exactly as it runs installed: with the Node flags
 * of its shebang line — Avisa's memory profile — read from bin/avisa.js itself, so there is one place to change.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const avisaBin = fileURLToPath(new URL('../../bin/avisa.js', import.meta.url));

/** The `--…` flags after `node` on bin/avisa.js's `#!/usr/bin/env -S node …` line. */
export function avisaNodeFlags(): string[] {
  const shebang = readFileSync(avisaBin, 'utf8').split('\n', 1)[0] ?? '';
  const words = shebang.replace(/^#!\S+\s+(-S\s+)?/, '').split(/\s+/);
  return words.slice(words.indexOf('node') + 1).filter((w) => w.startsWith('--'));
}

/** Arguments for `spawn(process.execPath, …)`: the flags, the command, then `args`. */
export function avisaArgv(args: readonly string[]): string[] {
  return [...avisaNodeFlags(), avisaBin, ...args];
}
