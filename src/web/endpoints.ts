/** Typed calls to the Avisa API (the contract lives in src/http; dates arrive as ISO strings). */
import { api } from './api.js';

export type Role = 'admin' | 'operator' | 'viewer';
export const roles: readonly Role[] = ['admin', 'operator', 'viewer'];

export interface SessionUser {
  id: number;
  username: string;
  name: string;
  email: string | null;
  role: Role;
}

export interface Session {
  user: SessionUser;
  csrfToken: string | null;
}

export interface User extends SessionUser {
  active: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

/** A user as the admins' list shows it: with consecutive failed sign-ins (forgotten after a day) and any lock. */
export interface ListedUser extends User {
  failedLogins: number;
  lockedUntil: string | null;
}

export interface Overview {
  clients: number;
  contracts: number;
  logins: { total: number; online: number; offline: number; neverAuthenticated: number };
  topOfflineNas: { id: number; name: string; offline: number; total: number }[];
  database: 'pglite' | 'postgres';
  timezone: string;
}

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface NewUser {
  username: string;
  name: string;
  email?: string | null;
  role: Role;
  password: string;
}

export type UserPatch = Partial<{ name: string; email: string | null; role: Role; active: boolean; password: string }>;

export const endpoints = {
  login: (username: string, password: string) =>
    api.post<Session>('/api/auth/login', { username, password }, { allowUnauthenticated: true }),
  logout: () => api.post<void>('/api/auth/logout', undefined, { allowUnauthenticated: true }),
  me: () => api.get<Session>('/api/auth/me', { allowUnauthenticated: true }),
  overview: () => api.get<Overview>('/api/overview'),
  users: () => api.get<{ users: ListedUser[] }>('/api/users').then((r) => r.users),
  createUser: (user: NewUser) => api.post<{ user: User }>('/api/users', user).then((r) => r.user),
  updateUser: (id: number, patch: UserPatch) => api.patch<{ user: User }>(`/api/users/${id}`, patch).then((r) => r.user),
  unlockUser: (id: number) => api.post<void>(`/api/users/${id}/unlock`),
  tokens: () => api.get<{ tokens: ApiToken[] }>('/api/tokens').then((r) => r.tokens),
  createToken: (name: string) => api.post<{ token: ApiToken; secret: string }>('/api/tokens', { name }),
  revokeToken: (id: number) => api.delete(`/api/tokens/${id}`),
};

/** Query keys, in one place so mutations invalidate exactly what they change. */
export const keys = {
  me: ['me'] as const,
  overview: ['overview'] as const,
  users: ['users'] as const,
  tokens: ['tokens'] as const,
};
