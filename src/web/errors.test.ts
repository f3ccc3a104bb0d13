import { describe, expect, it } from 'vitest';
import { ApiError } from './api.js';
import { errorText } from './errors.js';
import i18n from './i18n/i18n.js';

const pt = i18n.getFixedT('pt-BR');
const en = i18n.getFixedT('en');

describe('errorText', () => {
  it('translates API error codes', () => {
    const wrong = new ApiError(401, 'INVALID_CREDENTIALS', 'Invalid username or password');
    expect(errorText(pt, wrong)).toBe('Usuário ou senha incorretos.');
    expect(errorText(en, wrong)).toBe('Wrong username or password.');
    expect(errorText(pt, new ApiError(429, 'RATE_LIMITED', 'x'))).toMatch(/^Muitas tentativas/);
  });

  it('explains validation errors by field', () => {
    expect(errorText(pt, new ApiError(400, 'VALIDATION', 'x', 'password'))).toBe(
      'A senha precisa ter pelo menos 8 caracteres.',
    );
    expect(errorText(en, new ApiError(400, 'VALIDATION', 'x', 'colour'))).toBe('Invalid value in the “colour” field.');
  });

  it('falls back for unknown codes and non-API errors', () => {
    expect(errorText(pt, new ApiError(418, 'TEAPOT', 'x'))).toBe('Erro inesperado (código TEAPOT).');
    expect(errorText(pt, new ApiError(503, 'HTTP_503', 'x'))).toMatch(/^Erro interno/);
    expect(errorText(en, new Error('boom'))).toBe('Unexpected error (code Error).');
  });
});
