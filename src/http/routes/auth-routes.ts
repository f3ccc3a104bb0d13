import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../audit/audit.js';
import { beginAttempt, clearFailures } from '../../auth/login-throttle.js';
import { createSession, deleteSession } from '../../auth/sessions.js';
import { verifyCredentials } from '../../auth/users.js';
import { AppError } from '../../shared/errors.js';
import { actorOf, SESSION_COOKIE, userOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { errorSchema, userSchema } from './schemas.js';

const sessionSchema = z.object({ user: userSchema, csrfToken: z.string() });

export function authRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/auth/login',
      {
        config: {
          access: 'public',
          rateLimit: { max: ctx.loginAttemptsPerMinute, timeWindow: '1 minute' },
        },
        schema: {
          tags: ['auth'],
          summary: 'Sign in; sets the httpOnly session cookie and returns the CSRF token',
          body: z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(200) }),
          response: { 200: sessionSchema, 401: errorSchema, 429: errorSchema },
          description:
            'Throttled per client address (AVISA_LOGIN_ATTEMPTS_PER_MINUTE) and per username: after AVISA_LOGIN_LOCK_AFTER consecutive failures the username is locked (429 ACCOUNT_LOCKED with Retry-After) for 1 minute, doubling up to an hour.',
        },
      },
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
    );

    app.post(
      '/api/auth/logout',
      { config: { access: 'viewer' }, schema: { tags: ['auth'], summary: 'End the current session', response: { 204: z.null() } } },
      async (request, reply) => {
        const cookie = request.cookies[SESSION_COOKIE];
        if (cookie) await deleteSession(ctx.db, cookie);
        await recordAudit(ctx.db, actorOf(request), 'auth.logout');
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/auth/me',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['auth'],
          summary: 'The signed-in user (and the CSRF token of a cookie session)',
          response: { 200: z.object({ user: userSchema, csrfToken: z.string().nullable() }), 401: errorSchema },
        },
      },
      async (request) => ({ user: userOf(request), csrfToken: request.csrfToken }),
    );
  };
}
