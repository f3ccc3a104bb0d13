/**
 * Nova mensagem / editing one: Tipo comunicação, Descrição, Integração, the channel's own part (WhatsApp template
 * and its variables; e-mail or SMS text), Campos livres, Salvar / Excluir, and Pré-visualizar underneath.
 * Operators get the same screen read-only, with Pré-visualizar of the saved message.
 */
import { CheckedForm } from '../components/CheckedForm.js';
import { type MessagePurpose, messagePurposes } from '../../shared/vocabulary.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChannelOptions } from '../components/ChannelOptions.js';
import { ApiError } from '../api.js';
import { integrationKeys, integrationsApi } from '../integrations/api.js';
import { describedBy, FieldBox, ServerAlert, serverMessage } from '../components/formBits.js';
import { messageKeys, messagesApi } from './api.js';
import type { MessageFormBinding } from './binding.js';
import { type DraftErrors, draftFromMessage, emptyDraft, type MessageDraft, toInput, validateDraft } from './draft.js';
import { FreeFieldsEditor } from './FreeFieldsEditor.js';
import { PreviewPanel } from './PreviewPanel.js';
import { TextFields } from './TextFields.js';
import type { Channel, Message, PreviewRequest, SystemVariable } from './types.js';
import { type MappingMemory, WhatsappFields } from './WhatsappFields.js';
import { FallbackFields } from './FallbackFields.js';
import { ConfirmButton } from '../components/ConfirmButton.js';

interface Props {
  message?: Message;
  /** Admins edit; everyone else reads and previews. */
  canEdit: boolean;
  variables: SystemVariable[];
  onSaved: (message: Message, created: boolean) => void;
  onDeleted: (message: Message) => void;
  onClose: () => void;
}

/** Server field paths this form shows under a control (anything else goes to the alert with its message). */
const shownPaths = [
  /^description$/,
  /^integrationId$/,
  /^content\.(opaChannelId|templateId|templateName|subject|text|html|variables)$/,
  /^content\.variables\.\d+(\.(field|key|value))?$/,
  /^content\.freeFields\.\d+\.(key|label)$/,
];
const isShown = (field: string | undefined) => field !== undefined && shownPaths.some((re) => re.test(field));

export function MessageForm({ message, canEdit, variables, onSaved, onDeleted, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<MessageDraft>(() => (message ? draftFromMessage(message) : emptyDraft('whatsapp')));
  const [errors, setErrors] = useState<DraftErrors>({});
  const memory: MappingMemory = useRef({ templateText: '', bindings: [] });
  const readOnly = !canEdit;
  const systemKeys = variables.map((v) => v.key);

  const integrations = useQuery({
    queryKey: integrationKeys.list(draft.channel),
    queryFn: () => integrationsApi.list(draft.channel),
  });

  const save = useMutation({
    mutationFn: (d: MessageDraft) => (message ? messagesApi.update(message.id, toInput(d)) : messagesApi.create(toInput(d))),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: messageKeys.all });
      await queryClient.invalidateQueries({ queryKey: integrationKeys.all }); // message counts
      onSaved(saved, !message);
    },
  });
  const remove = useMutation({
    mutationFn: (target: Message) => messagesApi.remove(target.id),
    onSuccess: async (_, target) => {
      await queryClient.invalidateQueries({ queryKey: messageKeys.all });
      await queryClient.invalidateQueries({ queryKey: integrationKeys.all });
      onDeleted(target);
    },
  });
  const preview = useMutation({
    mutationFn: (target: PreviewRequest) =>
      canEdit || !message ? messagesApi.previewDraft(toInput(draft), target) : messagesApi.previewSaved(message.id, target),
  });

  // The last server error that names a field of this form (from Salvar or Pré-visualizar).
  const formError = [save.error, preview.error].find((e) => e instanceof ApiError && isShown(e.field)) as
    | ApiError
    | undefined;

  const errorOf = (path: string): string | undefined => {
    const own = errors[path];
    if (own) return t(`messages.errors.${own.problem}`, { name: own.name, max: own.max });
    if (formError?.field !== path) return undefined;
    if (formError.code === 'CONFLICT' && path === 'description') return t('messages.errors.descriptionTaken');
    return serverMessage(formError);
  };

  const update = (patch: Partial<MessageDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    if (Object.keys(errors).length) {
      const touched = Object.keys(patch);
      setErrors((e) =>
        Object.fromEntries(Object.entries(e).filter(([path]) => !touched.some((k) => pathTouches(path, k)))),
      );
    }
  };

  const form: MessageFormBinding = {
    draft,
    update,
    errorOf,
    readOnly,
    variables,
    labelOf: (v) => (i18n.language === 'en' ? v.label.en : v.label['pt-BR']),
  };

  /** The draft when the form's own checks pass; else marks the fields and focuses the first. */
  const validated = (): MessageDraft | undefined => {
    const found = validateDraft(draft, systemKeys);
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first === undefined) return draft;
    requestAnimationFrame(() => {
      const target = document.querySelector<HTMLElement>('.message-form [aria-invalid="true"]');
      target?.focus();
      target?.scrollIntoView({ block: 'center' });
    });
    return undefined;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (readOnly) return;
    const valid = validated();
    if (valid) save.mutate(valid);
  };

  const runPreview = (target: PreviewRequest) => {
    if (canEdit && !validated()) return;
    preview.mutate(target);
  };

  const chooseChannel = (channel: Channel) => {
    setDraft((d) => ({ ...emptyDraft(channel), description: d.description, active: d.active, purpose: d.purpose }));
    setErrors({});
    save.reset();
    preview.reset();
  };

  const providerOf = (id: string) => (integrations.data?.find((i) => String(i.id) === id)?.kind === 'cloudapi' ? 'cloudapi' : 'opa');
  const chooseIntegration = (value: string) => {
    if (draft.channel === 'whatsapp' && value !== draft.integrationId && (draft.integrationId || providerOf(value) !== draft.provider)) {
      if (draft.templateText) memory.current = { templateText: draft.templateText, bindings: draft.bindings };
      update({
        integrationId: value,
        provider: providerOf(value),
        language: '',
        category: '',
        opaChannelId: '',
        opaChannelName: '',
        templateId: '',
        templateAtalho: '',
        templateText: '',
        bindings: [],
      });
    } else update({ integrationId: value });
  };

  // A new message whose channel has exactly one integration starts with it chosen.
  const only = integrations.data?.length === 1 ? integrations.data[0] : undefined;
  const [autoPicked, setAutoPicked] = useState<Channel | null>(null);
  if (!message && !readOnly && only && draft.integrationId === '' && autoPicked !== draft.channel) {
    setAutoPicked(draft.channel);
    setDraft((d) => ({ ...d, integrationId: String(only.id), provider: only.kind === 'cloudapi' ? 'cloudapi' : 'opa' }));
  }

  const descriptionError = errorOf('description');
  const integrationError = errorOf('integrationId');
  const title = message
    ? readOnly
      ? t('messages.viewTitle', { name: message.description })
      : t('messages.editTitle', { name: message.description })
    : t('messages.createTitle');

  return (
    <>
      <section className="panel form-panel message-form" aria-labelledby="msg-form-title">
        <h2 id="msg-form-title">{title}</h2>
        <CheckedForm onSubmit={submit}>
          <ServerAlert error={save.error} fieldShown={save.error === formError && formError !== undefined} />
          <fieldset className="plain" disabled={readOnly}>
            <div className="form-grid message-head">
              <FieldBox id="msg-channel-type" label={t('messages.fields.channelType')}>
                <select
                  id="msg-channel-type"
                  value={draft.channel}
                  disabled={message !== undefined}
                  onChange={(e) => chooseChannel(e.target.value as Channel)}
                >
                  <ChannelOptions />
                </select>
              </FieldBox>
              <FieldBox id="msg-description" label={t('messages.fields.description')} error={descriptionError}>
                <input
                  id="msg-description"
                  value={draft.description}
                  maxLength={100}
                  placeholder={t('messages.placeholders.description')}
                  onChange={(e) => update({ description: e.target.value })}
                  {...describedBy('msg-description', descriptionError)}
                />
              </FieldBox>
              <FieldBox
                id="msg-integration"
                label={t('messages.fields.integration')}
                error={integrationError}
                hint={
                  integrations.data?.length === 0
                    ? t('messages.hints.noIntegration', { channel: t(`integrations.channels.${draft.channel}`) })
                    : undefined
                }
              >
                <select
                  id="msg-integration"
                  value={draft.integrationId}
                  onChange={(e) => chooseIntegration(e.target.value)}
                  {...describedBy('msg-integration', integrationError, integrations.data?.length === 0)}
                >
                  <option value="">{integrations.isPending ? t('common.loading') : t('messages.chooseIntegration')}</option>
                  {(integrations.data ?? []).map((i) => (
                    <option key={i.id} value={String(i.id)}>
                      {i.active ? i.description : `${i.description} (${t('messages.inactive')})`}
                    </option>
                  ))}
                  {message && !integrations.data?.some((i) => String(i.id) === draft.integrationId) && (
                    <option value={draft.integrationId}>{message.integrationDescription}</option>
                  )}
                </select>
              </FieldBox>
              <FieldBox id="msg-purpose" label={t('messages.fields.purpose')} hint={t('messages.hints.purpose')}>
                <select
                  id="msg-purpose"
                  value={draft.purpose}
                  onChange={(e) => update({ purpose: e.target.value as MessagePurpose })}
                  {...describedBy('msg-purpose', undefined, true)}
                >
                  {messagePurposes.map((purpose) => (
                    <option key={purpose} value={purpose}>
                      {t(`messages.purposes.${purpose}`)}
                    </option>
                  ))}
                </select>
              </FieldBox>
              <FieldBox id="msg-active" label={t('messages.fields.active')} inline>
                <input
                  id="msg-active"
                  type="checkbox"
                  checked={draft.active}
                  onChange={(e) => update({ active: e.target.checked })}
                />
              </FieldBox>
            </div>

            {draft.channel === 'whatsapp' ? (
              <WhatsappFields form={form} canBrowse={canEdit} memory={memory} />
            ) : (
              <TextFields form={form} />
            )}
            <FreeFieldsEditor form={form} />
            <FallbackFields form={form} messageId={message?.id} />
          </fieldset>

          <div className="form-actions">
            {canEdit && (
              <button type="submit" className="button-primary" disabled={save.isPending}>
                {save.isPending ? t('common.saving') : t('common.save')}
              </button>
            )}
            {canEdit &&
              message &&
              (
              <ConfirmButton
                label={t('messages.actions.delete')}
                confirmLabel={t('messages.actions.confirmDelete')}
                busy={remove.isPending}
                onConfirm={() => remove.mutate(message)}
              />
            )}
            <button type="button" className="push-right" onClick={onClose}>
              {t('common.close')}
            </button>
          </div>
          <ServerAlert error={remove.error} />
        </CheckedForm>
      </section>
      <PreviewPanel
        channel={draft.channel}
        freeFields={draft.freeFields}
        run={runPreview}
        pending={preview.isPending}
        result={preview.data}
        error={preview.error}
        errorInForm={preview.error !== null && preview.error === formError}
      />
    </>
  );
}

/** Whether changing draft key `key` may fix the error at server path `path`. */
function pathTouches(path: string, key: string): boolean {
  if (key === 'bindings') return path.startsWith('content.variables');
  if (key === 'freeFields') return path.startsWith('content.freeFields') || path.startsWith('content.variables');
  if (key === 'opaChannelId' || key === 'templateId') {
    return path.startsWith(`content.${key}`) || path.startsWith('content.templateId');
  }
  if (key === 'templateAtalho') return path === 'content.templateName';
  if (key === 'fallbackMessageId' || key === 'fallbackAfterMinutes') return path === key || path === 'fallbackAfterMinutes';
  if (key === 'description' || key === 'integrationId') return path === key;
  return path === `content.${key}`;
}
