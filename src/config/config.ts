/**
 * Installation configuration, read once from the environment and validated, so a typo fails at start with the
 * variable's name instead of somewhere deep at run time.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { DEFAULT_DB_TIMEOUTS } from '../db/availability.js';

/** Milliseconds; `allowNone`: 0 turns the limit off. */
const millis = (fallback: number, allowNone: boolean) =>
  z.coerce
    .number()
    .int('must be a whole number of milliseconds')
    .min(allowNone ? 0 : 100, allowNone ? 'must be 0 (no limit) or more' : 'must be at least 100 ms')
    .default(fallback);

const schema = z.object({
  /** `postgres://…` switches storage to a PostgreSQL server; unset = embedded PGlite in AVISA_DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  AVISA_DATA_DIR: z.string().min(1).default('./data'),
  /** PostgreSQL: how long to wait for a connection (a new one, or a free one of the pool) before failing. */
  AVISA_DB_CONNECT_TIMEOUT_MS: millis(DEFAULT_DB_TIMEOUTS.connectMs, false),
  /** PostgreSQL: `statement_timeout` of every statement, so a stalled database answers 503 instead of hanging. */
  AVISA_DB_STATEMENT_TIMEOUT_MS: millis(DEFAULT_DB_TIMEOUTS.statementMs, true),
  /** PostgreSQL: the longer `statement_timeout` of the login report, its summary, the CSV exports and VACUUM. */
  AVISA_DB_REPORT_TIMEOUT_MS: millis(DEFAULT_DB_TIMEOUTS.longStatementMs, true),
  /**
   * PostgreSQL: `session` (direct, or PgBouncer in session mode) sends the statement timeouts as startup
   * parameters; `transaction` (PgBouncer in transaction pooling mode, which refuses them) sends none — the server
   * side limit is then PgBouncer's `query_timeout`, and the client still gives up on a statement after its timeout.
   */
  AVISA_DB_POOL_MODE: z.enum(['session', 'transaction']).default('session'),
  /**
   * On SIGTERM/SIGINT a process stops claiming, lets sends already started finish (claimed ones go back to the
   * fila), closes the server and the database, all within this many seconds; past it, it exits anyway (what it
   * still held is reaped by the others). Give the service manager a little more (systemd TimeoutStopSec, docker
   * stop --time).
   */
  /**
   * `avisa serve`, `worker` and `radius` started while PostgreSQL is unreachable or restarting wait this long for it
   * (trying every 2 s) before giving up; 0: fail at once.
   */
  AVISA_DB_START_WAIT_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  AVISA_SHUTDOWN_SECONDS: z.coerce.number().int().min(5, 'must be at least 5 seconds').max(600).default(30),
  /**
   * The embedded PostgreSQL's buffer cache (PGlite `shared_buffers`). 32MB keeps an `avisa` process under 300 MB
   * while it drains or exports; the pages it does not hold are read from the OS's file cache. Raise it (e.g. 128MB)
   * on a machine with memory to spare and a large base, for faster reports.
   */
  AVISA_PGLITE_SHARED_BUFFERS: z
    .string()
    .regex(/^[1-9]\d*(kB|MB|GB)$/, 'must be a size such as 32MB or 1GB')
    .default('32MB'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** IXC writes local wall-clock times without an offset; they are read in this zone. */
  AVISA_TIMEZONE: z
    .string()
    .default('America/Sao_Paulo')
    .refine(isTimeZone, 'is not an IANA time zone (e.g. America/Sao_Paulo)'),
  /** The language of what Avisa prints on its terminal (the banner, the demo's lines); the UI follows each user's choice. */
  AVISA_LANGUAGE: z.enum(['pt-BR', 'en']).default('pt-BR'),
  /** Log every HTTP request at info (an access log); off, requests are logged at debug only. */
  AVISA_ACCESS_LOG: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Creates this admin on first start when no user exists. */
  AVISA_ADMIN_USER: z.string().min(1).optional(),
  AVISA_ADMIN_PASSWORD: z.string().min(1).optional(),
  /** Mark cookies `Secure`; set when Avisa is served over HTTPS (directly or behind a proxy). */
  AVISA_SECURE_COOKIES: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  AVISA_SESSION_HOURS: z.coerce.number().positive().default(12),
  /**
   * The ISP's reverse proxies (addresses or CIDRs, comma-separated; also `loopback`, `linklocal`, `uniquelocal`).
   * Only a request from one of them may name the client's address in `X-Forwarded-For`; unset, no header is
   * trusted and the client is the socket's peer.
   */
  AVISA_TRUST_PROXY: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const entries = (value ?? '').split(',').map((e) => e.trim()).filter(Boolean);
      for (const entry of entries) {
        if (!isProxyEntry(entry)) {
          ctx.addIssue({ code: 'custom', message: `"${entry}" is not an address, a CIDR (10.0.0.0/8) or loopback/linklocal/uniquelocal` });
        }
      }
      return entries.length > 0 ? entries : undefined;
    }),
  /** Consecutive failed sign-ins of one username before it is locked (for 1 minute, doubling at each new failure). */
  AVISA_LOGIN_LOCK_AFTER: z.coerce.number().int().min(1).max(100).default(5),
  /** Sign-in attempts per minute from one client address (per process). */
  AVISA_LOGIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
  /**
   * Key sealing integration secrets (32 bytes, base64 or hex). Unset: `secret.key` in AVISA_DATA_DIR, created on
   * first use. Set it (the same on every process) when running on PostgreSQL.
   */
  AVISA_SECRET_KEY: z.string().min(1).optional(),
  /** Also receive RADIUS accounting inside `avisa serve` on this UDP port (e.g. 1813); unset = only `avisa radius`. */
  AVISA_RADIUS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  AVISA_RADIUS_HOST: z.string().min(1).default('0.0.0.0'),
  /** The largest file `POST /api/imports/…` accepts, in bytes (streamed: memory does not grow with it). */
  AVISA_IMPORT_MAX_BYTES: z.coerce.number().int().min(1024, 'must be at least 1024 bytes').default(1024 ** 3),
  /**
   * A management listener serving `GET /metrics` (Prometheus) without authentication on this address, in `avisa
   * serve` and `avisa worker` (`127.0.0.1:9464`, `[::1]:9464`); unset = none (the main server's `/metrics` needs an
   * admin). Bind it where only the scraper reaches.
   */
  AVISA_METRICS_LISTEN: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return undefined;
      const address = listenAddress(value.trim());
      if (!address) ctx.addIssue({ code: 'custom', message: `"${value}" is not host:port (e.g. 127.0.0.1:9464 or [::1]:9464)` });
      return address ?? undefined;
    }),
});

export type Config = z.infer<typeof schema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function isProxyEntry(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address = '', bits, extra] = entry.split('/');
  const family = isIP(address);
  if (!family || extra !== undefined) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

/** `127.0.0.1:9464`, `localhost:9464`, `[::1]:9464` → host and port (0: any free port); null when malformed. */
function listenAddress(text: string): { host: string; port: number } | null {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(text);
  if (!match) return null;
  const port = Number(match[3]);
  const host = match[1] ?? match[2] ?? '';
  if (port > 65535 || (match[1] !== undefined && isIP(host) !== 6)) return null;
  return { host, port };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** A printable description of where data lives, never containing a password. */
export function describeStorage(config: Pick<Config, 'DATABASE_URL' | 'AVISA_DATA_DIR'>): string {
  if (!config.DATABASE_URL) return `PGlite (embedded) in ${config.AVISA_DATA_DIR}`;
  return `PostgreSQL ${redactUrl(config.DATABASE_URL)}`;
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
