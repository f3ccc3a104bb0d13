/**
 * Turns what an ISP admin pastes into the Opa! Suite settings into something the client can use: the API base URL
 * (`https://host[:port]/api/v1`, whatever page of the web UI they copied) and the bare API token (without a
 * leading `Bearer `). Each ISP runs its own Opa host, sometimes self-hosted on plain http or an odd port.
 */

const API_PREFIX = /^(.*?\/api\/v1)(?:\/|$)/i;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * `https://suporte.provedor.com.br/atendente` → `https://suporte.provedor.com.br/api/v1`;
 * `suporte.provedor.com.br` → `https://suporte.provedor.com.br/api/v1`; an explicit port and `http://` are kept;
 * a path already containing `/api/v1` is kept up to and including it. Throws an `Error` with a readable message
 * when the input is not an http(s) address.
 */
export function normaliseOpaBaseUrl(input: string): string {
  const raw = input.trim();
  if (!raw) throw new Error('Enter the address of your Opa! Suite, e.g. https://suporte.provedor.com.br');
  const explicitScheme = HAS_SCHEME.test(raw);
  let url: URL;
  try {
    url = new URL(explicitScheme ? raw : `https://${raw}`);
  } catch {
    throw new Error(`"${raw}" is not a web address; enter the address of your Opa! Suite, e.g. https://suporte.provedor.com.br`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`"${raw}" uses ${url.protocol.replace(':', '')}; the Opa! Suite address must start with https:// or http://`);
  }
  if (url.username || url.password) {
    throw new Error('The Opa! Suite address must not contain a user name or password; the API token goes in its own field');
  }
  // A single word ("suporte") is more likely a typo than an intranet host; accept it only when clearly meant.
  const host = url.hostname;
  const looksLikeHost = host.includes('.') || host.startsWith('[') || host === 'localhost' || url.port !== '' || explicitScheme;
  if (!host || !looksLikeHost) {
    throw new Error(`"${raw}" is not a web address; enter the address of your Opa! Suite, e.g. https://suporte.provedor.com.br`);
  }
  const prefix = API_PREFIX.exec(url.pathname)?.[1] ?? '/api/v1';
  return `${url.protocol}//${url.host}${prefix}`.replace(/\/+$/, '');
}

/** Accepts the token as pasted: with or without `Bearer ` (or a whole `Authorization:` header line), spaces or line breaks. */
export function normaliseOpaToken(input: string): string {
  return input
    .trim()
    .replace(/^authorization\s*:\s*/i, '')
    .replace(/^bearer(?:\s+|$)/i, '')
    .replace(/\s+/g, '');
}
