/** Sign-in, users and personal API tokens: the API contract (browser-safe). */
import { z } from 'zod';
import { errorSchema, idParams } from '../shared/api-schemas.js';
import { endpoint } from '../shared/contract.js';
import {
  apiTokenSchema,
  createdApiTokenSchema,
  credentialsSchema,
  listedUserSchema,
  meSchema,
  newApiTokenSchema,
  newUserSchema,
  sessionSchema,
  userPatchSchema,
  userSchema,
} from './schemas.js';

export const authContract = {
  login: endpoint({
    method: 'POST',
    path: '/api/auth/login',
    access: 'public',
    tags: ['auth'],
    summary: 'Sign in; sets the httpOnly session cookie and returns the CSRF token',
    description:
      'Throttled per client address (AVISA_LOGIN_ATTEMPTS_PER_MINUTE) and per username: after AVISA_LOGIN_LOCK_AFTER consecutive failures the username is locked (429 ACCOUNT_LOCKED with Retry-After) for 1 minute, doubling up to an hour.',
    body: credentialsSchema,
    responses: { 200: sessionSchema, 401: errorSchema, 429: errorSchema },
  }),
  logout: endpoint({
    method: 'POST',
    path: '/api/auth/logout',
    access: 'viewer',
    tags: ['auth'],
    summary: 'End the current session',
    responses: { 204: z.null() },
  }),
  me: endpoint({
    method: 'GET',
    path: '/api/auth/me',
    access: 'viewer',
    tags: ['auth'],
    summary: 'The signed-in user (and the CSRF token of a cookie session)',
    responses: { 200: meSchema, 401: errorSchema },
  }),
};

const users = ['users'];
const one = z.object({ user: userSchema });

export const usersContract = {
  list: endpoint({
    method: 'GET',
    path: '/api/users',
    access: 'admin',
    tags: users,
    summary: 'Every user, with failed sign-ins and any lock in force',
    responses: { 200: z.object({ users: z.array(listedUserSchema) }) },
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/users',
    access: 'admin',
    tags: users,
    body: newUserSchema,
    responses: { 201: one, 400: errorSchema, 409: errorSchema },
  }),
  update: endpoint({
    method: 'PATCH',
    path: '/api/users/:id',
    access: 'admin',
    tags: users,
    params: idParams,
    body: userPatchSchema,
    responses: { 200: one, 400: errorSchema, 404: errorSchema },
  }),
  unlock: endpoint({
    method: 'POST',
    path: '/api/users/:id/unlock',
    access: 'admin',
    tags: users,
    summary: 'Lift a sign-in lock and forget the failed attempts',
    params: idParams,
    responses: { 204: z.null(), 404: errorSchema },
  }),
};

const tokens = ['tokens'];

/** Each user's own tokens: every signed-in user manages theirs and sees no one else's. */
export const tokensContract = {
  list: endpoint({
    method: 'GET',
    path: '/api/tokens',
    access: 'viewer',
    tags: tokens,
    summary: 'My API tokens (not revoked), expired ones included and marked',
    responses: { 200: z.object({ tokens: z.array(apiTokenSchema) }) },
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/tokens',
    access: 'viewer',
    tags: tokens,
    summary: 'Create an API token; its secret is returned once and never again',
    description: '`expiresAt` (ISO date-time, in the future) makes it stop working then (401 TOKEN_EXPIRED); absent or null: never.',
    body: newApiTokenSchema,
    responses: { 201: createdApiTokenSchema, 400: errorSchema },
  }),
  revoke: endpoint({
    method: 'DELETE',
    path: '/api/tokens/:id',
    access: 'viewer',
    tags: tokens,
    params: idParams,
    responses: { 204: z.null(), 404: errorSchema },
  }),
};
