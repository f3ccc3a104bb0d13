/**
 * The confirm dialog's estimate of what Meta will charge for a Cloud API send (Brazil rates per category), and a
 * warning when the template is marketing: ≈ 9× the price, capped per user by Meta (errors 131049 / 130472), and
 * only for contacts who consented.
 */
import { useTranslation } from 'react-i18next';
import { BRAZIL_PRICE_USD, estimatedCostUsd, type TemplateCategory } from '../../shared/whatsapp-pricing.js';

export function CloudApiCost({ category, recipients }: { category: TemplateCategory; recipients: number }) {
  const { t, i18n } = useTranslation();
  const usd = (value: number, digits = 2) =>
    new Intl.NumberFormat(i18n.language, { style: 'currency', currency: 'USD', minimumFractionDigits: digits }).format(value);
  return (
    <>
      <p className="small muted" data-testid="send-cloud-cost">
        {t('send.confirm.cloudCost', {
          count: recipients,
          category: t(`messages.categories.${category}`),
          price: usd(BRAZIL_PRICE_USD[category], 4),
          total: usd(estimatedCostUsd(category, recipients)),
        })}
      </p>
      {category === 'MARKETING' && (
        <p className="alert alert-warning" role="alert">
          {t('send.confirm.marketingWarning')}
        </p>
      )}
    </>
  );
}
