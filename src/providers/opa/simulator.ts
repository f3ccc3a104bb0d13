/**
 * A local Opa! Suite for tests, the demo and `avisa opa-sim`: a real HTTP server (on sim/server.ts, so latency,
 * 5xx, 429 bursts, hangs and resets can be switched on) speaking the API Avisa uses, seeded with ISP-like
 * channels and templates, recording every template send. Beyond the shared faults it has `envelopeError`:
 * HTTP 200 with `{status:"error"}`.
 *
 * Control API (besides `/__sim/faults`): `GET|DELETE /__sim/sends`, `POST|DELETE /__sim/atendimento
 * {phone, atendente?}`, `POST /__sim/daily-limit {channelId, limit}`, `POST /__sim/reset-day`,
 * `GET|POST /__sim/opa-faults {envelopeError}`.
 */
import { type Faults, type SimReply, type SimRequest, startSimServer } from '../sim/server.js';
import { createOpaApi } from './sim-api.js';
import { fail } from './sim-replies.js';
import { loadOpaSeed, type OpaSeed, type OpaSimState, type RecordedRequest, type RecordedSend, stateFromSeed } from './sim-state.js';

export type { OpaSeed, RecordedRequest, RecordedSend } from './sim-state.js';

export const DEFAULT_SIM_TOKEN = 'opa-sim-token';

export interface OpaSimulatorOptions {
  /** Default 0 (any free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The only Bearer token accepted; default `opa-sim-token`. */
  token?: string;
  /** A seed object or the path of a JSON seed file; default: the built-in sim-seed.json. */
  seed?: OpaSeed | string;
  /** Called after each accepted send (the CLI prints a line). */
  onSend?: (send: RecordedSend) => void;
  random?: () => number;
}

export type OpaSimFaults = Faults & { envelopeError: boolean };

export interface OpaSimulator {
  /** `http://host:port` */
  url: string;
  /** `url + '/api/v1'`, what a user pastes into Avisa. */
  baseUrl: string;
  token: string;
  /** Accepted sends, oldest first (live array). */
  sends: RecordedSend[];
  /** API requests seen (method, path, body; never headers), oldest first, the last 1000. */
  requests: RecordedRequest[];
  /** A snapshot of the current faults. */
  readonly faults: OpaSimFaults;
  setFaults(patch: Partial<OpaSimFaults>): void;
  /** Opens an atendimento for the contact: sends without the allow flag get HTTP 400. */
  setInAtendimento(phoneE164: string, atendente?: string): void;
  endAtendimento(phoneE164: string): void;
  /** `null` removes the limit. Throws for an unknown channel. */
  setDailyLimit(channelId: string, limit: number | null): void;
  /** A new day: every channel's sent counter goes back to 0. */
  resetDay(): void;
  /** Deletes a template, as an Opa! Suite admin would; false when there is none with that id. */
  removeTemplate(templateId: string): boolean;
  close(): Promise<void>;
}

export async function startOpaSimulator(options: OpaSimulatorOptions = {}): Promise<OpaSimulator> {
  const token = options.token ?? DEFAULT_SIM_TOKEN;
  const state = stateFromSeed(await loadOpaSeed(options.seed), token);
  state.onSend = options.onSend;

  const setInAtendimento = (phone: string, atendente = 'Suporte N1') => void state.inService.set(phone, atendente);
  const setDailyLimit = (channelId: string, limit: number | null) => {
    const counter = state.limits.get(channelId);
    if (!counter) throw new Error(`Unknown channel ${channelId}`);
    counter.limit = limit;
  };
  const resetDay = () => {
    for (const counter of state.limits.values()) counter.sent = 0;
  };

  const server = await startSimServer(createOpaApi(state), {
    port: options.port,
    host: options.host,
    random: options.random,
    control: (request) => control(state, request, { setInAtendimento, setDailyLimit, resetDay }),
    serverError: () => ({ status: 503, body: { status: 'error', code: 503, description: 'Service Unavailable' } }),
    tooManyRequests: () => ({ status: 429, body: { status: 'error', code: 429, description: 'Too many requests' } }),
  });

  return {
    url: server.url,
    baseUrl: `${server.url}/api/v1`,
    token,
    sends: state.sends,
    requests: state.requests,
    get faults() {
      return { ...server.faults, envelopeError: state.envelopeError };
    },
    setFaults({ envelopeError, ...shared }) {
      if (typeof envelopeError === 'boolean') state.envelopeError = envelopeError;
      server.setFaults(shared);
    },
    setInAtendimento,
    endAtendimento: (phone) => void state.inService.delete(phone),
    setDailyLimit,
    resetDay,
    removeTemplate(templateId) {
      const at = state.templates.findIndex((t) => t.item._id === templateId);
      if (at >= 0) state.templates.splice(at, 1);
      return at >= 0;
    },
    close: () => server.close(),
  };
}

interface Actions {
  setInAtendimento(phone: string, atendente?: string): void;
  setDailyLimit(channelId: string, limit: number | null): void;
  resetDay(): void;
}

function control(state: OpaSimState, request: SimRequest, actions: Actions): SimReply {
  const { method, path } = request;
  const body = typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>) : {};
  switch (`${method} ${path}`) {
    case 'GET /__sim/sends':
      return { status: 200, body: { sends: state.sends } };
    case 'DELETE /__sim/sends': {
      const deleted = state.sends.length;
      state.sends.length = 0;
      return { status: 200, body: { deleted } };
    }
    case 'POST /__sim/atendimento':
    case 'DELETE /__sim/atendimento': {
      if (typeof body.phone !== 'string' || !body.phone) return fail(400, '"phone" (E.164) is required');
      if (method === 'DELETE') {
        state.inService.delete(body.phone);
        return { status: 200, body: { phone: body.phone, inService: false } };
      }
      const atendente = typeof body.atendente === 'string' && body.atendente ? body.atendente : undefined;
      actions.setInAtendimento(body.phone, atendente);
      return { status: 200, body: { phone: body.phone, inService: true, atendente: state.inService.get(body.phone) } };
    }
    case 'POST /__sim/daily-limit': {
      const { channelId, limit } = body;
      if (typeof channelId !== 'string') return fail(400, '"channelId" is required');
      if (!(limit === null || (typeof limit === 'number' && Number.isInteger(limit) && limit >= 0))) {
        return fail(400, '"limit" must be a whole number ≥ 0, or null for no limit');
      }
      if (!state.limits.has(channelId)) return fail(404, `Unknown channel ${channelId}`);
      actions.setDailyLimit(channelId, limit);
      return { status: 200, body: { channelId, ...state.limits.get(channelId) } };
    }
    case 'POST /__sim/reset-day':
      actions.resetDay();
      return { status: 200, body: { reset: true } };
    case 'GET /__sim/opa-faults':
    case 'POST /__sim/opa-faults':
      if (method === 'POST' && typeof body.envelopeError === 'boolean') state.envelopeError = body.envelopeError;
      return { status: 200, body: { envelopeError: state.envelopeError } };
    default:
      return { status: 404, body: { error: `unknown control route ${method} ${path}` } };
  }
}
