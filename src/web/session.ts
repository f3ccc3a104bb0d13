/** The signed-in user, kept in the query cache under `me`: null when nobody is signed in. */
import { type QueryClient, queryOptions, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { ApiError, setCsrfToken } from './api.js';
import { endpoints, keys, type Session } from './endpoints.js';

export const sessionQuery = queryOptions({
  queryKey: keys.me,
  queryFn: async (): Promise<Session | null> => {
    try {
      const session = await endpoints.me();
      setCsrfToken(session.csrfToken);
      return session;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return null;
      throw err;
    }
  },
  staleTime: Number.POSITIVE_INFINITY,
});

/** Starts a fresh cache for a new session, so nothing of the previous user lingers. */
export function startSession(queryClient: QueryClient, session: Session | null): void {
  setCsrfToken(session?.csrfToken ?? null);
  queryClient.removeQueries();
  queryClient.setQueryData(keys.me, session);
}

export function useSession(): Session | null {
  return useSuspenseQuery(sessionQuery).data;
}

export function useLogout(): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    try {
      await endpoints.logout();
    } finally {
      startSession(queryClient, null);
    }
  };
}

/** Only same-site paths are followed after login (no `//host` or absolute URLs). */
export function safeRedirect(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return undefined;
  }
  if (value === '/login' || value.startsWith('/login?')) return undefined;
  return value;
}
