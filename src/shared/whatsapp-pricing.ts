/**
 * What Meta charges per delivered template message in Brazil, by category (market-2026.md: Jan 2026 rates, US$).
 * Used for the send dialog's estimate; the bill is Meta's.
 */
export const BRAZIL_PRICE_USD = { UTILITY: 0.0068, MARKETING: 0.0625, AUTHENTICATION: 0.0068 } as const;
export type TemplateCategory = keyof typeof BRAZIL_PRICE_USD;

/** The estimated cost of `recipients` messages of `category`, in US$. */
export function estimatedCostUsd(category: TemplateCategory, recipients: number): number {
  return Math.round(BRAZIL_PRICE_USD[category] * recipients * 100) / 100;
}
