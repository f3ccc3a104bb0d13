/**
 * Integrações as the API takes and gives them (browser-safe): the kinds (Opa! Suite for WhatsApp, SMTP for e-mail,
 * Zenvia and SMS Dev for SMS), each kind's settings (`config`), and the integration itself — every body a union
 * discriminated by `kind`, so the OpenAPI document and the typed client show each kind's own settings.
 * Settings only use `.overwrite()` (never `.transform()`) to normalise, so one schema serves the request, the
 * response (which the server encodes through it) and the document.
 */
import { z } from 'zod';
import { idParams } from '../shared/api-schemas.js';
import { rowId } from '../shared/ids.js';
import { noticeSchema } from '../shared/notice.js';
import { type Channel, channels } from '../shared/vocabulary.js';
import { normaliseOpaBaseUrl } from './opa/url.js';

export const integrationKinds = ['opa', 'smtp', 'zenvia', 'smsdev', 'cloudapi'] as const;
export type IntegrationKind = (typeof integrationKinds)[number];

export const channelOfKind = {
  opa: 'whatsapp',
  smtp: 'email',
  zenvia: 'sms',
  smsdev: 'sms',
  cloudapi: 'whatsapp',
} as const satisfies Record<IntegrationKind, Channel>;

/** What the secret is called in the form, per kind; `optional` kinds work without one (SMTP without auth). */
export const secretOfKind: Record<IntegrationKind, { label: string; optional: boolean }> = {
  opa: { label: 'token', optional: false },
  smtp: { label: 'password', optional: true },
  zenvia: { label: 'token', optional: false },
  smsdev: { label: 'key', optional: false },
  cloudapi: { label: 'access token', optional: false },
};

/** `tls`: implicit TLS (465); `starttls`: upgrade required (587); `none`: plain (local relays only). */
export const smtpSecurities = ['tls', 'starttls', 'none'] as const;
export type SmtpSecurity = (typeof smtpSecurities)[number];

/** The SMS gateways' public API addresses, used when the form leaves the address blank. */
export const defaultBaseUrl = {
  zenvia: 'https://api.zenvia.com',
  smsdev: 'https://api.smsdev.com.br',
  cloudapi: 'https://graph.facebook.com',
} as const;
/** Limits of the sending pace an admin may set. */
export const MAX_CONCURRENCY = 50;
export const MAX_RATE_PER_SECOND = 1000;

const timeoutSeconds = z.number().int().min(1).max(120).default(20);

const httpUrl = (fallback: string) =>
  z
    .string()
    .trim()
    .url('must be a URL such as https://api.example.com')
    .refine((u) => /^https?:\/\//i.test(u), 'must start with http:// or https://')
    .overwrite((u) => u.replace(/\/+$/, ''))
    .default(fallback);

/** The Opa! Suite address as stored (`…/api/v1`); left as it is when not an address (the check says why). */
function opaBaseUrlOrSame(value: string): string {
  try {
    return normaliseOpaBaseUrl(value);
  } catch {
    return value;
  }
}

export const opaConfigSchema = z.strictObject({
  /** As pasted by the user (e.g. `https://suporte.provedor.com.br/atendente`); stored as `…/api/v1`. */
  url: z
    .string()
    .trim()
    .min(1, 'is required')
    .superRefine((value, ctx) => {
      if (!value) return;
      try {
        normaliseOpaBaseUrl(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    })
    .overwrite(opaBaseUrlOrSame),
  /** Accept an invalid TLS certificate (self-hosted instances). */
  insecureTls: z.boolean().default(false),
  /** Send a template even to a contact with an open atendimento (Opa refuses by default). */
  allowSendingToStartedCustomerService: z.boolean().default(false),
  timeoutSeconds,
});

export const smtpConfigSchema = z.strictObject({
  host: z.string().trim().min(1, 'is required').max(255),
  port: z.number().int().min(1).max(65535).default(587),
  security: z.enum(smtpSecurities).default('starttls'),
  user: z.string().trim().max(255).optional(),
  /** The From header, e.g. `Provedor Exemplo <avisos@provedor.com.br>`. */
  from: z.string().trim().min(3, 'is required').max(255),
  insecureTls: z.boolean().default(false),
  timeoutSeconds,
});

export const zenviaConfigSchema = z.strictObject({
  baseUrl: httpUrl(defaultBaseUrl.zenvia),
  /** Sender id registered at Zenvia. */
  from: z.string().trim().min(1, 'is required').max(64),
  timeoutSeconds,
});

export const smsDevConfigSchema = z.strictObject({
  baseUrl: httpUrl(defaultBaseUrl.smsdev),
  timeoutSeconds,
});

const metaId = (what: string) => z.string().trim().regex(/^\d{5,25}$/, `must be the ${what} (digits) shown in Meta's WhatsApp Manager`);

/** WhatsApp Cloud API (Meta, direct): the number that sends and the business account whose templates it uses. */
export const cloudApiConfigSchema = z.strictObject({
  phoneNumberId: metaId('phone number ID'),
  wabaId: metaId('WhatsApp Business Account ID'),
  apiVersion: z
    .string()
    .trim()
    .regex(/^v\d{2}\.\d$/, 'must be a Graph API version such as v23.0')
    .default('v23.0'),
  baseUrl: httpUrl(defaultBaseUrl.cloudapi),
  timeoutSeconds,
});

export const configSchemaOfKind = {
  opa: opaConfigSchema,
  smtp: smtpConfigSchema,
  zenvia: zenviaConfigSchema,
  smsdev: smsDevConfigSchema,
  cloudapi: cloudApiConfigSchema,
} as const satisfies Record<IntegrationKind, z.ZodType>;

export type OpaConfig = z.output<typeof opaConfigSchema>;
export type SmtpConfig = z.output<typeof smtpConfigSchema>;
export type ZenviaConfig = z.output<typeof zenviaConfigSchema>;
export type SmsDevConfig = z.output<typeof smsDevConfigSchema>;
export type CloudApiConfig = z.output<typeof cloudApiConfigSchema>;
export type IntegrationConfig = OpaConfig | SmtpConfig | ZenviaConfig | SmsDevConfig | CloudApiConfig;
/** A kind's settings as a caller sends them (defaults may be left out). */
export type ConfigInput<K extends IntegrationKind> = z.input<(typeof configSchemaOfKind)[K]>;

/** OpenAPI: the bodies below are `oneOf` their kinds, told apart by `kind`. */
const byKind = { discriminator: { propertyName: 'kind' } };

const description = z.string().trim().min(1, 'is required').max(100);
const secret = z.string().trim().min(1).max(4096);
const active = z.boolean();
const maxConcurrency = z.number().int().min(1).max(MAX_CONCURRENCY);
const ratePerSecond = z.number().positive().max(MAX_RATE_PER_SECOND);

/**
 * The Cloud API's webhook secrets, beside its access token: the Meta app's secret (signs every webhook:
 * `X-Hub-Signature-256`) and the verify token typed in Meta's webhook form. Sealed like the token, never returned.
 */
const webhookSecretsInput = { appSecret: secret.optional(), verifyToken: secret.optional() };
const webhookSecretsPatch = { appSecret: secret.nullable().optional(), verifyToken: secret.nullable().optional() };

/** POST /api/integrations, one kind. */
function inputOf<K extends IntegrationKind>(kind: K) {
  return z.strictObject({
    kind: z.literal(kind),
    description,
    config: configSchemaOfKind[kind],
    /** The token/password/key; required for every kind but SMTP. */
    secret: secret.optional(),
    active: active.default(true),
    maxConcurrency: maxConcurrency.default(2),
    ratePerSecond: ratePerSecond.default(5),
  });
}

const cloudApiInput = () => inputOf('cloudapi').extend({ ...webhookSecretsInput, ratePerSecond: ratePerSecond.default(80) });

export const integrationInputSchema = z
  .discriminatedUnion('kind', [inputOf('opa'), inputOf('smtp'), inputOf('zenvia'), inputOf('smsdev'), cloudApiInput()])
  .meta(byKind);
export type IntegrationInput = z.input<typeof integrationInputSchema>;

/** Testar conexão with unsaved values: `id` (editing) lets the server reuse that integration's stored secret. */
const checkId = { id: rowId.optional() };
export const integrationCheckInputSchema = z
  .discriminatedUnion('kind', [
    inputOf('opa').extend(checkId),
    inputOf('smtp').extend(checkId),
    inputOf('zenvia').extend(checkId),
    inputOf('smsdev').extend(checkId),
    cloudApiInput().extend(checkId),
  ])
  .meta(byKind);

/**
 * PUT /api/integrations/:id, one kind: `kind` says which settings `config` holds and must be the saved one (a kind
 * never changes); omitted fields stay; `secret: null` removes the secret (only where the kind allows none).
 */
function patchOf<K extends IntegrationKind>(kind: K) {
  return z.strictObject({
    kind: z.literal(kind),
    description: description.optional(),
    config: configSchemaOfKind[kind].optional(),
    secret: secret.nullable().optional(),
    active: active.optional(),
    maxConcurrency: maxConcurrency.optional(),
    ratePerSecond: ratePerSecond.optional(),
  });
}

export const integrationPatchSchema = z
  .discriminatedUnion('kind', [patchOf('opa'), patchOf('smtp'), patchOf('zenvia'), patchOf('smsdev'), patchOf('cloudapi').extend(webhookSecretsPatch)])
  .meta(byKind);
export type IntegrationPatch = z.input<typeof integrationPatchSchema>;

/** A stored integration, one kind. Secrets go in, never out: `hasSecret` and `secretHint` only. */
function integrationOf<K extends IntegrationKind>(kind: K) {
  return z.object({
    id: z.number().int(),
    kind: z.literal(kind),
    channel: z.literal(channelOfKind[kind]),
    description: z.string(),
    config: configSchemaOfKind[kind],
    hasSecret: z.boolean(),
    /** Last four characters of the secret ('' when it is short or absent). */
    secretHint: z.string(),
    active: z.boolean(),
    maxConcurrency: z.number().int(),
    ratePerSecond: z.number(),
    /** What the last Testar conexão found (src/shared/notice.ts). */
    lastCheck: z.object({ at: z.date(), ok: z.boolean(), notice: noticeSchema }).nullable(),
    /** Set when a drain found the integration refused by its provider (auth/config); sending through it waits. */
    halted: z.object({ at: z.date(), reason: noticeSchema }).nullable(),
    /** Mensagens registered on this integration. */
    messageCount: z.number().int(),
    createdBy: z.string(),
    createdAt: z.date(),
    updatedAt: z.date(),
  });
}

export const integrationSchema = z
  .discriminatedUnion('kind', [
    integrationOf('opa'),
    integrationOf('smtp'),
    integrationOf('zenvia'),
    integrationOf('smsdev'),
    integrationOf('cloudapi').extend({
      /** Which webhook secrets are saved (never their values): receipts are refused until both are. */
      webhookSecrets: z.object({ appSecret: z.boolean(), verifyToken: z.boolean() }),
    }),
  ])
  .meta(byKind);
export type Integration = z.output<typeof integrationSchema>;

export const integrationListQuerySchema = z.strictObject({ channel: z.enum(channels).optional() });

/** How a failed check or send is to be treated (see src/providers/types.ts). */
export const failureKinds = ['retryable', 'permanent', 'config', 'quota'] as const;

/** Result of Testar conexão: what was reached, or the provider's failure. */
export const checkResultSchema = z.union([
  z.object({ ok: z.literal(true), notice: noticeSchema }),
  z.object({ ok: z.literal(false), kind: z.enum(failureKinds), notice: noticeSchema, status: z.number().optional() }),
]);
export type CheckResult = z.output<typeof checkResultSchema>;

/** A channel of an Opa! Suite integration (Buscar canais). */
export const opaChannelSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  integration: z.string().nullable(),
  active: z.boolean(),
  /** An active WhatsApp channel: the only kind templates are sent through. */
  usable: z.boolean(),
});

/** A template of an Opa! Suite channel (Buscar template). */
export const opaTemplateSchema = z.object({
  id: z.string(),
  atalho: z.string(),
  text: z.string(),
  placeholders: z.array(z.string()),
  language: z.string().nullable(),
  category: z.string().nullable(),
  templateType: z.string().nullable(),
});

/** An Opa! Suite channel's daily template quota; null when the channel has none. */
export const opaDailyLimitSchema = z.object({ messagesSent: z.number(), dailyLimit: z.number(), availableAmount: z.number() }).nullable();
export type OpaDailyLimit = z.output<typeof opaDailyLimitSchema>;

export const opaChannelParams = idParams.extend({
  channelId: z.string().regex(/^[0-9a-f]{24}$/i, 'must be 24 hex characters'),
});

/** An approved template of a Cloud API business account (Buscar template). */
export const cloudApiTemplateSchema = z.object({
  id: z.string(),
  name: z.string(),
  language: z.string(),
  /** UTILITY, MARKETING or AUTHENTICATION: marketing costs ≈ 9× in Brazil and is capped per user by Meta. */
  category: z.string(),
  text: z.string(),
  /** How many body parameters (`{{1}}`…) it takes. */
  parameters: z.number().int(),
});
