/**
 * The secret part of a provider's webhook address (Zenvia, Opa! Suite: neither signs its callbacks): an HMAC of the
 * integration's kind and id with the installation key, so the address cannot be guessed from the id and nothing
 * more has to be stored (the integration's form shows the whole address).
 */
import { createHmac } from 'node:crypto';

export type AddressedProvider = 'zenvia' | 'opa';

export function webhookToken(key: Buffer, kind: AddressedProvider, integrationId: number): string {
  return createHmac('sha256', key).update(`${kind}-webhook:${integrationId}`).digest('hex').slice(0, 32);
}

export const webhookPath = (key: Buffer, kind: AddressedProvider, integrationId: number) =>
  `/webhooks/${kind}/${integrationId}/${webhookToken(key, kind, integrationId)}`;
