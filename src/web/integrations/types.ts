/**
 * Integrações as the UI sees them (the contract lives in src/http/routes/integration-routes.ts and
 * src/providers/integration-config.ts). Dates arrive as ISO strings; the secret never comes back, only
 * `hasSecret` and its last four characters.
 */

export const integrationKinds = ['opa', 'smtp', 'zenvia', 'smsdev'] as const;
export type IntegrationKind = (typeof integrationKinds)[number];

export const channels = ['whatsapp', 'email', 'sms'] as const;
export type Channel = (typeof channels)[number];

export const channelOfKind: Record<IntegrationKind, Channel> = {
  opa: 'whatsapp',
  smtp: 'email',
  zenvia: 'sms',
  smsdev: 'sms',
};

/** Kinds whose secret may be left out (SMTP without authentication). */
export const secretOptional: Record<IntegrationKind, boolean> = { opa: false, smtp: true, zenvia: false, smsdev: false };

export const smtpSecurities = ['tls', 'starttls', 'none'] as const;
export type SmtpSecurity = (typeof smtpSecurities)[number];

export interface OpaConfig {
  url: string;
  insecureTls: boolean;
  allowSendingToStartedCustomerService: boolean;
  timeoutSeconds: number;
}
export interface SmtpConfig {
  host: string;
  port: number;
  security: SmtpSecurity;
  user?: string;
  from: string;
  insecureTls: boolean;
  timeoutSeconds: number;
}
export interface ZenviaConfig {
  baseUrl: string;
  from: string;
  timeoutSeconds: number;
}
export interface SmsDevConfig {
  baseUrl: string;
  timeoutSeconds: number;
}

export interface Integration {
  id: number;
  kind: IntegrationKind;
  channel: Channel;
  description: string;
  /** One of the *Config shapes above, by kind (read through `configValue`). */
  config: Record<string, unknown>;
  hasSecret: boolean;
  secretHint: string;
  active: boolean;
  maxConcurrency: number;
  ratePerSecond: number;
  lastCheck: { at: string; ok: boolean; message: string } | null;
  messageCount: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export type FailureKind = 'retryable' | 'permanent' | 'config' | 'quota';

export type CheckResult = { ok: true; detail: string } | { ok: false; kind: string; message: string; status?: number };

/** Body of POST /api/integrations (and of the unsaved check, plus `id`). */
export interface IntegrationInput {
  kind: IntegrationKind;
  description: string;
  config: Record<string, unknown>;
  secret?: string;
  active?: boolean;
  maxConcurrency?: number;
  ratePerSecond?: number;
}

/** Body of PUT /api/integrations/:id: omitted fields stay; `secret: null` removes it (SMTP only). */
export interface IntegrationPatch {
  description?: string;
  config?: Record<string, unknown>;
  secret?: string | null;
  active?: boolean;
  maxConcurrency?: number;
  ratePerSecond?: number;
}

/** A channel of an Opa! Suite integration (Buscar canais). */
export interface OpaChannel {
  id: string;
  name: string;
  kind: string;
  integration: string | null;
  active: boolean;
  /** An active WhatsApp channel: the only kind templates go through. */
  usable: boolean;
}

/** A template of an Opa! Suite channel (Buscar template). */
export interface OpaTemplate {
  id: string;
  atalho: string;
  text: string;
  placeholders: string[];
  language: string | null;
  category: string | null;
  templateType: string | null;
}

/** The address shown in the list: Opa's API URL, the SMTP server, the gateway's API URL. */
export function addressOf(integration: Pick<Integration, 'kind' | 'config'>): string {
  const c = integration.config;
  const text = (key: string) => (typeof c[key] === 'string' ? (c[key] as string) : '');
  switch (integration.kind) {
    case 'opa':
      return text('url');
    case 'smtp': {
      const host = text('host');
      return host && typeof c.port === 'number' ? `${host}:${c.port}` : host;
    }
    case 'zenvia':
    case 'smsdev':
      return text('baseUrl');
  }
}
