/**
 * Configurações › Envio › Preços do WhatsApp (Cloud API): Meta's price per template message for each category and
 * their currency. They only feed the send dialog's estimate; Meta's Brazil rates until an admin changes them.
 */
import { useTranslation } from 'react-i18next';
import { MAX_PRICE_PER_MESSAGE, type WhatsAppPrices } from '../../shared/whatsapp-pricing.js';
import { describedBy, FieldBox } from '../components/formBits.js';
import { formatNumber } from '../format.js';
import type { PriceDraft, PriceProblem } from './whatsappPrices.js';

const fields = [
  { field: 'whatsappPriceUtility', id: 'send-price-utility', label: 'priceUtility' },
  { field: 'whatsappPriceMarketing', id: 'send-price-marketing', label: 'priceMarketing' },
  { field: 'whatsappPriceAuthentication', id: 'send-price-authentication', label: 'priceAuthentication' },
  { field: 'whatsappCurrency', id: 'send-price-currency', label: 'priceCurrency' },
] as const;

/** The control of each field, for focusing the first wrong one. */
export const priceControlId = Object.fromEntries(fields.map((f) => [f.field, f.id])) as Record<keyof WhatsAppPrices, string>;

interface Props {
  draft: PriceDraft;
  errors: Partial<Record<keyof WhatsAppPrices, PriceProblem>>;
  onChange: (field: keyof WhatsAppPrices, value: string) => void;
}

export function WhatsAppPriceFields({ draft, errors, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const messages = {
    price: t('sendSettings.priceError', { max: formatNumber(MAX_PRICE_PER_MESSAGE, i18n.language) }),
    currency: t('sendSettings.currencyError'),
  } satisfies Record<PriceProblem, string>;
  return (
    <>
      <h3 className="form-section">{t('sendSettings.pricesTitle')}</h3>
      <p className="hint">{t('sendSettings.pricesHint')}</p>
      <div className="form-grid">
        {fields.map(({ field, id, label }) => {
          const problem = errors[field];
          const error = problem && messages[problem];
          const currency = field === 'whatsappCurrency';
          return (
            <FieldBox key={field} id={id} label={t(`sendSettings.${label}`)} hint={currency ? t('sendSettings.priceCurrencyHint') : undefined} error={error}>
              <input
                id={id}
                className="input-short"
                inputMode={currency ? 'text' : 'decimal'}
                autoCapitalize={currency ? 'characters' : undefined}
                maxLength={currency ? 3 : 20}
                value={draft[field]}
                onChange={(e) => onChange(field, e.target.value)}
                {...describedBy(id, error, currency)}
              />
            </FieldBox>
          );
        })}
      </div>
    </>
  );
}
