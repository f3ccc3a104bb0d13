import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../audit/audit.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../../auth/api-tokens.js';
import { deleteUserSessions } from '../../auth/sessions.js';
import { clearFailures, lockStates, usernameKey } from '../../auth/login-throttle.js';
import { createUser, getUser, listUsers, newUserSchema, updateUser, userPatchSchema } from '../../auth/users.js';
import { AppError } from '../../shared/errors.js';
import { actorOf, userOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { errorSchema, idParams, userSchema } from './schemas.js';

const lockStateSchema = z.object({ failedLogins: z.number().int(), lockedUntil: z.date().nullable() });

const tokenSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
});

export function userRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/users',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['users'],
          summary: 'Every user, with failed sign-ins and any lock in force',
          response: { 200: z.object({ users: z.array(userSchema.extend(lockStateSchema.shape)) }) },
        },
      },
      async () => {
        const users = await listUsers(ctx.db);
        const locks = await lockStates(ctx.db, users.map((u) => u.username));
        return { users: users.map((u) => ({ ...u, ...(locks.get(usernameKey(u.username)) ?? { failedLogins: 0, lockedUntil: null }) })) };
      },
    );

    app.post(
      '/api/users/:id/unlock',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['users'],
          summary: 'Lift a sign-in lock and forget the failed attempts',
          params: idParams,
          response: { 204: z.null(), 404: errorSchema },
        },
      },
      async (request, reply) => {
        const user = await getUser(ctx.db, request.params.id);
        if (!user) throw new AppError('NOT_FOUND', `User ${request.params.id} does not exist`);
        await clearFailures(ctx.db, user.username);
        await recordAudit(ctx.db, actorOf(request), 'user.unlock', { entity: 'user', entityId: user.id, details: { username: user.username } });
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/users',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['users'],
          body: newUserSchema,
          response: { 201: z.object({ user: userSchema }), 400: errorSchema, 409: errorSchema },
        },
      },
      async (request, reply) => {
        const user = await createUser(ctx.db, request.body);
        await recordAudit(ctx.db, actorOf(request), 'user.create', {
          entity: 'user',
          entityId: user.id,
          details: { username: user.username, role: user.role },
        });
        return reply.status(201).send({ user });
      },
    );

    app.patch(
      '/api/users/:id',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['users'],
          params: idParams,
          body: userPatchSchema,
          response: { 200: z.object({ user: userSchema }), 400: errorSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const self = userOf(request);
        const { id } = request.params;
        if (id === self.id && (request.body.active === false || (request.body.role && request.body.role !== 'admin'))) {
          throw new AppError('CONFLICT', 'You cannot deactivate or demote your own account', 'role');
        }
        const user = await updateUser(ctx.db, id, request.body);
        if (request.body.password || request.body.active === false) await deleteUserSessions(ctx.db, id);
        const { password: _, ...changed } = request.body;
        await recordAudit(ctx.db, actorOf(request), 'user.update', {
          entity: 'user',
          entityId: id,
          details: { ...changed, passwordChanged: Boolean(request.body.password) },
        });
        return { user };
      },
    );

    app.get(
      '/api/tokens',
      { config: { access: 'viewer' }, schema: { tags: ['tokens'], response: { 200: z.object({ tokens: z.array(tokenSchema) }) } } },
      async (request) => ({ tokens: await listApiTokens(ctx.db, userOf(request).id) }),
    );

    app.post(
      '/api/tokens',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['tokens'],
          summary: 'Create an API token; its secret is returned once and never again',
          body: z.object({ name: z.string().trim().min(1).max(100) }),
          response: { 201: z.object({ token: tokenSchema, secret: z.string() }) },
        },
      },
      async (request, reply) => {
        const created = await createApiToken(ctx.db, userOf(request).id, request.body.name);
        await recordAudit(ctx.db, actorOf(request), 'token.create', {
          entity: 'api_token',
          entityId: created.token.id,
          details: { name: created.token.name },
        });
        return reply.status(201).send(created);
      },
    );

    app.delete(
      '/api/tokens/:id',
      { config: { access: 'viewer' }, schema: { tags: ['tokens'], params: idParams, response: { 204: z.null(), 404: errorSchema } } },
      async (request, reply) => {
        await revokeApiToken(ctx.db, userOf(request).id, request.params.id);
        await recordAudit(ctx.db, actorOf(request), 'token.revoke', { entity: 'api_token', entityId: request.params.id });
        return reply.status(204).send(null);
      },
    );
  };
}
