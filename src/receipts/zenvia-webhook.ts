/**
 * What a Zenvia webhook says (API v2 subscriptions): `MESSAGE_STATUS` events of the SMS we sent (`messageId`,
 * `messageStatus: {code, timestamp, description, causes}`) and `MESSAGE` events a subscriber sent (`direction: 'IN'`,
 * `message: {from, contents: [{type: 'text', text}]}`: SAIR). Zenvia's codes map to the receipt statuses: SENT →
 * sent, DELIVERED → delivered, READ → read, NOT_DELIVERED / REJECTED → failed. Anything else is skipped.
 */
import type { Inbound } from '../optout/inbound.js';
import type { ReceiptStatus } from '../shared/vocabulary.js';
import type { Receipt } from './receipts.js';

const STATUS: Record<string, ReceiptStatus> = { SENT: 'sent', DELIVERED: 'delivered', READ: 'read', NOT_DELIVERED: 'failed', REJECTED: 'failed' };

const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function timeOf(v: unknown): Date {
  const t = Date.parse(str(v));
  return Number.isFinite(t) ? new Date(t) : new Date();
}

/** One event, or a list of them, as receipts and inbound messages. */
export function readZenviaWebhook(body: unknown): { receipts: Receipt[]; inbound: Inbound[] } {
  const events = Array.isArray(body) ? body : [body];
  const receipts: Receipt[] = [];
  const inbound: Inbound[] = [];
  for (const raw of events) {
    const event = obj(raw);
    if (str(event.type) === 'MESSAGE_STATUS') {
      const status = obj(event.messageStatus);
      const mapped = STATUS[str(status.code)];
      const id = str(event.messageId);
      if (!mapped || !id) continue;
      const cause = obj(Array.isArray(status.causes) ? status.causes[0] : undefined);
      const code = str(cause.channelErrorCode) || (mapped === 'failed' ? str(status.code) : '');
      const title = str(cause.reason) || (mapped === 'failed' ? str(status.description) : '');
      receipts.push({ provider: 'zenvia', providerMessageId: id, status: mapped, at: timeOf(status.timestamp ?? event.timestamp), ...(code ? { errorCode: code } : {}), ...(title ? { errorTitle: title } : {}) });
    } else if (str(event.type) === 'MESSAGE' && str(event.direction) === 'IN') {
      const message = obj(event.message);
      const contents = Array.isArray(message.contents) ? message.contents : [];
      const text = contents.map((c) => str(obj(c).text) || str(obj(c).payload)).find(Boolean) ?? '';
      const from = str(message.from);
      if (from && text) inbound.push({ from, text, button: false });
    }
  }
  return { receipts, inbound };
}
