/**
 * Sign-in, users, API tokens and the home dashboard as the UI calls them. Every type is the server's
 * (src/auth/schemas.ts, src/system/contract.ts), dates as ISO strings.
 */
import type { z } from 'zod';
import type { authContract, tokensContract, usersContract } from '../auth/contract.js';
import type { NewApiToken, newUserSchema, userPatchSchema } from '../auth/schemas.js';
import type { ResponseOf } from '../shared/contract.js';
import type { systemContract } from '../system/contract.js';
import { avisa, avisaNoRedirect } from './client.js';

export { type Role, roles } from '../auth/roles.js';

export type Session = ResponseOf<typeof authContract.me>;
export type User = ResponseOf<typeof usersContract.create>['user'];
/** A user as the admins' list shows it: with consecutive failed sign-ins (forgotten after a day) and any lock. */
export type ListedUser = ResponseOf<typeof usersContract.list>['users'][number];
export type Overview = ResponseOf<typeof systemContract.overview>;
export type ApiToken = ResponseOf<typeof tokensContract.list>['tokens'][number];
export type NewUser = z.input<typeof newUserSchema>;
export type UserPatch = z.input<typeof userPatchSchema>;

export const endpoints = {
  login: (username: string, password: string) => avisaNoRedirect.auth.login({ body: { username, password } }),
  logout: () => avisaNoRedirect.auth.logout(),
  me: () => avisaNoRedirect.auth.me(),
  overview: () => avisa.system.overview(),
  users: () => avisa.users.list().then((r) => r.users),
  createUser: (user: NewUser) => avisa.users.create({ body: user }).then((r) => r.user),
  updateUser: (id: number, patch: UserPatch) => avisa.users.update({ params: { id }, body: patch }).then((r) => r.user),
  unlockUser: (id: number) => avisa.users.unlock({ params: { id } }),
  tokens: () => avisa.tokens.list().then((r) => r.tokens),
  createToken: (token: NewApiToken) => avisa.tokens.create({ body: token }),
  revokeToken: (id: number) => avisa.tokens.revoke({ params: { id } }),
};

/** Query keys, in one place so mutations invalidate exactly what they change. */
export const keys = {
  me: ['me'] as const,
  overview: ['overview'] as const,
  users: ['users'] as const,
  tokens: ['tokens'] as const,
};
