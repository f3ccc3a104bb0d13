/**
 * A WhatsApp Cloud API simulator (a real HTTP server on loopback, like the Opa! Suite one), for tests and the demo:
 *  - `POST /{version}/{phone-number-id}/messages` (Bearer token): template sends checked against the approved
 *    templates (name and `pt_BR` language → 132001; body parameter count → 132000; a newline, tab or 4+ spaces in a
 *    parameter → 132018), the number's throughput (a rolling second; over it → 130429) and the pair rate (the same
 *    user again within `pairSeconds` → 131056); recipients set up to fail at once (`rejects`) or later (`undeliverable`);
 *    answers `{messaging_product, contacts: [{input, wa_id}], messages: [{id: 'wamid…', message_status: 'accepted'}]}`.
 *  - Status webhooks signed with `X-Hub-Signature-256` (the app secret) to `webhookUrl`: sent, delivered, read — or
 *    sent then failed with the recipient's error — in shuffled order when `outOfOrder` (delivered after read).
 *  - `GET /{version}/{phone-number-id}` (display name, quality rating, throughput) and
 *    `GET /{version}/{waba-id}/message_templates` (name, language, status, category, components).
 *  - Control: `GET /__sim/sends`, `POST /__sim/inbound` `{from, text}` (a user's message, e.g. SAIR, as a webhook).
 * Errors are Graph errors: `{error: {message, type, code, error_data: {messaging_product, details}, fbtrace_id}}`.
 */
import { randomBytes } from 'node:crypto';
import { type SimReply, type SimRequest, startSimServer } from '../sim/server.js';
import { signPayload } from './signature.js';

export interface CloudTemplate {
  name: string;
  language: string;
  category: 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';
  /** The body text with `{{1}}`, `{{2}}`… */
  body: string;
}

export interface CloudApiSimOptions {
  token: string;
  appSecret: string;
  phoneNumberId?: string;
  wabaId?: string;
  templates?: CloudTemplate[];
  /** Messages per second the number takes (Meta's default 80). */
  throughput?: number;
  pairSeconds?: number;
  /** The messaging-limit tier the number reports (`TIER_2K` by default; `TIER_250`, `TIER_10K`, `UNLIMITED`…). */
  messagingLimit?: string;
  /** Where the status webhooks go (none: not sent). */
  webhookUrl?: string;
  /** Shuffle each message's statuses (delivered may come after read, failed after sent). */
  outOfOrder?: boolean;
  /** Digits of recipients whose send is refused at once, with the error code. */
  rejects?: Record<string, number>;
  /** Digits of recipients accepted, then reported failed by webhook with the error code (131026: not on WhatsApp). */
  undeliverable?: Record<string, number>;
  /** Recipients whose `read` never comes (read receipts off). */
  noReadReceipts?: string[];
  port?: number;
  host?: string;
  /** Told of each accepted template send (the CLI prints it). */
  onSend?: (send: CloudSend) => void;
}

export interface CloudSend {
  wamid: string;
  to: string;
  template: string;
  parameters: string[];
  at: Date;
}

/** A free-form text the number sent (an opt-out confirmation). */
export interface CloudText {
  wamid: string;
  to: string;
  text: string;
  at: Date;
}

export interface CloudApiSimulator {
  url: string;
  sends: CloudSend[];
  /** Free-form texts sent within the 24 h window. */
  texts: CloudText[];
  /** Webhook deliveries made (and their HTTP status, 0 when the receiver did not answer). */
  deliveries: { body: string; status: number }[];
  /** Resolves once every scheduled webhook was delivered. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_TEMPLATES: CloudTemplate[] = [
  { name: 'aviso_instabilidade', language: 'pt_BR', category: 'UTILITY', body: 'Olá {{1}}, identificamos uma instabilidade na região {{2}}. Previsão: {{3}}.' },
  { name: 'servico_normalizado', language: 'pt_BR', category: 'UTILITY', body: 'Olá {{1}}, o serviço de internet na sua região foi normalizado.' },
  { name: 'promocao_fibra', language: 'pt_BR', category: 'MARKETING', body: 'Olá {{1}}, conheça o plano de {{2}}!' },
];

const graph = (status: number, code: number, message: string, details = message): SimReply => ({
  status,
  body: { error: { message: `(#${code}) ${message}`, type: 'OAuthException', code, error_data: { messaging_product: 'whatsapp', details }, fbtrace_id: randomBytes(8).toString('hex') } },
});

const placeholders = (text: string) => new Set([...text.matchAll(/\{\{(\d+)\}\}/g)].map((m) => m[1])).size;

export async function startCloudApiSimulator(options: CloudApiSimOptions): Promise<CloudApiSimulator> {
  const phoneId = options.phoneNumberId ?? '106540352242922';
  const wabaId = options.wabaId ?? '102290129340398';
  const templates = options.templates ?? DEFAULT_TEMPLATES;
  const throughput = options.throughput ?? 80;
  const pairMs = (options.pairSeconds ?? 6) * 1000;
  const sends: CloudSend[] = [];
  const deliveries: { body: string; status: number }[] = [];
  const recent: number[] = [];
  const lastTo = new Map<string, number>();
  const pending = new Set<Promise<void>>();
  const lastInbound = new Map<string, number>();
  const texts: CloudText[] = [];

  const deliver = async (value: Record<string, unknown>) => {
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: wabaId, changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '554830000000', phone_number_id: phoneId }, ...value } }] }],
    });
    try {
      const r = await fetch(options.webhookUrl!, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signPayload(body, options.appSecret) }, body });
      await r.arrayBuffer();
      deliveries.push({ body, status: r.status });
    } catch {
      deliveries.push({ body, status: 0 });
    }
  };
  /** One webhook per value, one after the other (as Meta posts each status on its own). */
  const webhook = (...values: Record<string, unknown>[]) => {
    if (!options.webhookUrl) return;
    const job = (async () => {
      for (const value of values) await deliver(value);
    })().finally(() => pending.delete(job));
    pending.add(job);
  };

  const statusesOf = (send: CloudSend) => {
    const ts = Math.floor(send.at.getTime() / 1000);
    const failed = options.undeliverable?.[send.to];
    const base = { id: send.wamid, recipient_id: send.to };
    const list: Record<string, unknown>[] = [{ ...base, status: 'sent', timestamp: String(ts) }];
    if (failed !== undefined) {
      list.push({ ...base, status: 'failed', timestamp: String(ts + 1), errors: [{ code: failed, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Message Undeliverable.' } }] });
    } else {
      list.push({ ...base, status: 'delivered', timestamp: String(ts + 1) });
      if (!options.noReadReceipts?.includes(send.to)) list.push({ ...base, status: 'read', timestamp: String(ts + 2) });
    }
    return options.outOfOrder ? list.reverse() : list;
  };

  /** Free-form text: only within 24 h of the user's last message (the customer service window). */
  function sendText(to: string, body: unknown): SimReply {
    const last = lastInbound.get(to);
    if (last === undefined || Date.now() - last > 24 * 3_600_000) {
      return graph(400, 131047, 'Re-engagement message', 'Message failed to send because more than 24 hours have passed since the customer last replied to this number');
    }
    const wamid = `wamid.${randomBytes(24).toString('base64url')}`;
    texts.push({ wamid, to, text: String(body ?? ''), at: new Date() });
    return { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to }], messages: [{ id: wamid }] } };
  }

  function sendMessage(request: SimRequest): SimReply {
    const b = request.body as { messaging_product?: string; to?: string; type?: string; template?: { name?: string; language?: { code?: string }; components?: { type?: string; parameters?: { text?: string }[] }[] } };
    if (typeof b !== 'object' || b === null || b.messaging_product !== 'whatsapp' || typeof b.to !== 'string') return graph(400, 100, 'Invalid parameter');
    if (b.type === 'text') return sendText(b.to.replace(/\D/g, ''), (b as { text?: { body?: unknown } }).text?.body);
    if (b.type !== 'template') return graph(400, 100, 'Invalid parameter', `type ${String(b.type)} is not supported by the simulator`);
    const now = Date.now();
    while (recent.length > 0 && recent[0]! <= now - 1000) recent.shift();
    if (recent.length >= throughput) return graph(400, 130429, 'Rate limit hit', `Cloud API message throughput (${throughput}/s) has been reached`);
    const to = b.to.replace(/\D/g, '');
    const previous = lastTo.get(to);
    if (previous !== undefined && now - previous < pairMs) return graph(400, 131056, '(Business Account, Consumer Account) pair rate limit hit');
    const reject = options.rejects?.[to];
    if (reject !== undefined) return graph(400, reject, 'Message undeliverable');
    const template = templates.find((t) => t.name === b.template?.name && t.language === b.template?.language?.code);
    if (!template) return graph(404, 132001, 'Template name does not exist in the translation', `template name (${b.template?.name}) does not exist in ${b.template?.language?.code}`);
    const parameters = (b.template?.components ?? []).filter((c) => c.type === 'body').flatMap((c) => (c.parameters ?? []).map((p) => String(p.text ?? '')));
    const expected = placeholders(template.body);
    if (parameters.length !== expected) {
      return graph(400, 132000, 'Number of parameters does not match the expected number of params', `body: number of localizable_params (${parameters.length}) does not match the expected number of params (${expected})`);
    }
    if (parameters.some((p) => /[\n\t]| {4,}/.test(p))) return graph(400, 132018, 'There was an issue with the parameters in your template', 'Param text cannot have new-line/tab characters or more than 4 consecutive spaces');
    recent.push(now);
    lastTo.set(to, now);
    const send: CloudSend = { wamid: `wamid.${randomBytes(24).toString('base64url')}`, to, template: template.name, parameters, at: new Date(now) };
    sends.push(send);
    options.onSend?.(send);
    webhook(...statusesOf(send).map((status) => ({ statuses: [status] })));
    return { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: b.to, wa_id: to }], messages: [{ id: send.wamid, message_status: 'accepted' }] } };
  }

  const server = await startSimServer(
    (request) => {
      if (request.headers.authorization !== `Bearer ${options.token}`) return graph(401, 190, 'Invalid OAuth access token - Cannot parse access token');
      const [, , id, edge] = request.path.split('/');
      if (request.method === 'POST' && id === phoneId && edge === 'messages') return sendMessage(request);
      if (request.method === 'GET' && id === phoneId && edge === undefined) {
        return { status: 200, body: { id: phoneId, display_phone_number: '+55 48 3000-0000', verified_name: 'Provedor Exemplo', quality_rating: 'GREEN', throughput: { level: throughput >= 1000 ? 'HIGH' : 'STANDARD' }, whatsapp_business_manager_messaging_limit: options.messagingLimit ?? 'TIER_2K' } };
      }
      if (request.method === 'GET' && id === wabaId && edge === 'message_templates') {
        const data = templates.map((t, i) => ({ id: String(900_000 + i), name: t.name, language: t.language, status: 'APPROVED', category: t.category, parameter_format: 'POSITIONAL', components: [{ type: 'BODY', text: t.body }] }));
        return { status: 200, body: { data, paging: { cursors: { before: 'MAZDZD', after: 'MjQZD' } } } };
      }
      return graph(400, 100, 'Unsupported request', `Unknown path components: ${request.path}`);
    },
    {
      control: (request) => {
        if (request.path === '/__sim/sends') return { status: 200, body: sends };
        if (request.path === '/__sim/texts') return { status: 200, body: texts };
        if (request.path === '/__sim/inbound' && request.method === 'POST') {
          const { from, text, button } = (request.body ?? {}) as { from?: string; text?: string; button?: string };
          const ts = String(Math.floor(Date.now() / 1000));
          if (from) lastInbound.set(from.replace(/\D/g, ''), Date.now());
          const id = `wamid.${randomBytes(24).toString('base64url')}`;
          // a quick-reply button press arrives as a `button` message with its payload
          const message = button
            ? { from, id, timestamp: ts, type: 'button', button: { payload: button, text: button } }
            : { from, id, timestamp: ts, type: 'text', text: { body: text } };
          webhook({ contacts: [{ profile: { name: 'Assinante' }, wa_id: from }], messages: [message] });
          return { status: 200, body: { ok: true } };
        }
        return { status: 404, body: { error: 'unknown control route' } };
      },
      ...(options.port === undefined ? {} : { port: options.port }),
      ...(options.host === undefined ? {} : { host: options.host }),
      serverError: () => graph(500, 2, 'Service temporarily unavailable'),
      tooManyRequests: () => graph(429, 80007, 'Rate limit issues'),
    },
  );

  return {
    url: server.url,
    sends,
    texts,
    deliveries,
    settled: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    close: () => server.close(),
  };
}
