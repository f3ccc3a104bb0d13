import { describe, expect, it } from 'vitest';
import type { Message } from '../messages/types.js';
import {
  channelOfMessageError,
  draftFromRule,
  emptyDraft,
  freeFieldsOf,
  hoursText,
  parseDecimal,
  toInput,
  type TriggerDraft,
  validateDraft,
} from './form.js';
import type { TriggerRule } from './types.js';

const message = (id: number, channel: Message['channel'], freeFields: { key: string; label: string; required: boolean }[]) =>
  ({ id, channel, description: `M${id}`, content: { freeFields } }) as unknown as Message;
const messages = new Map<string, Message>([
  ['1', message(1, 'whatsapp', [{ key: 'previsao', label: 'Previsão', required: true }])],
  ['2', message(2, 'email', [])],
  ['3', message(3, 'sms', [{ key: 'previsao', label: 'Previsão', required: false }, { key: 'obs', label: 'Obs', required: false }])],
]);
const lookup = (id: string) => messages.get(id);

const filled = (patch: Partial<TriggerDraft> = {}): TriggerDraft => ({
  ...emptyDraft(),
  name: ' Centro offline ',
  savedFilterId: '7',
  messages: { whatsapp: '1', email: '', sms: '3' },
  freeValues: { previsao: ' 18h ', obs: '', stale: 'x' },
  ...patch,
});

describe('gatilho form', () => {
  it('starts with IXC-like defaults: 12 h cooldown, ceiling 5,000, active', () => {
    expect(emptyDraft()).toMatchObject({ cooldownHours: '12', ceiling: '5000', priority: '0', active: true });
  });

  it('asks once for a free field several messages share, required when any requires it', () => {
    const fields = freeFieldsOf(filled(), lookup);
    expect(fields.map((f) => [f.key, f.required, f.messageIds])).toEqual([
      ['previsao', true, [1, 3]],
      ['obs', false, [3]],
    ]);
  });

  it('names the problems with the server\'s field paths', () => {
    const draft = filled({ name: ' ', savedFilterId: '', freeValues: {}, cooldownHours: 'doze', ceiling: '0', priority: '10' });
    expect(validateDraft(draft, freeFieldsOf(draft, lookup))).toEqual({
      name: 'required',
      savedFilterId: 'required',
      'freeValues.previsao': 'required',
      cooldownMinutes: 'number',
      ceiling: 'range',
      priority: 'range',
    });
    const none = filled({ messages: { whatsapp: '', email: '', sms: '' } });
    expect(validateDraft(none, [])).toEqual({ messageIds: 'noMessage' });
    expect(validateDraft(filled({ ceiling: '1.5' }), [])).toEqual({ ceiling: 'number' });
  });

  it('sends hours as minutes, the chosen messages in channel order and only their free values', () => {
    const draft = filled({ cooldownHours: '0,5', ceiling: '200', priority: '5' });
    expect(validateDraft(draft, freeFieldsOf(draft, lookup))).toEqual({});
    expect(toInput(draft, freeFieldsOf(draft, lookup))).toEqual({
      name: 'Centro offline',
      savedFilterId: 7,
      messageIds: [1, 3],
      freeValues: { previsao: '18h', obs: '' },
      priority: 5,
      active: true,
      cooldownMinutes: 30,
      ceiling: 200,
    });
    expect(channelOfMessageError(draft, 'messageIds.1')).toBe('sms');
    expect(channelOfMessageError(draft, 'savedFilterId')).toBeUndefined();
  });

  it('opens a saved rule with its cooldown in hours and its messages by channel', () => {
    const rule = {
      name: 'R',
      savedFilterId: null,
      messages: [
        { id: 3, channel: 'sms', description: 'S', active: true },
        { id: 9, channel: null, description: null, active: false },
      ],
      freeValues: { previsao: 'já' },
      priority: 0,
      cooldownMinutes: 90,
      ceiling: 100,
      active: false,
    } as unknown as TriggerRule;
    expect(draftFromRule(rule)).toEqual({
      name: 'R',
      savedFilterId: '',
      messages: { whatsapp: '', email: '', sms: '3' },
      freeValues: { previsao: 'já' },
      priority: '0',
      cooldownHours: '1.5',
      ceiling: '100',
      active: false,
    });
    expect(hoursText(720)).toBe('12');
    expect(hoursText(20)).toBe('0.33');
    expect(parseDecimal('-1')).toBeNaN();
  });

});
