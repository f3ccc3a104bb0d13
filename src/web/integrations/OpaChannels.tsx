/** Canais of a saved Opa! Suite integration, read live after a successful Testar conexão. */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { integrationsApi } from './api.js';
import { ServerAlert } from '../components/formBits.js';
import type { OpaChannel } from './types.js';

const opaChannelsKey = (id: number) => ['integrations', id, 'opa-channels'] as const;

/** Why a channel cannot carry templates, or null when it can. */
export function channelProblem(channel: OpaChannel): 'inactive' | 'notWhatsapp' | null {
  if (channel.usable) return null;
  return channel.active ? 'notWhatsapp' : 'inactive';
}

/** Opa! Suite names its channel kinds "Whatsapp", "Page"…: shown with their brands' spelling. */
const kindLabels: Record<string, string> = {
  whatsapp: 'WhatsApp',
  instagram: 'Instagram',
  page: 'Facebook',
  messenger: 'Messenger',
  telegram: 'Telegram',
  telefonia: 'Telefonia',
};
export const channelKindLabel = (kind: string): string => kindLabels[kind.toLowerCase()] ?? kind;

export function OpaChannels({ integrationId }: { integrationId: number }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: opaChannelsKey(integrationId),
    queryFn: () => integrationsApi.opaChannels(integrationId),
    retry: false,
  });
  return (
    <section className="sub-panel" aria-labelledby="opa-channels-title">
      <h3 id="opa-channels-title">{t('integrations.opaChannels.title')}</h3>
      {query.isPending && <p className="muted small">{t('common.loading')}</p>}
      <ServerAlert error={query.error} />
      {query.data && query.data.length === 0 && <p className="muted small">{t('integrations.opaChannels.empty')}</p>}
      {query.data && query.data.length > 0 && (
        <table className="table table-compact">
          <caption className="visually-hidden">{t('integrations.opaChannels.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('integrations.opaChannels.name')}</th>
              <th scope="col">{t('integrations.opaChannels.kind')}</th>
              <th scope="col">{t('integrations.opaChannels.integration')}</th>
              <th scope="col">{t('integrations.opaChannels.status')}</th>
              <th scope="col">{t('integrations.opaChannels.id')}</th>
            </tr>
          </thead>
          <tbody>
            {query.data.map((channel) => {
              const problem = channelProblem(channel);
              return (
                <tr key={channel.id} className={problem ? 'row-inactive' : undefined}>
                  <td>{channel.name}</td>
                  <td>{channelKindLabel(channel.kind)}</td>
                  <td>{channel.integration ?? t('common.none')}</td>
                  <td>
                    {problem ? (
                      <span className="tag tag-inactive">{t(`integrations.opaChannels.problems.${problem}`)}</span>
                    ) : (
                      <span className="tag tag-ok">{t('integrations.opaChannels.usable')}</span>
                    )}
                  </td>
                  <td className="mono small">{channel.id}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
