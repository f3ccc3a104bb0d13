/**
 * The answer shapes of the Opa! Suite simulator. Real Opa errors are not uniform (see
 * shared/reference/opasuite.md §1.13), so the simulator deliberately uses each shape seen in the wild: the
 * `{status:"error",code,description}` envelope, `{error,message}` for not-found, and `data.message` for Meta's
 * passthrough errors. Clients must read all of them.
 */
import type { SimReply } from '../sim/server.js';

export const ok = (data: unknown): SimReply => ({ status: 200, body: { status: 'success', code: 200, data } });

/** Opa's own validation/permission errors. */
export const fail = (status: number, description: string): SimReply => ({
  status,
  body: { status: 'error', code: status, description },
});

/** The shape of the 404 seen live: `{"error":"NOT_FOUND_ERROR","message":"Communication channel not found."}`. */
export const notFound = (message: string): SimReply => ({ status: 404, body: { error: 'NOT_FOUND_ERROR', message } });

/** A Meta error passed through by Opa (`(#132018) …`), with the text in `data.message`. */
export const metaFail = (message: string): SimReply => ({
  status: 400,
  body: { status: 'error', code: 400, data: { message } },
});

/** An Express-style answer for a path or method the API does not have. */
export const noRoute = (method: string, path: string): SimReply => ({ status: 404, body: `Cannot ${method} ${path}` });

/**
 * The simulator's daily template quota error. Opa's real wording is unknown (no public example); the simulator
 * answers HTTP 400 with this pt-BR text, and the client recognises "limite diário" / "daily limit" phrases.
 */
export const dailyLimitReached = (limit: number): SimReply =>
  fail(400, `Limite diário de envio de templates atingido para este canal (${limit} de ${limit}). Tente novamente amanhã.`);

/** The `envelopeError` fault: HTTP 200 whose envelope says it failed. */
export const envelopeError = (): SimReply => ({
  status: 200,
  body: { status: 'error', code: 500, description: 'Erro interno ao processar a requisição. Tente novamente mais tarde.' },
});

export const texts = {
  templateSent: 'Template has been succesfully sent.', // sic, as Opa writes it
  paramCount: '(#132000) Number of parameters does not match the expected number of params',
  paramContent: "(#132018) There's an issue with the parameters in your template",
  undeliverable: '(#131026) Message undeliverable',
  invalidNumber: 'O campo contato.canalCliente deve ser um número de WhatsApp válido (incluindo o +DDI), ex.: +5548999123456.',
  inService: (atendente: string) => `Este contato já está em atendimento com ${atendente}`,
};
