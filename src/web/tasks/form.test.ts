import { describe, expect, it } from 'vitest';
import {
  draftFromTask,
  emptyDraft,
  fieldText,
  isEvery,
  optionFields,
  readOptions,
  scheduleErrorText,
  scheduleOf,
  toInput,
} from './form.js';
import type { Task, TaskType } from './types.js';

const drain: TaskType = {
  type: 'drain_whatsapp',
  label: { 'pt-BR': 'Envia Mensagens Omnichannel da Fila', en: 'Send omnichannel messages' },
  defaults: { budgetSeconds: 300, maxAttempts: 5 },
  optionsSchema: {
    type: 'object',
    properties: {
      budgetSeconds: { default: 300, title: 'Tempo máximo por execução (segundos)', type: 'integer', minimum: 10, maximum: 3600 },
      maxAttempts: { default: 5, title: 'Tentativas por mensagem', type: 'integer', minimum: 1, maximum: 20 },
    },
    additionalProperties: false,
  },
};

const task: Task = {
  id: 1,
  type: 'drain_whatsapp',
  typeLabel: 'Envia Mensagens Omnichannel da Fila',
  description: 'Fila WhatsApp',
  minute: '*/5',
  hour: '8-18',
  dayOfMonth: '*',
  month: '*',
  dayOfWeek: '1-5',
  enabled: true,
  options: { budgetSeconds: 120, maxAttempts: 5 },
  nextRunAt: null,
  createdBy: 'admin',
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
  lastRun: null,
};

describe('task form', () => {
  it('starts a new task with every field Todos and the type defaults', () => {
    const draft = emptyDraft(drain);
    expect(scheduleOf(draft)).toEqual({ minute: '*', hour: '*', dayOfMonth: '*', month: '*', dayOfWeek: '*' });
    expect(draft.options).toEqual({ budgetSeconds: '300', maxAttempts: '5' });
  });

  it('reads a stored task back, Todos ticked for *', () => {
    const draft = draftFromTask(task, drain);
    expect(draft.schedule.minute).toEqual({ all: false, value: '*/5' });
    expect(draft.schedule.month).toEqual({ all: true, value: '' });
    expect(draft.options.budgetSeconds).toBe('120');
  });

  it('sends * for Todos and for the words that mean it, the rest without spaces', () => {
    const draft = emptyDraft(drain);
    draft.schedule.minute = { all: false, value: ' 0, 30 ' };
    draft.schedule.hour = { all: false, value: 'Todos' };
    draft.schedule.dayOfWeek = { all: true, value: '1-5' };
    expect(scheduleOf(draft)).toMatchObject({ minute: '0,30', hour: '*', dayOfWeek: '*' });
    expect(isEvery('TODAS')).toBe(true);
    expect(fieldText('*', 'Todos')).toBe('Todos');
    expect(fieldText('1-5', 'Todos')).toBe('1-5');
  });

  it('reads the options from the JSON Schema and checks their bounds', () => {
    expect(optionFields(drain).map((f) => [f.key, f.kind, f.minimum, f.maximum])).toEqual([
      ['budgetSeconds', 'integer', 10, 3600],
      ['maxAttempts', 'integer', 1, 20],
    ]);
    expect(readOptions(drain, { budgetSeconds: '60', maxAttempts: '' })).toEqual({ ok: true, options: { budgetSeconds: 60 } });
    expect(readOptions(drain, { budgetSeconds: '5', maxAttempts: '2.5' })).toEqual({
      ok: false,
      errors: { budgetSeconds: { problem: 'min', bound: 10 }, maxAttempts: { problem: 'number' } },
    });
  });

  it('builds the API body', () => {
    const draft = { ...emptyDraft(drain), description: '  Fila WhatsApp ' };
    draft.schedule.hour = { all: false, value: '7' };
    expect(toInput(draft, { budgetSeconds: 60 })).toEqual({
      type: 'drain_whatsapp',
      description: 'Fila WhatsApp',
      minute: '*',
      hour: '7',
      dayOfMonth: '*',
      month: '*',
      dayOfWeek: '*',
      enabled: true,
      options: { budgetSeconds: 60 },
    });
  });

  it('says schedule errors in Portuguese, without the field name', () => {
    expect(scheduleErrorText('hour: 25 is out of range 0–23', 'hour', 'pt-BR')).toBe('25 está fora do intervalo 0–23');
    expect(scheduleErrorText('minute: "x" is not a number', 'minute', 'pt-BR')).toBe('“x” não é um número');
    expect(scheduleErrorText('hour: 25 is out of range 0–23', 'hour', 'en')).toBe('25 is out of range 0–23');
    expect(scheduleErrorText('dayOfMonth: something new', 'dayOfMonth', 'pt-BR')).toBe('something new');
  });
});
