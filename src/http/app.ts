/**
 * Builds the Fastify application: API (zod-validated, documented at /api/openapi.json), auth, and the web UI's
 * static files with a fallback to index.html for client-side routes.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from '../log/logger.js';
import { AppError } from '../shared/errors.js';
import { resolveSecretKey } from '../shared/secret-box.js';
import type { SchedulerHandle } from '../tasks/scheduler.js';
import { installAuth } from './auth.js';
import type { AppContext } from './context.js';
import { installErrorHandler } from './errors.js';
import { authRoutes } from './routes/auth-routes.js';
import { integrationRoutes } from './routes/integration-routes.js';
import { logRoutes } from './routes/log-routes.js';
import { messageRoutes } from './routes/message-routes.js';
import { opaRoutes } from './routes/opa-routes.js';
import { queueRoutes } from './routes/queue-routes.js';
import { reportRoutes } from './routes/report-routes.js';
import { savedFilterRoutes } from './routes/saved-filter-routes.js';
import { sendRoutes } from './routes/send-routes.js';
import { sourceRoutes } from './routes/source-routes.js';
import { taskRoutes } from './routes/task-routes.js';
import { triggerRoutes } from './routes/trigger-routes.js';
import { systemRoutes } from './routes/system-routes.js';
import { userRoutes } from './routes/user-routes.js';

export const defaultWebRoot = fileURLToPath(new URL('../../dist/web', import.meta.url));

export interface BuildAppOptions extends Omit<AppContext, 'loginAttemptsPerMinute' | 'secretKey' | 'scheduler'> {
  /** The process's scheduler; without one, Executar agora answers 503. */
  scheduler?: SchedulerHandle;
  /** Default: AVISA_SECRET_KEY or `secret.key` in AVISA_DATA_DIR, read when first needed. */
  secretKey?: Buffer;
  logger?: Logger | false;
  /** Folder of the built UI; skipped when it does not exist (API-only tests). */
  webRoot?: string;
  loginAttemptsPerMinute?: number;
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: (options.logger || undefined) as FastifyBaseLogger | undefined,
    trustProxy: true,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);

  await app.register(helmet, {
    contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } },
    hsts: options.config.AVISA_SECURE_COOKIES,
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
    transform: jsonSchemaTransform,
  });

  const ctx: AppContext = {
    db: options.db,
    kind: options.kind,
    config: options.config,
    loginAttemptsPerMinute: options.loginAttemptsPerMinute ?? 10,
    secretKey: lazyKey(options),
    scheduler: options.scheduler ?? noScheduler,
  };
  installAuth(app, ctx.db);
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
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  await serveWeb(app, options.webRoot ?? defaultWebRoot);
  await app.ready();
  return app;
}

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

async function serveWeb(app: FastifyInstance, webRoot: string): Promise<void> {
  const hasWeb = existsSync(`${webRoot}/index.html`);
  if (hasWeb) await app.register(fastifyStatic, { root: webRoot, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    const isApi = request.url.startsWith('/api/') || request.url === '/healthz';
    if (hasWeb && request.method === 'GET' && !isApi) return reply.sendFile('index.html');
    return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url}` } });
  });
}
