/**
 * The typed API client (`avisa/client`) over the UI's transport (src/web/api.ts: session cookie, CSRF header, a 401
 * sends the user to /login). Screens call `avisa.<capability>.<operation>(…)`; their types come from the server's
 * schemas.
 */
import { createClient, pathOf, type Transport } from '../client/index.js';
import { request } from './api.js';

const transport: Transport = ({ method, path, body, signal }) => request(method, path, body, signal ? { signal } : {});

export const avisa = createClient(transport);
export { pathOf };
