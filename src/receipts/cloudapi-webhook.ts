/**
 * What a WhatsApp Cloud API webhook says (`{object: 'whatsapp_business_account', entry: [{changes: [{field:
 * 'messages', value: {metadata: {phone_number_id}, statuses: […], messages: […]}}]}]}`): the statuses of messages
 * we sent (receipts) and the messages subscribers wrote to the number (inbound: SAIR…). Anything else in it is
 * ignored; a value that is not what Meta sends is skipped, never thrown on.
 */
import { type ReceiptStatus, receiptStatuses } from '../shared/vocabulary.js';
import type { Receipt } from './receipts.js';

export interface InboundMessage {
  phoneNumberId: string;
  /** The subscriber's WhatsApp id (digits, country code first). */
  from: string;
  id: string;
  at: Date;
  /** The text, or a quick-reply button's payload/text. */
  text: string;
  /** A quick-reply button was pressed (not typed). */
  button: boolean;
}

export interface CloudApiWebhook {
  /** The numbers the payload is about (each verified with its integration's app secret). */
  phoneNumberIds: string[];
  receipts: Receipt[];
  inbound: InboundMessage[];
}

const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** A Unix timestamp in seconds (as Meta writes it: a string) as a date; now when unreadable. */
function timeOf(v: unknown): Date {
  const seconds = Number(str(v));
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : new Date();
}

export function readCloudApiWebhook(body: unknown): CloudApiWebhook {
  const out: CloudApiWebhook = { phoneNumberIds: [], receipts: [], inbound: [] };
  for (const entry of list(obj(body).entry)) {
    for (const change of list(obj(entry).changes)) {
      const value = obj(obj(change).value);
      const phoneNumberId = str(obj(value.metadata).phone_number_id);
      if (phoneNumberId && !out.phoneNumberIds.includes(phoneNumberId)) out.phoneNumberIds.push(phoneNumberId);
      for (const s of list(value.statuses)) {
        const st = obj(s);
        const status = str(st.status) as ReceiptStatus;
        const id = str(st.id);
        if (!id || !receiptStatuses.includes(status)) continue;
        const error = obj(list(st.errors)[0]);
        const code = str(error.code);
        const title = str(error.title) || str(error.message);
        out.receipts.push({
          provider: 'cloudapi',
          providerMessageId: id,
          status,
          at: timeOf(st.timestamp),
          ...(code ? { errorCode: code } : {}),
          ...(title ? { errorTitle: title } : {}),
        });
      }
      for (const m of list(value.messages)) {
        const msg = obj(m);
        const text = str(obj(msg.text).body) || str(obj(msg.button).payload) || str(obj(msg.button).text) || str(obj(obj(msg.interactive).button_reply).title);
        const from = str(msg.from);
        if (!from || !text) continue;
        const button = str(msg.type) === 'button' || str(msg.type) === 'interactive';
        out.inbound.push({ phoneNumberId, from, id: str(msg.id), at: timeOf(msg.timestamp), text, button });
      }
    }
  }
  return out;
}
