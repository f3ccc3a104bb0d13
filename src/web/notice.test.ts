import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, describe, expect, it } from 'vitest';
import { notice, said, withExtras } from '../shared/notice.js';
import { PORTUGUESE } from '../test-support/portuguese.js';
import i18n from './i18n/i18n.js';
import { NoticeList, NoticeText } from './notice.js';

const html = (element: ReturnType<typeof createElement>) => renderToStaticMarkup(element);
/** The markup's text with the verbatim parts (provider's words, names) taken out. */
const ours = (markup: string) => markup.replace(/<span[^>]*data-verbatim=""[^>]*>[^<]*<\/span>/g, '').replace(/<[^>]+>/g, '');

describe('a stored notice on screen', () => {
  afterAll(async () => i18n.changeLanguage('pt-BR'));

  const retried = withExtras(said('provider_said', 'Número inválido'), { subject: 'Opa Suporte', attempt: { number: 2, of: 5, retrying: true } });

  it('renders Avisa\'s words in the reader language and keeps the provider\'s and the names verbatim, marked', async () => {
    await i18n.changeLanguage('en');
    const markup = html(createElement(NoticeText, { notice: retried }));
    expect(markup).toContain('data-code="provider_said"');
    expect(markup).toContain('<span class="notice-subject" data-verbatim="">Opa Suporte</span>');
    expect(markup).toContain('<span class="notice-detail" data-verbatim="">Número inválido</span>');
    expect(ours(markup)).toBe(': The provider answered:  (attempt 2 of 5; retry scheduled)');
    expect(ours(markup)).not.toMatch(PORTUGUESE);

    await i18n.changeLanguage('pt-BR');
    expect(ours(html(createElement(NoticeText, { notice: retried })))).toBe(': O provedor respondeu:  (tentativa 2 de 5; nova tentativa agendada)');
  });

  it('shows an old record as its text, nothing for no notice, and a run\'s causes one after the other', async () => {
    await i18n.changeLanguage('en');
    expect(html(createElement(NoticeText, { notice: said('legacy', 'Cancelado por maria') }))).toBe(
      '<span class="notice" data-code="legacy"><span class="notice-detail" data-verbatim="">Cancelado por maria</span></span>',
    );
    expect(html(createElement(NoticeText, { notice: null }))).toBe('');
    const list = html(createElement(NoticeList, { notices: [notice('task_abandoned'), notice('task_type_unknown', { type: 'x' })] }));
    expect(ours(list)).toBe('The process running this task stopped responding; Unknown task type: x');
  });
});
