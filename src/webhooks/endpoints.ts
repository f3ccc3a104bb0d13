/**
 * Webhook endpoints: created with a random signing secret (returned once, stored sealed with the installation key
 * like integration secrets), changed, deleted; listed with their latest delivery. A URL is http or https; plain
 * http is saved with a warning, since the payload and its signature then travel in clear text.
 */
import { randomBytes } from 'node:crypto';
import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { webhookEndpoints } from '../db/schema/webhooks.js';
import { AppError } from '../shared/errors.js';
import { sealSecret } from '../shared/secret-box.js';
import {
  type WebhookEndpoint,
  type WebhookInput,
  webhookInputSchema,
  type WebhookPatch,
  webhookPatchSchema,
} from './schemas.js';

const PLAIN_HTTP_WARNING = 'plain http: the payload and its signature travel unencrypted; use https where the receiver allows it';

const lastDelivery = sql<{ at: string; status: string; httpStatus: number | null } | null>`(
  select jsonb_build_object('at', d.created_at, 'status', d.status, 'httpStatus', d.http_status)
  from webhook_deliveries d where d.endpoint_id = webhook_endpoints.id order by d.id desc limit 1)`;

type Row = Omit<typeof webhookEndpoints.$inferSelect, 'secret'> & { last: { at: string; status: string; httpStatus: number | null } | null };

const columns = {
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  description: webhookEndpoints.description,
  events: webhookEndpoints.events,
  active: webhookEndpoints.active,
  createdBy: webhookEndpoints.createdBy,
  createdAt: webhookEndpoints.createdAt,
  updatedAt: webhookEndpoints.updatedAt,
  last: lastDelivery,
};

function toEndpoint({ last, ...row }: Row): WebhookEndpoint {
  return {
    ...row,
    events: row.events as WebhookEndpoint['events'],
    lastDelivery: last ? { at: new Date(last.at), status: last.status as 'pending', httpStatus: last.httpStatus } : null,
  };
}

export function warningsFor(url: string): string[] {
  return new URL(url).protocol === 'http:' ? [PLAIN_HTTP_WARNING] : [];
}

/** `whsec_` and 32 random bytes: what the receiver keeps to check signatures. */
function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export async function listWebhookEndpoints(db: Db): Promise<WebhookEndpoint[]> {
  const rows = await db.select(columns).from(webhookEndpoints).orderBy(desc(webhookEndpoints.id));
  return rows.map(toEndpoint);
}

export async function getWebhookEndpoint(db: Db, id: number): Promise<WebhookEndpoint> {
  const [row] = await db.select(columns).from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  if (!row) throw new AppError('NOT_FOUND', `Webhook ${id} not found`);
  return toEndpoint(row);
}

export async function createWebhookEndpoint(
  db: Db,
  key: Buffer,
  actor: string,
  input: WebhookInput,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const data = webhookInputSchema.parse(input);
  const secret = newWebhookSecret();
  const [row] = await db
    .insert(webhookEndpoints)
    .values({ ...data, events: [...new Set(data.events)], secret: sealSecret(key, secret), createdBy: actor })
    .returning({ id: webhookEndpoints.id });
  return { endpoint: await getWebhookEndpoint(db, row!.id), secret };
}

export async function updateWebhookEndpoint(db: Db, id: number, patch: WebhookPatch): Promise<WebhookEndpoint> {
  const data = webhookPatchSchema.parse(patch);
  const [row] = await db
    .update(webhookEndpoints)
    .set({ ...data, ...(data.events ? { events: [...new Set(data.events)] } : {}), updatedAt: new Date() })
    .where(eq(webhookEndpoints.id, id))
    .returning({ id: webhookEndpoints.id });
  if (!row) throw new AppError('NOT_FOUND', `Webhook ${id} not found`);
  return getWebhookEndpoint(db, id);
}

export async function deleteWebhookEndpoint(db: Db, id: number): Promise<{ id: number; url: string; description: string }> {
  const [row] = await db
    .delete(webhookEndpoints)
    .where(eq(webhookEndpoints.id, id))
    .returning({ id: webhookEndpoints.id, url: webhookEndpoints.url, description: webhookEndpoints.description });
  if (!row) throw new AppError('NOT_FOUND', `Webhook ${id} not found`);
  return row;
}
