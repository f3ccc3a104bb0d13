import { describe, expect, it } from 'vitest';
import { parseTemplateDados, sanitizeWhatsAppVariable, templatePlaceholders } from './template.js';

describe('templatePlaceholders', () => {
  it.each([
    ['Olá {{nome}}, região {{bairro}}. Previsão: {{previsao}}.', ['nome', 'bairro', 'previsao']],
    ['Olá {{ nome_usuario }} protocolo {{protocolo}}', ['nome_usuario', 'protocolo']],
    ['{{nome}} e de novo {{nome}}', ['nome', 'nome']],
    ['{{1}} {{2}}', ['1', '2']],
    ['Sem variáveis', []],
    ['{{}} e {nome} não contam', []],
  ])('%j', (texto, expected) => {
    expect(templatePlaceholders(texto)).toEqual(expected);
  });
});

describe('parseTemplateDados', () => {
  const dados =
    '{"element_name":"assinatura_digital","id":"","namespace":"q1xfg921_","idioma":"pt_BR","category":"UTILITY","templateType":"simpleTextTemplate","headerContentType":"textHeader"}';

  it('reads the Meta fields of the JSON string', () => {
    expect(parseTemplateDados(dados)).toEqual({
      elementName: 'assinatura_digital',
      language: 'pt_BR',
      category: 'UTILITY',
      templateType: 'simpleTextTemplate',
    });
  });

  it('accepts an already parsed object', () => {
    expect(parseTemplateDados({ element_name: 'x', templateType: 'paymentDetailTemplate' })).toMatchObject({
      elementName: 'x',
      templateType: 'paymentDetailTemplate',
      language: null,
    });
  });

  it.each([undefined, null, '', 'not json', '[1,2]', '42', 17, '{"element_name":""}', '{"element_name":7}'])('never throws on %j', (input) => {
    expect(parseTemplateDados(input)).toEqual({ elementName: null, language: null, category: null, templateType: null });
  });
});

describe('sanitizeWhatsAppVariable', () => {
  it.each([
    ['Centro', 'Centro'],
    ['linha 1\nlinha 2', 'linha 1 linha 2'],
    ['a\r\n\r\nb', 'a b'],
    ['col1\tcol2', 'col1 col2'],
    ['muito     espaço', 'muito   espaço'],
    ['a \n b', 'a   b'],
    ['três   fica', 'três   fica'],
    ['  \n borda \t ', 'borda'],
  ])('%j → %j', (input, expected) => {
    const out = sanitizeWhatsAppVariable(input);
    expect(out).toBe(expected);
    expect(out).not.toMatch(/[\r\n\t]| {4,}/);
  });
});
