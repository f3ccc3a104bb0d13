import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailSink, type MailSink } from './email/mail-sink.js';
import type { Integration } from './integrations.js';
import type { IntegrationConfig, IntegrationKind } from './integration-config.js';
import { startOpaSimulator, type OpaSimulator } from './opa/simulator.js';
import { createProvider } from './registry.js';
import { startSmsDevSimulator, type SmsDevSimulator } from './sms/smsdev-sim.js';
import { startZenviaSimulator, type ZenviaSimulator } from './sms/zenvia-sim.js';

function integration(kind: IntegrationKind, config: IntegrationConfig): Integration {
  const now = new Date();
  const channel = kind === 'opa' ? 'whatsapp' : kind === 'smtp' ? 'email' : 'sms';
  return {
    id: 1, kind, channel, description: kind, config, hasSecret: true, secretHint: '', active: true, maxConcurrency: 2,
    ratePerSecond: 5, lastCheck: null, halted: null, messageCount: 0, createdBy: '', createdAt: now, updatedAt: now,
  } as Integration;
}

describe('provider registry', () => {
  let opa: OpaSimulator;
  let smsdev: SmsDevSimulator;
  let zenvia: ZenviaSimulator;
  let mail: MailSink;
  beforeAll(async () => {
    [opa, smsdev, zenvia, mail] = await Promise.all([
      startOpaSimulator(),
      startSmsDevSimulator({ key: 'k-0001' }),
      startZenviaSimulator({ token: 'z-0001', from: 'PROVEDOR' }),
      startMailSink(),
    ]);
  });
  afterAll(() => Promise.all([opa.close(), smsdev.close(), zenvia.close(), mail.close()]));

  it('builds a working provider of every kind from stored settings and sends through it', async () => {
    const cases = [
      { open: { integration: integration('opa', { url: `${opa.url}/atendente`, insecureTls: false, allowSendingToStartedCustomerService: false, timeoutSeconds: 5 }), secret: opa.token },
        message: { channel: 'whatsapp' as const, ref: '1', to: '+5548999123456', channelId: '65a1f0c2b7e4d93a1c0f1a01', templateId: '65a1f3d8b7e4d93a1c0f2b03', variables: ['Ana'] } },
      { open: { integration: integration('smtp', { host: mail.host, port: mail.port, security: 'none', from: 'avisos@provedor.example', insecureTls: false, timeoutSeconds: 5 }), secret: null },
        message: { channel: 'email' as const, ref: '2', to: 'ana@example.com', subject: 'Aviso', text: 'Olá' } },
      { open: { integration: integration('smsdev', { baseUrl: smsdev.url, timeoutSeconds: 5 }), secret: 'k-0001' },
        message: { channel: 'sms' as const, ref: '3', to: '+5548999123456', text: 'Olá' } },
      { open: { integration: integration('zenvia', { baseUrl: zenvia.url, from: 'PROVEDOR', timeoutSeconds: 5 }), secret: 'z-0001' },
        message: { channel: 'sms' as const, ref: '4', to: '+5548999123456', text: 'Olá' } },
    ];
    for (const { open, message } of cases) {
      const provider = createProvider(open);
      try {
        expect(provider.channel).toBe(message.channel);
        expect(await provider.check()).toMatchObject({ ok: true });
        expect(await provider.send(message)).toMatchObject({ ok: true, providerMessageId: expect.any(String) });
      } finally {
        await provider.close();
      }
    }
    expect(opa.sends).toHaveLength(1);
    expect(mail.mails).toEqual([expect.objectContaining({ from: 'avisos@provedor.example', to: ['ana@example.com'] })]);
    expect(smsdev.sends).toHaveLength(1);
    expect(zenvia.sends).toHaveLength(1);
  });

  it('a wrong secret is a config failure, not an exception', async () => {
    const provider = createProvider({ integration: integration('smsdev', { baseUrl: smsdev.url, timeoutSeconds: 5 }), secret: 'wrong-key' });
    try {
      expect(await provider.send({ channel: 'sms', ref: '5', to: '+5548999123456', text: 'x' })).toMatchObject({ ok: false, kind: 'config' });
    } finally {
      await provider.close();
    }
  });
});
