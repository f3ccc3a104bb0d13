import { describe, expect, it } from 'vitest';
import { type Notice, notice, noticeCodes, noticeParamShapes, noticeSchema, said, unexpected, withExtras } from './notice.js';
import { noticeCatalogues, noticeCodesMatching, noticeParts, noticeText, noticesText, skipReasonText } from './notice-text.js';
import { PORTUGUESE } from '../test-support/portuguese.js';
import { skipReasons } from './vocabulary.js';


const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).sort();

describe('notice catalogues', () => {
  it('give every code a text in each language, using exactly its params', () => {
    for (const [language, catalogue] of Object.entries(noticeCatalogues)) {
      for (const code of noticeCodes) {
        const text = catalogue.codes[code];
        if (code !== 'legacy') expect(text.trim(), `${language} ${code}`).not.toBe('');
        expect(placeholders(text), `${language} ${code}`).toEqual(Object.keys(noticeParamShapes[code]).sort());
      }
      for (const reason of skipReasons) expect(catalogue.skipReasons[reason].trim(), `${language} ${reason}`).not.toBe('');
    }
  });

  it('write English without Portuguese, and pt-BR in Portuguese', () => {
    const english = noticeCatalogues.en;
    for (const text of [...Object.values(english.codes), ...Object.values(english.attempt), ...Object.values(english.skipReasons)]) {
      expect(text).not.toMatch(PORTUGUESE);
    }
    expect(noticeCatalogues['pt-BR'].codes.send_interrupted).toMatch(PORTUGUESE);
  });
});

describe('notices', () => {
  it('are built small: no empty params, blank extras left out, detail trimmed and capped', () => {
    expect(notice('task_abandoned')).toEqual({ code: 'task_abandoned' });
    expect(notice('cancelled_by', { user: 'maria' })).toEqual({ code: 'cancelled_by', params: { user: 'maria' } });
    expect(said('provider_said', '  Número inválido \n')).toEqual({ code: 'provider_said', detail: 'Número inválido' });
    expect(said('provider_said', '   ')).toEqual({ code: 'provider_said' });
    expect(said('legacy', 'x'.repeat(5000)).detail).toHaveLength(2001);
    expect(unexpected(new Error('boom'))).toEqual({ code: 'unexpected_error', detail: 'boom' });
  });

  it('travel as the schema says: the right params for their code, nothing else', () => {
    const samples = [
      notice('timeout', { seconds: 20 }),
      withExtras(said('http_status', 'Bad gateway', { status: 502 }), { attempt: { number: 1, of: 5, retrying: true } }),
      withExtras(notice('daily_limit', { limit: '?' }), { subject: 'Opa! demo' }),
    ];
    for (const sample of samples) expect(noticeSchema.parse(sample)).toEqual(sample);
    expect(noticeSchema.safeParse({ code: 'nonsense' }).success).toBe(false);
    expect(noticeSchema.safeParse({ code: 'timeout' }).success).toBe(false);
    expect(noticeSchema.safeParse({ code: 'timeout', params: { seconds: 20, extra: 1 } }).success).toBe(false);
    expect(noticeSchema.safeParse({ code: 'task_abandoned', params: { x: 1 } }).success).toBe(false);
  });

  it('render as subject, text, verbatim detail and attempt, in the reader language', () => {
    const failed = withExtras(said('provider_said', 'Número inválido'), { subject: 'Opa', attempt: { number: 5, of: 5, retrying: false } });
    expect(noticeText(failed, 'pt-BR')).toBe('Opa: O provedor respondeu: Número inválido (tentativa 5 de 5; desistiu)');
    expect(noticeText(failed, 'en')).toBe('Opa: The provider answered: Número inválido (attempt 5 of 5; gave up)');
    expect(noticeParts(failed, 'en')).toEqual({
      subject: 'Opa',
      text: 'The provider answered',
      detail: 'Número inválido',
      attempt: '(attempt 5 of 5; gave up)',
    });
    expect(noticeText(said('legacy', 'Texto antigo'), 'en')).toBe('Texto antigo');
    expect(noticeText(notice('wrong_channel', { provider: 'smsdev', channel: 'email' }), 'pt-BR')).toBe('SMS Dev não envia mensagens de e-mail');
    expect(noticeText(notice('timeout', { seconds: 20 }), 'fr')).toBe('Sem resposta em 20 s (tempo esgotado)');
    expect(noticesText([notice('task_abandoned'), notice('no_active_source')], 'en')).toBe(
      'The process running this task stopped responding; No active IXC source',
    );
    expect(skipReasonText('cooldown', 'en')).toBe('Got this trigger recently (cooldown)');
    // A value that is no name in the catalogue is written as it is, even one every object has.
    const odd = { code: 'import_parent_missing', params: { entity: 'toString', id: 3 } } as unknown as Notice;
    expect(noticeText(odd, 'pt-BR')).toBe('toString 3 não existe');
    expect(noticeText(notice('import_parent_missing', { entity: 'clients', id: 3 }), 'pt-BR')).toBe('cliente 3 não existe');
  });

  it('are found by their text in either language or by their code', () => {
    expect(noticeCodesMatching('tempo esgotado')).toEqual(['timeout']);
    expect(noticeCodesMatching('TIMEOUT')).toEqual(['timeout']);
    expect(noticeCodesMatching('substituida')).toEqual(['superseded']);
    expect(noticeCodesMatching('  ')).toEqual([]);
  });
});
