/**
 * What Meta charges per delivered template message, by category: the prices an admin keeps in Configurações › Envio
 * (send_settings), which only feed the send dialog's estimate — the bill is Meta's. Until changed they are Meta's
 * Brazil rates of January 2026 in US$ (market-2026.md); the columns' defaults, the server's answer before the
 * settings are saved and the form all read them from here.
 */

/** Meta's template categories, as a message's content stores them. */
export type TemplateCategory = 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';

/** The send settings' price fields (one per category) and the currency they are in. */
export interface WhatsAppPrices {
  whatsappPriceUtility: number;
  whatsappPriceMarketing: number;
  whatsappPriceAuthentication: number;
  /** ISO 4217, e.g. USD or BRL. */
  whatsappCurrency: string;
}

/** Which price field holds a category's price. */
const PRICE_FIELD = {
  UTILITY: 'whatsappPriceUtility',
  MARKETING: 'whatsappPriceMarketing',
  AUTHENTICATION: 'whatsappPriceAuthentication',
} as const satisfies Record<TemplateCategory, keyof WhatsAppPrices>;

/** Meta's Brazil rates, January 2026, in US$. */
export const DEFAULT_WHATSAPP_PRICES = {
  whatsappPriceUtility: 0.0068,
  whatsappPriceMarketing: 0.0625,
  whatsappPriceAuthentication: 0.0068,
  whatsappCurrency: 'USD',
} as const satisfies WhatsAppPrices;

/**
 * The highest price per message accepted: generous enough for currencies with large units (Meta also bills in IDR,
 * where a Brazilian marketing message is about 1,000), low enough to catch a price typed per thousand.
 */
export const MAX_PRICE_PER_MESSAGE = 10_000;

/** Whether `code` is a currency this runtime knows (ISO 4217, upper case). */
export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf('currency').includes(code);
}

/** The price of one `category` message. */
export function priceOf(prices: WhatsAppPrices, category: TemplateCategory): number {
  return prices[PRICE_FIELD[category]];
}

/** The estimated cost of `recipients` messages of `category`, in the prices' currency (rounded to cents). */
export function estimatedCost(prices: WhatsAppPrices, category: TemplateCategory, recipients: number): number {
  return Math.round(priceOf(prices, category) * recipients * 100) / 100;
}
