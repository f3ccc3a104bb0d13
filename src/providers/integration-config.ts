/**
 * What each kind of integration needs, validated with zod: the settings (stored as `config`) and the one secret
 * (token, password or key — sealed, never returned). Kinds: Opa! Suite (WhatsApp), SMTP (e-mail), Zenvia and
 * SMS Dev (SMS).
 */
import { z } from 'zod';
import { normaliseOpaBaseUrl } from './opa/url.js';
import { AppError } from '../shared/errors.js';
import type { Channel } from './types.js';

export const integrationKinds = ['opa', 'smtp', 'zenvia', 'smsdev'] as const;
export type IntegrationKind = (typeof integrationKinds)[number];

export const channelOfKind: Record<IntegrationKind, Channel> = {
  opa: 'whatsapp',
  smtp: 'email',
  zenvia: 'sms',
  smsdev: 'sms',
};

/** What the secret is called in the form, per kind; `optional` kinds work without one (SMTP without auth). */
export const secretOfKind: Record<IntegrationKind, { label: string; optional: boolean }> = {
  opa: { label: 'token', optional: false },
  smtp: { label: 'password', optional: true },
  zenvia: { label: 'token', optional: false },
  smsdev: { label: 'key', optional: false },
};

/**
 * The settings that decide where a kind's secret is sent and how it is protected on the way. A stored secret is
 * only ever used with the stored values of these: changing any of them (or the kind) requires typing the secret
 * again, so an admin session — or anyone who steals one — cannot point a saved token at another server.
 */
export const secretTargetOfKind: Record<IntegrationKind, readonly string[]> = {
  opa: ['url', 'insecureTls'],
  smtp: ['host', 'port', 'security', 'user', 'insecureTls'],
  zenvia: ['baseUrl'],
  smsdev: ['baseUrl'],
};

/** The first setting that differs between a stored integration and new values, as `config.<field>` (or `kind`). */
export function changedSecretTarget(
  stored: { kind: IntegrationKind; config: IntegrationConfig },
  next: { kind: IntegrationKind; config: IntegrationConfig },
): string | null {
  if (stored.kind !== next.kind) return 'kind';
  const a = stored.config as Record<string, unknown>;
  const b = next.config as Record<string, unknown>;
  const field = secretTargetOfKind[next.kind].find((key) => a[key] !== b[key]);
  return field ? `config.${field}` : null;
}

const timeoutSeconds = z.number().int().min(1).max(120).default(20);

const httpUrl = (fallback: string) =>
  z
    .string()
    .trim()
    .url('must be a URL such as https://api.example.com')
    .refine((u) => /^https?:\/\//i.test(u), 'must start with http:// or https://')
    .transform((u) => u.replace(/\/+$/, ''))
    .default(fallback);

export const opaConfigSchema = z.strictObject({
  /** As pasted by the user (e.g. `https://suporte.provedor.com.br/atendente`); stored as `…/api/v1`. */
  url: z
    .string()
    .trim()
    .min(1, 'is required')
    .transform((value, ctx) => {
      try {
        return normaliseOpaBaseUrl(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  /** Accept an invalid TLS certificate (self-hosted instances). */
  insecureTls: z.boolean().default(false),
  /** Send a template even to a contact with an open atendimento (Opa refuses by default). */
  allowSendingToStartedCustomerService: z.boolean().default(false),
  timeoutSeconds,
});

export const smtpConfigSchema = z.strictObject({
  host: z.string().trim().min(1, 'is required').max(255),
  port: z.number().int().min(1).max(65535).default(587),
  /** `tls`: implicit TLS (465); `starttls`: upgrade required (587); `none`: plain (local relays only). */
  security: z.enum(['tls', 'starttls', 'none']).default('starttls'),
  user: z.string().trim().max(255).optional(),
  /** The From header, e.g. `Provedor Exemplo <avisos@provedor.com.br>`. */
  from: z.string().trim().min(3, 'is required').max(255),
  insecureTls: z.boolean().default(false),
  timeoutSeconds,
});

export const zenviaConfigSchema = z.strictObject({
  baseUrl: httpUrl('https://api.zenvia.com'),
  /** Sender id registered at Zenvia. */
  from: z.string().trim().min(1, 'is required').max(64),
  timeoutSeconds,
});

export const smsDevConfigSchema = z.strictObject({
  baseUrl: httpUrl('https://api.smsdev.com.br'),
  timeoutSeconds,
});

export const configSchemaOfKind = {
  opa: opaConfigSchema,
  smtp: smtpConfigSchema,
  zenvia: zenviaConfigSchema,
  smsdev: smsDevConfigSchema,
} as const;

export type OpaConfig = z.infer<typeof opaConfigSchema>;
export type SmtpConfig = z.infer<typeof smtpConfigSchema>;
export type ZenviaConfig = z.infer<typeof zenviaConfigSchema>;
export type SmsDevConfig = z.infer<typeof smsDevConfigSchema>;
export type IntegrationConfig = OpaConfig | SmtpConfig | ZenviaConfig | SmsDevConfig;

/** Validates `config` for `kind`; the error names the field as `config.<field>`. */
export function parseIntegrationConfig(kind: IntegrationKind, config: unknown): IntegrationConfig {
  const parsed = configSchemaOfKind[kind].safeParse(config);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const field = ['config', ...issue.path, ...(key === undefined ? [] : [key])].map(String).join('.');
  throw new AppError('VALIDATION', `${field}: ${issue.message}`, field);
}
