import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api.js';
import '../i18n/i18n.js';
import { ErrorAlert } from './Alert.js';
import { ServerAlert } from './formBits.js';

const html = (error: unknown) => renderToStaticMarkup(createElement(ServerAlert, { error }));

describe('ServerAlert: the error of a save, in the reader’s language', () => {
  it('a record gone: the generic sentence, without the server’s English', () => {
    const out = html(new ApiError(404, 'NOT_FOUND', 'No message 5'));
    expect(out).toContain('Registro não encontrado; talvez tenha sido removido.');
    expect(out).not.toContain('No message 5');
  });

  it('a conflict with a notice: the notice in Portuguese after the generic sentence', () => {
    const inUse = new ApiError(409, 'CONFLICT', 'Integration "Opa" is used by 2 message(s); delete or move them first', undefined, {
      code: 'integration_in_use',
      params: { integration: 'Opa', messages: 2 },
    });
    const out = html(inUse);
    expect(out).toContain('A integração “Opa” é usada por 2 mensagem(ns)');
    expect(out).not.toContain('is used by');
  });

  it('a refused value with a notice: the notice as a sentence in Portuguese, without the API field or the English', () => {
    const none = new ApiError(400, 'VALIDATION', 'filter: no login the filter matches is offline now', 'filter', { code: 'incident_none_offline' });
    const out = html(none);
    expect(out).toContain('Nenhum login do filtro está offline agora.');
    expect(out).not.toContain('filter');
  });

  it('ErrorAlert (an action\'s error): the generic sentence, then the reason the notice gives', () => {
    const moved = new ApiError(409, 'CONFLICT', 'incident 12 is closed', undefined, { code: 'incident_changed', params: { id: 12 } });
    const out = renderToStaticMarkup(createElement(ErrorAlert, { error: moved }));
    expect(out).toContain('Esta operação não é permitida no estado atual.');
    expect(out).toContain('O incidente 12 mudou de estado enquanto você o via: recarregue a página');
    expect(out).not.toContain('is closed');
  });
});
