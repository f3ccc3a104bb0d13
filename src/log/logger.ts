/**
 * One pino logger for the process. Secrets and personal data are redacted at the logger, so a careless
 * `log.info({ req })` cannot leak a password, a token or a cookie.
 */
import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

export const redactPaths = [
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
];

/**
 * Errors as pino writes them, minus the values of a failed query: drizzle puts the statement's parameters into its
 * error (`params`, and a "params: …" line in the message), and they can be a password hash, a sealed secret or
 * a subscriber's personal data.
 */
export function serializeError(err: unknown): Record<string, unknown> {
  const out = pino.stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
  const scrub = (value: Record<string, unknown> | undefined) => {
    if (!value || typeof value !== 'object') return;
    if ('params' in value) value.params = '[redacted]';
    if (typeof value.message === 'string') value.message = value.message.replace(/\nparams: [\s\S]*$/, '\nparams: [redacted]');
    if (typeof value.stack === 'string') value.stack = value.stack.replace(/\nparams: [^\n]*/, '\nparams: [redacted]');
    scrub(value.cause as Record<string, unknown> | undefined);
  };
  scrub(out);
  return out;
}

export function createLogger(options: { level?: string; pretty?: boolean } = {}): Logger {
  const base: LoggerOptions = {
    level: options.level ?? 'info',
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: { err: serializeError },
  };
  if (options.pretty) {
    // On a terminal: one line per event, local time, no pid/hostname.
    const pretty = { translateTime: 'SYS:yyyy-mm-dd HH:MM:ss', singleLine: true, ignore: 'pid,hostname' };
    return pino({ ...base, transport: { target: 'pino-pretty', options: pretty } });
  }
  return pino(base);
}
