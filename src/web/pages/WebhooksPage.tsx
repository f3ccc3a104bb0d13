/**
 * Configurações › Webhooks (admins): the registered URLs, a form to create (the signing secret shown once) or
 * edit one, Testar (a ping sent now, its outcome shown), and the delivery log with Reenviar.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, SuccessAlert } from '../components/Alert.js';
import { PageHeader } from '../components/PageHeader.js';
import { QueryState } from '../components/QueryState.js';
import { SecretBox } from '../components/SecretBox.js';
import { type WebhookEndpoint, type WebhookInput, webhookKeys, webhooksApi } from '../webhooks/api.js';
import { DeliveryLog } from '../webhooks/DeliveryLog.js';
import { WebhookForm } from '../webhooks/WebhookForm.js';
import { WebhookList } from '../webhooks/WebhookList.js';

type FormState = { mode: 'closed' } | { mode: 'create' } | { mode: 'edit'; endpoint: WebhookEndpoint };

export function WebhooksPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const endpoints = useQuery({ queryKey: webhookKeys.endpoints, queryFn: webhooksApi.list });
  const [form, setForm] = useState<FormState>({ mode: 'closed' });
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [testingId, setTestingId] = useState<number | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: webhookKeys.all });

  const save = useMutation({
    mutationFn: async (input: WebhookInput) => {
      if (form.mode === 'edit') return { ...(await webhooksApi.update(form.endpoint.id, input)), secret: null };
      return webhooksApi.create(input);
    },
    onSuccess: async ({ endpoint, secret, warnings: advice }) => {
      if (secret) setCreated({ name: endpoint.description, secret });
      setFlash(t(secret ? 'webhooks.created' : 'webhooks.saved', { name: endpoint.description }));
      setWarnings(advice);
      setForm({ mode: 'closed' });
      await refresh();
    },
  });
  const toggle = useMutation({
    mutationFn: (endpoint: WebhookEndpoint) => webhooksApi.update(endpoint.id, { active: !endpoint.active }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: async (endpoint: WebhookEndpoint) => {
      await webhooksApi.remove(endpoint.id);
      return endpoint;
    },
    onSuccess: async (endpoint) => {
      setFlash(t('webhooks.deleted', { name: endpoint.description }));
      await refresh();
    },
  });
  const test = useMutation({
    mutationFn: (endpoint: WebhookEndpoint) => {
      setTestingId(endpoint.id);
      return webhooksApi.test(endpoint.id);
    },
    onSuccess: async (delivery) => {
      setFlash(
        delivery.status === 'succeeded'
          ? t('webhooks.testOk', { status: delivery.httpStatus, ms: delivery.durationMs })
          : t('webhooks.testFailed', { error: delivery.error ?? delivery.status }),
      );
      await refresh();
    },
    onSettled: () => setTestingId(null),
  });

  return (
    <>
      <PageHeader
        title={t('webhooks.title')}
        intro={t('webhooks.intro')}
        actions={
          form.mode === 'closed' && (
            <button type="button" className="button-primary" onClick={() => setForm({ mode: 'create' })}>
              {t('webhooks.new')}
            </button>
          )
        }
      />
      {created && (
        <SecretBox
          title={t('webhooks.secretTitle', { name: created.name })}
          secret={created.secret}
          warning={t('webhooks.secretWarning')}
          label={t('webhooks.secretLabel')}
          onDismiss={() => setCreated(null)}
        />
      )}
      {form.mode !== 'closed' && (
        <WebhookForm
          key={form.mode === 'edit' ? form.endpoint.id : 'new'}
          editing={form.mode === 'edit' ? form.endpoint : null}
          saving={save.isPending}
          error={save.error}
          onSave={(input) => save.mutate(input)}
          onCancel={() => {
            save.reset();
            setForm({ mode: 'closed' });
          }}
        />
      )}
      <SuccessAlert message={flash} onClose={() => setFlash(null)} />
      {warnings.length > 0 && (
        <div className="alert alert-warning" role="status">
          <span>{t('webhooks.httpWarning')}</span>
          <button type="button" className="link-button" onClick={() => setWarnings([])}>
            {t('common.close')}
          </button>
        </div>
      )}
      <ErrorAlert error={toggle.error ?? remove.error ?? test.error} />
      <QueryState query={endpoints}>
        {(list) => (
          <WebhookList
            endpoints={list}
            busy={toggle.isPending || remove.isPending}
            testingId={testingId}
            onTest={(endpoint) => test.mutate(endpoint)}
            onEdit={(endpoint) => setForm({ mode: 'edit', endpoint })}
            onToggle={(endpoint) => toggle.mutate(endpoint)}
            onDelete={(endpoint) => remove.mutate(endpoint)}
          />
        )}
      </QueryState>
      <DeliveryLog />
    </>
  );
}
