/**
 * `npm start` as a new user meets it: `avisa start --demo` on an empty data directory generates the demo ISP in a
 * child process, runs the simulators in another, prints one banner in the installation's language — and its
 * children end with it, even when it is killed. Needs `npm run build`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { avisaArgv, avisaEnv } from '../../src/cli/launch.js';

const dataDir = mkdtempSync(join(tmpdir(), 'avisa-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const childrenOf = (pid: number) =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number);
const commandOf = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');

describe('avisa start --demo', { timeout: 120_000 }, () => {
  it('prints one English banner when the installation speaks English; its simulators die with it', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, AVISA_DATA_DIR: dataDir, AVISA_LANGUAGE: 'en', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' };
    delete env.DATABASE_URL;
    const server = spawn(process.execPath, avisaArgv(['start', '--demo']), { env: avisaEnv(env) });
    let out = '';
    server.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    server.stderr.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    const deadline = Date.now() + 100_000;
    while (!/To stop: Ctrl\+C/.test(out)) {
      if (Date.now() > deadline || server.exitCode !== null) throw new Error(`no banner:\n${out}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('Empty database: generating the demo ISP (20,000 logins)…');
    expect(lines).toContainEqual(expect.stringMatching(/^Demo ISP generated in [\d.]+ s: 17,\d{3} clients, 20,000 logins/));
    expect(lines).toContainEqual(expect.stringMatching(/^Avisa at http:\/\/127\.0\.0\.1:\d+ {3}\(embedded database \(PGlite\) in /));
    expect(lines).toContainEqual(expect.stringMatching(/^Password: \S{12}/));
    expect(out).not.toMatch(/Senha|Usuário|Banco vazio|"level"|Server listening/);

    const simulators = childrenOf(server.pid!).filter((pid) => commandOf(pid).includes('demo-simulators'));
    expect(simulators).toHaveLength(1);
    server.kill('SIGKILL');
    await new Promise((resolve) => server.once('exit', resolve));
    const gone = Date.now() + 10_000;
    while (existsSync(`/proc/${simulators[0]}`) && Date.now() < gone) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(existsSync(`/proc/${simulators[0]}`)).toBe(false);
  });
});
