/**
 * The confirm dialog's estimate of what Meta will charge for a Cloud API send — the category's price per message
 * from Configurações › Envio (Meta's Brazil rates until an admin changes them), in their currency — and a warning
 * when the template is marketing: ≈ 9× the price, capped per user by Meta (errors 131049 / 130472), and only for
 * contacts who consented. The estimate waits for the settings; the warning does not.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { estimatedCost, priceOf, type TemplateCategory } from '../../shared/whatsapp-pricing.js';
import { sendApi, sendKeys } from './api.js';

export function CloudApiCost({ category, recipients }: { category: TemplateCategory; recipients: number }) {
  const { t, i18n } = useTranslation();
  const settings = useQuery({ queryKey: sendKeys.settings, queryFn: sendApi.settings });
  const prices = settings.data;
  const money = (value: number, maximumFractionDigits?: number) =>
    new Intl.NumberFormat(i18n.language, { style: 'currency', currency: prices?.whatsappCurrency, maximumFractionDigits }).format(value);
  return (
    <>
      {prices && (
        <p className="small muted" data-testid="send-cloud-cost">
          {t('send.confirm.cloudCost', {
            count: recipients,
            category: t(`messages.categories.${category}`),
            price: money(priceOf(prices, category), 6),
            total: money(estimatedCost(prices, category, recipients)),
          })}
        </p>
      )}
      {category === 'MARKETING' && (
        <p className="alert alert-warning" role="alert">
          {t('send.confirm.marketingWarning')}
        </p>
      )}
    </>
  );
}
