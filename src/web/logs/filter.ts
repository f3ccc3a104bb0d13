/**
 * The Logs filter form (texts as typed) ↔ the API's filter. Numbers must be whole and positive, Data envio is a
 * wall-clock range in the installation's zone sent with its offset, and "até" must not be before "de".
 */
import { localInputToIso } from '../report/zonedTime.js';
import type { Channel, LogFilter } from './types.js';

export interface LogForm {
  id: string;
  clientId: string;
  contact: string;
  /** datetime-local values ("2025-01-15T08:00"). */
  from: string;
  to: string;
  status: '' | 'success' | 'failure';
  /** Entrega: what the provider reported after a successful send. */
  delivery: '' | 'delivered' | 'read' | 'failed' | 'none';
  message: string;
  batchId: string;
}

export const emptyLogForm: LogForm = {
  id: '',
  clientId: '',
  contact: '',
  from: '',
  to: '',
  status: '',
  delivery: '',
  message: '',
  batchId: '',
};

export type LogFormField = keyof LogForm;
export type LogFormProblem = 'number' | 'date' | 'range';

const MAX_TEXT = 200;

function positive(text: string): number | undefined | null {
  const value = text.trim();
  if (!value) return undefined;
  return /^\d{1,15}$/.test(value) && Number(value) > 0 ? Number(value) : null;
}

/** The API filter for `form` on `channel`, or the fields that are wrong. */
export function toLogFilter(
  form: LogForm,
  channel: Channel,
): { ok: true; filter: LogFilter } | { ok: false; errors: Partial<Record<LogFormField, LogFormProblem>> } {
  const errors: Partial<Record<LogFormField, LogFormProblem>> = {};
  const filter: LogFilter = { channel };
  for (const key of ['id', 'clientId', 'batchId'] as const) {
    const value = positive(form[key]);
    if (value === null) errors[key] = 'number';
    else if (value !== undefined) filter[key] = value;
  }
  for (const key of ['from', 'to'] as const) {
    if (!form[key]) continue;
    // A whole minute: "até 08:00" means up to 08:00:59.
    const iso = localInputToIso(form[key]);
    if (!iso) errors[key] = 'date';
    else filter[key] = key === 'to' ? iso.replace(/:00([+-]\d{2}:\d{2}|Z)$/, ':59.999$1') : iso;
  }
  if (filter.from && filter.to && Date.parse(filter.from) > Date.parse(filter.to)) errors.to = 'range';
  const contact = form.contact.trim().slice(0, MAX_TEXT);
  if (contact) filter.contact = contact;
  const message = form.message.trim().slice(0, MAX_TEXT);
  if (message) filter.message = message;
  if (form.status) filter.status = form.status;
  if (form.delivery) filter.delivery = form.delivery;
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, filter };
}
