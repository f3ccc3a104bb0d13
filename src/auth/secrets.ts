import { createHash, randomBytes } from 'node:crypto';

/** A random URL-safe secret with a readable prefix (e.g. `avisa_…` for API tokens). */
export function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** Secrets are stored only as their sha256: high-entropy values need no slow hash. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
