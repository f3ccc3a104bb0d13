/**
 * What an Opa! Suite webhook may say. Opa has webhooks (its API returns a send's `metadata` "later, through an Opa!
 * Suite webhook"), but their events, fields and signing are not documented anywhere public (opasuite.md §1.12), so
 * this reader is tolerant: it walks each event (an object, a list, or `{data: …}` / `{evento: …}` wrappers) and takes
 *  - the message's id from `messageSentId`, `message._id`, `data.messageSentId` or `_id`, and our own correlation
 *    id from `metadata.avisaRef` (the queue row, sent with every template);
 *  - its status from `status`, `statusEnvio.status` or `situacao` — words that say sent, delivered, read or failed
 *    in Portuguese or English (`entregue`, `lida`, `falha`, `erro`…); anything else is no receipt;
 *  - a subscriber's message (SAIR…) from an event whose sender is a contact (`from`/`contato`/`remetente`, the
 *    phone often as `5563984510882@c.us`) with a text, marked as coming from the customer — never our own sends.
 * Every body is also kept, raw and short, for the integration's screen: what Opa really sends is visible there.
 */
import type { Inbound } from '../optout/inbound.js';
import type { ReceiptStatus } from '../shared/vocabulary.js';

export interface OpaReceipt {
  /** Opa's message id (`messageSentId`), when the event has it. */
  providerMessageId?: string;
  /** Our queue row id (`metadata.avisaRef`), when the event carries the send's metadata back. */
  ref?: number;
  status: ReceiptStatus;
  at: Date;
  errorTitle?: string;
}

const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
const first = (...values: unknown[]): string => values.map(str).find(Boolean) ?? '';

/** A status word in Portuguese or English, folded: what receipt it is, if any. */
export function opaStatus(word: string): ReceiptStatus | null {
  const w = word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
  if (!w) return null;
  if (/(^|[^a-z])(lid[ao]|read|visualizad[ao])/.test(w)) return 'read';
  if (/(nao[ _-]?entregue|falh|erro|fail|undeliver|rejeit|reject)/.test(w)) return 'failed';
  if (/(entregue|delivered|recebid[ao])/.test(w)) return 'delivered';
  if (/(enviad[ao]|^sent$|^enviado$)/.test(w)) return 'sent';
  return null;
}

function timeOf(...values: unknown[]): Date {
  for (const v of values) {
    if (typeof v === 'number' && Number.isFinite(v)) return new Date(v < 1e12 ? v * 1000 : v);
    const t = Date.parse(str(v));
    if (Number.isFinite(t)) return new Date(t);
  }
  return new Date();
}

/** The events of a body: a list, one event, or events under `data` / `evento` / `events`. */
function eventsOf(body: unknown): Record<string, unknown>[] {
  if (Array.isArray(body)) return body.flatMap(eventsOf);
  const o = obj(body);
  for (const key of ['events', 'eventos']) if (Array.isArray(o[key])) return (o[key] as unknown[]).flatMap(eventsOf);
  return [o];
}

/** Whether the event is something the customer wrote (not a send of ours or an attendant's message). */
function fromCustomer(event: Record<string, unknown>, message: Record<string, unknown>): boolean {
  const origin = first(event.origem, message.origem, event.direction, message.direction, event.direcao, message.direcao).toLowerCase();
  if (/^(in|entrada|recebida|cliente|contato|customer)$/.test(origin)) return true;
  return message.fromMe === false || event.fromMe === false;
}

export function readOpaWebhook(body: unknown): { receipts: OpaReceipt[]; inbound: Inbound[] } {
  const receipts: OpaReceipt[] = [];
  const inbound: Inbound[] = [];
  for (const event of eventsOf(body)) {
    const data = obj(event.data);
    const message = obj(event.message ?? event.mensagem ?? data.message ?? data.mensagem);
    const metadata = obj(event.metadata ?? data.metadata ?? message.metadata);
    const statusOf = obj(event.statusEnvio ?? data.statusEnvio ?? message.statusEnvio);
    const status = opaStatus(first(event.status, data.status, message.status, statusOf.status, event.situacao, data.situacao));
    const id = first(event.messageSentId, data.messageSentId, message.messageSentId, message._id, data._id);
    const ref = Number(str(metadata.avisaRef));
    const text = first(message.text, message.texto, message.body, typeof event.mensagem === 'string' ? event.mensagem : '', data.text, data.texto);
    if (fromCustomer(event, message)) {
      const contact = obj(event.contato ?? data.contato ?? message.contato);
      const from = first(message.from, event.from, data.from, event.remetente, message.remetente, contact.telefone, contact.fone, contact.numero)
        .replace(/@.*$/, '')
        .replace(/\D/g, '');
      if (text && from.length >= 10) inbound.push({ from, text, button: false });
    } else if (status && (id || ref > 0)) {
      const title = first(statusOf.observacao, event.erro, data.erro, event.error, data.error);
      receipts.push({
        ...(id ? { providerMessageId: id } : {}),
        ...(Number.isSafeInteger(ref) && ref > 0 ? { ref } : {}),
        status,
        at: timeOf(event.timestamp, data.timestamp, message.data, event.data_hora, data.data_hora),
        ...(status === 'failed' && title ? { errorTitle: title } : {}),
      });
    }
  }
  return { receipts, inbound };
}
