/**
 * `avisa/client`: a typed client of the Avisa API for scripts, integrations, the web UI and the end-to-end tests.
 * Every call is derived from the capabilities' contracts (src/shared/contract.ts), so its inputs and results are
 * the server's own schemas, dates as ISO strings.
 *
 * ```ts
 * import { createClient, fetchTransport } from 'avisa/client';
 * const avisa = createClient(fetchTransport({ baseUrl: 'https://avisa.provedor.com.br', token: process.env.AVISA_TOKEN }));
 * const { rows } = await avisa.logs.list({ query: { channel: 'whatsapp', status: 'failure' } });
 * ```
 */
import { type Endpoint, fillPath, type InputOf, queryString, type ResponseOf } from '../shared/contract.js';
import { contracts } from './contracts.js';

export type { Endpoint, InputOf, ResponseOf, Wire } from '../shared/contract.js';
export { contracts } from './contracts.js';

/** One HTTP exchange: the path already carries its query string. Resolves to the parsed JSON body (204: undefined). */
export type Transport = (request: { method: Endpoint['method']; path: string; body?: unknown; signal?: AbortSignal }) => Promise<unknown>;

/** A refusal of the API: its HTTP status and the body's stable `code`, `message` and `field`. */
export class AvisaApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AvisaApiError';
  }
}

/** A transport over `fetch`, authenticated with an API token (`Authorization: Bearer avisa_…`). */
export function fetchTransport(options: { baseUrl: string; token?: string; fetch?: typeof fetch }): Transport {
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, '');
  return async ({ method, path, body, signal }) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await doFetch(`${base}${path}`, {
      method,
      headers,
      ...(signal ? { signal } : {}),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string; field?: string } } | undefined)?.error;
      throw new AvisaApiError(response.status, error?.code ?? `HTTP_${response.status}`, error?.message ?? response.statusText, error?.field);
    }
    return parsed;
  };
}

/** The path (with query string) of a call: for downloads (CSV exports) and links. */
export function pathOf<E extends Endpoint>(e: E, input: Partial<InputOf<E>> = {}): string {
  const { params, query } = input as { params?: Record<string, unknown>; query?: Record<string, unknown> };
  return `${fillPath(e.path, params)}${queryString(query)}`;
}

type Args<E extends Endpoint> = object extends InputOf<E> ? [input?: InputOf<E>] : [input: InputOf<E>];

/** Calls one endpoint through `transport`. */
export async function call<E extends Endpoint>(transport: Transport, e: E, ...[input]: Args<E>): Promise<ResponseOf<E>> {
  const { body, signal } = (input ?? {}) as { body?: unknown; signal?: AbortSignal };
  return (await transport({
    method: e.method,
    path: pathOf(e, input ?? {}),
    ...(body === undefined ? {} : { body }),
    ...(signal ? { signal } : {}),
  })) as ResponseOf<E>;
}

type Contracts = typeof contracts;
export type AvisaClient = {
  [G in keyof Contracts]: { [K in keyof Contracts[G]]: Contracts[G][K] extends Endpoint ? (...args: Args<Contracts[G][K]>) => Promise<ResponseOf<Contracts[G][K]>> : never };
};

/** Every endpoint of every capability, as `client.<capability>.<operation>(input)`. */
export function createClient(transport: Transport): AvisaClient {
  const client: Record<string, Record<string, unknown>> = {};
  for (const [group, endpoints] of Object.entries(contracts)) {
    client[group] = Object.fromEntries(
      Object.entries(endpoints).map(([name, e]) => [name, (input?: object) => call(transport, e as Endpoint, input as never)]),
    );
  }
  return client as AvisaClient;
}
