/** The registered webhooks with their events and latest delivery, and per row: Testar, Editar, (Des)ativar, Excluir. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
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
  const [confirming, setConfirming] = useState<number | null>(null);
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
                {confirming === endpoint.id ? (
                  <>
                    <button type="button" className="button-small button-danger" disabled={props.busy} onClick={() => props.onDelete(endpoint)}>
                      {t('webhooks.confirmDelete')}
                    </button>
                    <button type="button" className="button-small" onClick={() => setConfirming(null)}>
                      {t('common.cancel')}
                    </button>
                  </>
                ) : (
                  <button
                    type="button"
                    className="button-small"
                    aria-label={`${t('webhooks.delete')} ${endpoint.description}`}
                    onClick={() => setConfirming(endpoint.id)}
                  >
                    {t('webhooks.delete')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
