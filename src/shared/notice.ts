/**
 * Text for people is rendered, not stored. What Avisa records about a send, a run or an integration — why a
 * queue row failed, what a log line says, why a task run or a gatilho evaluation failed, why an integration was
 * halted, how a webhook delivery went — is a `Notice`: a stable `code` from the frozen vocabulary below, the
 * `params` that code takes, and, verbatim beside them, `detail`: words Avisa did not write (the provider's or
 * vendor's own message, a system error, a text recorded before codes existed). The screens render a notice in the
 * reader's language and the CSV reports in pt-BR, from one catalogue (./notice-text.ts); integrators get the code.
 *
 * Stored as one jsonb value of exactly this shape (the wire's shape too): params vary by code, a notice is written
 * and read whole, and `detail` and `code` stay searchable (`col->>'detail'`, `col->>'code'`).
 * Browser-safe (zod only).
 */
import { z } from 'zod';
import { channels, type SkipReason } from './vocabulary.js';

const text = z.string();
const count = z.number().int();

/** The integration kinds a notice may name (rendered with their brand names). */
export const providerNames = ['opa', 'smtp', 'zenvia', 'smsdev', 'cloudapi'] as const;
const provider = z.enum(providerNames);
/** An SMTP integration's security mode. */
const security = z.enum(['tls', 'starttls', 'none']);
/** The kinds of rows an import writes or names (rendered with their names). */
const importEntities = [
  'clients',
  'contracts',
  'logins',
  'cities',
  'branches',
  'plans',
  'radius_groups',
  'nas',
  'pops',
  'ftth_boxes',
  'condominiums',
] as const;
const entity = z.enum(importEntities);

/**
 * Every code and the params it takes. Grouped by where they are written; `detail` is noted where the code expects
 * one. Append new codes; never rename one (integrators and stored rows hold them).
 */
export const noticeParamShapes = {
  // Anywhere
  /** A text recorded before notices existed, or one the conversion did not recognise; `detail` holds it. */
  legacy: {},
  /** Something failed that Avisa has no code for; `detail`: the error's own message. */
  unexpected_error: {},

  // A send: queue rows (Fila) and delivery log lines (Logs)
  /** The provider accepted the message; `detail`: its confirmation, when it gave one. */
  sent: {},
  cancelled_by: { user: text },
  /** The process died while the request was out: nobody knows whether it arrived. */
  send_interrupted: {},
  /** The row's stored message cannot be read; `detail` says what is wrong. */
  payload_unreadable: {},
  /** The provider refused or failed; `detail`: its words. */
  provider_said: {},
  /** An HTTP answer that is not a success; `detail`: the start of its body, when it had one. */
  http_status: { status: count },
  timeout: { seconds: z.number() },
  request_cancelled: {},
  /** `code`: the system's error code (ECONNREFUSED…); `detail`: its message. */
  connection_failed: { code: text },
  /** Something answered that is not the provider's API (a web page, a proxy). */
  not_provider_api: { provider, status: count },
  /** The provider's answer is not what its API returns; `detail`: what came. */
  unexpected_answer: { provider },
  /** Accepted-looking answer without the message's id; `detail`: what came. */
  no_message_id: { provider },
  wrong_channel: { provider, channel: z.enum(channels) },
  /** The integration's settings cannot be used; `detail`: why. */
  not_configured: { provider },
  invalid_number: { number: text },
  /** Opa! Suite's daily template limit of the channel; `limit` is `?` when Opa did not say. */
  daily_limit: { limit: z.union([count, z.literal('?')]) },
  /** WhatsApp's messaging limit (distinct users per rolling 24 h) is used up by the sends of the last 24 h. */
  messaging_limit: { limit: count, used: count },
  /** `detail`: the TLS library's words. */
  tls_certificate_refused: { code: text },
  tls_failed: { code: text },
  secret_unreadable: {},
  /** The provider refused the integration itself, without words. */
  provider_refused: {},

  // Testar conexão
  check_opa: { channels: count, whatsapp: count },
  check_smtp: { host: text, port: count, security },
  check_smtp_login: { host: text, port: count, security, user: text },
  check_zenvia: { from: text },
  check_zenvia_subscriptions: { from: text, subscriptions: count },
  /** `detail`: SMS Dev's own words about the balance. */
  check_smsdev: { balance: text },
  /** WhatsApp Cloud API: the number's name, quality rating (GREEN/YELLOW/RED) and messaging limit tier. */
  check_cloudapi: { name: text, number: text, quality: text, limit: text },
  /** A WhatsApp message whose template is of the other provider's kind (Opa! Suite vs Cloud API). */
  wrong_template_kind: { provider },
  no_credits: { balance: text },
  no_balance: { provider },

  // Agenda de tarefas
  task_abandoned: {},
  /** `detail`: what stopped it, when it threw. */
  task_interrupted: {},
  task_type_unknown: { type: text },
  no_active_source: {},
  /** `detail`: the sync's own report. */
  sync_failed: { source: count },
  sync_refused: { source: count },
  /** Why an IXC sync run failed (src/ingest/ixc-sync/client.ts). `detail`: the system's words for the failure. */
  ixc_unreachable: {},
  sync_cancelled: {},
  ixc_auth_refused: { status: count },
  /** `detail`: what IXC said with the status, if anything. */
  ixc_http_status: { status: count },
  ixc_no_webservice: { table: text },
  ixc_not_webservice: { table: text, status: count },
  ixc_malformed: { table: text },
  /** `detail`: IXC's own message (`{type: "error"}` or its HTML error fragment). */
  ixc_refused_listing: { table: text },

  // Mensagens Omnichannel: why a message cannot be saved (the checks the form cannot make itself)
  message_integration_missing: { id: count },
  message_integration_channel: { integration: text, channel: z.enum(channels) },
  message_integration_kind: { integration: text, provider },
  opa_channel_gone: { channelId: text },
  opa_template_gone: { template: text, channelName: text },
  cloud_template_language: { name: text, language: text, wanted: text },
  cloud_template_missing: { name: text },
  fallback_first: {},
  fallback_missing: { id: count },
  fallback_same_channel: { description: text, channel: z.enum(channels) },
  fallback_chained: { description: text },
  fallback_free_field: { description: text, key: text },
  message_channel_fixed: { channel: z.enum(channels) },

  // Refusals of a change that conflicts with the current state (HTTP 409), for the screens
  name_taken: { name: text },
  integration_in_use: { integration: text, messages: count },
  task_running: { task: text },
  task_already_running: { task: text, run: count },
  task_just_started: { task: text },
  scheduler_stopping: {},
  own_account: {},
  incident_changed: { id: count },
  maintenance_changed: { id: count },
  delivery_not_failed: { id: count, status: text },
  source_inactive: { source: text },
  source_syncing: { source: text, run: count },
  sync_task_names_taken: { source: count },
  trigger_run_decided: { run: count },
  entry_removed: { id: count },

  // Gatilhos de envio
  filter_missing: {},
  /** `detail`: what the report's filter check said. */
  filter_invalid: { name: text },
  message_missing: { id: count },
  message_inactive: { description: text },
  message_twice: { id: count },
  channel_twice: { channel: z.enum(channels), first: text, second: text },
  free_required: { label: text, description: text },
  superseded: { run: count },
  evaluation_error: {},

  // Webhooks
  dispatcher_stopped: {},

  // Imports (Configurações › Importar, the CLI, IXC sync): why a row was rejected. `got`: the value, quoted.
  import_not_id: { got: text },
  import_not_ref: { got: text },
  import_not_integer: { got: text },
  import_integer_range: { min: count, max: count, got: text },
  import_number_range: { min: z.number(), max: z.number(), got: text },
  import_too_long: { max: count, length: count },
  import_multiline: { got: text },
  import_not_date: { got: text },
  import_not_date_time: { got: text },
  import_no_such_date: { got: text },
  import_no_such_date_time: { got: text },
  /** `codes`: the accepted codes, listed. */
  import_not_code: { codes: text, got: text },
  import_not_string: { got: text },
  import_required: {},
  import_field_missing: {},
  import_nul_char: {},
  import_lone_surrogate: {},
  import_not_utf8: {},
  import_record_too_long: { max: count },
  import_needed_to_create: { entity, id: count },
  import_parent_missing: { entity, id: count },
  import_name_unknown: { entity, name: text, idField: text },
  /** `ids`: the rows' ids, listed. */
  import_name_ambiguous: { entity, name: text, idField: text, rows: count, ids: text },
  import_not_record: {},
  csv_field_count: { columns: count, fields: count },
  csv_unclosed_quote: {},
  csv_broken_quote: {},
  csv_value_too_long: { max: count },
  csv_unclosed_at_end: {},
  /** A quoted value opened on the row's line ran onto later lines and then… */
  csv_quote_broken_on: { line: count },
  csv_quote_field_count: { fields: count, columns: count },
  csv_quote_value_too_long: { max: count },
  csv_quote_record_too_long: { max: count },
  csv_quote_too_many_lines: { max: count },
  csv_quote_single_line: {},
  csv_quote_to_end: {},
  csv_header_again: {},
  json_not_object: {},
  json_line_too_long: { max: count },
  /** `detail`: the JSON parser's words. */
  json_invalid: {},
  json_ends_in_record: { record: count },
  json_ends_before_close: { record: count },
  json_not_array: { record: count },
  json_registros_not_array: { record: count },
  json_no_records: {},
  // Imports: why a whole file failed (the job's reason).
  import_bom_with_encoding: {},
  /** `detail`: the CSV parser's words. */
  import_header_invalid: {},
  import_header_no_id: { got: text },
  import_header_too_long: { max: count },
  import_too_large: { max: count },
  import_upload_interrupted: {},
  import_process_stopped: {},

  // Forms: why the server refused a value (a 400 VALIDATION naming its field), for the screens to say in the
  // reader's language. The English texts are the API's messages after "field: ".
  form_message_missing: { id: count },
  form_message_inactive: { description: text },
  phase_channel_twice: {},
  /** `fills`: the free fields Avisa fills, listed. */
  free_unfillable: { key: text, fills: text },
  free_key_is_variable: { key: text },
  free_key_twice: { key: text },
  unknown_variable: { name: text },
  variable_count: { expected: count, given: count },
  unknown_system_variable: { field: text },
  not_free_field: { key: text },
  free_value_required: { label: text },
  cpf_digits: {},
  phone_not_brazilian: {},
  contact_not_mobile: { contact: text },
  contact_not_email: { contact: text },
  element_missing: { entity, id: count },
  maintenance_ended: {},
  incident_merge_self: {},
  incident_none_offline: {},
  repeat_reason_required: {},
  radius_secret_length: {},
  not_ip_address: { got: text },
  integration_secret_required: { provider },
  expiry_in_past: {},
  maintenance_ends_before_start: {},
  reminder_twice: {},
  maintenance_notice_message: {},
  maintenance_end_message: {},
} as const satisfies Record<string, z.ZodRawShape>;

type Shapes = typeof noticeParamShapes;
export type NoticeCode = keyof Shapes;
export const noticeCodes = Object.freeze(Object.keys(noticeParamShapes) as NoticeCode[]);
export type NoticeParams<C extends NoticeCode> = z.output<z.ZodObject<Shapes[C]>>;

/** Which attempt of a send this was, and whether another is scheduled (rendered after the text). */
export const attemptSchema = z.object({ number: count, of: count, retrying: z.boolean() });
export type Attempt = z.output<typeof attemptSchema>;

/** What goes beside any code. */
const common = {
  /** Verbatim words Avisa did not write (the provider's, a system's, an old record's). */
  detail: z.string().optional(),
  /** Whose notice it is when a run lists several: an integration's, gatilho's or source's name, verbatim. */
  subject: z.string().optional(),
  attempt: attemptSchema.optional(),
};

/** A notice of one code: its params (optional, and left out when written, for a code without any) and the extras. */
type NoticeOf<C extends NoticeCode> = { code: C } & (keyof Shapes[C] extends never
  ? { params?: Record<string, never> | undefined }
  : { params: NoticeParams<C> }) & {
    detail?: string | undefined;
    subject?: string | undefined;
    attempt?: Attempt | undefined;
  };

/** A notice on the wire and in the database. Named, so the API's declarations refer to it instead of spelling it out. */
export type Notice = { [C in NoticeCode]: NoticeOf<C> }[NoticeCode];

function optionOf(code: NoticeCode) {
  const shape = noticeParamShapes[code];
  const params = Object.keys(shape).length === 0 ? z.strictObject(shape).optional() : z.strictObject(shape);
  return z.object({ code: z.literal(code), params, ...common });
}

type OptionSchema = ReturnType<typeof optionOf>;

export const noticeSchema: z.ZodType<Notice> = z
  .discriminatedUnion('code', noticeCodes.map(optionOf) as [OptionSchema, ...OptionSchema[]])
  .meta({ id: 'Notice', description: 'A code with its params; `detail` is verbatim text Avisa did not write.' }) as z.ZodType<Notice>;

/** Longest `detail` kept: a provider's page of HTML or a stack of errors is not worth more. */
const DETAIL_MAX = 2000;

export interface NoticeExtras {
  detail?: string | undefined;
  subject?: string | undefined;
  attempt?: Attempt | undefined;
}

type ParamsArg<C extends NoticeCode> = keyof Shapes[C] extends never ? [params?: Record<string, never>] : [params: NoticeParams<C>];

/** A notice of `code` with its params; empty extras are left out, so stored values stay small. */
export function notice<C extends NoticeCode>(code: C, ...[params]: ParamsArg<C>): Notice;
export function notice(code: NoticeCode, params?: Record<string, unknown>): Notice {
  return (params && Object.keys(params).length > 0 ? { code, params } : { code }) as Notice;
}

/** `base` with `detail`, `subject` or `attempt` added (blank ones ignored; detail trimmed and capped). */
export function withExtras(base: Notice, extras: NoticeExtras): Notice {
  const out: Record<string, unknown> = { ...base };
  const detail = extras.detail?.trim();
  if (detail) out.detail = detail.length > DETAIL_MAX ? `${detail.slice(0, DETAIL_MAX)}…` : detail;
  if (extras.subject?.trim()) out.subject = extras.subject.trim();
  if (extras.attempt) out.attempt = extras.attempt;
  return out as Notice;
}

/** A notice whose text is someone else's words: `code` with `detail`. */
export function said<C extends NoticeCode>(code: C, detail: string | undefined, ...params: ParamsArg<C>): Notice {
  return withExtras((notice as (c: C, ...p: ParamsArg<C>) => Notice)(code, ...params), { detail });
}

/** An error Avisa has no code for, its message kept as detail. */
export function unexpected(err: unknown): Notice {
  return said('unexpected_error', err instanceof Error ? err.message : String(err));
}

/** The texts of one language: a template per code (`{{param}}`), the attempt suffixes, value names, skip reasons. */
export interface NoticeCatalogue {
  codes: Record<NoticeCode, string>;
  attempt: { retrying: string; gaveUp: string };
  /** Params whose values are codes themselves, by param name: rendered as these names. */
  values: {
    channel: Record<(typeof channels)[number], string>;
    provider: Record<(typeof providerNames)[number], string>;
    security: Record<z.output<typeof security>, string>;
    entity: Record<(typeof importEntities)[number], string>;
  };
  skipReasons: Record<SkipReason, string>;
}
