/**
 * A Zenvia API v2 simulator for tests, the demo and manual runs: `POST /v2/channels/sms/messages` and
 * `GET /v2/subscriptions` (what `zenviaProvider().check()` calls), with the `X-API-TOKEN` check, number validation,
 * an optional credit counter, a "200 with a failure body" switch and the shared faults and control routes
 * (`sim-common.ts`, `sim/server.ts`).
 *
 * Answers (the shapes follow the spec's `{code, description}` error object and its code table; the exact texts of
 * Zenvia's validation details and of its out-of-credit answer are not published, so these are the simulator's):
 * | request                                              | answer |
 * |------------------------------------------------------|--------|
 * | no `X-API-TOKEN`                                      | 401 `AUTHENTICATION_ERROR` "No authorization token was found" |
 * | wrong token                                          | 401 `AUTHENTICATION_ERROR` "Invalid API token" |
 * | `from` is not the configured sender                   | 400 `VALIDATION_ERROR`, detail `from` |
 * | `to` not `55` + DDD + 9 + 8 digits (landline, garbage) | 400 `VALIDATION_ERROR`, detail `to` |
 * | `contents` not `[{type: 'text', text: '…'}]`            | 400 `VALIDATION_ERROR`, detail `contents` |
 * | `bodyFailure` on                                     | 200 `{code: 'MESSAGE_NOT_ACCEPTED', description}` (no `id`) |
 * | `credits` set and lower than the text's SMS parts      | 402 `INSUFFICIENT_CREDIT` |
 * | otherwise                                            | 200 message object `{id, from, to, direction: 'OUT', channel: 'sms', contents}`; recorded; credits − parts |
 */
import { randomUUID } from 'node:crypto';
import type { SimReply, SimRequest, SimRouter } from '../sim/server.js';
import { smsSegments } from './segments.js';
import { brazilianMobile, startSmsSimServer, type RecordedSms, type SmsSimServer } from './sim-common.js';

export interface ZenviaSimulatorOptions {
  port?: number;
  host?: string;
  /** The accepted `X-API-TOKEN`; default `zenvia-sim-token`. */
  token?: string;
  /** The registered sender id; default `Avisa`. */
  from?: string;
  /** SMS parts left; default `null` (unlimited). */
  credits?: number | null;
}

export interface ZenviaSimSettings {
  [key: string]: boolean | number | null;
  /** Answer 200 with a failure body instead of accepting. */
  bodyFailure: boolean;
  /** SMS parts left, `null` for unlimited. */
  credits: number | null;
}

export interface ZenviaSimulator extends SmsSimServer {
  sends: RecordedSms[];
  settings: ZenviaSimSettings;
  setBodyFailure(on: boolean): void;
  setCredits(credits: number | null): void;
}

const MESSAGES_PATH = '/v2/channels/sms/messages';

export async function startZenviaSimulator(options: ZenviaSimulatorOptions = {}): Promise<ZenviaSimulator> {
  const token = options.token ?? 'zenvia-sim-token';
  const sender = options.from ?? 'Avisa';
  const sends: RecordedSms[] = [];
  const settings: ZenviaSimSettings = { bodyFailure: false, credits: options.credits ?? null };

  const authFailure = (request: SimRequest): SimReply | null => {
    const given = request.headers['x-api-token'];
    if (!given) return error(401, 'AUTHENTICATION_ERROR', 'No authorization token was found');
    return given === token ? null : error(401, 'AUTHENTICATION_ERROR', 'Invalid API token');
  };

  const send = (body: unknown): SimReply => {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return validation('', 'The body must be a JSON object');
    }
    const { from, to, contents } = body as { from?: unknown; to?: unknown; contents?: unknown };
    if (from !== sender) return validation('from', `Sender ${JSON.stringify(from)} is not registered for the SMS channel`);
    const number = brazilianMobile(to, 'required');
    if (!number.ok) {
      const why = number.problem === 'landline' ? 'is a landline and cannot receive SMS' : 'is not a valid mobile number (55 + DDD + 9 digits)';
      return validation('to', `${JSON.stringify(to)} ${why}`);
    }
    const first: unknown = Array.isArray(contents) && contents.length === 1 ? contents[0] : undefined;
    const text = (first as { type?: unknown; text?: unknown } | undefined)?.text;
    if ((first as { type?: unknown } | undefined)?.type !== 'text' || typeof text !== 'string' || !text) {
      return validation('contents', "Expected exactly one content of type 'text' with a non-empty text");
    }
    if (settings.bodyFailure) {
      return { status: 200, body: { code: 'MESSAGE_NOT_ACCEPTED', description: 'Simulated failure: the message was not accepted' } };
    }
    const parts = smsSegments(text).segments;
    if (settings.credits !== null && settings.credits < parts) {
      return error(402, 'INSUFFICIENT_CREDIT', `Insufficient credit: ${settings.credits} left, the message needs ${parts}`);
    }
    if (settings.credits !== null) settings.credits -= parts;
    const id = randomUUID();
    sends.push({ at: new Date().toISOString(), to: String(to), text, from: sender, id, credits: parts });
    return {
      status: 200,
      body: { id, from: sender, to, direction: 'OUT', channel: 'sms', contents: [{ type: 'text', text }] },
    };
  };

  const router: SimRouter = (request) => {
    if (request.path === '/v2/subscriptions' && request.method === 'GET') return authFailure(request) ?? { status: 200, body: [] };
    if (request.path === MESSAGES_PATH && request.method === 'POST') {
      const denied = authFailure(request);
      if (denied) return denied;
      if (request.body instanceof SyntaxError) return validation('', 'The body is not valid JSON');
      return send(request.body);
    }
    return error(404, 'NOT_FOUND', 'Not found');
  };

  const server = await startSmsSimServer({
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
    router,
    sends,
    settings,
    nullable: ['credits'],
    serverError: () => error(500, 'INTERNAL_ERROR', 'Internal error'),
    tooManyRequests: () => error(429, 'TOO_MANY_REQUESTS', 'Too many requests'),
  });
  return {
    ...server,
    sends,
    settings,
    setBodyFailure: (on) => {
      settings.bodyFailure = on;
    },
    setCredits: (credits) => {
      settings.credits = credits;
    },
  };
}

function error(status: number, code: string, description: string): SimReply {
  return { status, body: { code, description } };
}

function validation(path: string, message: string): SimReply {
  return { status: 400, body: { code: 'VALIDATION_ERROR', description: 'Validation error', details: [{ code: 'INVALID_PARAMETER', path, message }] } };
}
