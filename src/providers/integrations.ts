/**
 * Integrações: the stored providers (Opa! Suite, SMTP, Zenvia, SMS Dev). Settings are validated per kind; the
 * secret is sealed with the installation key and comes back out only through `openIntegration`, for building a
 * provider — never through the API (which sees `hasSecret` and the last four characters).
 */
import { asc, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { users } from '../db/schema/access.js';
import { integrations, messages } from '../db/schema/messaging.js';
import { assertNameFree, type UniqueName } from '../db/unique.js';
import { AppError, refused } from '../shared/errors.js';
import { type Notice, notice } from '../shared/notice.js';
import { openSecret, sealSecret, secretHint } from '../shared/secret-box.js';
import { changedSecretTarget, parseOrThrow } from './integration-config.js';
import {
  channelOfKind,
  type Integration,
  type IntegrationConfig,
  type IntegrationInput,
  integrationInputSchema,
  type IntegrationKind,
  type IntegrationPatch,
  integrationPatchSchema,
  secretOfKind,
} from './schemas.js';
import type { Channel, CheckResult } from './types.js';

export type { Integration, IntegrationInput, IntegrationPatch };

const uniqueName: UniqueName = {
  table: integrations,
  id: integrations.id,
  name: integrations.description,
  field: 'description',
  what: 'An integration',
};

const columns = {
  id: integrations.id,
  kind: integrations.kind,
  channel: integrations.channel,
  description: integrations.description,
  config: integrations.config,
  secret: integrations.secret,
  secretHint: integrations.secretHint,
  webhookSecret: integrations.webhookSecret,
  active: integrations.active,
  maxConcurrency: integrations.maxConcurrency,
  ratePerSecond: integrations.ratePerSecond,
  lastCheckAt: integrations.lastCheckAt,
  lastCheckOk: integrations.lastCheckOk,
  lastCheckMessage: integrations.lastCheckMessage,
  haltedAt: integrations.haltedAt,
  haltedReason: integrations.haltedReason,
  messageCount: sql<number>`(select count(*)::int from ${messages} m where m.integration_id = ${integrations.id})`,
  createdBy: sql<string>`coalesce(${users.username}, '')`,
  createdAt: integrations.createdAt,
  updatedAt: integrations.updatedAt,
};

function baseQuery(db: Db) {
  return db.select(columns).from(integrations).leftJoin(users, eq(users.id, integrations.createdBy));
}
type Row = Awaited<ReturnType<typeof baseQuery>>[number];

/** Stored settings were validated for their kind when written: the row's kind says which they are. */
function toIntegration(row: Row): Integration {
  const { secret, secretHint: hint, webhookSecret, lastCheckAt, lastCheckOk, lastCheckMessage, haltedAt, haltedReason, ...rest } = row;
  return {
    ...rest,
    ...(row.kind === 'cloudapi' ? { webhookSecrets: webhookSecretsSet(webhookSecret) } : {}),
    kind: row.kind as IntegrationKind,
    channel: row.channel as Channel,
    config: row.config as IntegrationConfig,
    hasSecret: secret !== null,
    secretHint: hint ?? '',
    lastCheck: lastCheckAt ? { at: lastCheckAt, ok: Boolean(lastCheckOk), notice: lastCheckMessage ?? notice('legacy') } : null,
    halted: haltedAt ? { at: haltedAt, reason: haltedReason ?? notice('provider_refused') } : null,
  } as Integration;
}

async function selectRows(db: Db, where?: SQL): Promise<Row[]> {
  const query = baseQuery(db);
  return (where ? query.where(where) : query).orderBy(asc(integrations.channel), asc(sql`lower(${integrations.description})`));
}

export async function listIntegrations(db: Db, filter: { channel?: Channel } = {}): Promise<Integration[]> {
  const rows = await selectRows(db, filter.channel ? eq(integrations.channel, filter.channel) : undefined);
  return rows.map(toIntegration);
}

async function getRow(db: Db, id: number): Promise<Row> {
  const [row] = await selectRows(db, eq(integrations.id, id));
  if (!row) throw new AppError('NOT_FOUND', `No integration ${id}`);
  return row;
}

export async function getIntegration(db: Db, id: number): Promise<Integration> {
  return toIntegration(await getRow(db, id));
}

/** The integration with its secret in clear, for building a provider. */
export async function openIntegration(db: Db, key: Buffer, id: number): Promise<{ integration: Integration; secret: string | null }> {
  const row = await getRow(db, id);
  return { integration: toIntegration(row), secret: row.secret === null ? null : openSecret(key, row.secret) };
}

/** A Cloud API integration's webhook secrets in clear (src/webhooks-in): what signs and verifies Meta's callbacks. */
export interface WebhookSecrets {
  appSecret?: string;
  verifyToken?: string;
}

/** Which of the sealed webhook secrets are set, without opening them (the JSON's keys are sealed too: stored apart). */
function webhookSecretsSet(sealedJson: string | null): { appSecret: boolean; verifyToken: boolean } {
  const [flags] = (sealedJson ?? '').split('|', 1);
  return { appSecret: flags?.includes('a') ?? false, verifyToken: flags?.includes('v') ?? false };
}

function sealWebhookSecrets(key: Buffer, secrets: WebhookSecrets): string | null {
  const kept = Object.fromEntries(Object.entries(secrets).filter(([, v]) => typeof v === 'string' && v !== ''));
  if (Object.keys(kept).length === 0) return null;
  const flags = `${kept.appSecret ? 'a' : ''}${kept.verifyToken ? 'v' : ''}`;
  return `${flags}|${sealSecret(key, JSON.stringify(kept))}`;
}

function openWebhookSecrets(key: Buffer, sealedJson: string | null): WebhookSecrets {
  if (!sealedJson) return {};
  const sealedPart = sealedJson.slice(sealedJson.indexOf('|') + 1);
  return JSON.parse(openSecret(key, sealedPart)) as WebhookSecrets;
}

/** The active Cloud API integrations with their webhook secrets in clear, for verifying a callback. */
export async function cloudApiWebhookSecrets(db: Db, key: Buffer): Promise<Array<{ id: number; phoneNumberId: string } & WebhookSecrets>> {
  const rows = await db
    .select({ id: integrations.id, config: integrations.config, webhookSecret: integrations.webhookSecret })
    .from(integrations)
    .where(sql`${integrations.kind} = 'cloudapi' and ${integrations.active}`);
  return rows.map((r) => ({
    id: r.id,
    phoneNumberId: String((r.config as { phoneNumberId?: string }).phoneNumberId ?? ''),
    ...openWebhookSecrets(key, r.webhookSecret),
  }));
}

/** The stored webhook secrets with `input`'s over them (`null` removes one, absent keeps it). */
function mergedWebhookSecrets(key: Buffer, stored: string | null, input: { appSecret?: string | null; verifyToken?: string | null }): string | null | undefined {
  if (input.appSecret === undefined && input.verifyToken === undefined) return undefined;
  const current = openWebhookSecrets(key, stored);
  const next: WebhookSecrets = { ...current };
  for (const name of ['appSecret', 'verifyToken'] as const) {
    const value = input[name];
    if (value === null) delete next[name];
    else if (value !== undefined) next[name] = value;
  }
  return sealWebhookSecrets(key, next);
}

function requireSecret(kind: IntegrationKind, hasSecret: boolean): void {
  if (!hasSecret && !secretOfKind[kind].optional) {
    throw refused('secret', notice('integration_secret_required', { provider: kind }));
  }
}

/**
 * The stored secret goes only where it was saved for: with `next` settings that change its target (see
 * `secretTargetOfKind`), the caller must send the secret again.
 */
export function assertSecretTarget(
  stored: { kind: IntegrationKind; config: IntegrationConfig; hasSecret: boolean },
  next: { kind: IntegrationKind; config: IntegrationConfig },
): void {
  if (!stored.hasSecret) return;
  const changed = changedSecretTarget(stored, next);
  if (changed) {
    const label = secretOfKind[next.kind].label;
    throw new AppError('SECRET_REQUIRED', `secret: ${changed} changed, so the saved ${label} is not sent there; type the ${label} again`, 'secret');
  }
}

function sealed(key: Buffer, secret: string | null | undefined) {
  if (secret === undefined) return {};
  return secret === null ? { secret: null, secretHint: null } : { secret: sealSecret(key, secret), secretHint: secretHint(secret) };
}

export async function createIntegration(db: Db, key: Buffer, userId: number | null, input: IntegrationInput): Promise<Integration> {
  const data = parseOrThrow(integrationInputSchema, input);
  const config = data.config;
  requireSecret(data.kind, data.secret !== undefined);
  await assertNameFree(db, uniqueName, data.description);
  const [row] = await db
    .insert(integrations)
    .values({
      kind: data.kind,
      channel: channelOfKind[data.kind],
      description: data.description,
      config,
      ...sealed(key, data.secret),
      ...(data.kind === 'cloudapi' ? { webhookSecret: sealWebhookSecrets(key, { appSecret: data.appSecret, verifyToken: data.verifyToken }) } : {}),
      active: data.active,
      maxConcurrency: data.maxConcurrency,
      ratePerSecond: data.ratePerSecond,
      createdBy: userId,
    })
    .returning({ id: integrations.id });
  return getIntegration(db, row!.id);
}

export async function updateIntegration(db: Db, key: Buffer, id: number, patch: IntegrationPatch): Promise<Integration> {
  const data = parseOrThrow(integrationPatchSchema, patch);
  const current = await getRow(db, id);
  const kind = current.kind as IntegrationKind;
  if (data.kind !== kind) {
    throw new AppError('VALIDATION', `kind: integration ${id} is ${kind}; an integration's kind does not change`, 'kind');
  }
  const config: IntegrationConfig | undefined = data.config;
  if (data.secret !== undefined) requireSecret(kind, data.secret !== null);
  else if (config !== undefined) {
    assertSecretTarget({ kind, config: current.config as IntegrationConfig, hasSecret: current.secret !== null }, { kind, config });
  }
  if (data.description !== undefined) await assertNameFree(db, uniqueName, data.description, id);
  const { secret: _secret, config: _config, kind: _kind, ...rest } = data;
  const { appSecret: _a, verifyToken: _v, ...plain } = rest as typeof rest & { appSecret?: unknown; verifyToken?: unknown };
  const webhookSecret = data.kind === 'cloudapi' ? mergedWebhookSecrets(key, current.webhookSecret, data) : undefined;
  await db
    .update(integrations)
    .set({
      ...plain,
      ...(webhookSecret === undefined ? {} : { webhookSecret }),
      ...(config === undefined ? {} : { config }),
      ...sealed(key, data.secret),
      // a changed address or secret makes the last "Testar conexão" result stale
      // … and lifts a halt: the admin fixed what the provider refused
      ...(config !== undefined || data.secret !== undefined
        ? { lastCheckAt: null, lastCheckOk: null, lastCheckMessage: null, haltedAt: null, haltedReason: null }
        : {}),
      updatedAt: new Date(),
    })
    .where(eq(integrations.id, id));
  return getIntegration(db, id);
}

export async function deleteIntegration(db: Db, id: number): Promise<Integration> {
  const found = await getIntegration(db, id);
  if (found.messageCount > 0) {
    throw new AppError(
      'CONFLICT',
      `Integration "${found.description}" is used by ${found.messageCount} message(s); delete or move them first`,
      undefined,
      notice('integration_in_use', { integration: found.description, messages: found.messageCount }),
    );
  }
  await db.delete(integrations).where(eq(integrations.id, id));
  return found;
}

export async function recordCheck(db: Db, id: number, result: CheckResult): Promise<void> {
  await db
    .update(integrations)
    .set({
      lastCheckAt: new Date(),
      lastCheckOk: result.ok,
      lastCheckMessage: result.notice,
      // a passing test lifts a halt set by a drain
      ...(result.ok ? { haltedAt: null, haltedReason: null } : {}),
    })
    .where(eq(integrations.id, id));
}

/**
 * Stops sending through an integration the provider refused (credentials, configuration) or whose secret cannot be
 * opened: drains skip it until an admin saves it with a new secret or a test passes.
 */
export async function haltIntegration(db: Db, id: number, reason: Notice): Promise<void> {
  await db.update(integrations).set({ haltedAt: new Date(), haltedReason: reason }).where(eq(integrations.id, id));
}
