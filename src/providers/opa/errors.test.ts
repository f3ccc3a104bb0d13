import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '../http.js';
import { isContactInService, opaErrorFromResponse, opaErrorMessage } from './errors.js';

function response(status: number, body: unknown, headers: HttpResponse['headers'] = {}): HttpResponse {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  return { status, headers, text, json: typeof body === 'string' ? undefined : body };
}

describe('opaErrorMessage', () => {
  it('prefers description, then message, then data.message, then error', () => {
    const all = { description: 'd', message: 'm', data: { message: 'dm' }, error: 'e' };
    expect(opaErrorMessage(all)).toBe('d');
    expect(opaErrorMessage({ ...all, description: '' })).toBe('m');
    expect(opaErrorMessage({ data: { message: 'dm' }, error: 'e' })).toBe('dm');
    expect(opaErrorMessage({ error: 'e' })).toBe('e');
    expect(opaErrorMessage({ data: 'x', code: 400 })).toBeUndefined();
    expect(opaErrorMessage('text')).toBeUndefined();
  });
});

describe('opaErrorFromResponse', () => {
  it.each([
    ['401 invalid token', 401, { status: 'error', code: 401, description: 'Invalid token' }, 'config', undefined],
    ['403 profile', 403, { status: 'error', code: 403, description: 'Invalid permissions profile' }, 'config', undefined],
    ['404 channel', 404, { error: 'NOT_FOUND_ERROR', message: 'Communication channel not found.' }, 'config', 'NOT_FOUND_ERROR'],
    ['404 text', 404, 'Cannot GET /api/v1/x', 'config', undefined],
    ['408', 408, { status: 'error', code: 408, description: 'Request timeout' }, 'retryable', undefined],
    ['500', 500, { status: 'error', code: 500, description: 'boom' }, 'retryable', undefined],
    ['502 html', 502, '<html>Bad gateway</html>', 'retryable', undefined],
    ['em atendimento', 400, { status: 'error', code: 400, description: 'Este contato já está em atendimento com Ana' }, 'permanent', undefined],
    ['132000', 400, { status: 'error', code: 400, data: { message: '(#132000) Number of parameters does not match the expected number of params' } }, 'permanent', '132000'],
    ['132018', 400, { message: "(#132018) There's an issue with the parameters in your template" }, 'permanent', '132018'],
    ['131026', 400, { description: '(#131026) Message undeliverable' }, 'permanent', '131026'],
    ['Meta rate limit in a 400', 400, { description: '(#130429) Rate limit hit' }, 'retryable', '130429'],
    ['Meta template missing', 400, { description: '(#132001) Template name does not exist in the translation' }, 'config', '132001'],
    ['invalid number', 400, { description: 'O campo contato.canalCliente deve ser um número de WhatsApp válido' }, 'permanent', undefined],
    ['daily limit, 400', 400, { description: 'Limite diário de envio de templates atingido para este canal (1000 de 1000).' }, 'quota', undefined],
    ['daily limit, 429', 429, { message: 'Daily template limit reached' }, 'quota', undefined],
    ['inactive channel', 400, { description: 'Communication channel is not active.' }, 'config', undefined],
    ['unknown 409', 409, { description: 'Already exists' }, 'permanent', undefined],
    ['200 error envelope code 500', 200, { status: 'error', code: 500, description: 'Erro interno' }, 'retryable', '500'],
    ['200 error envelope code 400', 200, { status: 'error', code: 400, description: 'Bad' }, 'permanent', '400'],
    ['200 error envelope, no code', 200, { status: 'failed', description: 'Falhou' }, 'permanent', undefined],
  ] as const)('%s', (_name, status, body, kind, code) => {
    const error = opaErrorFromResponse(response(status, body));
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
  });

  it('keeps the message verbatim and falls back to the text or the status', () => {
    expect(opaErrorFromResponse(response(400, { description: '  Campo X  ' })).message).toBe('  Campo X  ');
    expect(opaErrorFromResponse(response(404, 'Cannot GET /api/v1/x')).message).toBe('Cannot GET /api/v1/x');
    expect(opaErrorFromResponse(response(502, '<html>Bad gateway</html>')).message).toBe('Opa! Suite answered HTTP 502');
  });

  it('takes Retry-After on 429 and 503 only when retryable', () => {
    expect(opaErrorFromResponse(response(429, { description: 'Too many' }, { 'retry-after': '3' })).retryAfterMs).toBe(3000);
    expect(opaErrorFromResponse(response(503, {}, { 'retry-after': '1' })).retryAfterMs).toBe(1000);
    expect(opaErrorFromResponse(response(500, {}, { 'retry-after': '1' })).retryAfterMs).toBeUndefined();
    expect(opaErrorFromResponse(response(429, { message: 'Daily limit reached' }, { 'retry-after': '60' })).retryAfterMs).toBeUndefined();
  });

  it('recognises the em atendimento phrase', () => {
    expect(isContactInService('Este contato já está em atendimento com Suporte N1')).toBe(true);
    expect(isContactInService('Communication channel not found.')).toBe(false);
  });
});
