/**
 * The WhatsApp part of a message: Canal (Buscar canais, live from Opa! Suite; only active WhatsApp channels can be
 * chosen), Template (Buscar template), the template's text read-only, and the mapping of its variables.
 */
import { useMutation } from '@tanstack/react-query';
import { type RefObject, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { integrationsApi } from '../integrations/api.js';
import { describedBy, FieldBox, ServerAlert } from '../components/formBits.js';
import { channelKindLabel, channelProblem } from '../integrations/OpaChannels.js';
import type { OpaChannel, OpaTemplate } from '../integrations/types.js';
import type { MessageFormBinding } from './binding.js';
import { type BindingRow, bindingsFor } from './draft.js';
import { VariableMapping } from './VariableMapping.js';
import { PickCells, PickerPanel } from './Picker.js';
import { CloudTemplateFields } from './CloudTemplateFields.js';

/** The mapping of the template left behind (another channel or integration), offered again for the next one. */
export type MappingMemory = RefObject<{ templateText: string; bindings: BindingRow[] }>;

interface Props {
  form: MessageFormBinding;
  /** Buscar canais / Buscar template are admin calls; operators see the saved choice. */
  canBrowse: boolean;
  memory: MappingMemory;
}

export function WhatsappFields({ form, canBrowse, memory }: Props) {
  const { t } = useTranslation();
  const { draft, update, errorOf } = form;
  const integrationId = Number(draft.integrationId) || undefined;
  const [open, setOpen] = useState<'none' | 'channels' | 'templates'>('none');

  const channels = useMutation({
    mutationKey: ['opa-channels', integrationId],
    mutationFn: (id: number) => integrationsApi.opaChannels(id),
    onSuccess: () => setOpen('channels'),
  });
  const templates = useMutation({
    mutationFn: ({ id, channelId }: { id: number; channelId: string }) => integrationsApi.opaTemplates(id, channelId),
    onSuccess: () => setOpen('templates'),
  });

  const remember = () => {
    if (draft.templateText) memory.current = { templateText: draft.templateText, bindings: draft.bindings };
  };

  const pickChannel = (channel: OpaChannel) => {
    if (channel.id !== draft.opaChannelId) {
      remember();
      update({
        opaChannelId: channel.id,
        opaChannelName: channel.name,
        templateId: '',
        templateAtalho: '',
        templateText: '',
        bindings: [],
      });
      templates.reset();
    }
    setOpen('none');
  };

  const pickTemplate = (template: OpaTemplate) => {
    const previous = draft.templateText ? { templateText: draft.templateText, bindings: draft.bindings } : memory.current;
    update({
      templateId: template.id,
      templateAtalho: template.atalho,
      templateText: template.text,
      bindings: bindingsFor(
        'opa',
        template.text,
        form.variables.map((v) => v.key),
        draft.freeFields,
        previous,
      ),
    });
    setOpen('none');
  };

  const channelError = errorOf('content.opaChannelId');
  const templateError = errorOf('content.templateId');

  if (draft.provider === 'cloudapi') {
    return (
      <div className="whatsapp-fields">
        <CloudTemplateFields form={form} canBrowse={canBrowse} />
        <TemplateText text={draft.templateText} />
        <VariableMapping form={form} />
      </div>
    );
  }

  return (
    <div className="whatsapp-fields">
      <div className="form-grid">
        <FieldBox id="msg-channel" label={t('messages.fields.channel')} error={channelError}>
          <div className="range">
            <input
              id="msg-channel"
              readOnly
              value={draft.opaChannelName || (draft.opaChannelId ? draft.opaChannelId : '')}
              placeholder={t('messages.whatsapp.noChannel')}
              {...describedBy('msg-channel', channelError)}
            />
            {canBrowse && (
              <button
                type="button"
                className="range-button"
                disabled={!integrationId || channels.isPending}
                title={integrationId ? undefined : t('messages.whatsapp.chooseIntegration')}
                onClick={() => integrationId && channels.mutate(integrationId)}
              >
                {channels.isPending ? t('common.loading') : t('messages.whatsapp.fetchChannels')}
              </button>
            )}
          </div>
        </FieldBox>
        <FieldBox id="msg-template" label={t('messages.fields.template')} error={templateError}>
          <div className="range">
            <input
              id="msg-template"
              readOnly
              className="mono"
              value={draft.templateAtalho || draft.templateId}
              placeholder={t('messages.whatsapp.noTemplate')}
              {...describedBy('msg-template', templateError)}
            />
            {canBrowse && (
              <button
                type="button"
                className="range-button"
                disabled={!integrationId || !draft.opaChannelId || templates.isPending}
                title={draft.opaChannelId ? undefined : t('messages.whatsapp.chooseChannelFirst')}
                onClick={() =>
                  integrationId && templates.mutate({ id: integrationId, channelId: draft.opaChannelId })
                }
              >
                {templates.isPending ? t('common.loading') : t('messages.whatsapp.fetchTemplates')}
              </button>
            )}
          </div>
        </FieldBox>
      </div>
      <ServerAlert error={channels.error ?? templates.error} />

      {open === 'channels' && channels.data && (
        <ChannelPicker
          channels={channels.data}
          selected={draft.opaChannelId}
          onPick={pickChannel}
          onClose={() => setOpen('none')}
        />
      )}
      {open === 'templates' && templates.data && (
        <TemplatePicker
          channelName={draft.opaChannelName}
          templates={templates.data}
          selected={draft.templateId}
          onPick={pickTemplate}
          onClose={() => setOpen('none')}
        />
      )}

      <TemplateText text={draft.templateText} />
      <VariableMapping form={form} />
    </div>
  );
}

/** The chosen template's text, read-only (what the provider will fill). */
function TemplateText({ text }: { text: string }) {
  const { t } = useTranslation();
  if (!text) return null;
  return (
    <FieldBox id="msg-template-text" label={t('messages.fields.templateText')} wide hint={t('messages.hints.templateText')}>
      <textarea
        id="msg-template-text"
        className="template-text"
        readOnly
        rows={Math.min(8, Math.max(3, Math.ceil(text.length / 110)))}
        value={text}
        aria-describedby="msg-template-text-hint"
      />
    </FieldBox>
  );
}

function ChannelPicker(props: {
  channels: OpaChannel[];
  selected: string;
  onPick: (channel: OpaChannel) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const columns = [t('integrations.opaChannels.name'), t('integrations.opaChannels.kind'), t('integrations.opaChannels.integration'), t('integrations.opaChannels.status')];
  return (
    <PickerPanel
      id="channel-picker-title"
      title={t('messages.whatsapp.channelsTitle')}
      empty={props.channels.length === 0 ? t('messages.whatsapp.noChannels') : null}
      columns={columns}
      onClose={props.onClose}
    >
            {props.channels.map((channel) => {
              const problem = channelProblem(channel);
              return (
                <tr key={channel.id} className={problem ? 'row-inactive' : undefined}>
                  <PickCells
                    group="opa-channel"
                    id={channel.id}
                    label={channel.name}
                    checked={props.selected === channel.id}
                    disabled={problem !== null}
                    onPick={() => props.onPick(channel)}
                  />
                  <td>{channelKindLabel(channel.kind)}</td>
                  <td>{channel.integration ?? t('common.none')}</td>
                  <td>
                    {problem ? (
                      <span className="tag tag-inactive">{t(`integrations.opaChannels.problems.${problem}`)}</span>
                    ) : (
                      <span className="tag tag-ok">{t('integrations.opaChannels.usable')}</span>
                    )}
                  </td>
                </tr>
              );
            })}
    </PickerPanel>
  );
}

function TemplatePicker(props: {
  channelName: string;
  templates: OpaTemplate[];
  selected: string;
  onPick: (template: OpaTemplate) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const columns = [t('messages.whatsapp.atalho'), t('messages.whatsapp.category'), t('messages.whatsapp.language'), t('messages.whatsapp.text')];
  return (
    <PickerPanel
      id="template-picker-title"
      title={t('messages.whatsapp.templatesTitle', { channel: props.channelName })}
      empty={props.templates.length === 0 ? t('messages.whatsapp.noTemplates') : null}
      columns={columns}
      onClose={props.onClose}
    >
            {props.templates.map((template) => (
              <tr key={template.id}>
                <PickCells
                  group="opa-template"
                  id={template.id}
                  label={template.atalho}
                  mono
                  checked={props.selected === template.id}
                  onPick={() => props.onPick(template)}
                />
                <td>{template.category ?? t('common.none')}</td>
                <td>{template.language ?? t('common.none')}</td>
                <td className="small template-snippet">{template.text}</td>
              </tr>
            ))}
    </PickerPanel>
  );
}
