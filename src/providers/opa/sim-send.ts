/**
 * `POST /api/v1/template/send` in the Opa! Suite simulator: validates like Opa (and Meta behind it) would, in this
 * order — body fields, channel exists (404), channel active and WhatsApp, template exists and belongs to the
 * channel, `canalCliente` a `+55` mobile, variable count (`#132000`), variable content (`#132018`), number on
 * WhatsApp (`#131026`), daily limit, contact em atendimento — then records the send and answers like Opa.
 */
import type { SimReply, SimRequest } from '../sim/server.js';
import { isActiveWhatsApp } from './model.js';
import { dailyLimitReached, fail, metaFail, notFound, ok, texts } from './sim-replies.js';
import { objectId, type OpaSimState, type RecordedSend } from './sim-state.js';
import { templatePlaceholders } from './template.js';

/** `+55` + DDD (11–99, no 0) + 9 + 8 digits. */
const BRAZILIAN_MOBILE = /^\+55[1-9]{2}9\d{8}$/;
const BAD_PARAMETER = /[\r\n\t]| {4,}/;

export function handleTemplateSend(state: OpaSimState, request: SimRequest): SimReply {
  const body = asRecord(request.body);
  if (!body) return fail(400, 'The request body must be a JSON object');
  const contato = asRecord(body.contato);
  const template = asRecord(body.template);
  const to = contato?.canalCliente;
  const templateId = template?._id;
  const channelId = body.canal;
  if (typeof to !== 'string' || to === '') return fail(400, '"contato.canalCliente" is required');
  if (typeof templateId !== 'string' || templateId === '') return fail(400, '"template._id" is required');
  if (typeof channelId !== 'string' || channelId === '') return fail(400, '"canal" is required');

  const channel = state.channels.find((c) => c._id === channelId);
  if (!channel) return notFound('Communication channel not found.');
  if (channel.status !== 'A') return fail(400, 'Communication channel is not active.');
  if (!isActiveWhatsApp(channel)) return fail(400, 'This simulator sends templates through WhatsApp communication channels only.');
  const found = state.templates.find((t) => t.item._id === templateId);
  if (!found) return notFound('Template not found.');
  if (found.channelId !== channelId) return fail(400, 'Template does not belong to this communication channel.');

  if (!BRAZILIAN_MOBILE.test(to)) return fail(400, texts.invalidNumber);
  const variables = template?.variaveis ?? [];
  if (!Array.isArray(variables) || variables.some((v) => typeof v !== 'string')) {
    return fail(400, '"template.variaveis" must be a list of texts');
  }
  const placeholders = templatePlaceholders(found.item.texto);
  if (variables.length !== placeholders.length) return metaFail(texts.paramCount);
  if (variables.some((v: string) => BAD_PARAMETER.test(v))) return metaFail(texts.paramContent);
  if (state.notOnWhatsApp.has(to)) return metaFail(texts.undeliverable);

  const counter = state.limits.get(channelId) ?? { limit: null, sent: 0 };
  state.limits.set(channelId, counter);
  if (counter.limit !== null && counter.sent >= counter.limit) return dailyLimitReached(counter.limit);
  const allow = body.allowSendingToStartedCustomerService === true;
  const atendente = state.inService.get(to);
  if (atendente !== undefined && !allow) return fail(400, texts.inService(atendente));

  counter.sent += 1;
  const messageSentId = objectId();
  const send: RecordedSend = {
    at: request.receivedAt.toISOString(),
    channelId,
    templateId,
    atalho: found.item.atalho,
    to,
    variables: variables as string[],
    metadata: body.metadata,
    allowSendingToStartedCustomerService: allow,
    text: render(found.item.texto, variables as string[]),
    messageSentId,
    body: request.body,
  };
  state.sends.push(send);
  state.onSend?.(send);
  return ok({ message: texts.templateSent, messageSentId });
}

/** Puts the variables into the text by position (every placeholder occurrence takes the next value). */
function render(texto: string, variables: string[]): string {
  let index = 0;
  return texto.replace(/\{\{\s*([^}]+?)\s*\}\}/g, (whole) => variables[index++] ?? whole);
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Error)
    ? (value as Record<string, unknown>)
    : undefined;
}
