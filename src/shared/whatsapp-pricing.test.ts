import { describe, expect, it } from 'vitest';
import { DEFAULT_WHATSAPP_PRICES, estimatedCost, isCurrencyCode, priceOf, type WhatsAppPrices } from './whatsapp-pricing.js';

describe('the WhatsApp cost estimate', () => {
  it("defaults to Meta's Brazil rates of January 2026, in US$", () => {
    expect(DEFAULT_WHATSAPP_PRICES).toEqual({
      whatsappPriceUtility: 0.0068,
      whatsappPriceMarketing: 0.0625,
      whatsappPriceAuthentication: 0.0068,
      whatsappCurrency: 'USD',
    });
    expect(estimatedCost(DEFAULT_WHATSAPP_PRICES, 'UTILITY', 1000)).toBe(6.8);
    expect(estimatedCost(DEFAULT_WHATSAPP_PRICES, 'MARKETING', 1000)).toBe(62.5);
    expect(estimatedCost(DEFAULT_WHATSAPP_PRICES, 'AUTHENTICATION', 3)).toBe(0.02);
  });

  it('uses the price stored for the category, rounded to cents', () => {
    const reais: WhatsAppPrices = { whatsappPriceUtility: 0.04, whatsappPriceMarketing: 0.35, whatsappPriceAuthentication: 0.05, whatsappCurrency: 'BRL' };
    expect(priceOf(reais, 'MARKETING')).toBe(0.35);
    expect(estimatedCost(reais, 'UTILITY', 250)).toBe(10);
    expect(estimatedCost(reais, 'MARKETING', 3)).toBe(1.05);
    expect(estimatedCost(reais, 'AUTHENTICATION', 7)).toBe(0.35);
    expect(estimatedCost(reais, 'UTILITY', 0)).toBe(0);
  });

  it('knows ISO 4217 codes in upper case only', () => {
    expect(isCurrencyCode('USD')).toBe(true);
    expect(isCurrencyCode('BRL')).toBe(true);
    expect(isCurrencyCode('brl')).toBe(false);
    expect(isCurrencyCode('XYZ')).toBe(false);
    expect(isCurrencyCode('US$')).toBe(false);
    expect(isCurrencyCode('REAL')).toBe(false);
  });
});
