/**
 * The Opa! Suite API client Avisa needs: list channels and their templates, read a channel's daily template quota,
 * send a template (HSM) to a WhatsApp number. Lists are GET requests with a JSON body (undici allows it, `fetch`
 * does not). A call succeeds only when HTTP is 2xx and the envelope says `status: "success"`; anything else throws
 * an `OpaError` whose `kind` tells the queue what to do. The token is sent as `Authorization: Bearer …` and never
 * appears in an error or a log.
 */
import { createHttpClient, type HttpCall, type HttpResponse } from '../http.js';
import { notice } from '../../shared/notice.js';
import { notOpaApi, OpaError, opaErrorFromResponse } from './errors.js';
import type { OpaChannel, OpaDailyLimit, OpaTemplate, OpaTemplateInfo, OpaTemplateSendBody, OpaTemplateSendResult } from './model.js';
import { parseTemplateDados, templatePlaceholders } from './template.js';
import { normaliseOpaBaseUrl, normaliseOpaToken } from './url.js';

export interface OpaClientOptions {
  /** As pasted by the user; normalised to `…/api/v1`. */
  baseUrl: string;
  /** With or without `Bearer `. */
  token: string;
  /** Accept an invalid TLS certificate (self-hosted instances). */
  insecureTls?: boolean;
  /** Per request; default 20 s. */
  timeoutMs?: number;
  /** Default for every send: also send to contacts who already have an open atendimento. Default false. */
  allowSendingToStartedCustomerService?: boolean;
  connections?: number;
}

export interface OpaSendTemplateInput {
  /** E.164 with `+`. */
  to: string;
  templateId: string;
  channelId: string;
  /** Positional, one per placeholder occurrence; sent as given (sanitise before). */
  variables: string[];
  /** Avisa's queue row id, sent as `metadata.avisaRef` for correlation with Opa's webhook. */
  ref: string;
  /** Overrides the client's default for this send. */
  allowSendingToStartedCustomerService?: boolean;
}

export interface OpaClient {
  /** The normalised base URL, `…/api/v1`. */
  readonly baseUrl: string;
  listChannels(signal?: AbortSignal): Promise<OpaChannel[]>;
  listTemplates(channelId: string, signal?: AbortSignal): Promise<OpaTemplateInfo[]>;
  /** `null` when the channel has no daily limit (Opa answers `{}`). */
  dailyLimit(channelId: string, signal?: AbortSignal): Promise<OpaDailyLimit | null>;
  sendTemplate(input: OpaSendTemplateInput, signal?: AbortSignal): Promise<OpaTemplateSendResult>;
  close(): Promise<void>;
}

const PAGE_SIZE = 100;
/** A safety stop for servers that ignore paging in an unexpected way (100 pages = 10,000 items). */
const MAX_PAGES = 100;

export function createOpaClient(options: OpaClientOptions): OpaClient {
  const baseUrl = normaliseOpaBaseUrl(options.baseUrl);
  const token = normaliseOpaToken(options.token);
  if (!token) throw new Error('The Opa! Suite API token is empty');
  const allowDefault = options.allowSendingToStartedCustomerService ?? false;
  const http = createHttpClient({ timeoutMs: options.timeoutMs ?? 20_000, insecureTls: options.insecureTls, connections: options.connections });

  async function call<T>(method: HttpCall['method'], path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const response = await http.call({ method, url: `${baseUrl}${path}`, headers: { authorization: `Bearer ${token}` }, body, signal });
    return unwrap<T>(response);
  }

  const channelPath = (channelId: string) => `/canal-comunicacao/${encodeURIComponent(channelId)}`;

  return {
    baseUrl,
    listChannels: (signal) =>
      collectPages((skip) => call<unknown>('GET', '/canal-comunicacao/', listBody(skip), signal).then((data) => asList<OpaChannel>(data))),
    async listTemplates(channelId, signal) {
      const items = await collectPages((skip) =>
        call<unknown>('GET', `${channelPath(channelId)}/template`, listBody(skip), signal).then((data) => asList<OpaTemplate>(data)),
      );
      return items.map((item) => ({
        ...item,
        meta: parseTemplateDados(item.dados),
        placeholders: templatePlaceholders(typeof item.texto === 'string' ? item.texto : ''),
      }));
    },
    async dailyLimit(channelId, signal) {
      const data = await call<unknown>('GET', `${channelPath(channelId)}/template/limites-diarios-envio`, undefined, signal);
      return readDailyLimit(data);
    },
    async sendTemplate(input, signal) {
      const body: OpaTemplateSendBody = {
        contato: { canalCliente: input.to },
        template: { _id: input.templateId, variaveis: input.variables },
        canal: input.channelId,
        allowSendingToStartedCustomerService: input.allowSendingToStartedCustomerService ?? allowDefault,
        metadata: { avisaRef: input.ref },
      };
      const data = await call<unknown>('POST', '/template/send', body, signal);
      const record = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
      const id = record.messageSentId ?? record._id;
      return {
        messageSentId: typeof id === 'string' ? id : '',
        message: typeof record.message === 'string' ? record.message : typeof data === 'string' ? data : '',
      };
    },
    close: () => http.close(),
  };
}

function listBody(skip: number) {
  return { filter: {}, options: { limit: PAGE_SIZE, skip } };
}

/** `data` of a successful envelope; throws the classified `OpaError` otherwise. */
function unwrap<T>(response: HttpResponse): T {
  const body = response.json;
  const ok2xx = response.status >= 200 && response.status < 300;
  if (ok2xx && (typeof body !== 'object' || body === null || !('status' in body))) {
    // A web page or a proxy answered: the address is probably not the Opa! Suite API.
    throw notOpaApi(response.status);
  }
  if (ok2xx && (body as { status: unknown }).status === 'success') return (body as { data: T }).data;
  throw opaErrorFromResponse(response);
}

function asList<T>(data: unknown): T[] {
  if (!Array.isArray(data)) {
    throw new OpaError('config', 'Opa! Suite answered a list request without a list; check the address', notice('unexpected_answer', { provider: 'opa' }));
  }
  return data as T[];
}

/**
 * Pages `fetchPage(skip)` until a short page or a page that brings no new `_id` (some Opa endpoints ignore
 * `skip`/`limit` and return everything every time).
 */
export async function collectPages<T extends { _id: string }>(fetchPage: (skip: number) => Promise<T[]>, pageSize = PAGE_SIZE): Promise<T[]> {
  const seen = new Set<string>();
  const out: T[] = [];
  for (let page = 0, skip = 0; page < MAX_PAGES; page += 1) {
    const items = await fetchPage(skip);
    let fresh = 0;
    for (const item of items) {
      const id = String(item?._id);
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(item);
      fresh += 1;
    }
    if (items.length < pageSize || fresh === 0) break;
    skip += items.length;
  }
  return out;
}

function readDailyLimit(data: unknown): OpaDailyLimit | null {
  if (typeof data !== 'object' || data === null) return null;
  const record = data as Record<string, unknown>;
  const dailyLimit = toNumber(record.dailyLimit);
  if (dailyLimit === undefined) return null;
  const messagesSent = toNumber(record.messagesSent) ?? 0;
  const availableAmount = toNumber(record.availableAmount) ?? Math.max(0, dailyLimit - messagesSent);
  return { messagesSent, dailyLimit, availableAmount };
}

function toNumber(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}
