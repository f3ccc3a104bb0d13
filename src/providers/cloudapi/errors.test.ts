/** The Cloud API error policy (issue 18): each class of Meta error ends in the state the queue needs. */
import { describe, expect, it } from 'vitest';
import { cloudApiPolicy, graphError } from './errors.js';

describe('cloudApiPolicy', () => {
  it.each([
    [130429, 429, 'retryable', false],
    [131056, 400, 'retryable', false],
    [131057, 400, 'retryable', false],
    [131026, 400, 'permanent', true],
    [131049, 400, 'permanent', true],
    [130472, 400, 'permanent', true],
    [131050, 400, 'permanent', true],
    [132000, 400, 'permanent', false],
    [132001, 404, 'permanent', false],
    [132012, 400, 'permanent', false],
    [132018, 400, 'permanent', false],
    [131048, 400, 'config', false],
    [131042, 400, 'config', false],
    [190, 401, 'config', false],
    [200, 403, 'config', false],
  ] as const)('code %i (HTTP %i) → %s, fallback %s', (code, status, kind, fallback) => {
    expect(cloudApiPolicy(code, status)).toEqual({ kind, fallback });
  });

  it('decides by the HTTP status when the code is unknown or absent', () => {
    expect(cloudApiPolicy(undefined, 0)).toEqual({ kind: 'retryable', fallback: false }); // no answer (timeout, reset)
    expect(cloudApiPolicy(undefined, 502)).toEqual({ kind: 'retryable', fallback: false });
    expect(cloudApiPolicy(999_999, 503)).toEqual({ kind: 'retryable', fallback: false });
    expect(cloudApiPolicy(undefined, 401)).toEqual({ kind: 'config', fallback: false });
    expect(cloudApiPolicy(999_999, 400)).toEqual({ kind: 'permanent', fallback: false });
  });

  it('reads the Graph error shape, joining the message and its details', () => {
    const body = { error: { message: '(#132000) Number of parameters does not match', type: 'OAuthException', code: 132000, error_data: { messaging_product: 'whatsapp', details: 'body: expected 2' } } };
    expect(graphError(body)).toEqual({ code: 132000, message: '(#132000) Number of parameters does not match — body: expected 2' });
    expect(graphError({ data: [] })).toEqual({});
    expect(graphError('<html>bad gateway</html>')).toEqual({});
  });
});
