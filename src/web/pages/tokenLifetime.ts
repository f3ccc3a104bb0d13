/** How long a new API token lives, as Meus tokens de API offers it: 30, 90 or 365 days, or until revoked. */

export const tokenLifetimes = ['30', '90', '365', 'never'] as const;
export type TokenLifetime = (typeof tokenLifetimes)[number];
/** A token forgotten in a script stops working within a quarter unless its owner chose otherwise. */
export const DEFAULT_LIFETIME: TokenLifetime = '90';

/** When a token made at `now` with `lifetime` expires (ISO, for POST /api/tokens' `expiresAt`), or null for never. */
export function expiryOf(lifetime: string, now = Date.now()): string | null {
  const days = Number(lifetime);
  return Number.isInteger(days) && days > 0 ? new Date(now + days * 86_400_000).toISOString() : null;
}
