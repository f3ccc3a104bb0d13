/** Configurações › Usuários (admins) and every user's own API tokens (src/auth/contract.ts). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordAudit } from '../../audit/audit.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../../auth/api-tokens.js';
import { tokensContract, usersContract } from '../../auth/contract.js';
import { clearFailures, lockStates, usernameKey } from '../../auth/login-throttle.js';
import { deleteUserSessions } from '../../auth/sessions.js';
import { createUser, getUser, listUsers, updateUser } from '../../auth/users.js';
import { AppError } from '../../shared/errors.js';
import { notice } from '../../shared/notice.js';
import { actorOf, userOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { serve } from '../endpoint.js';

export function userRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    serve(app, usersContract.list, async () => {
      const users = await listUsers(ctx.db);
      const locks = await lockStates(ctx.db, users.map((u) => u.username));
      return { users: users.map((u) => ({ ...u, ...(locks.get(usernameKey(u.username)) ?? { failedLogins: 0, lockedUntil: null }) })) };
    });

    serve(app, usersContract.unlock, async (request, reply) => {
      const user = await getUser(ctx.db, request.params.id);
      if (!user) throw new AppError('NOT_FOUND', `User ${request.params.id} does not exist`);
      await clearFailures(ctx.db, user.username);
      await recordAudit(ctx.db, actorOf(request), 'user.unlock', { entity: 'user', entityId: user.id, details: { username: user.username } });
      return reply.status(204).send(null);
    });

    serve(app, usersContract.create, async (request, reply) => {
      const user = await createUser(ctx.db, request.body);
      await recordAudit(ctx.db, actorOf(request), 'user.create', {
        entity: 'user',
        entityId: user.id,
        details: { username: user.username, role: user.role },
      });
      return reply.status(201).send({ user });
    });

    serve(app, usersContract.update, async (request) => {
      const self = userOf(request);
      const { id } = request.params;
      if (id === self.id && (request.body.active === false || (request.body.role && request.body.role !== 'admin'))) {
        throw new AppError('CONFLICT', 'You cannot deactivate or demote your own account', 'role', notice('own_account'));
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
    });

    serve(app, tokensContract.list, async (request) => ({ tokens: await listApiTokens(ctx.db, userOf(request).id) }));

    serve(app, tokensContract.create, async (request, reply) => {
      const { name, expiresAt } = request.body;
      const created = await createApiToken(ctx.db, userOf(request).id, name, { expiresAt: expiresAt ? new Date(expiresAt) : null });
      await recordAudit(ctx.db, actorOf(request), 'token.create', {
        entity: 'api_token',
        entityId: created.token.id,
        details: { name: created.token.name, expiresAt: created.token.expiresAt },
      });
      return reply.status(201).send(created);
    });

    serve(app, tokensContract.revoke, async (request, reply) => {
      await revokeApiToken(ctx.db, userOf(request).id, request.params.id);
      await recordAudit(ctx.db, actorOf(request), 'token.revoke', { entity: 'api_token', entityId: request.params.id });
      return reply.status(204).send(null);
    });
  };
}
