import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { installationTaskTypes } from '../app/task-types.js';
import { AppError } from '../shared/errors.js';
import { describeTaskType, type TaskType, taskType, taskTypes } from './types.js';

function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

const syncTest = taskType<{ full: boolean }>({
  type: 'sync_test',
  label: { 'pt-BR': 'Sincroniza com o IXC', en: 'Sync with IXC' },
  optionsSchema: z.strictObject({ full: z.boolean().default(false) }),
  run: async (_ctx, options) => ({ processed: options.full ? 2 : 1, sent: 0, failed: 0 }),
});

describe('task type catalogue', () => {
  const types = installationTaskTypes();

  it("lists the installation's types by label: the three queue drains with IXC labels and default options", () => {
    expect(types.list.map((t) => t.label['pt-BR'])).toEqual([
      'Detecta quedas',
      'Envia E-mails da Fila',
      'Envia Mensagens Omnichannel da Fila',
      'Envia SMS da Fila',
      'Executa gatilhos de envio',
      'Sincroniza IXC',
    ]);
    for (const type of ['drain_whatsapp', 'drain_email', 'drain_sms']) {
      expect(types.parseOptions(type, {})).toEqual({ budgetSeconds: 300, maxAttempts: 5, leaseSeconds: 60 });
      expect(types.parseOptions(type, undefined)).toEqual({ budgetSeconds: 300, maxAttempts: 5, leaseSeconds: 60 });
    }
    expect(types.parseOptions('drain_sms', { budgetSeconds: 60 })).toEqual({ budgetSeconds: 60, maxAttempts: 5, leaseSeconds: 60 });
    expect(types.label('drain_sms')).toBe('Envia SMS da Fila');
    expect(types.label('gone_type')).toBe('gone_type');
  });

  it('names the wrong option, an unknown option and an unknown type', () => {
    const low = appError(() => types.parseOptions('drain_email', { budgetSeconds: 5 }));
    expect(low).toMatchObject({ code: 'VALIDATION', field: 'options.budgetSeconds' });
    expect(low.message).toMatch(/^options\.budgetSeconds: /);
    expect(appError(() => types.parseOptions('drain_email', { maxAttempts: 2.5 })).field).toBe('options.maxAttempts');
    expect(appError(() => types.parseOptions('drain_email', { colour: 'red' })).field).toBe('options.colour');
    const unknown = appError(() => types.get('nope'));
    expect(unknown).toMatchObject({ code: 'VALIDATION', field: 'type' });
    expect(unknown.message).toContain('drain_whatsapp');
  });

  it('holds exactly the types it was given, describing their options for the form', () => {
    const own = taskTypes([syncTest]);
    expect(own.names).toEqual(['sync_test']);
    expect(own.find('drain_whatsapp')).toBeUndefined();
    expect(types.find('sync_test')).toBeUndefined(); // no global registry: another catalogue is not affected
    expect(own.parseOptions('sync_test', { full: true })).toEqual({ full: true });
    expect(describeTaskType(own.get('sync_test'))).toMatchObject({
      type: 'sync_test',
      defaults: { full: false },
      optionsSchema: { properties: { full: { type: 'boolean' } } },
    });
    expect(describeTaskType(types.get('drain_whatsapp')).optionsSchema).toMatchObject({
      properties: { budgetSeconds: { minimum: 10, maximum: 3600, title: 'Tempo máximo por execução (segundos)' } },
    });
  });

  it('refuses a badly named type, options without defaults and a type listed twice', () => {
    const run = async () => ({ processed: 0, sent: 0, failed: 0 });
    const label = { 'pt-BR': 'x', en: 'x' };
    const bad = (definition: TaskType) => () => taskTypes([definition]);
    expect(bad(taskType({ type: 'Sync IXC', label, optionsSchema: z.object({}), run }))).toThrow(/lowercase/);
    expect(bad(taskType({ type: 'sync_test', label, optionsSchema: z.object({ url: z.string() }), run }))).toThrow(/must accept \{\}/);
    expect(() => taskTypes([syncTest, syncTest])).toThrow(/listed twice/);
  });
});
