/**
 * Authentication and authorisation, decided by the route Fastify matched — never by the URL's text. Every route
 * declares who may call it in `config.access` ('public' | 'viewer' | 'operator' | 'admin'; 'viewer' = any signed-in
 * user); registering a route without a rule throws at start, and a request that reaches one anyway is refused.
 * Because the check runs on the matched route, every spelling Fastify's router accepts (`/%61pi/users` decodes to
 * `/api/users`) meets the same check, and every spelling it does not (`//api`, `/API`, `/api/./`, a trailing
 * slash) matches no route and gets a 404.
 * Credentials: the session cookie (then unsafe methods must carry `x-csrf-token`) or `Authorization: Bearer`.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { findUserByApiToken } from '../auth/api-tokens.js';
import { hasRole, type Role, roles } from '../auth/roles.js';
import { findSession } from '../auth/sessions.js';
import type { User } from '../auth/users.js';
import type { Actor } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import { AppError } from '../shared/errors.js';

export const SESSION_COOKIE = 'avisa_session';

export const accessLevels = ['public', ...roles] as const;
export type Access = (typeof accessLevels)[number];

/** A registered route and its rule: what the authorisation matrix test compares with the OpenAPI document. */
export interface RouteRule {
  method: string;
  url: string;
  access: Access;
  /** Left out of the OpenAPI document (`schema.hide`). */
  hidden: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyInstance {
    routeRules: RouteRule[];
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

/** The rule a route declared, or undefined when it declared none (or something that is not a rule). */
export function accessOf(config: unknown): Access | undefined {
  const access = (config as { access?: unknown } | undefined)?.access;
  return (accessLevels as readonly unknown[]).includes(access) ? (access as Access) : undefined;
}

/** Call before registering any route: from here on, a route without an access rule cannot be registered. */
export function installAuth(app: FastifyInstance, db: Db): void {
  app.decorateRequest('user', null);
  app.decorateRequest('csrfToken', null);
  const rules: RouteRule[] = [];
  app.decorate('routeRules', rules);
  app.addHook('onRoute', (route: RouteOptions) => {
    const access = accessOf(route.config);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!access) {
      throw new Error(`Route ${methods.join(',')} ${route.url} declares no access rule (config.access: ${accessLevels.join(' | ')})`);
    }
    const hidden = Boolean((route.schema as { hide?: boolean } | undefined)?.hide);
    for (const method of methods) rules.push({ method, url: route.url, access, hidden });
  });
  app.addHook('onRequest', async (request) => {
    // No route matched: the not-found handler answers 404 and reveals nothing.
    if (request.is404) return;
    const access = accessOf(request.routeOptions.config);
    if (!access) throw new AppError('FORBIDDEN', 'This route declares no access rule');
    if (access === 'public') return;
    await identify(request, db);
    if (!request.user) throw new AppError('UNAUTHENTICATED', 'Sign in or send an API token');
    if (!hasRole(request.user.role, access as Role)) {
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
