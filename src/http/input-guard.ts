/**
 * Text PostgreSQL cannot store never reaches a query (src/shared/storable-text.ts): a NUL character or a lone
 * UTF-16 surrogate anywhere in a request's path parameters, query string or JSON body is a 400 naming the field,
 * before validation and before any handler runs.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../shared/errors.js';
import { storable, unstorableText } from '../shared/storable-text.js';

/** The dotted path and reason of the first unstorable string in `value` (keys included), or null. */
function findUnstorable(value: unknown, path: string[] = []): { field: string; reason: string } | null {
  if (typeof value === 'string') {
    const reason = unstorableText(value);
    return reason ? { field: path.join('.'), reason } : null;
  }
  if (value === null || typeof value !== 'object') return null;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, item] of entries) {
    const keyReason = unstorableText(key);
    if (keyReason) return { field: [...path, storable(key)].join('.'), reason: `name ${keyReason}` };
    const found = findUnstorable(item, [...path, key]);
    if (found) return found;
  }
  return null;
}

/** Whether anything in `value` is unstorable: the walk without paths, allocation-free, for the common case. */
function anyUnstorable(value: unknown): boolean {
  if (typeof value === 'string') return unstorableText(value) !== null;
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (const item of value) if (anyUnstorable(item)) return true;
    return false;
  }
  for (const key in value) {
    if (unstorableText(key) !== null || anyUnstorable((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const [where, value] of [['params', request.params], ['query', request.query], ['body', request.body]] as const) {
      if (!anyUnstorable(value)) continue;
      const found = findUnstorable(value);
      if (!found) continue;
      const field = found.field || where;
      throw new AppError('VALIDATION', `${field}${where === 'body' ? '' : ` (${where})`}: ${found.reason}`, field);
    }
  });
}
