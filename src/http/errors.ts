/** The single place where errors become HTTP responses: `{ error: { code, message, field?, notice? } }`. */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { unavailableReason } from '../db/availability.js';
import { sqlStateOf } from '../db/sql-state.js';
import { AppError } from '../shared/errors.js';
import { type Notice, noticeSchema } from '../shared/notice.js';

export interface ErrorBody {
  error: { code: string; message: string; field?: string; notice?: Notice };
}

function body(code: string, message: string, field?: string, notice?: Notice): ErrorBody {
  return { error: { code, message, ...(field ? { field } : {}), ...(notice ? { notice } : {}) } };
}

/** The dotted path of an invalid input; for an unknown key, the key itself (`filter.colour`, not `filter`). */
function fieldOf(path: readonly PropertyKey[], code: string | undefined, keys: unknown): string {
  const unknownKey = code === 'unrecognized_keys' && Array.isArray(keys) ? keys[0] : undefined;
  return [...path, ...(unknownKey === undefined ? [] : [unknownKey])].map(String).join('.');
}

/** The notice of a schema's refusal (a custom issue's params, src/shared/errors.ts `refusedIssue`), if it has one. */
function toldNotice(params: unknown): Notice | undefined {
  return noticeSchema.safeParse((params as { notice?: unknown } | undefined)?.notice).data;
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send(body(err.code, err.message, err.field, err.notice));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const first = err.validation[0];
      const path = first?.instancePath.replace(/^\//, '').split('/').filter(Boolean) ?? [];
      const field = fieldOf(path, first?.keyword, first?.params.keys) || undefined;
      const where = err.validationContext === 'body' ? '' : ` (${err.validationContext})`;
      const told = first?.keyword === 'custom' ? toldNotice(first.params.params) : undefined;
      return reply
        .status(400)
        .send(body('VALIDATION', `${field ?? 'request'}${where}: ${first?.message ?? 'invalid'}`, field, told));
    }
    if (err instanceof ZodError) {
      const issue = err.issues[0];
      const field = fieldOf(issue?.path ?? [], issue?.code, issue && 'keys' in issue ? issue.keys : undefined) || undefined;
      const told = issue?.code === 'custom' ? toldNotice(issue.params) : undefined;
      return reply.status(400).send(body('VALIDATION', `${field ?? 'request'}: ${issue?.message ?? 'invalid'}`, field, told));
    }
    // A value the schemas let through but the database refuses (SQLSTATE class 22, "data exception": out of range,
    // invalid text, datetime overflow…) is still the client's input: a 400, logged so the missing check gets added.
    const sqlState = sqlStateOf(err);
    if (sqlState?.startsWith('22')) {
      request.log.warn({ err, sqlState }, 'input refused by the database; a schema should have caught it');
      return reply.status(400).send(body('VALIDATION', 'A value in the request is out of range or not valid'));
    }
    if (err.statusCode === 429) {
      return reply.status(429).send(body('RATE_LIMITED', 'Too many attempts; wait a minute and try again'));
    }
    // A body Fastify cannot parse (not JSON, a "__proto__" key): the body is the field.
    if (err.statusCode === 400 && err.code?.startsWith('FST_ERR_CTP_')) {
      return reply.status(400).send(body('VALIDATION', `body: ${err.message}`, 'body'));
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send(body(err.code ?? 'BAD_REQUEST', err.message));
    }
    const reason = unavailableReason(err);
    if (reason) {
      // Not `err`: drizzle's wrapper carries the query's parameters.
      request.log.warn({ reason, url: request.url }, 'database unavailable');
      return reply
        .status(503)
        .header('retry-after', '5')
        .send(body('DATABASE_UNAVAILABLE', `The database is unavailable: ${reason}. Try again in a moment.`));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send(body('INTERNAL', 'Internal error; see the server log'));
  });
}
