/**
 * The API contract: each capability declares its endpoints (method, path, who may call, and the zod schemas of
 * what goes in and comes out) in a browser-safe `contract.ts` beside its domain types. The server registers its
 * routes from them (src/http/endpoint.ts), the OpenAPI document is generated from the same schemas, and the typed
 * client (src/client, published as `avisa/client`) and the web UI derive every request and response type from
 * them — so changing a schema breaks every caller's type check instead of drifting.
 * Only zod and other contracts may be imported here: the web bundle includes this file.
 */
import type { z } from 'zod';

export type Access = 'public' | 'viewer' | 'operator' | 'admin';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Endpoint {
  readonly method: HttpMethod;
  /** Fastify syntax: `/api/batches/:id`. */
  readonly path: string;
  readonly access: Access;
  readonly summary?: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** By status; the first 2xx is what the client returns. A response that is not JSON (CSV) has none. */
  readonly responses: Readonly<Record<number, z.ZodType>>;
}

/** Declares an endpoint, keeping its exact types (the `const` parameter) for the server and the clients. */
export function endpoint<const E extends Endpoint>(definition: E): E {
  return Object.freeze(definition);
}

/** What JSON makes of a value: dates travel as ISO strings. */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

type SuccessStatus = 200 | 201 | 202 | 204;
type SuccessSchema<E extends Endpoint> = E['responses'][Extract<keyof E['responses'], SuccessStatus>];

/** The success body of an endpoint as it arrives (204: undefined). */
export type ResponseOf<E extends Endpoint> = SuccessSchema<E> extends z.ZodType ? Wire<z.output<SuccessSchema<E>>> : undefined;

type InputPart<S> = S extends z.ZodType ? z.input<S> : never;

/** What a caller passes: the path parameters, query and body the endpoint declares (each only when declared). */
export type InputOf<E extends Endpoint> = ([E['params']] extends [z.ZodType] ? { params: InputPart<E['params']> } : { params?: never }) &
  ([E['query']] extends [z.ZodType] ? { query?: InputPart<E['query']> } : { query?: never }) &
  ([E['body']] extends [z.ZodType] ? { body: InputPart<E['body']> } : { body?: never }) & {
    /** Cancels the request (e.g. a screen left before its answer came). */
    signal?: AbortSignal;
  };

/** `/api/batches/:id` with `{ id: 7 }` → `/api/batches/7` (each value URI-encoded). */
export function fillPath(path: string, params: Record<string, unknown> = {}): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) throw new Error(`${path}: the path parameter ${name} is missing`);
    return encodeURIComponent(String(value));
  });
}

/** A query object as a query string: arrays repeat their key, undefined and empty strings are left out. */
export function queryString(query: Record<string, unknown> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null || item === '') continue;
      search.append(key, item instanceof Date ? item.toISOString() : String(item));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
