/** The address to subscribe at Zenvia (MESSAGE_STATUS and MESSAGE events) for a saved Zenvia integration's receipts and replies. */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { avisa } from '../client.js';
import { FieldBox } from '../components/formBits.js';

export function ZenviaWebhookField({ integrationId }: { integrationId: number }) {
  const { t } = useTranslation();
  const address = useQuery({ queryKey: ['zenvia-webhook', integrationId], queryFn: () => avisa.receipts.zenviaAddress({ params: { id: integrationId } }) });
  return (
    <FieldBox id="int-zenvia-webhook" label={t('integrations.fields.zenviaWebhook')} hint={t('integrations.hints.zenviaWebhook')} wide>
      <input id="int-zenvia-webhook" readOnly value={address.data ? `${window.location.origin}${address.data.path}` : ''} onFocus={(e) => e.target.select()} />
    </FieldBox>
  );
}
