import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { openSecret, parseSecretKey, resolveSecretKey, sealSecret, SecretUnreadableError, secretHint } from './secret-box.js';

describe('secret box', () => {
  const key = randomBytes(32);

  it('round-trips and never stores the plaintext', () => {
    const sealed = sealSecret(key, 'eyJhbGciOiJIUzI1NiJ9.token-ção');
    expect(sealed).not.toContain('token');
    expect(openSecret(key, sealed)).toBe('eyJhbGciOiJIUzI1NiJ9.token-ção');
    expect(sealSecret(key, 'same')).not.toBe(sealSecret(key, 'same'));
  });

  it('refuses another key and tampered text with a readable error', () => {
    const sealed = sealSecret(key, 'secret');
    expect(() => openSecret(randomBytes(32), sealed)).toThrow(SecretUnreadableError);
    const parts = sealed.split('.');
    parts[3] = Buffer.from('other').toString('base64url');
    expect(() => openSecret(key, parts.join('.'))).toThrow(/Enter the token\/password again/);
    expect(() => openSecret(key, 'plain-text')).toThrow(SecretUnreadableError);
  });

  it('masks only long secrets', () => {
    expect(secretHint('abcdefghijklmnop')).toBe('mnop');
    expect(secretHint('short')).toBe('');
  });

  describe('installation key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avisa-key-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('creates secret.key once (mode 0600) and reuses it', () => {
      const first = resolveSecretKey({ dataDir: dir });
      expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
      expect(resolveSecretKey({ dataDir: dir }).equals(first)).toBe(true);
      expect(parseSecretKey(readFileSync(join(dir, 'secret.key'), 'utf8')).equals(first)).toBe(true);
    });

    it('prefers AVISA_SECRET_KEY and rejects a wrong-sized one by name', () => {
      const hex = randomBytes(32).toString('hex');
      expect(resolveSecretKey({ envKey: hex, dataDir: dir }).toString('hex')).toBe(hex);
      expect(() => resolveSecretKey({ envKey: 'too-short', dataDir: dir })).toThrow(/AVISA_SECRET_KEY must be 32 bytes/);
    });
  });
});
