import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, onUnauthorized, setCsrfToken } from './api.js';

type FetchArgs = [string, RequestInit];

function reply(status: number, body?: unknown) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

describe('api', () => {
  const fetchMock = vi.fn<(...args: FetchArgs) => Promise<Response>>();
  const unauthorized = vi.fn();

  beforeEach(() => {
    fetchMock.mockReset();
    unauthorized.mockReset();
    vi.stubGlobal('fetch', fetchMock);
    onUnauthorized(unauthorized);
    setCsrfToken('csrf-1');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(null);
  });

  it('sends the session cookie and the CSRF token only on unsafe methods', async () => {
    fetchMock.mockImplementation(async () => reply(200, { ok: true }));
    await api.get('/api/overview');
    await api.post('/api/tokens', { name: 'x' });
    await api.patch('/api/users/1', { name: 'y' });
    await api.delete('/api/tokens/1');

    const [get, post, patch, del] = fetchMock.mock.calls.map(([, init]) => init);
    expect(get?.credentials).toBe('same-origin');
    expect(get?.headers).not.toHaveProperty('x-csrf-token');
    expect(post?.headers).toMatchObject({ 'x-csrf-token': 'csrf-1', 'content-type': 'application/json' });
    expect(post?.body).toBe('{"name":"x"}');
    expect(patch?.method).toBe('PATCH');
    expect(patch?.headers).toMatchObject({ 'x-csrf-token': 'csrf-1' });
    expect(del?.headers).toMatchObject({ 'x-csrf-token': 'csrf-1' });
    expect(del?.headers).not.toHaveProperty('content-type');
  });

  it('returns the parsed body, and undefined for 204', async () => {
    fetchMock.mockResolvedValueOnce(reply(200, { users: [] })).mockResolvedValueOnce(new Response(null, { status: 204 }));
    await expect(api.get('/api/users')).resolves.toEqual({ users: [] });
    await expect(api.delete('/api/tokens/3')).resolves.toBeUndefined();
  });

  it('turns error bodies into ApiError with code and field', async () => {
    fetchMock.mockResolvedValue(reply(409, { error: { code: 'USERNAME_TAKEN', message: 'taken', field: 'username' } }));
    const err = await api.post('/api/users', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, code: 'USERNAME_TAKEN', field: 'username', message: 'taken' });
  });

  it('names the HTTP status when the body is not the API error shape', async () => {
    fetchMock.mockResolvedValue(new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    await expect(api.get('/api/overview')).rejects.toMatchObject({ status: 502, code: 'HTTP_502' });
  });

  it('reports a network failure as code NETWORK', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    await expect(api.get('/api/overview')).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
  });

  it('on 401 forgets the CSRF token and calls the unauthorized handler', async () => {
    fetchMock.mockResolvedValue(reply(401, { error: { code: 'UNAUTHENTICATED', message: 'sign in' } }));
    await expect(api.get('/api/overview')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(unauthorized).toHaveBeenCalledOnce();

    fetchMock.mockImplementation(async () => reply(200, {}));
    await api.post('/api/tokens', { name: 'x' });
    expect(fetchMock.mock.calls[1]?.[1].headers).not.toHaveProperty('x-csrf-token');
  });

  it('leaves a 401 to the caller when asked (login form, session probe)', async () => {
    fetchMock.mockResolvedValue(reply(401, { error: { code: 'INVALID_CREDENTIALS', message: 'no' } }));
    await expect(api.post('/api/auth/login', {}, { allowUnauthenticated: true })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    expect(unauthorized).not.toHaveBeenCalled();
  });
});
