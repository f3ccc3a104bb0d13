/**
 * What the Zenvia and SMS Dev simulators share: the record of accepted sends, the check of a Brazilian mobile
 * number, run-time settings (credits, the "HTTP 200 with a failure body" switch) and their control routes, all on
 * top of `startSimServer` (faults, `/__sim/faults`).
 *
 * Control routes (besides `/__sim/faults`):
 * - `GET /__sim/sends` → the recorded sends; `DELETE /__sim/sends` → forget them (`{cleared: n}`);
 * - `GET /__sim/settings` → the simulator's settings; `PUT|PATCH|POST /__sim/settings` with a partial object → set
 *   them (unknown keys and wrong types are ignored), answering the new settings.
 */
import { startSimServer, type Faults, type SimReply, type SimRouter } from '../sim/server.js';

export interface RecordedSms {
  /** ISO time the simulator accepted the message. */
  at: string;
  /** The number exactly as the client sent it (digits). */
  to: string;
  text: string;
  /** Zenvia's sender id. */
  from?: string;
  /** SMS Dev's `refer` (Avisa's queue row id). */
  refer?: string;
  /** The id the simulator answered with. */
  id: string;
  /** Credits the message cost. */
  credits: number;
}

export type MobileVerdict = { ok: true; national: string } | { ok: false; problem: 'landline' | 'invalid' };

/**
 * Whether `raw` is a Brazilian mobile as digits: DDD (two digits 1–9) + `9` + 8 digits, after an optional (or, with
 * `countryCode: 'required'`, mandatory) `55`. A DDD + 8 digits starting 2–5 is a landline; anything else is invalid.
 */
export function brazilianMobile(raw: unknown, countryCode: 'required' | 'optional'): MobileVerdict {
  if (typeof raw !== 'string' && typeof raw !== 'number') return { ok: false, problem: 'invalid' };
  const digits = String(raw);
  if (!/^\d+$/.test(digits)) return { ok: false, problem: 'invalid' };
  const hasCountry = digits.startsWith('55') && (digits.length === 12 || digits.length === 13);
  if (countryCode === 'required' && !hasCountry) return { ok: false, problem: 'invalid' };
  const national = hasCountry ? digits.slice(2) : digits;
  if (/^[1-9][1-9]9\d{8}$/.test(national)) return { ok: true, national };
  if (/^[1-9][1-9][2-5]\d{7}$/.test(national)) return { ok: false, problem: 'landline' };
  return { ok: false, problem: 'invalid' };
}

export type SimSettings = Record<string, boolean | number | null>;

/** Copies the keys of `patch` that `settings` has when the type matches; only `nullable` keys take `null`. */
export function patchSettings(settings: SimSettings, patch: unknown, nullable: readonly string[] = []): void {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return;
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (!Object.hasOwn(settings, key)) continue;
    const fits =
      typeof settings[key] === 'boolean'
        ? typeof value === 'boolean'
        : (typeof value === 'number' && Number.isFinite(value)) || (value === null && nullable.includes(key));
    if (fits) settings[key] = value as boolean | number | null;
  }
}

export interface SmsSimServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  faults: Faults;
  setFaults(patch: Partial<Faults>): void;
  close(): Promise<void>;
}

export interface SmsSimServerOptions {
  port?: number;
  host?: string;
  /** The simulator's API. */
  router: SimRouter;
  /** Live array the router appends to; cleared in place so references stay valid. */
  sends: RecordedSms[];
  /** Live settings object the router reads. */
  settings: SimSettings;
  /** Settings that may be set to `null`. */
  nullable?: readonly string[];
  serverError?: () => SimReply;
  tooManyRequests?: () => SimReply;
}

/** Starts a simulator with the shared control routes. */
export async function startSmsSimServer(options: SmsSimServerOptions): Promise<SmsSimServer> {
  const { sends, settings } = options;
  const control: SimRouter = (request) => {
    if (request.path === '/__sim/sends') {
      if (request.method === 'GET') return { status: 200, body: sends };
      if (request.method === 'DELETE') return { status: 200, body: { cleared: sends.splice(0).length } };
    }
    if (request.path === '/__sim/settings') {
      if (request.method === 'GET') return { status: 200, body: settings };
      if (['PUT', 'PATCH', 'POST'].includes(request.method)) {
        patchSettings(settings, request.body, options.nullable);
        return { status: 200, body: settings };
      }
    }
    return { status: 404, body: { error: 'unknown control route' } };
  };
  return startSimServer(options.router, {
    control,
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.serverError ? { serverError: options.serverError } : {}),
    ...(options.tooManyRequests ? { tooManyRequests: options.tooManyRequests } : {}),
  });
}
