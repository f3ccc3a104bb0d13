/** Sign-in and sign-out of the web UI's cookie sessions, and who is calling (src/auth/contract.ts). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordAudit } from '../../audit/audit.js';
import { authContract } from '../../auth/contract.js';
import { beginAttempt, clearFailures } from '../../auth/login-throttle.js';
import { createSession, deleteSession } from '../../auth/sessions.js';
import { verifyCredentials } from '../../auth/users.js';
import { AppError } from '../../shared/errors.js';
import { actorOf, SESSION_COOKIE, userOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { serve } from '../endpoint.js';

export function authRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    serve(
      app,
      authContract.login,
      async (request, reply) => {
        const { username, password } = request.body;
        const attempt = await beginAttempt(ctx.db, username, { lockAfter: ctx.config.AVISA_LOGIN_LOCK_AFTER, ip: request.ip });
        if (!attempt.allowed) {
          const until = attempt.lockedUntil ?? new Date();
          reply.header('retry-after', String(Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000))));
          throw new AppError('ACCOUNT_LOCKED', `Too many failed sign-ins for this username; locked until ${until.toISOString()}`);
        }
        let user: Awaited<ReturnType<typeof verifyCredentials>>;
        try {
          user = await verifyCredentials(ctx.db, username, password);
        } catch (err) {
          if (err instanceof AppError) {
            const details = { failures: attempt.failures, ...(attempt.lockedUntil ? { lockedUntil: attempt.lockedUntil } : {}) };
            await recordAudit(ctx.db, { name: username.slice(0, 64), ip: request.ip }, 'auth.login_failed', { details });
          }
          throw err;
        }
        await clearFailures(ctx.db, username);
        const session = await createSession(ctx.db, user.id, {
          hours: ctx.config.AVISA_SESSION_HOURS,
          ip: request.ip,
          userAgent: request.headers['user-agent'],
        });
        reply.setCookie(SESSION_COOKIE, session.cookie, {
          httpOnly: true,
          sameSite: 'lax',
          secure: ctx.config.AVISA_SECURE_COOKIES,
          path: '/',
          expires: session.expiresAt,
        });
        await recordAudit(ctx.db, { userId: user.id, name: user.username, ip: request.ip }, 'auth.login');
        return { user, csrfToken: session.csrfToken };
      },
      { config: { rateLimit: { max: ctx.loginAttemptsPerMinute, timeWindow: '1 minute' } } },
    );

    serve(app, authContract.logout, async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) await deleteSession(ctx.db, cookie);
      await recordAudit(ctx.db, actorOf(request), 'auth.logout');
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    });

    serve(app, authContract.me, async (request) => ({ user: userOf(request), csrfToken: request.csrfToken }));
  };
}
