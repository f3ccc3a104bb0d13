/** The registered webhooks with their events and latest delivery, and per row: Testar, Editar, (Des)ativar, Excluir. */
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { formatDateTime } from '../format.js';
import { eventKey, type WebhookEndpoint } from './api.js';

interface Props {
  endpoints: WebhookEndpoint[];
  busy: boolean;
  testingId: number | null;
  onTest: (endpoint: WebhookEndpoint) => void;
  onEdit: (endpoint: WebhookEndpoint) => void;
  onToggle: (endpoint: WebhookEndpoint) => void;
  onDelete: (endpoint: WebhookEndpoint) => void;
}

export function WebhookList(props: Props) {
  const { t, i18n } = useTranslation();
  if (props.endpoints.length === 0) return <p className="muted">{t('webhooks.empty')}</p>;
  return (
    <div className="panel table-panel">
      <table className="table">
        <caption className="visually-hidden">{t('webhooks.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('webhooks.description')}</th>
            <th scope="col">{t('webhooks.url')}</th>
            <th scope="col">{t('webhooks.events')}</th>
            <th scope="col">{t('webhooks.lastDelivery')}</th>
            <th scope="col" className="actions">
              {t('common.actions')}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.endpoints.map((endpoint) => (
            <tr key={endpoint.id}>
              <td>
                {endpoint.description} {!endpoint.active && <span className="tag tag-inactive">{t('webhooks.inactive')}</span>}
              </td>
              <td className="mono">{endpoint.url}</td>
              <td>{endpoint.events.map((e) => t(eventKey(e))).join(', ')}</td>
              <td className="nowrap">
                {endpoint.lastDelivery
                  ? `${t(`webhooks.deliveryStatus.${endpoint.lastDelivery.status}`)} · ${formatDateTime(endpoint.lastDelivery.at, i18n.language)}`
                  : t('webhooks.never')}
              </td>
              <td className="actions nowrap">
                <button
                  type="button"
                  className="button-small"
                  aria-label={`${t('webhooks.test')} ${endpoint.description}`}
                  disabled={props.testingId !== null}
                  onClick={() => props.onTest(endpoint)}
                >
                  {props.testingId === endpoint.id ? t('webhooks.testing') : t('webhooks.test')}
                </button>
                <button type="button" className="button-small" aria-label={`${t('webhooks.edit')} ${endpoint.description}`} onClick={() => props.onEdit(endpoint)}>
                  {t('webhooks.edit')}
                </button>
                <button type="button" className="button-small" disabled={props.busy} onClick={() => props.onToggle(endpoint)}>
                  {endpoint.active ? t('webhooks.deactivate') : t('webhooks.activate')}
                </button>
                <ConfirmButton
                  small
                  label={t('webhooks.delete')}
                  confirmLabel={t('webhooks.confirmDelete')}
                  ariaLabel={`${t('webhooks.delete')} ${endpoint.description}`}
                  busy={props.busy}
                  onConfirm={() => props.onDelete(endpoint)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
