/**
 * The integration form as plain data: one flat draft for every kind (inputs keep text, so a half-typed number
 * survives), the request bodies built from it, the checks made before sending, and which draft field a server
 * error names (`config.url` → `url`).
 */
import { defaultBaseUrl, MAX_CONCURRENCY, MAX_RATE_PER_SECOND } from '../../providers/schemas.js';
import {
  type ConfigInput,
  type Integration,
  type IntegrationCheckInput,
  type IntegrationInput,
  type IntegrationKind,
  type IntegrationPatch,
  secretOfKind,
  type SmtpSecurity,
  smtpSecurities,
} from './types.js';

export interface IntegrationDraft {
  kind: IntegrationKind;
  description: string;
  active: boolean;
  maxConcurrency: string;
  ratePerSecond: string;
  /** Typed token/password/key; empty when editing means "keep the saved one". */
  secret: string;
  /** SMTP only: drop the saved password (send without authentication). */
  removeSecret: boolean;
  timeoutSeconds: string;
  insecureTls: boolean;
  /** Opa! Suite */
  url: string;
  allowStarted: boolean;
  /** SMTP */
  host: string;
  port: string;
  security: SmtpSecurity;
  user: string;
  from: string;
  /** Zenvia, SMS Dev, Cloud API */
  baseUrl: string;
  /** WhatsApp Cloud API */
  phoneNumberId: string;
  wabaId: string;
  apiVersion: string;
  /** Typed webhook secrets; empty when editing means "keep the saved one". */
  appSecret: string;
  verifyToken: string;
}

export type DraftField = Exclude<keyof IntegrationDraft, 'kind'> | 'kind';

export { MAX_CONCURRENCY };

export function emptyDraft(kind: IntegrationKind): IntegrationDraft {
  return {
    kind,
    description: '',
    active: true,
    maxConcurrency: kind === 'cloudapi' ? '8' : '2',
    ratePerSecond: kind === 'cloudapi' ? '80' : '5',
    secret: '',
    removeSecret: false,
    timeoutSeconds: '20',
    insecureTls: false,
    url: '',
    allowStarted: false,
    host: '',
    port: '587',
    security: 'starttls',
    user: '',
    from: '',
    baseUrl: kind === 'zenvia' || kind === 'smsdev' || kind === 'cloudapi' ? defaultBaseUrl[kind] : '',
    phoneNumberId: '',
    wabaId: '',
    apiVersion: 'v23.0',
    appSecret: '',
    verifyToken: '',
  };
}

const securityPort: Record<SmtpSecurity, string> = { tls: '465', starttls: '587', none: '25' };

/** Another SMTP security: a port still at the previous mode's usual value follows the new mode's. */
export function withSecurity(draft: IntegrationDraft, security: SmtpSecurity): IntegrationDraft {
  const usual = draft.port.trim() === '' || draft.port.trim() === securityPort[draft.security];
  return { ...draft, security, port: usual ? securityPort[security] : draft.port };
}

/** Another gateway chosen in a new form: common fields stay, the gateway's own start from their defaults. */
export function withKind(draft: IntegrationDraft, kind: IntegrationKind): IntegrationDraft {
  const { description, active, maxConcurrency, ratePerSecond } = draft;
  const before = emptyDraft(draft.kind);
  const next = emptyDraft(kind);
  // a limit still at the previous gateway's default takes the new one's (the Cloud API's 80 msg/s, not SMS's 5)
  return {
    ...next,
    description,
    active,
    maxConcurrency: maxConcurrency === before.maxConcurrency ? next.maxConcurrency : maxConcurrency,
    ratePerSecond: ratePerSecond === before.ratePerSecond ? next.ratePerSecond : ratePerSecond,
  };
}

const text = (config: Record<string, unknown>, key: string, fallback = '') =>
  typeof config[key] === 'string' ? (config[key] as string) : fallback;
const flag = (config: Record<string, unknown>, key: string) => config[key] === true;
const numberText = (config: Record<string, unknown>, key: string, fallback: string) =>
  typeof config[key] === 'number' ? String(config[key]) : fallback;

export function draftFromIntegration(integration: Integration): IntegrationDraft {
  const c: Record<string, unknown> = integration.config;
  const empty = emptyDraft(integration.kind);
  const security = text(c, 'security');
  return {
    ...empty,
    description: integration.description,
    active: integration.active,
    maxConcurrency: String(integration.maxConcurrency),
    ratePerSecond: String(integration.ratePerSecond),
    timeoutSeconds: numberText(c, 'timeoutSeconds', empty.timeoutSeconds),
    insecureTls: flag(c, 'insecureTls'),
    url: text(c, 'url'),
    allowStarted: flag(c, 'allowSendingToStartedCustomerService'),
    host: text(c, 'host'),
    port: numberText(c, 'port', empty.port),
    security: (smtpSecurities as readonly string[]).includes(security) ? (security as SmtpSecurity) : empty.security,
    user: text(c, 'user'),
    from: text(c, 'from'),
    baseUrl: text(c, 'baseUrl', empty.baseUrl),
    phoneNumberId: text(c, 'phoneNumberId'),
    wabaId: text(c, 'wabaId'),
    apiVersion: text(c, 'apiVersion', empty.apiVersion),
  };
}

/** A number as typed ("2,5" too); undefined when blank, NaN when not a number (the server then names it). */
export function toNumber(value: string): number | undefined {
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  return Number(trimmed.replace(',', '.'));
}

/** `{ [key]: value }`, or nothing when the value is blank, so "blank" means "the server's default". */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** A kind with its own settings: the pair every body carries. */
export type KindConfig = { [K in IntegrationKind]: { kind: K; config: ConfigInput<K> } }[IntegrationKind];

/** The draft's kind and its `config`, with only that kind's keys (the server rejects others). */
function kindConfigOf(draft: IntegrationDraft): KindConfig {
  const timeout = optional('timeoutSeconds', toNumber(draft.timeoutSeconds));
  const baseUrl = optional('baseUrl', draft.baseUrl.trim() || undefined);
  switch (draft.kind) {
    case 'opa':
      return {
        kind: 'opa',
        config: {
          url: draft.url.trim(),
          insecureTls: draft.insecureTls,
          allowSendingToStartedCustomerService: draft.allowStarted,
          ...timeout,
        },
      };
    case 'smtp':
      return {
        kind: 'smtp',
        config: {
          host: draft.host.trim(),
          ...optional('port', toNumber(draft.port)),
          security: draft.security,
          ...optional('user', draft.user.trim() || undefined),
          from: draft.from.trim(),
          insecureTls: draft.insecureTls,
          ...timeout,
        },
      };
    case 'zenvia':
      return { kind: 'zenvia', config: { ...baseUrl, from: draft.from.trim(), ...timeout } };
    case 'smsdev':
      return { kind: 'smsdev', config: { ...baseUrl, ...timeout } };
    case 'cloudapi':
      return {
        kind: 'cloudapi',
        config: {
          phoneNumberId: draft.phoneNumberId.trim(),
          wabaId: draft.wabaId.trim(),
          ...optional('apiVersion', draft.apiVersion.trim() || undefined),
          ...baseUrl,
          ...timeout,
        },
      };
  }
}

/** The Cloud API's webhook secrets as typed (blank: keep the saved one). */
function webhookSecretsOf(draft: IntegrationDraft): { appSecret?: string; verifyToken?: string } {
  if (draft.kind !== 'cloudapi') return {};
  return { ...optional('appSecret', draft.appSecret.trim() || undefined), ...optional('verifyToken', draft.verifyToken.trim() || undefined) };
}

export const configOf = (draft: IntegrationDraft): KindConfig['config'] => kindConfigOf(draft).config;

function common(draft: IntegrationDraft) {
  return {
    description: draft.description.trim(),
    active: draft.active,
    ...optional('maxConcurrency', toNumber(draft.maxConcurrency)),
    ...optional('ratePerSecond', toNumber(draft.ratePerSecond)),
  };
}

/** POST /api/integrations */
export function toInput(draft: IntegrationDraft): IntegrationInput {
  const secret = draft.secret.trim();
  return { ...kindConfigOf(draft), ...common(draft), ...(secret ? { secret } : {}), ...webhookSecretsOf(draft) } as IntegrationInput;
}

/**
 * PUT /api/integrations/:id: the saved kind (which says what `config` holds); a blank secret keeps the saved one,
 * "remover senha" sends null. `config` goes only when it changed, since the server forgets the last Testar conexão
 * whenever it receives one.
 */
export function toPatch(draft: IntegrationDraft, saved?: Integration): IntegrationPatch {
  const secret = draft.secret.trim();
  const change = secret ? { secret } : draft.removeSecret && secretOfKind[draft.kind].optional ? { secret: null } : {};
  const withConfig = kindConfigOf(draft);
  const same = saved !== undefined && JSON.stringify(withConfig.config) === JSON.stringify(configOf(draftFromIntegration(saved)));
  return { ...(same ? { kind: withConfig.kind } : withConfig), ...common(draft), ...change, ...webhookSecretsOf(draft) } as IntegrationPatch;
}

/** POST /api/integrations/check: the form's values; `id` (editing) lets the server reuse the saved secret. */
export function toCheckInput(draft: IntegrationDraft, id?: number): IntegrationCheckInput {
  return { ...toInput(draft), ...optional('id', id) };
}

/** Whether the form differs from what was saved (then Testar conexão must send the form's values). */
export function isDirty(draft: IntegrationDraft, saved: Integration): boolean {
  return draft.secret.trim() !== '' || draft.appSecret.trim() !== '' || draft.verifyToken.trim() !== '' || draft.removeSecret || JSON.stringify(draft) !== JSON.stringify({
    ...draftFromIntegration(saved),
    secret: draft.secret,
    removeSecret: draft.removeSecret,
  });
}

export type DraftProblem = 'required' | 'range' | 'number';
export type DraftErrors = Partial<Record<DraftField, { problem: DraftProblem; min?: number; max?: number }>>;

/** What the form can tell before asking the server: blanks, and numbers out of their range. */
export function validateDraft(draft: IntegrationDraft, editing: boolean): DraftErrors {
  const errors: DraftErrors = {};
  const required = (field: DraftField, value: string) => {
    if (!value.trim()) errors[field] = { problem: 'required' };
  };
  const range = (field: DraftField, value: string, min: number, max: number, integer = true) => {
    const n = toNumber(value);
    if (n === undefined) return;
    if (Number.isNaN(n) || (integer && !Number.isInteger(n))) errors[field] = { problem: 'number' };
    else if (n < min || n > max) errors[field] = { problem: 'range', min, max };
  };
  required('description', draft.description);
  if (!editing && !secretOfKind[draft.kind].optional) required('secret', draft.secret);
  if (draft.kind === 'opa') required('url', draft.url);
  if (draft.kind === 'smtp') {
    required('host', draft.host);
    required('from', draft.from);
    range('port', draft.port, 1, 65535);
  }
  if (draft.kind === 'zenvia') required('from', draft.from);
  range('timeoutSeconds', draft.timeoutSeconds, 1, 120);
  range('maxConcurrency', draft.maxConcurrency, 1, MAX_CONCURRENCY);
  range('ratePerSecond', draft.ratePerSecond, 0.01, MAX_RATE_PER_SECOND, false);
  return errors;
}

const serverFields: Record<string, DraftField> = {
  kind: 'kind',
  description: 'description',
  secret: 'secret',
  active: 'active',
  maxConcurrency: 'maxConcurrency',
  ratePerSecond: 'ratePerSecond',
  'config.url': 'url',
  'config.insecureTls': 'insecureTls',
  'config.allowSendingToStartedCustomerService': 'allowStarted',
  'config.timeoutSeconds': 'timeoutSeconds',
  'config.host': 'host',
  'config.port': 'port',
  'config.security': 'security',
  'config.user': 'user',
  'config.from': 'from',
  'config.baseUrl': 'baseUrl',
};

/** The draft field a server error's `field` names, if the form shows it. */
export function draftFieldOf(serverField: string | undefined): DraftField | undefined {
  return serverField === undefined ? undefined : serverFields[serverField];
}
