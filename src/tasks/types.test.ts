import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../shared/errors.js';
import {
  describeTaskType,
  findTaskType,
  getTaskType,
  listTaskTypes,
  parseTaskOptions,
  registeredTypeNames,
  registerTaskType,
  unregisterTaskType,
} from './types.js';

function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('task type registry', () => {
  afterEach(() => unregisterTaskType('sync_test'));

  it('has the three queue drains with IXC labels and default options', () => {
    const labels = Object.fromEntries(listTaskTypes().map((t) => [t.type, t.label['pt-BR']]));
    expect(labels).toMatchObject({
      drain_whatsapp: 'Envia Mensagens Omnichannel da Fila',
      drain_email: 'Envia E-mails da Fila',
      drain_sms: 'Envia SMS da Fila',
    });
    for (const type of ['drain_whatsapp', 'drain_email', 'drain_sms']) {
      expect(parseTaskOptions(type, {})).toEqual({ budgetSeconds: 300, maxAttempts: 5 });
      expect(parseTaskOptions(type, undefined)).toEqual({ budgetSeconds: 300, maxAttempts: 5 });
    }
    expect(parseTaskOptions('drain_sms', { budgetSeconds: 60 })).toEqual({ budgetSeconds: 60, maxAttempts: 5 });
  });

  it('names the wrong option, an unknown option and an unknown type', () => {
    const low = appError(() => parseTaskOptions('drain_email', { budgetSeconds: 5 }));
    expect(low).toMatchObject({ code: 'VALIDATION', field: 'options.budgetSeconds' });
    expect(low.message).toMatch(/^options\.budgetSeconds: /);
    expect(appError(() => parseTaskOptions('drain_email', { maxAttempts: 2.5 })).field).toBe('options.maxAttempts');
    expect(appError(() => parseTaskOptions('drain_email', { colour: 'red' })).field).toBe('options.colour');
    const unknown = appError(() => getTaskType('nope'));
    expect(unknown).toMatchObject({ code: 'VALIDATION', field: 'type' });
    expect(unknown.message).toContain('drain_whatsapp');
  });

  it('takes a new type with one registerTaskType call, describing its options for the form', async () => {
    expect(findTaskType('sync_test')).toBeUndefined();
    registerTaskType({
      type: 'sync_test',
      label: { 'pt-BR': 'Sincroniza com o IXC', en: 'Sync with IXC' },
      optionsSchema: z.strictObject({ full: z.boolean().default(false) }),
      run: async (_ctx, options) => ({ processed: options.full ? 2 : 1, sent: 0, failed: 0 }),
    });
    expect(registeredTypeNames()).toContain('sync_test');
    expect(listTaskTypes().map((t) => t.type)).toContain('sync_test');
    expect(parseTaskOptions('sync_test', { full: true })).toEqual({ full: true });
    const described = describeTaskType(getTaskType('sync_test'));
    expect(described).toMatchObject({ type: 'sync_test', defaults: { full: false }, optionsSchema: { properties: { full: { type: 'boolean' } } } });
    const drain = describeTaskType(getTaskType('drain_whatsapp'));
    expect(drain.optionsSchema).toMatchObject({
      properties: { budgetSeconds: { minimum: 10, maximum: 3600, title: 'Tempo máximo por execução (segundos)' } },
    });
  });

  it('refuses a badly named type and options without defaults', () => {
    const run = async () => ({ processed: 0, sent: 0, failed: 0 });
    const label = { 'pt-BR': 'x', en: 'x' };
    expect(() => registerTaskType({ type: 'Sync IXC', label, optionsSchema: z.object({}), run })).toThrow(/lowercase/);
    expect(() => registerTaskType({ type: 'sync_test', label, optionsSchema: z.object({ url: z.string() }), run })).toThrow(/must accept \{\}/);
    expect(findTaskType('sync_test')).toBeUndefined();
  });
});
