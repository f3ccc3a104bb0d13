import { describe, expect, it } from 'vitest';
import { DEFAULT_WHATSAPP_PRICES } from '../../shared/whatsapp-pricing.js';
import { priceDraftOf, readPriceDraft } from './whatsappPrices.js';

describe("Configurações › Envio's WhatsApp prices", () => {
  it('shows the stored prices with the language’s decimal mark and reads them back', () => {
    const draft = priceDraftOf(DEFAULT_WHATSAPP_PRICES, 'pt-BR');
    expect(draft).toEqual({ whatsappPriceUtility: '0,0068', whatsappPriceMarketing: '0,0625', whatsappPriceAuthentication: '0,0068', whatsappCurrency: 'USD' });
    expect(priceDraftOf(DEFAULT_WHATSAPP_PRICES, 'en').whatsappPriceMarketing).toBe('0.0625');
    expect(readPriceDraft(draft)).toEqual({ ok: true, prices: DEFAULT_WHATSAPP_PRICES });
    // large prices show without grouping, so they read back the same
    expect(readPriceDraft(priceDraftOf({ ...DEFAULT_WHATSAPP_PRICES, whatsappPriceMarketing: 1250.5 }, 'pt-BR'))).toMatchObject({
      ok: true,
      prices: { whatsappPriceMarketing: 1250.5 },
    });
  });

  it('takes a comma or a dot and a lower-case currency', () => {
    const read = readPriceDraft({ whatsappPriceUtility: ' 0,04 ', whatsappPriceMarketing: '0.35', whatsappPriceAuthentication: '0', whatsappCurrency: ' brl ' });
    expect(read).toEqual({
      ok: true,
      prices: { whatsappPriceUtility: 0.04, whatsappPriceMarketing: 0.35, whatsappPriceAuthentication: 0, whatsappCurrency: 'BRL' },
    });
  });

  it('names each wrong field: blank, negative, not a number, over the maximum, not a currency', () => {
    expect(readPriceDraft({ whatsappPriceUtility: '', whatsappPriceMarketing: '-1', whatsappPriceAuthentication: 'abc', whatsappCurrency: 'real' })).toEqual({
      ok: false,
      errors: { whatsappPriceUtility: 'price', whatsappPriceMarketing: 'price', whatsappPriceAuthentication: 'price', whatsappCurrency: 'currency' },
    });
    expect(readPriceDraft({ ...priceDraftOf(DEFAULT_WHATSAPP_PRICES, 'en'), whatsappPriceMarketing: '10000.01' })).toEqual({
      ok: false,
      errors: { whatsappPriceMarketing: 'price' },
    });
  });
});
