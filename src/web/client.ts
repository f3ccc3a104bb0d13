/**
 * The typed API client (`avisa/client`) over the UI's transport (src/web/api.ts: session cookie, CSRF header, a 401
 * sends the user to /login). Screens call `avisa.<capability>.<operation>(…)`; their types come from the server's
 * schemas.
 */
import { createClient, pathOf, type Transport } from '../client/client.js';
import { request, type RequestOptions } from './api.js';

const transportWith =
  (options: RequestOptions): Transport =>
  ({ method, path, body, signal }) =>
    request(method, path, body, { ...options, ...(signal ? { signal } : {}) });

export const avisa = createClient(transportWith({}));
/** The same calls, leaving a 401 to the caller: the sign-in form, the session probe and sign-out expect one. */
export const avisaNoRedirect = createClient(transportWith({ allowUnauthenticated: true }));
export { pathOf };
