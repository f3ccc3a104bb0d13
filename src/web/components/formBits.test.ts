import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api.js';
import i18n from '../i18n/i18n.js';
import { serverMessage } from './formBits.js';

describe('serverMessage: what the server said about a field', () => {
  afterEach(() => i18n.changeLanguage('pt-BR'));

  it('renders the notice it sent in the reader’s language, not its English message', async () => {
    const gone = new ApiError(400, 'VALIDATION', 'content.opaChannelId: channel 65a1 no longer exists in Opa! Suite: choose another channel', 'content.opaChannelId', {
      code: 'opa_channel_gone',
      params: { channelId: '65a1' },
    });
    await i18n.changeLanguage('pt-BR');
    expect(serverMessage(gone)).toBe('O canal 65a1 não existe mais no Opa! Suite: escolha outro canal');
    await i18n.changeLanguage('en');
    expect(serverMessage(gone)).toBe('channel 65a1 no longer exists in Opa! Suite: choose another channel');
  });

  it('without a notice, the message without its "field: " prefix', () => {
    expect(serverMessage(new ApiError(400, 'VALIDATION', 'ceiling: Too small', 'ceiling'))).toBe('Too small');
  });
});
