/**
 * The simulated Opa! Suite REST API under `/api/v1`: Bearer-token check, the `envelopeError` fault, the
 * GET-with-JSON-body lists (channels, per-channel templates, templates), single records, the daily template
 * quota, and the template send (in sim-send.ts). Filters and paging follow the collection: `{filter, options:
 * {limit, skip}}`, `limit` outside 1–1000 gives up to 1000, a field that cannot be filtered on gives
 * `400 Field '<campo>' is not allowed`.
 */
import type { SimReply, SimRequest, SimRouter } from '../sim/server.js';
import type { OpaChannel } from './model.js';
import { envelopeError, fail, noRoute, notFound, ok } from './sim-replies.js';
import { handleTemplateSend } from './sim-send.js';
import type { OpaSimState } from './sim-state.js';

const OBJECT_ID = /^[0-9a-f]{24}$/i;
const MAX_RECORDED_REQUESTS = 1000;

export function createOpaApi(state: OpaSimState): SimRouter {
  return (request) => {
    const path = request.path.length > 1 ? request.path.replace(/\/+$/, '') : request.path;
    if (!/^\/api\/v1(\/|$)/.test(path)) return noRoute(request.method, request.path);
    record(state, request, path);
    const denied = checkToken(state, request);
    if (denied) return denied;
    if (state.envelopeError) return envelopeError();
    if (request.body instanceof SyntaxError) return fail(400, 'Invalid JSON in the request body');
    return route(state, request, path.slice('/api/v1'.length) || '/');
  };
}

function route(state: OpaSimState, request: SimRequest, path: string): SimReply {
  const { method } = request;
  let m: RegExpExecArray | null;
  if (method === 'POST' && path === '/template/send') return handleTemplateSend(state, request);
  if (method !== 'GET') return noRoute(method, `/api/v1${path}`);

  if (path === '/canal-comunicacao') {
    return list(request, state.channels, ['nome', 'id_atendente', 'status', 'canal', 'integracao']);
  }
  m = /^\/canal-comunicacao\/([^/]+)$/.exec(path);
  if (m) {
    const channel = findChannel(state, m[1] ?? '');
    return isReply(channel) ? channel : ok(populate(state, channel));
  }
  m = /^\/canal-comunicacao\/([^/]+)\/template$/.exec(path);
  if (m) {
    const channel = findChannel(state, m[1] ?? '');
    if (isReply(channel)) return channel;
    const items = state.templates.filter((t) => t.channelId === channel._id).map((t) => t.item);
    return list(request, items, ['atalho', 'tipo_mensagem']);
  }
  m = /^\/canal-comunicacao\/([^/]+)\/template\/limites-diarios-envio$/.exec(path);
  if (m) {
    const channel = findChannel(state, m[1] ?? '');
    if (isReply(channel)) return channel;
    const counter = state.limits.get(channel._id);
    if (!counter || counter.limit === null) return ok({});
    return ok({ messagesSent: counter.sent, dailyLimit: counter.limit, availableAmount: Math.max(0, counter.limit - counter.sent) });
  }
  if (path === '/template') {
    const items = state.templates.map(({ item }) => ({
      _id: item._id,
      texto: item.texto,
      atalho: item.atalho,
      tipo_mensagem: item.tipo_mensagem,
      departamentos: item.departamentos,
    }));
    return list(request, items, ['atalho', 'tipo_mensagem']);
  }
  m = /^\/template\/([^/]+)$/.exec(path);
  if (m) {
    const id = m[1] ?? '';
    if (!OBJECT_ID.test(id)) return fail(400, 'Invalid ID');
    const found = state.templates.find((t) => t.item._id === id);
    return found ? ok(found.item) : notFound('Template not found.');
  }
  return noRoute(method, `/api/v1${path}`);
}

function checkToken(state: OpaSimState, request: SimRequest): SimReply | undefined {
  const header = request.headers.authorization;
  if (!header) return fail(401, 'Token not provided');
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match || match[1] !== state.token) return fail(401, 'Invalid token');
  return undefined;
}

function findChannel(state: OpaSimState, id: string): OpaChannel | SimReply {
  if (!OBJECT_ID.test(id)) return fail(400, 'Invalid ID');
  return state.channels.find((c) => c._id === id) ?? notFound('Communication channel not found.');
}

function isReply(value: OpaChannel | SimReply): value is SimReply {
  return typeof (value as SimReply).status === 'number';
}

/** `GET /canal-comunicacao/:id` answers with the owner populated. */
function populate(state: OpaSimState, channel: OpaChannel): OpaChannel {
  const owner = typeof channel.id_atendente === 'string' ? state.attendants.get(channel.id_atendente) : undefined;
  return owner ? { ...channel, id_atendente: owner } : channel;
}

/** Applies `{filter, options:{limit, skip}}` from the GET body: exact-match filters on allowed fields, paging. */
function list<T extends object>(request: SimRequest, items: T[], allowed: string[]): SimReply {
  const body = typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>) : {};
  const filter = typeof body.filter === 'object' && body.filter !== null ? (body.filter as Record<string, unknown>) : {};
  for (const field of Object.keys(filter)) {
    if (!allowed.includes(field)) return fail(400, `Field '${field}' is not allowed`);
  }
  const matching = items.filter((item) =>
    Object.entries(filter).every(([field, value]) => (item as Record<string, unknown>)[field] === value),
  );
  const options = typeof body.options === 'object' && body.options !== null ? (body.options as Record<string, unknown>) : {};
  const skip = typeof options.skip === 'number' && options.skip > 0 ? Math.floor(options.skip) : 0;
  const rawLimit = typeof options.limit === 'number' ? Math.floor(options.limit) : undefined;
  const limit = rawLimit === undefined ? matching.length : rawLimit >= 1 && rawLimit <= 1000 ? rawLimit : 1000;
  return ok(matching.slice(skip, skip + limit));
}

function record(state: OpaSimState, request: SimRequest, path: string): void {
  state.requests.push({ at: new Date().toISOString(), method: request.method, path, body: request.body });
  if (state.requests.length > MAX_RECORDED_REQUESTS) state.requests.splice(0, state.requests.length - MAX_RECORDED_REQUESTS);
}
