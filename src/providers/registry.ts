/** From a stored integration (and its secret in clear) to a working provider or Opa! Suite client. */
import { smtpProvider } from './email/smtp.js';
import type { Integration } from './schemas.js';
import { createOpaClient, type OpaClient } from './opa/client.js';
import { opaProvider } from './opa/provider.js';
import { smsDevProvider } from './sms/smsdev.js';
import { zenviaProvider } from './sms/zenvia.js';
import type { Provider } from './types.js';
import { type CloudApiProvider, cloudApiProvider } from './cloudapi/provider.js';

export interface OpenIntegration {
  integration: Integration;
  secret: string | null;
}

type OpaIntegration = Extract<Integration, { kind: 'opa' }>;

function opaOptions(integration: OpaIntegration, secret: string | null) {
  const { config } = integration;
  return {
    baseUrl: config.url,
    token: secret ?? '',
    insecureTls: config.insecureTls,
    timeoutMs: config.timeoutSeconds * 1000,
    allowSendingToStartedCustomerService: config.allowSendingToStartedCustomerService,
    connections: integration.maxConcurrency,
  };
}

export function createProvider(open: OpenIntegration): Provider {
  const { integration, secret } = open;
  switch (integration.kind) {
    case 'opa':
      return opaProvider(opaOptions(integration, secret));
    case 'smtp': {
      const { config } = integration;
      return smtpProvider({
        host: config.host,
        port: config.port,
        security: config.security,
        ...(config.user ? { user: config.user } : {}),
        ...(secret ? { password: secret } : {}),
        from: config.from,
        insecureTls: config.insecureTls,
        timeoutMs: config.timeoutSeconds * 1000,
        maxConnections: integration.maxConcurrency,
      });
    }
    case 'zenvia': {
      const { config } = integration;
      return zenviaProvider({ baseUrl: config.baseUrl, token: secret ?? '', from: config.from, timeoutMs: config.timeoutSeconds * 1000 });
    }
    case 'smsdev': {
      const { config } = integration;
      return smsDevProvider({ baseUrl: config.baseUrl, key: secret ?? '', timeoutMs: config.timeoutSeconds * 1000 });
    }
    case 'cloudapi':
      return cloudApiProviderFor(open);
  }
}

/** The Cloud API provider of a `cloudapi` integration (sends, Testar conexão, Buscar template). */
export function cloudApiProviderFor(open: OpenIntegration): CloudApiProvider {
  const { integration, secret } = open;
  if (integration.kind !== 'cloudapi') throw new Error(`Integration ${integration.id} is not a WhatsApp Cloud API integration`);
  const { config } = integration;
  return cloudApiProvider({
    baseUrl: config.baseUrl,
    apiVersion: config.apiVersion,
    phoneNumberId: config.phoneNumberId,
    wabaId: config.wabaId,
    token: secret ?? '',
    timeoutMs: config.timeoutSeconds * 1000,
    connections: Math.max(integration.maxConcurrency, 1),
  });
}

/** The Opa! Suite client of an `opa` integration, for Buscar canais / Buscar template / daily limits. */
export function createOpaClientFor(open: OpenIntegration): OpaClient {
  const { integration, secret } = open;
  if (integration.kind !== 'opa') throw new Error(`Integration ${integration.id} is not an Opa! Suite integration`);
  return createOpaClient(opaOptions(integration, secret));
}
