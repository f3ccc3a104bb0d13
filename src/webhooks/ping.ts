/**
 * Testar: a `webhook.ping` to one endpoint (active or not), sent now by the request that asked, once — its outcome
 * is the answer, and it is in the delivery log like any other (a failed ping is not retried).
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { claimDeliveries, getDelivery } from './deliveries.js';
import { createWebhookSender } from './deliver.js';
import { sendClaimed } from './dispatcher.js';
import { emitPing } from './emit.js';
import { getWebhookEndpoint } from './endpoints.js';
import type { WebhookDelivery } from './schemas.js';

export async function pingEndpoint(
  db: Db,
  secretKey: Buffer,
  endpointId: number,
  actor: string,
  options: { timeoutMs?: number } = {},
): Promise<WebhookDelivery> {
  await getWebhookEndpoint(db, endpointId); // 404 for an unknown endpoint
  const deliveryId = await emitPing(db, endpointId, actor);
  const owner = `ping:${randomBytes(4).toString('hex')}`;
  const claimed = await claimDeliveries(db, { owner, limit: 1, leaseSeconds: 60, ids: [deliveryId] });
  const sender = createWebhookSender({ timeoutMs: options.timeoutMs ?? 10_000 });
  try {
    await sendClaimed(db, claimed, { owner, secretKey, sender, retryInMs: () => null });
  } finally {
    await sender.close();
  }
  return getDelivery(db, deliveryId);
}
