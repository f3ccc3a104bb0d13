import { Writable } from 'node:stream';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { redactPaths, serializeError } from './logger.js';

describe('the process logger', () => {
  it('never writes the parameters of a failed query, nor secrets in known places', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write: (chunk, _enc, done) => {
        lines.push(String(chunk));
        done();
      },
    });
    const log = pino({ redact: { paths: redactPaths, censor: '[redacted]' }, serializers: { err: serializeError } }, sink);
    const cause = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });
    const err = new DrizzleQueryError('insert into users (username, password_hash) values ($1, $2)', ['maria', 'scrypt$16384$8$1$salt$hash'], cause);
    log.error({ err, password: 'hunter22', headers: { authorization: 'Bearer avisa_abc' } }, 'unhandled error');
    const written = lines.join('');
    expect(written).toContain('insert into users');
    expect(written).toContain('duplicate key value');
    expect(written).not.toContain('scrypt$16384');
    expect(written).not.toContain('hunter22');
    expect(written).not.toContain('avisa_abc');
  });
});
