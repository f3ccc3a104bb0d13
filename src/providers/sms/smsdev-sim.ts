/**
 * An SMS Dev simulator for tests, the demo and manual runs: `/v1/send` (GET with query parameters, or POST with a
 * JSON object or array of objects) and `/v1/balance` (GET `?key=` or POST `{key}`), with the key check, number
 * validation, a balance that runs out, a "200 with a failure body" switch and the shared faults and control routes
 * (`sim-common.ts`, `sim/server.ts`).
 *
 * Like SMS Dev, every business answer is HTTP 200 and the body says how it went: `{situacao: 'OK', codigo: '1', id,
 * descricao: 'MENSAGEM NA FILA'}` (the documented success) or `{situacao: 'ERRO', descricao}`. SMS Dev publishes no
 * list of error texts; these are the simulator's, in SMS Dev's upper-case style:
 * | request                                              | `descricao` |
 * |------------------------------------------------------|-------------|
 * | wrong or missing key                                 | `CHAVE KEY INVALIDA` |
 * | `type` other than 9                                  | `TIPO DE SERVICO INVALIDO` |
 * | landline (DDD + 8 digits starting 2–5)                | `NUMERO INVALIDO: TELEFONE FIXO NAO RECEBE SMS` |
 * | anything else that is not [55] + DDD + 9 + 8 digits    | `NUMERO INVALIDO` |
 * | empty `msg`                                          | `MENSAGEM EM BRANCO` |
 * | `bodyFailure` on                                     | `FALHA SIMULADA NO ENVIO` |
 * | balance lower than the message's credits             | `SALDO INSUFICIENTE` |
 * A message costs 1 credit per started 160 characters (the docs' rule, regardless of encoding); an accepted one is
 * recorded and its credits are taken from the balance. Balance answers `{situacao: 'OK', saldo_sms: 'N', descricao:
 * 'SALDO ATUAL'}` (documented shape).
 */
import type { SimRequest, SimRouter } from '../sim/server.js';
import { brazilianMobile, startSmsSimServer, type RecordedSms, type SmsSimServer } from './sim-common.js';

export interface SmsDevSimulatorOptions {
  port?: number;
  host?: string;
  /** The accepted key; default `smsdev-sim-key`. */
  key?: string;
  /** SMS credits; default 100. */
  balance?: number;
}

export interface SmsDevSimSettings {
  [key: string]: boolean | number | null;
  /** Answer `situacao: 'ERRO'` (HTTP 200) to every send that would have been accepted. */
  bodyFailure: boolean;
  /** SMS credits left. */
  balance: number;
}

export interface SmsDevSimulator extends SmsSimServer {
  sends: RecordedSms[];
  settings: SmsDevSimSettings;
  setBodyFailure(on: boolean): void;
  setBalance(balance: number): void;
}

/** SMS Dev charges 1 credit per started 160 characters. */
export function smsDevCredits(text: string): number {
  return Math.max(1, Math.ceil([...text].length / 160));
}

export async function startSmsDevSimulator(options: SmsDevSimulatorOptions = {}): Promise<SmsDevSimulator> {
  const key = options.key ?? 'smsdev-sim-key';
  const sends: RecordedSms[] = [];
  const settings: SmsDevSimSettings = { bodyFailure: false, balance: options.balance ?? 100 };
  let nextId = 175_570_049; // the id of the docs' example answer

  const sendOne = (item: Record<string, unknown>): Record<string, unknown> => {
    if (item.key !== key) return erro('CHAVE KEY INVALIDA');
    if (String(item.type) !== '9') return erro('TIPO DE SERVICO INVALIDO');
    const number = brazilianMobile(item.number, 'optional');
    if (!number.ok) return erro(number.problem === 'landline' ? 'NUMERO INVALIDO: TELEFONE FIXO NAO RECEBE SMS' : 'NUMERO INVALIDO');
    const text = typeof item.msg === 'string' ? item.msg : '';
    if (!text.trim()) return erro('MENSAGEM EM BRANCO');
    if (settings.bodyFailure) return erro('FALHA SIMULADA NO ENVIO');
    const credits = smsDevCredits(text);
    if (settings.balance < credits) return erro('SALDO INSUFICIENTE');
    settings.balance -= credits;
    const id = String(nextId++);
    const refer = typeof item.refer === 'string' ? item.refer : undefined;
    sends.push({ at: new Date().toISOString(), to: String(item.number), text, ...(refer === undefined ? {} : { refer }), id, credits });
    return { situacao: 'OK', codigo: '1', id, descricao: 'MENSAGEM NA FILA' };
  };

  const balance = (item: Record<string, unknown>): Record<string, unknown> =>
    item.key === key ? { situacao: 'OK', saldo_sms: String(settings.balance), descricao: 'SALDO ATUAL' } : erro('CHAVE KEY INVALIDA');

  const router: SimRouter = (request) => {
    const handler = request.path === '/v1/send' ? sendOne : request.path === '/v1/balance' ? balance : null;
    if (!handler || (request.method !== 'GET' && request.method !== 'POST')) return { status: 404, body: 'Not Found' };
    if (request.body instanceof SyntaxError) return { status: 200, body: erro('JSON INVALIDO') };
    if (Array.isArray(request.body)) return { status: 200, body: request.body.map((item) => handler(asRecord(item))) };
    return { status: 200, body: handler(request.body === undefined ? fromQuery(request) : asRecord(request.body)) };
  };

  const server = await startSmsSimServer({
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
    router,
    sends,
    settings,
    serverError: () => ({ status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' }),
  });
  return {
    ...server,
    sends,
    settings,
    setBodyFailure: (on) => {
      settings.bodyFailure = on;
    },
    setBalance: (value) => {
      settings.balance = value;
    },
  };
}

function erro(descricao: string): Record<string, unknown> {
  return { situacao: 'ERRO', descricao };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function fromQuery(request: SimRequest): Record<string, unknown> {
  return Object.fromEntries(request.query.entries());
}
