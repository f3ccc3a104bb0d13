/** The registered messages: Tipo comunicação, Descrição, Integração, Ativo. */
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../format.js';
import type { Message } from './types.js';

interface Props {
  messages: Message[];
  canEdit: boolean;
  onOpen: (message: Message) => void;
}

/** What a message sends, in a few words: the template's atalho, the e-mail subject, the SMS text. */
function summaryOf(message: Message): string {
  if (message.channel === 'whatsapp') {
    const c = message.content;
    return c.provider === 'cloudapi' ? `${c.templateName} · ${c.language}` : c.templateAtalho || c.templateId;
  }
  if (message.channel === 'email') return message.content.subject;
  return message.content.text.length > 80 ? `${message.content.text.slice(0, 79)}…` : message.content.text;
}

export function MessageList({ messages, canEdit, onOpen }: Props) {
  const { t, i18n } = useTranslation();
  const action = canEdit ? t('messages.actions.edit') : t('messages.actions.view');
  return (
    <div className="panel table-panel">
      <table className="table">
        <caption className="visually-hidden">{t('messages.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('messages.columns.channel')}</th>
            <th scope="col">{t('messages.columns.description')}</th>
            <th scope="col">{t('messages.columns.content')}</th>
            <th scope="col">{t('messages.columns.integration')}</th>
            <th scope="col">{t('messages.columns.active')}</th>
            <th scope="col">{t('messages.columns.updatedAt')}</th>
            <th scope="col" className="actions">
              {t('common.actions')}
            </th>
          </tr>
        </thead>
        <tbody>
          {messages.map((message) => (
            <tr key={message.id} className={message.active ? undefined : 'row-inactive'}>
              <td className="nowrap">
                <span className={`channel-badge channel-${message.channel}`}>
                  {t(`integrations.channels.${message.channel}`)}
                </span>
              </td>
              <td>{message.description}</td>
              <td className="break small">{summaryOf(message)}</td>
              <td>{message.integrationDescription}</td>
              <td>{message.active ? t('common.yes') : t('common.no')}</td>
              <td className="nowrap small">{formatDateTime(message.updatedAt, i18n.language)}</td>
              <td className="actions">
                <button
                  type="button"
                  className="button-small"
                  aria-label={`${action} ${message.description}`}
                  onClick={() => onOpen(message)}
                >
                  {action}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
