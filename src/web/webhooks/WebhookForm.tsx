/** Create or edit a webhook: URL, description, the events it receives, active. */
import { CheckedForm } from '../components/CheckedForm.js';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { subscribableEvents } from '../../webhooks/schemas.js';
import { ErrorAlert } from '../components/Alert.js';
import { Field, textOf } from '../components/Field.js';
import { eventKey, type WebhookEndpoint, type WebhookInput } from './api.js';

interface Props {
  editing: WebhookEndpoint | null;
  saving: boolean;
  error: unknown;
  onSave: (input: WebhookInput) => void;
  onCancel: () => void;
}

export function WebhookForm({ editing, saving, error, onSave, onCancel }: Props) {
  const { t } = useTranslation();
  const [events, setEvents] = useState<Set<string>>(new Set(editing?.events ?? ['batch.finished', 'integration.halted']));
  const toggle = (event: string) =>
    setEvents((current) => {
      const next = new Set(current);
      if (next.has(event)) next.delete(event);
      else next.add(event);
      return next;
    });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    onSave({
      url: textOf(form, 'url'),
      description: textOf(form, 'description'),
      events: subscribableEvents.filter((ev) => events.has(ev)),
      active: form.get('active') === 'on',
    });
  };
  return (
    <section className="panel form-panel" aria-labelledby="webhook-form-title">
      <h2 id="webhook-form-title">{editing ? t('webhooks.editTitle', { name: editing.description }) : t('webhooks.new')}</h2>
      <CheckedForm onSubmit={submit}>
        <div className="form-grid">
        <Field id="webhook-url" label={t('webhooks.url')}>
          <input id="webhook-url" name="url" type="url" required maxLength={2000} defaultValue={editing?.url ?? 'https://'} />
        </Field>
        <Field id="webhook-description" label={t('webhooks.description')}>
          <input id="webhook-description" name="description" required maxLength={200} defaultValue={editing?.description ?? ''} />
        </Field>
        <Field id="webhook-active" label={t('webhooks.active')} inline>
          <input id="webhook-active" name="active" type="checkbox" defaultChecked={editing?.active ?? true} />
        </Field>
        <fieldset className="form-note">
          <legend>{t('webhooks.events')}</legend>
          {subscribableEvents.map((event) => (
            <div key={event} className="field field-inline">
              <input id={`webhook-event-${event}`} type="checkbox" checked={events.has(event)} onChange={() => toggle(event)} />
              <label htmlFor={`webhook-event-${event}`}>
                {t(eventKey(event))} <code className="muted small">{event}</code>
              </label>
            </div>
          ))}
          <small className="hint">{t('webhooks.incidentNote')}</small>
        </fieldset>
        </div>
        <ErrorAlert error={error} />
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={saving}>
            {saving ? t('common.saving') : editing ? t('common.save') : t('webhooks.create')}
          </button>
          <button type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </CheckedForm>
    </section>
  );
}
