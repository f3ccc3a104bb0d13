/**
 * Configurações › Envio's WhatsApp prices as the form holds them: the three prices as typed (a comma or a dot) and
 * the currency code, read back into the settings' fields or the fields' problems. Pure, so it is tested alone.
 */
import { isCurrencyCode, MAX_PRICE_PER_MESSAGE, type WhatsAppPrices } from '../../shared/whatsapp-pricing.js';
import { parseDecimal } from '../triggers/form.js';

export type PriceDraft = Record<keyof WhatsAppPrices, string>;
export type PriceProblem = 'price' | 'currency';

const priceFields = ['whatsappPriceUtility', 'whatsappPriceMarketing', 'whatsappPriceAuthentication'] as const;

/** The stored prices as the form shows them (the locale's decimal mark, no grouping). */
export function priceDraftOf(prices: WhatsAppPrices, locale: string): PriceDraft {
  const number = new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 6 });
  return {
    whatsappPriceUtility: number.format(prices.whatsappPriceUtility),
    whatsappPriceMarketing: number.format(prices.whatsappPriceMarketing),
    whatsappPriceAuthentication: number.format(prices.whatsappPriceAuthentication),
    whatsappCurrency: prices.whatsappCurrency,
  };
}

/** The draft as the settings' fields, or what is wrong with each field that is. */
export function readPriceDraft(
  draft: PriceDraft,
): { ok: true; prices: WhatsAppPrices } | { ok: false; errors: Partial<Record<keyof WhatsAppPrices, PriceProblem>> } {
  const errors: Partial<Record<keyof WhatsAppPrices, PriceProblem>> = {};
  const prices = { whatsappCurrency: draft.whatsappCurrency.trim().toUpperCase() } as WhatsAppPrices;
  for (const field of priceFields) {
    const value = parseDecimal(draft[field]);
    if (Number.isNaN(value) || value > MAX_PRICE_PER_MESSAGE) errors[field] = 'price';
    else prices[field] = value;
  }
  if (!isCurrencyCode(prices.whatsappCurrency)) errors.whatsappCurrency = 'currency';
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, prices };
}
