/**
 * A PostgreSQL cluster of the scale scenario's own (initdb into a scratch directory, its own port) with PgBouncer in
 * transaction pooling mode in front of it: restarting it mid-run disturbs nothing else on the machine. Debian's
 * binaries (`/usr/lib/postgresql/<version>/bin`, `/usr/sbin/pgbouncer`); as root, both run as the `postgres` user,
 * which they require.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Cluster {
  /** Straight to PostgreSQL (superuser `postgres`, trust on loopback). */
  directUrl(database: string): string;
  /** Through PgBouncer (transaction pooling). */
  pooledUrl(database: string): string;
  /** `pg_ctl restart -m fast`: every connection is cut, the server is back a moment later (async: the event loop goes on). */
  restart(): Promise<void>;
  stop(): void;
}

const PGBOUNCER = '/usr/sbin/pgbouncer';

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(a) - Number(b)) : [];
  const last = versions.at(-1);
  if (!last) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)');
  return join(root, last, 'bin');
}

/** Runs a server binary as `postgres` when we are root (initdb, postgres and pgbouncer refuse root). */
function asPostgres(command: string, args: string[]): void {
  const [file, argv] = commandLine(command, args);
  const result = spawnSync(file, argv, { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`);
}

function commandLine(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function asPostgresAsync(command: string, args: string[]): Promise<void> {
  const [file, argv] = commandLine(command, args);
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${code}): ${err}`))));
  });
}

export function pgbouncerAvailable(): boolean {
  return existsSync(PGBOUNCER);
}

const DIR_PREFIX = 'avisa-scale-pg-';
const OWNER_FILE = 'owner.pid';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Stops and removes the clusters of runs whose process is gone (a bench killed with SIGKILL cannot clean up):
 * otherwise their PostgreSQL and PgBouncer keep the fixed ports and the next run fails at start.
 */
function removeLeftovers(bin: string): void {
  for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith(DIR_PREFIX))) {
    const dir = join(tmpdir(), name);
    let owner = 0;
    try {
      owner = Number(readFileSync(join(dir, OWNER_FILE), 'utf8').trim());
    } catch {
      // a cluster from before owner files, or one whose start failed early: nobody's
    }
    if (owner > 0 && alive(owner)) continue;
    try {
      tearDown(bin, dir);
    } catch {
      // a server that would not stop: its directory is gone all the same
    }
  }
}

/** Stops the PgBouncer and the PostgreSQL of cluster directory `dir`, whichever were started, and removes it. */
function tearDown(bin: string, dir: string): void {
  try {
    const bouncer = Number(readFileSync(join(dir, 'pgbouncer.pid'), 'utf8').trim());
    if (bouncer > 0 && alive(bouncer)) process.kill(bouncer, 'SIGTERM');
  } catch {
    // no PgBouncer was started
  }
  try {
    const data = join(dir, 'data');
    if (existsSync(join(data, 'postmaster.pid'))) asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-w', '-t', '60', '-m', 'immediate', 'stop']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function startCluster(options: { pgPort: number; bouncerPort: number; maxConnections?: number; poolSize?: number }): Cluster {
  const bin = binDir();
  removeLeftovers(bin);
  const dir = mkdtempSync(join(tmpdir(), DIR_PREFIX));
  writeFileSync(join(dir, OWNER_FILE), `${process.pid}\n`);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  asPostgres(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const pgOptions = [
    `-p ${options.pgPort}`,
    '-k /tmp',
    "-c listen_addresses='127.0.0.1'",
    `-c max_connections=${options.maxConnections ?? 200}`,
    '-c fsync=off', // a scratch cluster: its durability is not what is measured
    '-c shared_buffers=256MB',
  ].join(' ');
  const ctlArgs = (args: string[]) => ['-D', data, '-l', join(dir, 'postgres.log'), '-w', '-t', '60', ...args];
  const pgCtl = (...args: string[]) => asPostgres(join(bin, 'pg_ctl'), ctlArgs(args));
  pgCtl('-o', pgOptions, 'start');

  const ini = join(dir, 'pgbouncer.ini');
  const users = join(dir, 'users.txt');
  writeFileSync(users, '"postgres" ""\n');
  writeFileSync(
    ini,
    [
      '[databases]',
      `* = host=127.0.0.1 port=${options.pgPort}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${options.bouncerPort}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${users}`,
      'pool_mode = transaction',
      'max_client_conn = 1000',
      `default_pool_size = ${options.poolSize ?? 40}`,
      // the server-side limit Avisa cannot set through PgBouncer in transaction mode (README: PgBouncer)
      'query_timeout = 300',
      // after a failed login (the server restarting) try again within a second, not the default 15 s
      'server_login_retry = 1',
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      `pidfile = ${join(dir, 'pgbouncer.pid')}`,
      '',
    ].join('\n'),
  );
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  asPostgres(PGBOUNCER, ['-d', ini]);

  let stopped = false;
  return {
    directUrl: (database) => `postgres://postgres@127.0.0.1:${options.pgPort}/${database}`,
    pooledUrl: (database) => `postgres://postgres@127.0.0.1:${options.bouncerPort}/${database}`,
    restart: () => asPostgresAsync(join(bin, 'pg_ctl'), ctlArgs(['-m', 'fast', '-o', pgOptions, 'restart'])),
    stop() {
      if (stopped) return;
      stopped = true;
      tearDown(bin, dir);
    },
  };
}
