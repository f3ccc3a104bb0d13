/**
 * Builds the Fastify application: API (zod-validated, documented at /api/openapi.json), auth, and the web UI's
 * static files with a fallback to index.html for client-side routes.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from '../log/logger.js';
import { observeHttpRequest } from '../metrics/instruments.js';
import { AppError } from '../shared/errors.js';
import { resolveSecretKey } from '../shared/secret-box.js';
import type { SchedulerHandle } from '../tasks/scheduler.js';
import { type TaskTypes, taskTypes } from '../tasks/types.js';
import { accessOf, installAuth } from './auth.js';
import type { AppContext } from './context.js';
import { installErrorHandler } from './errors.js';
import { installInputGuard } from './input-guard.js';
import { authRoutes } from './routes/auth-routes.js';
import { importRoutes } from './routes/import-routes.js';
import { integrationRoutes } from './routes/integration-routes.js';
import { logRoutes } from './routes/log-routes.js';
import { messageRoutes } from './routes/message-routes.js';
import { opaRoutes } from './routes/opa-routes.js';
import { cloudApiRoutes } from './routes/cloudapi-routes.js';
import { optoutRoutes } from './routes/optout-routes.js';
import { receiptRoutes } from './routes/receipt-routes.js';
import { queueRoutes } from './routes/queue-routes.js';
import { reportRoutes } from './routes/report-routes.js';
import { savedFilterRoutes } from './routes/saved-filter-routes.js';
import { sendRoutes } from './routes/send-routes.js';
import { sourceRoutes } from './routes/source-routes.js';
import { taskRoutes } from './routes/task-routes.js';
import { triggerRoutes } from './routes/trigger-routes.js';
import { incidentRoutes } from './routes/incident-routes.js';
import { maintenanceRoutes } from './routes/maintenance-routes.js';
import { metricsRoutes } from './routes/metrics-routes.js';
import { systemRoutes } from './routes/system-routes.js';
import { userRoutes } from './routes/user-routes.js';
import { webhookRoutes } from './routes/webhook-routes.js';

const defaultWebRoot = fileURLToPath(new URL('../../dist/web', import.meta.url));

export interface BuildAppOptions extends Omit<AppContext, 'loginAttemptsPerMinute' | 'secretKey' | 'scheduler' | 'tasks'> {
  /** The process's scheduler; without one, Executar agora answers 503. */
  scheduler?: SchedulerHandle;
  /** The installation's task types (src/app/task-types.ts); without them the Agenda offers none. */
  tasks?: TaskTypes;
  /** Default: AVISA_SECRET_KEY or `secret.key` in AVISA_DATA_DIR, read when first needed. */
  secretKey?: Buffer;
  logger?: Logger | false;
  /** Folder of the built UI; skipped when it does not exist (API-only tests). */
  webRoot?: string;
  loginAttemptsPerMinute?: number;
}

/**
 * One line per request when it ends — at debug, or at info when the installation keeps an access log
 * (AVISA_ACCESS_LOG) — instead of Fastify's two lines at info ("incoming request", "request completed"), which
 * buried the terminal under the UI's polls.
 */
class RequestLog extends LogController {
  constructor(private readonly level: 'info' | 'debug') {
    super();
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log[this.level](line, 'request');
  }
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // A child: its level can be raised alone (startServer hushes Fastify's own "listening" lines).
    loggerInstance: (options.logger ? options.logger.child({}) : undefined) as FastifyBaseLogger | undefined,
    logController: new RequestLog(options.config.AVISA_ACCESS_LOG ? 'info' : 'debug'),
    // Client addresses (login throttling, audit) come from the socket unless the installation names its proxies.
    trustProxy: options.config.AVISA_TRUST_PROXY ?? false,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);

  // Helmet's headers, its middleware built once (@fastify/helmet builds it again for every request: a tenth of a
  // webhook callback's cost).
  const securityHeaders = helmet({
    contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } },
    hsts: options.config.AVISA_SECURE_COOKIES,
  });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)));
  // Latency by the route pattern the router matched (undefined: none did), never the URL as sent.
  app.addHook('onResponse', (request, reply, done) => {
    observeHttpRequest(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Avisa API', version: '0.1.0', description: 'Outage and maintenance notices for ISPs' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'avisa_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: documentAccess,
    // Schemas with an id (Notice) are referred to by $ref; this adds them to components.schemas.
    transformObject: jsonSchemaTransformObject,
  });

  const ctx: AppContext = {
    db: options.db,
    kind: options.kind,
    config: options.config,
    loginAttemptsPerMinute: options.loginAttemptsPerMinute ?? options.config.AVISA_LOGIN_ATTEMPTS_PER_MINUTE,
    secretKey: lazyKey(options),
    tasks: options.tasks ?? taskTypes([]),
    scheduler: options.scheduler ?? noScheduler,
  };
  installAuth(app, ctx.db);
  installInputGuard(app);
  await app.register(systemRoutes(ctx));
  await app.register(authRoutes(ctx));
  await app.register(userRoutes(ctx));
  await app.register(reportRoutes(ctx));
  await app.register(savedFilterRoutes(ctx));
  await app.register(integrationRoutes(ctx));
  await app.register(opaRoutes(ctx));
  await app.register(messageRoutes(ctx));
  await app.register(sendRoutes(ctx));
  await app.register(queueRoutes(ctx));
  await app.register(logRoutes(ctx));
  await app.register(sourceRoutes(ctx));
  await app.register(taskRoutes(ctx));
  await app.register(triggerRoutes(ctx));
  await app.register(incidentRoutes(ctx));
  await app.register(maintenanceRoutes(ctx));
  await app.register(importRoutes(ctx));
  await app.register(webhookRoutes(ctx));
  await app.register(receiptRoutes(ctx));
  await app.register(cloudApiRoutes(ctx));
  await app.register(optoutRoutes(ctx));
  await app.register(metricsRoutes(ctx));
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  await serveWeb(app, options.webRoot ?? defaultWebRoot);
  await app.ready();
  return app;
}

/**
 * The OpenAPI operation of a route says who may call it (`x-avisa-access`), and a public one needs no credentials;
 * the authorisation matrix test (src/http/access-matrix.test.ts) reads both from the published document.
 */
const documentAccess: typeof jsonSchemaTransform = (input) => {
  const transformed = jsonSchemaTransform(input);
  const access = accessOf(input.route.config);
  return {
    ...transformed,
    schema: { ...transformed.schema, 'x-avisa-access': access, ...(access === 'public' ? { security: [] } : {}) },
  };
};

const noScheduler: SchedulerHandle = {
  runNow: async () => {
    throw new AppError('UNAVAILABLE', 'The task scheduler is not running in this process');
  },
};

function lazyKey(options: BuildAppOptions): () => Buffer {
  let key = options.secretKey;
  return () => {
    key ??= resolveSecretKey({ envKey: options.config.AVISA_SECRET_KEY, dataDir: options.config.AVISA_DATA_DIR });
    return key;
  };
}

/**
 * The built UI: one public route for every path no API route claims — a file of the build, else index.html for the
 * UI's own client-side routes. (The router prefers the API's static paths to this wildcard.)
 */
async function serveWeb(app: FastifyInstance, webRoot: string): Promise<void> {
  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url}` } });
  app.setNotFoundHandler(notFound);
  if (!existsSync(`${webRoot}/index.html`)) return;
  const files = new Set(listFiles(webRoot));
  await app.register(fastifyStatic, { root: webRoot, serve: false });
  app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, (request, reply) => {
    const path = (request.params as { '*': string })['*'];
    if (files.has(path)) return reply.sendFile(path);
    // What looks like an API path (in any spelling the router did not match) stays a JSON 404; the rest are pages
    // of the UI. This only picks the 404's shape: access was decided by the matched route, this public one.
    const plain = path.toLowerCase().replace(/\/+/g, '/');
    if (/^\/?(api|healthz|metrics)(\/|$)/.test(plain)) return notFound(request, reply);
    return reply.sendFile('index.html');
  });
}

function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'));
}
