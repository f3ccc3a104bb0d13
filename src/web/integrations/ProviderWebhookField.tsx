/**
 * The address a saved Zenvia or Opa! Suite integration's provider posts to (receipts and replies). For Opa, whose
 * event format is not documented, also the last bodies it posted, so an admin can see what arrives.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { avisa } from '../client.js';
import { FieldBox } from '../components/formBits.js';
import { formatDateTime } from '../format.js';

interface Recent {
  at: string;
  body: string;
  receipts: number;
  inbound: number;
}

export function ProviderWebhookField({ kind, integrationId }: { kind: 'zenvia' | 'opa'; integrationId: number }) {
  const { t, i18n } = useTranslation();
  const address = useQuery({
    queryKey: [kind, 'webhook', integrationId],
    queryFn: async (): Promise<{ path: string; recent: Recent[] | null }> =>
      kind === 'opa' ? avisa.receipts.opaAddress({ params: { id: integrationId } }) : { ...(await avisa.receipts.zenviaAddress({ params: { id: integrationId } })), recent: null },
  });
  const id = `int-${kind}-webhook`;
  const recent = address.data?.recent ?? null;
  return (
    <FieldBox id={id} label={t(`integrations.fields.${kind}Webhook`)} hint={t(`integrations.hints.${kind}Webhook`)} wide>
      <input id={id} readOnly value={address.data ? `${window.location.origin}${address.data.path}` : ''} onFocus={(e) => e.target.select()} />
      {recent && (
        <details className="webhook-recent">
          <summary>{t('integrations.webhookRecent.title', { count: recent.length })}</summary>
          {recent.length === 0 ? (
            <p className="muted">{t('integrations.webhookRecent.none')}</p>
          ) : (
            <ul>
              {recent.map((r) => (
                <li key={`${r.at}-${r.body.length}`}>
                  <span>{t('integrations.webhookRecent.line', { at: formatDateTime(r.at, i18n.language), receipts: r.receipts, inbound: r.inbound })}</span>
                  <pre>{r.body}</pre>
                </li>
              ))}
            </ul>
          )}
        </details>
      )}
    </FieldBox>
  );
}
