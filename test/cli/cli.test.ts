/**
 * The `avisa` command as an operator runs it: real processes on a real data directory. Needs `npm run build`
 * (the test command builds first).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { avisaArgv, avisaEnv } from '../../src/cli/launch.js';

const dataDir = mkdtempSync(join(tmpdir(), 'avisa-cli-'));
const env = { ...process.env, AVISA_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' };
delete (env as Record<string, string | undefined>).DATABASE_URL;

function avisa(args: string[], input?: string) {
  const res = spawnSync(process.execPath, avisaArgv(args), { env, input, encoding: 'utf8', timeout: 60_000 });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

beforeAll(() => {
  if (!existsSync(join(import.meta.dirname, '../../dist/cli/main.js'))) throw new Error('run `npm run build` first');
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('avisa CLI', { timeout: 90_000 }, () => {
  it('creates users, never echoing a password it did not generate', () => {
    const generated = avisa(['user', 'create', '--username', 'maria', '--name', 'Maria', '--role', 'admin']);
    expect(generated.code).toBe(0);
    expect(generated.out).toMatch(/Password \(shown only now\): \S{12,}/);
    const piped = avisa(['user', 'create', '--username', 'joao', '--role', 'viewer', '--password-stdin'], 'segredo-do-joao\n');
    expect(piped.code).toBe(0);
    expect(piped.out + piped.err).not.toContain('segredo-do-joao');
    const dup = avisa(['user', 'create', '--username', 'MARIA', '--role', 'viewer']);
    expect(dup.code).toBe(1);
    expect(dup.err).toContain('username: The username MARIA is already taken');
    const list = avisa(['user', 'list']);
    expect(list.out).toMatch(/maria\s+admin/);
    expect(list.out).toMatch(/joao\s+viewer/);
  });

  it('rejects bad input with a one-line error', () => {
    const role = avisa(['user', 'create', '--username', 'x', '--role', 'root']);
    expect(role.code).toBe(1);
    expect(role.err.trim().split('\n')).toHaveLength(1);
    const entity = avisa(['import', 'faturas', 'x.csv']);
    expect(entity.code).toBe(1);
    expect(entity.err).toContain('unknown entity "faturas"');
    for (const [args, message] of [
      [['--logins', '0'], '--logins must be a positive whole number'],
      [['--batch-size', '0'], '--batch-size must be a positive whole number'],
      [['--batch-size', '1.5'], '--batch-size must be a positive whole number'],
    ] as const) {
      const refused = avisa(['demo', ...args]);
      expect(refused.code, args.join(' ')).toBe(1);
      expect(refused.err.trim().split('\n'), args.join(' ')).toEqual([expect.stringContaining(message)]);
    }
  });

  let apiToken = '';

  it('creates an API token for a user, printed once, with an expiry, refusing bad input in one line', () => {
    const created = avisa(['token', 'create', '--user', 'MARIA', '--name', 'zabbix', '--expires', '90d']);
    expect(created.code).toBe(0);
    const secret = /Token \(shown only now\): (avisa_\S+)/.exec(created.out)?.[1] ?? '';
    expect(secret).toMatch(/^avisa_\S{40,}$/);
    expect(created.out.split(secret)).toHaveLength(2); // printed once
    expect(created.err).not.toContain(secret);
    const expires = /expires (\S+)\./.exec(created.out)?.[1] ?? '';
    expect(Math.abs(Date.parse(expires) - (Date.now() + 90 * 86_400_000))).toBeLessThan(120_000);
    apiToken = secret;

    const forever = avisa(['token', 'create', '--user', 'joao', '--name', 'painel']);
    expect(forever.code).toBe(0);
    expect(forever.out).toContain('never expires');

    for (const [args, message] of [
      [['--user', 'maria', '--name', 'x', '--expires', '3w'], '--expires 3w: give a lifetime (12h, 90d, 1y)'],
      [['--user', 'maria', '--name', 'x', '--expires', '2020-01-01'], 'is not in the future'],
      [['--user', 'ninguem', '--name', 'x'], 'user ninguem does not exist'],
      [['--user', 'maria', '--name', ' '], '--name: give a label'],
    ] as const) {
      const refused = avisa(['token', 'create', ...args]);
      expect(refused.code, args.join(' ')).toBe(1);
      expect(refused.err.trim().split('\n'), args.join(' ')).toEqual([expect.stringContaining(message)]);
    }
  });

  it('imports every good row of a file with a stray quote, naming the bad line, and exits 2', () => {
    const path = join(dataDir, 'clientes.csv');
    const rows = Array.from({ length: 300 }, (_, i) => `${i + 3};Cliente ${i + 3}`).join('\r\n');
    writeFileSync(path, `id;razao;obs\r\n1;Ana;\r\n2;"Bia;nota\r\n${rows.replaceAll('\r\n', ';\r\n')};\r\n`);
    const imported = avisa(['import', 'clientes', path]);
    expect(imported.code).toBe(2);
    expect(imported.out).toMatch(/inserted\s+301\n/);
    expect(imported.out).toMatch(/rejected\s+1\n/);
    expect(imported.out).toContain('ignored columns: obs');
    expect(imported.out).toContain('line 3, field razao: unclosed quote: the quoted value opened on this line');

    writeFileSync(path, 'id,"razao\n1,Ana\n');
    const header = avisa(['import', 'clientes', path]);
    expect(header.code).toBe(1);
    expect(header.err.trim().split('\n')).toEqual([expect.stringContaining('the header line is not valid CSV')]);
  });

  describe('while a server holds the embedded data directory', () => {
    let server: ChildProcess;
    let url = '';

    beforeAll(async () => {
      server = spawn(process.execPath, avisaArgv(['serve', '--port', '0']), { env: avisaEnv({ ...env, HOST: '127.0.0.1' }) });
      url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
        server.stdout?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /Avisa em (http:\/\/\S+)/.exec(out);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
        server.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
      });
    });
    afterAll(() => {
      if (server.exitCode === null) server.kill('SIGKILL');
    });

    it('answers health checks', async () => {
      const res = await fetch(`${url}/healthz`);
      expect(await res.json()).toEqual({ status: 'ok', database: 'pglite' });
    });

    it('accepts the token the CLI made, whose creation the audit trail shows by `cli` without the secret', async () => {
      const headers = { authorization: `Bearer ${apiToken}` };
      const me = await fetch(`${url}/api/auth/me`, { headers });
      expect(((await me.json()) as { user: { username: string } }).user.username).toBe('maria');
      const tokens = (await (await fetch(`${url}/api/tokens`, { headers })).json()) as { tokens: { name: string; expiresAt: string | null }[] };
      expect(tokens.tokens).toEqual([expect.objectContaining({ name: 'zabbix', expiresAt: expect.any(String), expired: false })]);
      const audit = await (await fetch(`${url}/api/audit?pageSize=500`, { headers })).text();
      expect(audit).not.toContain(apiToken);
      const entries = (JSON.parse(audit) as { entries: { actor: string; action: string; details: { name?: string } }[] }).entries;
      expect(entries.filter((e) => e.action === 'token.create').map((e) => [e.actor, e.details.name])).toEqual([
        ['cli', 'painel'],
        ['cli', 'zabbix'],
      ]);
    });

    it('refuses a second process with a clear message instead of corrupting the data', () => {
      const second = avisa(['migrate']);
      expect(second.code).toBe(1);
      expect(second.err).toMatch(/in use by another Avisa process \(pid \d+\)/);
    });

    it('shuts down cleanly on SIGTERM and frees the directory', async () => {
      const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(existsSync(join(dataDir, 'avisa.lock'))).toBe(false);
      expect(avisa(['migrate']).code).toBe(0);
    });
  });

  it('says in one line that the port is taken, and exits 1 without leaving the directory locked', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    const dir = mkdtempSync(join(tmpdir(), 'avisa-cli-port-'));
    try {
      const res = spawnSync(process.execPath, avisaArgv(['serve', '--port', String(port)]), {
        env: { ...env, AVISA_DATA_DIR: dir, HOST: '127.0.0.1' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(res.status).toBe(1);
      expect(res.stderr.trim().split('\n')).toEqual([expect.stringContaining(`cannot listen on 127.0.0.1:${port} (EADDRINUSE)`)]);
      expect(existsSync(join(dir, 'avisa.lock'))).toBe(false);
    } finally {
      taken.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('opa-sim stops gracefully when whoever reads its output goes away (a closed pipe), instead of crashing', async () => {
    const sim = spawn(process.execPath, avisaArgv(['opa-sim', '--port', '0']), { env: avisaEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    sim.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => sim.once('exit', (code) => resolve(code)));
    const banner = await new Promise<string>((resolve) => sim.stdout!.once('data', (d: Buffer) => resolve(d.toString())));
    const url = /simulator at (\S+)/.exec(banner)?.[1];
    expect(url, banner).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    sim.stdout!.destroy(); // the reader is gone: the next line it prints meets a closed pipe
    const send = await fetch(`${url}/template/send`, {
      method: 'POST',
      headers: { authorization: 'Bearer opa-sim-token', 'content-type': 'application/json' },
      body: JSON.stringify({ contato: { canalCliente: '+5548988887777' }, template: { _id: '65a1f3d8b7e4d93a1c0f2b03', variaveis: ['Ana'] }, canal: '65a1f0c2b7e4d93a1c0f1a01' }),
    });
    expect(send.status).toBe(200);
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/EPIPE|Error/);
  });
});
