/**
 * The settings of an IXC Provedor webservice source (`status_sources.config` of kind `ixc`), validated with zod:
 * the host address as pasted (normalised to `https://host[:port][/path]`, without `/webservice/v1`), the
 * webservice user's id, TLS and timeout options, page size (`rp`, at most 1,000) and the overlap re-read by each
 * incremental run. The token is the source's sealed secret; IXC shows it as `<id>:<64 hex>`, and pasting it that
 * way fills the user id (ixc.md §5.1).
 */
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';

export const MAX_PAGE_SIZE = 1000;

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const WEBSERVICE_SUFFIX = /\/webservice(?:\/v1)?(?:\/.*)?$/i;

/** `ixc.provedor.com.br/webservice/v1/cliente` → `https://ixc.provedor.com.br`; http and ports are kept. */
export function normaliseIxcUrl(input: string): string {
  const raw = input.trim();
  if (!raw) throw new Error('is required, e.g. https://ixc.provedor.com.br');
  let url: URL;
  try {
    url = new URL(HAS_SCHEME.test(raw) ? raw : `https://${raw}`);
  } catch {
    throw new Error(`"${raw}" is not a web address, e.g. https://ixc.provedor.com.br`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('must start with https:// or http://');
  if (url.username || url.password) throw new Error('must not contain a user or password; they go in their own fields');
  const path = url.pathname.replace(WEBSERVICE_SUFFIX, '').replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

export const ixcConfigSchema = z.strictObject({
  url: z
    .string()
    .transform((value, ctx) => {
      try {
        return normaliseIxcUrl(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  /** The IXC user created with the Webservice option; its id is the first half of HTTP Basic. */
  userId: z.union([z.string(), z.number()]).transform((v, ctx) => {
    const text = String(v).trim();
    if (!/^\d{1,10}$/.test(text)) {
      ctx.addIssue({ code: 'custom', message: 'must be the numeric id of the IXC webservice user' });
      return z.NEVER;
    }
    return text;
  }),
  /** Accept a self-signed or expired certificate (common on IXC servers). */
  insecureTls: z.boolean().default(false),
  timeoutSeconds: z.number().int().min(1).max(300).default(60),
  /** `rp` of every request. */
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(MAX_PAGE_SIZE),
  /** Seconds of `ultima_atualizacao` each incremental run reads again (rows committed late, clock skew). */
  overlapSeconds: z.number().int().min(0).max(86_400).default(120),
});

export type IxcSourceConfig = z.output<typeof ixcConfigSchema>;

/** Zod issues → one AppError naming `config.<field>`, the style of the integrations. */
export function parseIxcConfig(config: unknown): IxcSourceConfig {
  const parsed = ixcConfigSchema.safeParse(config);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = `config${issue.path.length ? `.${issue.path.join('.')}` : ''}`;
  throw new AppError('VALIDATION', `${field}: ${issue.message}`, field);
}

/**
 * Splits what was pasted as the token: `7:abc…` gives user id 7 and token `abc…`; a bare token is kept as is.
 * Throws (naming `secret`) when the pasted id disagrees with `userId`.
 */
export function splitIxcToken(pasted: string, userId?: string): { userId: string | undefined; token: string } {
  const text = pasted.trim();
  const match = /^(\d{1,10}):(.+)$/.exec(text);
  if (!match) return { userId, token: text };
  const [, id, token] = match as unknown as [string, string, string];
  if (userId !== undefined && userId !== id) {
    throw new AppError('VALIDATION', `secret: the token is for user ${id}, but the user id is ${userId}`, 'secret');
  }
  return { userId: id, token: token.trim() };
}

/** `parseConfig` for `createSource`/`updateSource` (src/ingest/sources.ts): only `ixc` sources are checked here. */
export function parseSourceConfig(kind: string, config: Record<string, unknown>): Record<string, unknown> {
  return kind === 'ixc' ? parseIxcConfig(config) : config;
}

/** HTTP Basic of the webservice: `base64("<userId>:<token>")`. */
export function basicAuth(userId: string, token: string): string {
  return `Basic ${Buffer.from(`${userId}:${token}`).toString('base64')}`;
}

/**
 * What a form or the CLI gives for an IXC source, made ready for `createSource`/`updateSource`: a token pasted as
 * `<id>:<token>` fills (or is checked against) `config.userId` and is stored without the id. Other kinds pass.
 */
export function prepareSourceInput<T extends { config?: Record<string, unknown>; secret?: string | null }>(kind: string, input: T): T {
  if (kind !== 'ixc' || typeof input.secret !== 'string') return input;
  const given = input.config?.userId;
  const { userId, token } = splitIxcToken(input.secret, given === undefined || given === null ? undefined : String(given).trim());
  if (!token) throw new AppError('VALIDATION', 'secret: the token is empty', 'secret');
  return { ...input, secret: token, ...(input.config && userId !== undefined ? { config: { ...input.config, userId } } : {}) };
}
