/**
 * Serving a contract endpoint (src/shared/contract.ts): the route's method, path, access rule and schemas all come
 * from the endpoint, so the server, the OpenAPI document and the clients cannot disagree; the handler is typed
 * by the same schemas (fastify-type-provider-zod).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  FastifyContextConfig,
  FastifyInstance,
  RawServerDefault,
  RouteGenericInterface,
  RouteHandlerMethod,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Endpoint } from '../shared/contract.js';

type Defined<K extends string, V> = [V] extends [undefined] ? { [P in K]?: undefined } : { [P in K]: V };

/** The Fastify schema of an endpoint, with its exact zod types. */
export type SchemaOf<E extends Endpoint> = Defined<'params', E['params']> &
  Defined<'querystring', E['query']> &
  Defined<'body', E['body']> & { response: E['responses']; tags?: string[]; summary?: string; description?: string };

export type EndpointHandler<E extends Endpoint> = RouteHandlerMethod<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  RouteGenericInterface,
  unknown,
  SchemaOf<E>,
  ZodTypeProvider
>;

function schemaOf<E extends Endpoint>(e: E): SchemaOf<E> {
  return {
    ...(e.tags ? { tags: [...e.tags] } : {}),
    ...(e.summary ? { summary: e.summary } : {}),
    ...(e.description ? { description: e.description } : {}),
    ...(e.params ? { params: e.params } : {}),
    ...(e.query ? { querystring: e.query } : {}),
    ...(e.body ? { body: e.body } : {}),
    // A download (CSV) declares no JSON response; left out, the document still lists its 200.
    ...(Object.keys(e.responses).length > 0 ? { response: e.responses } : {}),
  } as SchemaOf<E>;
}

/** What a route may add to its endpoint: server-only settings such as a rate limit (never the access rule). */
export interface ServeOptions {
  config?: Omit<FastifyContextConfig, 'access'>;
}

/** Registers `handler` for `e` on `app` (a route plugin's instance). */
export function serve<E extends Endpoint>(app: FastifyInstance, e: E, handler: EndpointHandler<E>, options: ServeOptions = {}): void {
  app.route({
    method: e.method,
    url: e.path,
    config: { ...options.config, access: e.access },
    schema: schemaOf(e),
    handler: handler as RouteHandlerMethod,
  });
}
