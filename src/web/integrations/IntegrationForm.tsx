/**
 * Nova integração / editing one: Gateway, the gateway's own settings, the common sending limits, and Salvar,
 * Testar conexão, Excluir. A new integration stays open after Salvar (now editable, testable, with Canais for
 * Opa! Suite), like IXC's forms keep the record on screen once it has an id.
 */
import { CheckedForm } from '../components/CheckedForm.js';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.js';
import { formatDateTime } from '../format.js';
import { NoticeText } from '../notice.js';
import { integrationKeys, integrationsApi } from './api.js';
import {
  type DraftErrors,
  type DraftField,
  draftFieldOf,
  draftFromIntegration,
  emptyDraft,
  type IntegrationDraft,
  isDirty,
  MAX_CONCURRENCY,
  toCheckInput,
  toInput,
  toPatch,
  validateDraft,
  withKind,
  withSecurity,
} from './form.js';
import { describedBy, FieldBox, ServerAlert, serverMessage } from '../components/formBits.js';
import { OpaChannels } from './OpaChannels.js';
import { CheckOutcome } from './CheckOutcome.js';
import { ProviderWebhookField } from './ProviderWebhookField.js';
import {
  addressOf,
  type Channel,
  channelOfKind,
  channels,
  type CheckResult,
  type Integration,
  type IntegrationKind,
  integrationKinds,
  secretOfKind,
  type SmtpSecurity,
  smtpSecurities,
} from './types.js';
import { ConfirmButton } from '../components/ConfirmButton.js';

interface Props {
  /** The integration being edited; absent for Nova integração. */
  integration?: Integration;
  onSaved: (integration: Integration, created: boolean) => void;
  onDeleted: (integration: Integration) => void;
  onClose: () => void;
}

const inputId = (field: DraftField) => `int-${field}`;

/** A server error naming a field this form shows. */
function fieldErrorOf(error: unknown): { field: DraftField; error: ApiError } | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const field = draftFieldOf(error.field);
  return field ? { field, error } : undefined;
}

export function IntegrationForm({ integration, onSaved, onDeleted, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState<Integration | undefined>(integration);
  const [draft, setDraft] = useState<IntegrationDraft>(() =>
    integration ? draftFromIntegration(integration) : emptyDraft('opa'),
  );
  const [errors, setErrors] = useState<DraftErrors>({});
  const [checked, setChecked] = useState<{ result: CheckResult; ofSaved: boolean } | null>(null);
  const refreshList = () => queryClient.invalidateQueries({ queryKey: integrationKeys.all });

  const save = useMutation({
    mutationFn: (d: IntegrationDraft) =>
      saved ? integrationsApi.update(saved.id, toPatch(d, saved)) : integrationsApi.create(toInput(d)),
    onSuccess: async (result) => {
      const created = !saved;
      setSaved(result);
      setDraft(draftFromIntegration(result));
      await refreshList();
      onSaved(result, created);
    },
  });
  const check = useMutation({
    mutationFn: async (d: IntegrationDraft) => {
      if (saved && !isDirty(d, saved)) {
        const answer = await integrationsApi.checkSaved(saved.id);
        setSaved(answer.integration);
        await refreshList();
        return { result: answer.result, ofSaved: true };
      }
      return { result: await integrationsApi.checkUnsaved(toCheckInput(d, saved?.id)), ofSaved: false };
    },
    onMutate: () => setChecked(null),
    onSuccess: setChecked,
  });
  const remove = useMutation({
    mutationFn: (target: Integration) => integrationsApi.remove(target.id),
    onSuccess: async (_, target) => {
      await refreshList();
      onDeleted(target);
    },
  });

  const lastError = save.error ?? check.error;
  const server = fieldErrorOf(lastError);
  const dirty = saved ? isDirty(draft, saved) : true;

  const set = <K extends keyof IntegrationDraft>(key: K, value: IntegrationDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    if (errors[key as DraftField]) setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const errorOf = (field: DraftField): string | undefined => {
    const own = errors[field];
    if (own) return t(`integrations.errors.${own.problem}`, { min: own.min, max: own.max });
    if (server?.field !== field) return undefined;
    if (server.error.code === 'CONFLICT' && field === 'description') return t('integrations.errors.descriptionTaken');
    if (server.error.code === 'SECRET_REQUIRED') return t('integrations.errors.secretRequired');
    return serverMessage(server.error);
  };

  /** The draft if the form's own checks pass; else marks the fields and focuses the first. */
  const validated = (): IntegrationDraft | undefined => {
    const found = validateDraft(draft, saved !== undefined);
    setErrors(found);
    const first = Object.keys(found)[0] as DraftField | undefined;
    if (first) {
      requestAnimationFrame(() => document.getElementById(inputId(first))?.focus());
      return undefined;
    }
    return draft;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const valid = validated();
    if (valid) {
      check.reset();
      save.mutate(valid);
    }
  };
  const test = () => {
    const valid = validated();
    if (valid) {
      save.reset();
      check.mutate(valid);
    }
  };

  const text = (field: DraftField & keyof IntegrationDraft, label: string, options: TextOptions = {}) => {
    const error = errorOf(field);
    const id = inputId(field);
    return (
      <FieldBox id={id} label={label} hint={options.hint} error={error} wide={options.wide}>
        <input
          id={id}
          type={options.type ?? 'text'}
          inputMode={options.inputMode}
          value={String(draft[field])}
          placeholder={options.placeholder}
          autoComplete={options.type === 'password' ? 'new-password' : 'off'}
          spellCheck={false}
          className={options.short ? 'input-short' : undefined}
          onChange={(e) => set(field, e.target.value as never)}
          {...describedBy(id, error, options.hint)}
        />
      </FieldBox>
    );
  };
  const checkbox = (field: 'active' | 'insecureTls' | 'allowStarted' | 'removeSecret', label: string, hint?: string) => {
    const id = inputId(field);
    return (
      <FieldBox id={id} label={label} inline hint={hint} error={errorOf(field)}>
        <input id={id} type="checkbox" checked={draft[field]} onChange={(e) => set(field, e.target.checked)} />
      </FieldBox>
    );
  };

  const secretLabel = t(`integrations.secret.${draft.kind}`);
  const secretKept = saved?.hasSecret
    ? saved.secretHint
      ? t('integrations.hints.secretKeep', { hint: saved.secretHint })
      : t('integrations.hints.secretKeepNoHint')
    : undefined;
  const secret = text('secret', secretLabel, {
    type: 'password',
    placeholder: saved?.hasSecret ? `••••••••${saved.secretHint}` : undefined,
    hint: secretKept ?? (secretOfKind[draft.kind].optional ? t('integrations.hints.secretOptional') : undefined),
  });
  const timeout = text('timeoutSeconds', t('integrations.fields.timeout'), { inputMode: 'numeric', short: true });

  const title = saved
    ? t('integrations.editTitle', { name: saved.description })
    : t('integrations.createTitle');
  const opaCanList = draft.kind === 'opa' && saved !== undefined && !dirty;
  const showChannels = opaCanList && (checked ? checked.result.ok : saved?.lastCheck?.ok === true);

  return (
    <section className="panel form-panel" aria-labelledby="int-form-title">
      <h2 id="int-form-title">{title}</h2>
      <CheckedForm onSubmit={submit}>
        <ServerAlert error={lastError} fieldShown={server !== undefined} />
        <div className="form-grid">
          <FieldBox id={inputId('kind')} label={t('integrations.fields.kind')} error={errorOf('kind')}>
            <select
              id={inputId('kind')}
              value={draft.kind}
              disabled={saved !== undefined}
              onChange={(e) => setDraft((d) => withKind(d, e.target.value as IntegrationKind))}
            >
              {channels.map((channel) => (
                <optgroup key={channel} label={t(`integrations.channels.${channel}`)}>
                  {kindsOf(channel).map((kind) => (
                    <option key={kind} value={kind}>
                      {t(`integrations.kinds.${kind}`)}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </FieldBox>
          {text('description', t('integrations.fields.description'), {
            placeholder: t(`integrations.placeholders.description.${draft.kind}`),
          })}
          {checkbox('active', t('integrations.fields.active'))}

          {draft.kind === 'opa' && (
            <>
              {text('url', t('integrations.fields.opaUrl'), {
                wide: true,
                placeholder: 'https://suporte.provedor.com.br/atendente',
                hint: saved
                  ? t('integrations.hints.opaUrlSaved', { url: addressOf(saved) })
                  : t('integrations.hints.opaUrl'),
              })}
              {secret}
              {timeout}
              {checkbox('insecureTls', t('integrations.fields.insecureTls'))}
              {checkbox('allowStarted', t('integrations.fields.allowStarted'), t('integrations.hints.allowStarted'))}
              {saved && <ProviderWebhookField kind="opa" integrationId={saved.id} />}
            </>
          )}

          {draft.kind === 'smtp' && (
            <>
              {text('host', t('integrations.fields.host'), { placeholder: 'smtp.provedor.com.br' })}
              {text('port', t('integrations.fields.port'), { inputMode: 'numeric', short: true })}
              <FieldBox id={inputId('security')} label={t('integrations.fields.security')} error={errorOf('security')}>
                <select
                  id={inputId('security')}
                  value={draft.security}
                  onChange={(e) => setDraft((d) => withSecurity(d, e.target.value as SmtpSecurity))}
                >
                  {smtpSecurities.map((s) => (
                    <option key={s} value={s}>
                      {t(`integrations.security.${s}`)}
                    </option>
                  ))}
                </select>
              </FieldBox>
              {text('user', t('integrations.fields.user'), { placeholder: 'avisos@provedor.com.br' })}
              {secret}
              {text('from', t('integrations.fields.from'), {
                placeholder: 'Provedor Exemplo <avisos@provedor.com.br>',
                hint: t('integrations.hints.from'),
              })}
              {timeout}
              {checkbox('insecureTls', t('integrations.fields.insecureTls'))}
              {saved?.hasSecret && checkbox('removeSecret', t('integrations.fields.removeSecret'))}
            </>
          )}

          {draft.kind === 'zenvia' && (
            <>
              {text('baseUrl', t('integrations.fields.apiUrl'), { hint: t('integrations.hints.defaultUrl') })}
              {secret}
              {text('from', t('integrations.fields.sender'), { hint: t('integrations.hints.sender') })}
              {timeout}
              {saved && <ProviderWebhookField kind="zenvia" integrationId={saved.id} />}
            </>
          )}

          {draft.kind === 'cloudapi' && (
            <>
              {text('phoneNumberId', t('integrations.fields.phoneNumberId'), { inputMode: 'numeric', hint: t('integrations.hints.phoneNumberId') })}
              {text('wabaId', t('integrations.fields.wabaId'), { inputMode: 'numeric', hint: t('integrations.hints.wabaId') })}
              {secret}
              {text('appSecret', t('integrations.fields.appSecret'), {
                type: 'password',
                hint: saved?.kind === 'cloudapi' && saved.webhookSecrets.appSecret ? t('integrations.hints.webhookSecretKept') : t('integrations.hints.appSecret'),
              })}
              {text('verifyToken', t('integrations.fields.verifyToken'), {
                type: 'password',
                hint: saved?.kind === 'cloudapi' && saved.webhookSecrets.verifyToken ? t('integrations.hints.webhookSecretKept') : t('integrations.hints.verifyToken'),
              })}
              <FieldBox id={'int-webhookUrl'} label={t('integrations.fields.webhookUrl')} hint={t('integrations.hints.webhookUrl')} wide>
                <input id={'int-webhookUrl'} readOnly value={`${window.location.origin}/webhooks/whatsapp`} onFocus={(e) => e.target.select()} />
              </FieldBox>
              {text('baseUrl', t('integrations.fields.apiUrl'), { hint: t('integrations.hints.defaultUrl') })}
              {text('apiVersion', t('integrations.fields.apiVersion'), { short: true })}
              {timeout}
            </>
          )}

          {draft.kind === 'smsdev' && (
            <>
              {text('baseUrl', t('integrations.fields.apiUrl'), { hint: t('integrations.hints.defaultUrl') })}
              {secret}
              {timeout}
            </>
          )}

          {text('maxConcurrency', t('integrations.fields.maxConcurrency'), {
            inputMode: 'numeric',
            short: true,
            hint: t('integrations.hints.maxConcurrency', { max: MAX_CONCURRENCY }),
          })}
          {text('ratePerSecond', t('integrations.fields.ratePerSecond'), {
            inputMode: 'decimal',
            short: true,
            hint: draft.kind === 'cloudapi' ? t('integrations.hints.cloudRate') : t('integrations.hints.ratePerSecond'),
          })}
        </div>

        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={save.isPending}>
            {save.isPending ? t('common.saving') : t('common.save')}
          </button>
          <button type="button" disabled={check.isPending} onClick={test}>
            {check.isPending ? t('integrations.actions.testing') : t('integrations.actions.test')}
          </button>
          {saved &&
            (
              <ConfirmButton
                label={t('integrations.actions.delete')}
                confirmLabel={t('integrations.actions.confirmDelete')}
                busy={remove.isPending}
                onConfirm={() => remove.mutate(saved)} onAsk={() => remove.reset()}
              />
            )}
          <button type="button" className="push-right" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
        <ServerAlert error={remove.error} />
        {checked && <CheckOutcome result={checked.result} ofSaved={checked.ofSaved} />}
        {!checked && saved?.lastCheck && !dirty && (
          <p className="muted small">
            {t('integrations.lastCheckAt', {
              when: formatDateTime(saved.lastCheck.at, i18n.language),
              result: saved.lastCheck.ok ? t('integrations.lastCheck.ok') : t('integrations.lastCheck.fail'),
            })}
            {' — '}
            <NoticeText notice={saved.lastCheck.notice} />
          </p>
        )}
      </CheckedForm>
      {showChannels && saved && <OpaChannels integrationId={saved.id} />}
      {draft.kind === 'opa' && saved && dirty && checked?.result.ok && (
        <p className="muted small">{t('integrations.opaChannels.saveFirst')}</p>
      )}
    </section>
  );
}

interface TextOptions {
  type?: 'text' | 'password';
  inputMode?: 'numeric' | 'decimal';
  placeholder?: string;
  hint?: ReactNode;
  wide?: boolean;
  short?: boolean;
}

function kindsOf(channel: Channel): IntegrationKind[] {
  return integrationKinds.filter((kind) => channelOfKind[kind] === channel);
}
