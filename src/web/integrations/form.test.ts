import { describe, expect, it } from 'vitest';
import {
  configOf,
  draftFieldOf,
  draftFromIntegration,
  emptyDraft,
  isDirty,
  toCheckInput,
  toInput,
  toNumber,
  toPatch,
  validateDraft,
  withKind,
  withSecurity,
} from './form.js';
import { addressOf, type Integration } from './types.js';

const saved: Integration = {
  id: 7,
  kind: 'opa',
  channel: 'whatsapp',
  description: 'Opa Suporte',
  config: { url: 'https://suporte.provedor.com.br/api/v1', insecureTls: false, allowSendingToStartedCustomerService: true, timeoutSeconds: 30 },
  hasSecret: true,
  secretHint: 'a1b2',
  active: true,
  maxConcurrency: 4,
  ratePerSecond: 2.5,
  lastCheck: null,
  halted: null,
  messageCount: 0,
  createdBy: 'admin',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const smtp: Integration = {
  ...saved,
  kind: 'smtp',
  channel: 'email',
  config: { host: 'smtp.x.com.br', port: 587, security: 'starttls', from: 'avisos@x.com.br', insecureTls: false, timeoutSeconds: 20 },
};

describe('integration form', () => {
  it('builds the create body of an Opa! Suite integration as pasted, only with its own config keys', () => {
    const draft = {
      ...emptyDraft('opa'),
      description: ' Opa Suporte ',
      url: ' https://suporte.provedor.com.br/atendente ',
      secret: ' tok-123 ',
      insecureTls: true,
      ratePerSecond: '2,5',
    };
    expect(toInput(draft)).toEqual({
      kind: 'opa',
      description: 'Opa Suporte',
      config: {
        url: 'https://suporte.provedor.com.br/atendente',
        insecureTls: true,
        allowSendingToStartedCustomerService: false,
        timeoutSeconds: 20,
      },
      secret: 'tok-123',
      active: true,
      maxConcurrency: 2,
      ratePerSecond: 2.5,
    });
  });

  it('sends SMTP without user and secret when they are blank, and moves the usual port with the security', () => {
    const draft = { ...emptyDraft('smtp'), description: 'E-mail', host: 'smtp.x.com.br', from: 'avisos@x.com.br' };
    expect(configOf(draft)).toEqual({
      host: 'smtp.x.com.br',
      port: 587,
      security: 'starttls',
      from: 'avisos@x.com.br',
      insecureTls: false,
      timeoutSeconds: 20,
    });
    expect(toInput(draft)).not.toHaveProperty('secret');
    expect(withSecurity(draft, 'tls').port).toBe('465');
    expect(withSecurity({ ...draft, port: '2525' }, 'tls').port).toBe('2525');
  });

  it('starts each SMS gateway at its default API address and keeps the common fields when the gateway changes', () => {
    expect(emptyDraft('zenvia').baseUrl).toBe('https://api.zenvia.com');
    const next = withKind({ ...emptyDraft('zenvia'), description: 'SMS', maxConcurrency: '9' }, 'smsdev');
    expect(next).toMatchObject({ kind: 'smsdev', description: 'SMS', maxConcurrency: '9', baseUrl: 'https://api.smsdev.com.br' });
    expect(configOf(next)).toEqual({ baseUrl: 'https://api.smsdev.com.br', timeoutSeconds: 20 });
  });

  it('edits: a blank secret keeps the saved one, "remover senha" sends null (SMTP only), the saved kind says what config is', () => {
    const draft = draftFromIntegration(saved);
    expect(draft).toMatchObject({ url: 'https://suporte.provedor.com.br/api/v1', allowStarted: true, timeoutSeconds: '30', ratePerSecond: '2.5' });
    expect(isDirty(draft, saved)).toBe(false);
    const patch = toPatch(draft, saved);
    expect(patch).toEqual({ kind: 'opa', description: 'Opa Suporte', active: true, maxConcurrency: 4, ratePerSecond: 2.5 });
    // Only a changed config is sent (the server drops the last test result when it gets one).
    expect(toPatch({ ...draft, insecureTls: true }, saved).config).toMatchObject({ insecureTls: true, timeoutSeconds: 30 });
    expect(toPatch({ ...draft, secret: 'new' }).secret).toBe('new');
    expect(toPatch({ ...draft, removeSecret: true })).not.toHaveProperty('secret'); // Opa needs a token
    expect(toPatch({ ...draftFromIntegration(smtp), removeSecret: true }).secret).toBeNull();
    expect(isDirty({ ...draft, url: 'https://outro.com.br' }, saved)).toBe(true);
    expect(isDirty({ ...draft, secret: 'x' }, saved)).toBe(true);
  });

  it('tests unsaved values with the id of the integration being edited, so its stored secret is reused', () => {
    const body = toCheckInput(draftFromIntegration(saved), saved.id);
    expect(body.id).toBe(7);
    expect(body).not.toHaveProperty('secret');
    expect(toCheckInput(emptyDraft('opa'))).not.toHaveProperty('id');
  });

  it('checks blanks and ranges before sending', () => {
    expect(validateDraft(emptyDraft('opa'), false)).toEqual({
      description: { problem: 'required' },
      secret: { problem: 'required' },
      url: { problem: 'required' },
    });
    expect(Object.keys(validateDraft(emptyDraft('opa'), true))).toEqual(['description', 'url']); // secret kept
    const bad = { ...emptyDraft('smtp'), description: 'x', host: 'h', from: 'f', port: '0', maxConcurrency: '51', ratePerSecond: 'abc' };
    expect(validateDraft(bad, false)).toEqual({
      port: { problem: 'range', min: 1, max: 65535 },
      maxConcurrency: { problem: 'range', min: 1, max: 50 },
      ratePerSecond: { problem: 'number' },
    });
    expect(toNumber('')).toBeUndefined();
    expect(toNumber('1,5')).toBe(1.5);
  });

  it("maps the server's field names to the form's", () => {
    expect(draftFieldOf('config.url')).toBe('url');
    expect(draftFieldOf('config.allowSendingToStartedCustomerService')).toBe('allowStarted');
    expect(draftFieldOf('secret')).toBe('secret');
    expect(draftFieldOf('config.nope')).toBeUndefined();
    expect(draftFieldOf(undefined)).toBeUndefined();
  });

  it('shows the address each kind is reached at', () => {
    expect(addressOf(saved)).toBe('https://suporte.provedor.com.br/api/v1');
    expect(addressOf({ ...smtp, config: { ...smtp.config, host: 'smtp.x', port: 465 } })).toBe('smtp.x:465');
    const smsdev: Integration = { ...saved, kind: 'smsdev', channel: 'sms', config: { baseUrl: 'https://api.smsdev.com.br', timeoutSeconds: 20 } };
    expect(addressOf(smsdev)).toBe('https://api.smsdev.com.br');
  });
});
