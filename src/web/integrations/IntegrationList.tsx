/** The integrations grouped by channel (WhatsApp, E-mail, SMS), with the last Testar conexão of each. */
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../format.js';
import { NoticeText } from '../notice.js';
import { addressOf, type Channel, channels, type Integration } from './types.js';

interface Props {
  integrations: Integration[];
  /** Admins only; operators see the list read-only. */
  onEdit?: (integration: Integration) => void;
}

export function IntegrationList({ integrations, onEdit }: Props) {
  const { t } = useTranslation();
  if (integrations.length === 0) return <p className="muted">{t('integrations.empty')}</p>;
  return (
    <>
      {channels.map((channel) => (
        <ChannelGroup
          key={channel}
          channel={channel}
          integrations={integrations.filter((i) => i.channel === channel)}
          onEdit={onEdit}
        />
      ))}
    </>
  );
}

function ChannelGroup({ channel, integrations, onEdit }: Props & { channel: Channel }) {
  const { t, i18n } = useTranslation();
  const title = t(`integrations.channels.${channel}`);
  return (
    <section className="panel table-panel int-group" aria-labelledby={`int-group-${channel}`}>
      <h2 id={`int-group-${channel}`} className="group-title">
        {title}
        <span className="count-badge">{integrations.length}</span>
      </h2>
      {integrations.length === 0 ? (
        <p className="muted small group-empty">{t('integrations.groupEmpty')}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('integrations.columns.description')}</th>
              <th scope="col">{t('integrations.columns.gateway')}</th>
              <th scope="col">{t('integrations.columns.address')}</th>
              <th scope="col">{t('integrations.columns.active')}</th>
              <th scope="col">{t('integrations.columns.lastCheck')}</th>
              <th scope="col" className="num">
                {t('integrations.columns.messages')}
              </th>
              {onEdit && (
                <th scope="col" className="actions">
                  {t('common.actions')}
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {integrations.map((integration) => (
              <tr key={integration.id} className={integration.active ? undefined : 'row-inactive'}>
                <td>
                  {integration.description}
                  {integration.halted && (
                    <p className="small integration-halted" role="status">
                      {t('integrations.halted', { when: formatDateTime(integration.halted.at, i18n.language) })}{' '}
                      <NoticeText notice={integration.halted.reason} />
                    </p>
                  )}
                </td>
                <td className="nowrap">{t(`integrations.kinds.${integration.kind}`)}</td>
                <td className="mono break">{addressOf(integration) || t('common.none')}</td>
                <td>{integration.active ? t('common.yes') : t('common.no')}</td>
                <td className="last-check">
                  {integration.lastCheck ? (
                    <>
                      <span className={integration.lastCheck.ok ? 'tag tag-ok' : 'tag tag-inactive'}>
                        {integration.lastCheck.ok ? t('integrations.lastCheck.ok') : t('integrations.lastCheck.fail')}
                      </span>{' '}
                      <span className="small">
                        <NoticeText notice={integration.lastCheck.notice} />
                      </span>
                      <br />
                      <span className="muted small">{formatDateTime(integration.lastCheck.at, i18n.language)}</span>
                    </>
                  ) : (
                    <span className="muted small">{t('integrations.lastCheck.never')}</span>
                  )}
                </td>
                <td className="num">{integration.messageCount}</td>
                {onEdit && (
                  <td className="actions">
                    <button
                      type="button"
                      className="button-small"
                      aria-label={`${t('integrations.actions.edit')} ${integration.description}`}
                      onClick={() => onEdit(integration)}
                    >
                      {t('integrations.actions.edit')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
