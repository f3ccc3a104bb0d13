/**
 * Authentication and authorisation for every /api route. A route declares the role it needs in
 * `config.access` ('public' | 'viewer' | 'operator' | 'admin'; default 'viewer' = any signed-in user).
 * Credentials: the session cookie (then unsafe methods must carry `x-csrf-token`) or `Authorization: Bearer`.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findUserByApiToken } from '../auth/api-tokens.js';
import { hasRole, type Role } from '../auth/roles.js';
import { findSession } from '../auth/sessions.js';
import type { User } from '../auth/users.js';
import type { Actor } from '../audit/audit.js';
import type { Db } from '../db/index.js';
import { AppError } from '../shared/errors.js';

export const SESSION_COOKIE = 'avisa_session';

export type Access = 'public' | Role;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    user: User | null;
    csrfToken: string | null;
  }
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function installAuth(app: FastifyInstance, db: Db): void {
  app.decorateRequest('user', null);
  app.decorateRequest('csrfToken', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const access = request.routeOptions.config.access ?? 'viewer';
    if (access === 'public') return;
    await identify(request, db);
    if (!request.user) throw new AppError('UNAUTHENTICATED', 'Sign in or send an API token');
    if (!hasRole(request.user.role, access)) {
      throw new AppError('FORBIDDEN', `This action needs the ${access} role`);
    }
  });
}

async function identify(request: FastifyRequest, db: Db): Promise<void> {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const user = match?.[1] ? await findUserByApiToken(db, match[1]) : undefined;
    if (!user) throw new AppError('UNAUTHENTICATED', 'Invalid or revoked API token');
    request.user = user;
    return;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return;
  const session = await findSession(db, cookie);
  if (!session) return;
  if (unsafeMethods.has(request.method)) {
    const sent = request.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !sameSecret(sent, session.csrfToken)) {
      throw new AppError('CSRF', 'Missing or wrong x-csrf-token header');
    }
  }
  request.user = session.user;
  request.csrfToken = session.csrfToken;
}

/** The audit actor of a request: its user, or `anonymous`. */
export function actorOf(request: FastifyRequest): Actor {
  return { userId: request.user?.id ?? null, name: request.user?.username ?? 'anonymous', ip: request.ip };
}

/** The signed-in user of a route that is not public (the onRequest hook guarantees it). */
export function userOf(request: FastifyRequest): User {
  if (!request.user) throw new AppError('UNAUTHENTICATED', 'Sign in or send an API token');
  return request.user;
}
