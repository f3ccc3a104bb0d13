/**
 * Configurações › Importar: `POST /api/imports/{clientes|contratos|logins}` reads the file from the request body
 * as it arrives (a content-type parser of this plugin alone hands the raw stream over, unread), so a 300 MB export
 * never sits in memory; the answer is the finished job. The jobs' history, progress and row errors are read here
 * too. Admins only: an import overwrites subscriber data.
 */
import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordAudit } from '../../audit/audit.js';
import { importsContract } from '../../imports/contract.js';
import { uploadEncoding, uploadFormat } from '../../imports/format.js';
import { getImportJob, listImportErrors, listImportJobs } from '../../imports/jobs.js';
import { fileTooLarge, runImport } from '../../imports/run.js';
import { AppError } from '../../shared/errors.js';
import { actorOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { serve } from '../endpoint.js';

export function importRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    // Every body of this plugin's routes is an upload: kept as the raw stream for the handler (not parsed, not
    // buffered, so no body limit applies here; the runner counts the bytes against AVISA_IMPORT_MAX_BYTES).
    const uploads = new WeakMap<FastifyRequest, Readable>();
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (request, payload, done) => {
      uploads.set(request, payload as Readable);
      done(null, undefined);
    });

    serve(app, importsContract.upload, async (request, reply) => {
      const body = uploads.get(request);
      // Whatever happens next, a body not read to its end must not be read as the next request on this connection.
      reply.header('connection', 'close');
      if (!body) throw new AppError('VALIDATION', 'send the file as the request body (e.g. curl --data-binary @file.csv)', 'body');
      const contentType = request.headers['content-type'];
      const format = uploadFormat(request.query, contentType);
      const encoding = uploadEncoding(request.query, contentType);
      const length = Number(request.headers['content-length']);
      const bytesTotal = Number.isSafeInteger(length) && length >= 0 ? length : null;
      const maxBytes = ctx.config.AVISA_IMPORT_MAX_BYTES;
      if (bytesTotal !== null && bytesTotal > maxBytes) {
        throw fileTooLarge(maxBytes);
      }
      const actor = actorOf(request);
      const { job, failure } = await runImport(ctx.db, {
        entity: request.params.entity,
        format,
        encoding,
        fileName: request.query.name ?? null,
        clientRef: request.query.ref ?? null,
        bytesTotal,
        userId: actor.userId ?? null,
        actor: actor.name,
        input: body,
        timezone: request.query.timezone ?? ctx.config.AVISA_TIMEZONE,
        maxBytes,
      });
      await recordAudit(ctx.db, actor, 'import', {
        entity: 'import_job',
        entityId: job.id,
        details: {
          entity: job.entity,
          file: job.fileName,
          status: job.status,
          read: job.read,
          inserted: job.inserted,
          updated: job.updated,
          rejected: job.rejected,
          ...(job.error ? { error: job.error } : {}),
        },
      });
      if (failure !== undefined) throw failure;
      request.log.info({ importJob: job.id, entity: job.entity, read: job.read, rejected: job.rejected }, 'import finished');
      return reply.status(201).send({ job });
    });

    serve(app, importsContract.list, async (request) => listImportJobs(ctx.db, request.query));

    serve(app, importsContract.get, async (request) => ({ job: await getImportJob(ctx.db, request.params.id) }));

    serve(app, importsContract.errors, async (request) =>
      listImportErrors(ctx.db, request.params.id, request.query.page, request.query.pageSize),
    );
  };
}
