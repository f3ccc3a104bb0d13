/**
 * Secrets Avisa must be able to read back (an integration's Opa! token, SMTP password, SMS key) are sealed with
 * AES-256-GCM before they reach the database, so a copied database or backup does not leak them. The key comes
 * from AVISA_SECRET_KEY (32 bytes, base64 or hex) or, when unset, from `secret.key` in the data directory,
 * created on first use with mode 0600. Installations with several processes on PostgreSQL set AVISA_SECRET_KEY
 * on all of them.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const VERSION = 'v1';

export class SecretUnreadableError extends Error {
  constructor() {
    super(
      'A stored secret cannot be decrypted with this installation\'s key (AVISA_SECRET_KEY or secret.key changed?). Enter the token/password again.',
    );
    this.name = 'SecretUnreadableError';
  }
}

export function sealSecret(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function openSecret(key: Buffer, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || body === undefined) throw new SecretUnreadableError();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretUnreadableError();
  }
}

/** The last characters of a secret, for a masked display such as `••••••••x9Q2`; short secrets show nothing. */
export function secretHint(secret: string): string {
  return secret.length >= 12 ? secret.slice(-4) : '';
}

/** Reads a 32-byte key written as base64 or hex; throws naming the variable when it is anything else. */
export function parseSecretKey(text: string, source = 'AVISA_SECRET_KEY'): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error(`${source} must be 32 bytes written as base64 or 64 hex digits`);
  return key;
}

/** The installation key: AVISA_SECRET_KEY when given, else `<dataDir>/secret.key`, created when missing. */
export function resolveSecretKey(options: { envKey?: string; dataDir: string }): Buffer {
  if (options.envKey) return parseSecretKey(options.envKey);
  const file = join(options.dataDir, 'secret.key');
  if (existsSync(file)) return parseSecretKey(readFileSync(file, 'utf8'), file);
  mkdirSync(options.dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
