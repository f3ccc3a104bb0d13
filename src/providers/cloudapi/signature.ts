/**
 * Meta's webhook signature: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(raw body, app secret)>`, computed over
 * the raw request bytes (Meta signs an escaped-unicode payload: re-serialising the parsed JSON breaks on accents)
 * and compared in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signPayload(rawBody: string | Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** Whether `header` is the signature of `rawBody` with `appSecret` (a missing or malformed header is not). */
export function verifySignature(rawBody: string | Buffer, header: string | string[] | undefined, appSecret: string): boolean {
  if (typeof header !== 'string' || !/^sha256=[0-9a-f]{64}$/i.test(header)) return false;
  const expected = Buffer.from(signPayload(rawBody, appSecret));
  const given = Buffer.from(header.toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
