import { describe, expect, it } from 'vitest';
import {
  bindingsFor,
  draftFromMessage,
  emptyDraft,
  freeValuesFor,
  insertAt,
  type MessageDraft,
  slugKey,
  toInput,
  unknownVariables,
  validateDraft,
} from './draft.js';
import type { Message } from './types.js';

const system = ['nome_cliente', 'primeiro_nome', 'bairro', 'cidade', 'offline_desde', 'empresa'];
const template = 'Olá {{nome}}, instabilidade na região {{bairro}}. Previsão: {{previsao}}. {{nome}}';

function whatsappDraft(): MessageDraft {
  const freeFields = [{ key: 'previsao_retorno', label: 'Previsão de retorno', required: true }];
  return {
    ...emptyDraft('whatsapp'),
    description: ' Aviso de instabilidade ',
    integrationId: '3',
    opaChannelId: '65a1f0c2b7e4d93a1c0f1a01',
    opaChannelName: 'WhatsApp Suporte',
    templateId: '65a1f3d8b7e4d93a1c0f2b01',
    templateAtalho: 'aviso_instabilidade',
    templateText: template,
    freeFields,
    bindings: bindingsFor('opa', template, system, freeFields),
  };
}

describe('message draft', () => {
  it('offers a first mapping: same name or a usual alias, else unmapped; repeats count', () => {
    const rows = bindingsFor('opa', template, system, []);
    expect(rows.map((r) => [r.type, r.field || r.key])).toEqual([
      ['field', 'primeiro_nome'],
      ['field', 'bairro'],
      ['field', ''],
      ['field', 'primeiro_nome'],
    ]);
    const withFree = bindingsFor('opa', '{{previsao_retorno}}', system, [{ key: 'previsao_retorno', label: 'P', required: true }]);
    expect(withFree[0]).toMatchObject({ type: 'free', key: 'previsao_retorno' });
  });

  it('keeps what the user mapped when another template has the same placeholder at the same position', () => {
    const before = bindingsFor('opa', template, system, []);
    before[2] = { type: 'literal', field: '', value: 'hoje às 18h', key: '' };
    const next = bindingsFor('opa', 'Olá {{nome}}, {{bairro}} {{previsao}}', system, [], { templateText: template, bindings: before });
    expect(next[2]).toEqual({ type: 'literal', field: '', value: 'hoje às 18h', key: '' });
    const moved = bindingsFor('opa', '{{previsao}}', system, [], { templateText: template, bindings: before });
    expect(moved[0]).toMatchObject({ type: 'field', field: '' });
  });

  it('builds the WhatsApp body with one binding per placeholder, in order', () => {
    const draft = whatsappDraft();
    draft.bindings[2] = { type: 'free', field: '', value: '', key: 'previsao_retorno' };
    draft.bindings[3] = { type: 'literal', field: 'x', value: 'cliente', key: '' };
    expect(toInput(draft)).toEqual({
      channel: 'whatsapp',
      description: 'Aviso de instabilidade',
      integrationId: 3,
      active: true,
      purpose: 'other',
      fallbackMessageId: null,
      fallbackAfterMinutes: null,
      content: {
        opaChannelId: '65a1f0c2b7e4d93a1c0f1a01',
        opaChannelName: 'WhatsApp Suporte',
        templateId: '65a1f3d8b7e4d93a1c0f2b01',
        templateAtalho: 'aviso_instabilidade',
        templateText: template,
        variables: [
          { type: 'field', field: 'primeiro_nome' },
          { type: 'field', field: 'bairro' },
          { type: 'free', key: 'previsao_retorno' },
          { type: 'literal', value: 'cliente' },
        ],
        freeFields: [{ key: 'previsao_retorno', label: 'Previsão de retorno', required: true }],
      },
    });
  });

  it('builds e-mail without an empty HTML body, and SMS trimmed; round-trips a saved message', () => {
    const email = { ...emptyDraft('email'), description: 'E', integrationId: '1', subject: ' Falha ', text: 'Olá {{primeiro_nome}}', html: '  ' };
    expect(toInput(email)).toEqual({
      channel: 'email',
      description: 'E',
      integrationId: 1,
      active: true,
      purpose: 'other',
      fallbackMessageId: null,
      fallbackAfterMinutes: null,
      content: { subject: 'Falha', text: 'Olá {{primeiro_nome}}', freeFields: [] },
    });
    const sms = { ...emptyDraft('sms'), description: 'S', integrationId: '2', text: ' Falha em {{bairro}} ' };
    expect(toInput(sms).content).toEqual({ text: 'Falha em {{bairro}}', freeFields: [] });

    const saved = { ...toInput(whatsappDraft()), id: 1, integrationDescription: 'Opa', createdBy: 'a', createdAt: '', updatedAt: '' } as Message;
    expect(toInput(draftFromMessage(saved))).toEqual(toInput(whatsappDraft()));
  });

  it('builds a Cloud API body by template name and language, its {{n}} mapped once each, with the fallback', () => {
    const draft = {
      ...emptyDraft('whatsapp'),
      description: 'Queda (Meta)',
      integrationId: '4',
      provider: 'cloudapi' as const,
      templateAtalho: 'aviso_instabilidade',
      language: 'pt_BR',
      templateText: 'Olá {{1}}, instabilidade em {{2}}. {{1}}, previsão: {{3}}.',
      fallbackMessageId: '9',
      fallbackAfterMinutes: '30',
    };
    draft.bindings = bindingsFor('cloudapi', draft.templateText, system, []);
    expect(draft.bindings).toHaveLength(3);
    draft.bindings = draft.bindings.map((b, i) => (i === 2 ? { ...b, type: 'literal' as const, value: '18h' } : { ...b, field: b.field || 'primeiro_nome' }));
    const input = toInput(draft);
    expect(input).toMatchObject({
      fallbackMessageId: 9,
      fallbackAfterMinutes: 30,
      content: { provider: 'cloudapi', templateName: 'aviso_instabilidade', language: 'pt_BR', variables: [{ type: 'field' }, { type: 'field' }, { type: 'literal', value: '18h' }] },
    });
    expect(validateDraft({ ...draft, templateAtalho: '' }, system)).toMatchObject({ 'content.templateName': { problem: 'chooseTemplate' } });
    const saved = { ...input, id: 2, integrationDescription: 'Meta', createdBy: 'a', createdAt: '', updatedAt: '' } as Message;
    expect(toInput(draftFromMessage(saved))).toEqual(input);
  });

  it('checks the draft with the same field paths the server uses', () => {
    const draft = whatsappDraft();
    expect(validateDraft(draft, system)).toEqual({ 'content.variables.2.field': { problem: 'unmapped' } });
    draft.bindings[2] = { type: 'free', field: '', value: '', key: 'nope' };
    draft.freeFields.push({ key: 'bairro', label: 'B', required: true }, { key: 'Bad Key', label: '', required: false });
    expect(validateDraft(draft, system)).toEqual({
      'content.variables.2.key': { problem: 'unknownFree' },
      'content.freeFields.1.key': { problem: 'freeKeySystem', name: 'bairro' },
      'content.freeFields.2.key': { problem: 'freeKey' },
      'content.freeFields.2.label': { problem: 'required' },
    });
    expect(validateDraft(emptyDraft('whatsapp'), system)).toEqual({
      description: { problem: 'required' },
      integrationId: { problem: 'required' },
      'content.opaChannelId': { problem: 'chooseChannel' },
    });
    const sms = { ...emptyDraft('sms'), description: 'S', integrationId: '2', text: 'Falha {{desconhecida}}' };
    expect(validateDraft(sms, system)).toEqual({ 'content.text': { problem: 'unknownVariable', name: 'desconhecida' } });
    expect(validateDraft(sms, [])).toEqual({}); // catalogue not loaded yet: the server decides
    expect(unknownVariables('{{a}} {{empresa}} {{a}}', system, [])).toEqual(['a']);
  });

  it('inserts a variable at the cursor, replacing the selection', () => {
    expect(insertAt('Olá , tudo bem?', 4, 4, '{{primeiro_nome}}')).toEqual({ text: 'Olá {{primeiro_nome}}, tudo bem?', caret: 21 });
    expect(insertAt('abcdef', 1, 3, 'X')).toEqual({ text: 'aXdef', caret: 2 });
    expect(insertAt('abc', 99, 99, 'X')).toEqual({ text: 'abcX', caret: 4 });
  });

  it('derives keys from labels and keeps typed free values', () => {
    expect(slugKey('Previsão de retorno')).toBe('previsao_de_retorno');
    expect(slugKey('  2ª Via!  ')).toBe('via');
    expect(freeValuesFor([{ key: 'a', label: 'A', required: true }, { key: '', label: 'x', required: true }], { a: '1', b: '2' })).toEqual({ a: '1' });
  });
});
