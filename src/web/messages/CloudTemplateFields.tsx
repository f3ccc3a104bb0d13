/**
 * The template of a WhatsApp Cloud API message: Buscar template lists the business account's approved templates
 * (name, category, language, text); a marketing one is flagged (≈ 9× the price, capped per user by Meta, consent
 * needed). The text is shown read-only and its `{{1}}`, `{{2}}`… are mapped below.
 */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describedBy, FieldBox, ServerAlert } from '../components/formBits.js';
import { integrationsApi } from '../integrations/api.js';
import type { CloudApiTemplate } from '../integrations/types.js';
import type { MessageFormBinding } from './binding.js';
import { bindingsFor } from './draft.js';
import { PickCells, PickerPanel } from './Picker.js';

export function CloudTemplateFields({ form, canBrowse }: { form: MessageFormBinding; canBrowse: boolean }) {
  const { t } = useTranslation();
  const { draft, update, errorOf } = form;
  const integrationId = Number(draft.integrationId) || undefined;
  const [open, setOpen] = useState(false);
  const templates = useMutation({ mutationFn: (id: number) => integrationsApi.cloudApiTemplates(id), onSuccess: () => setOpen(true) });

  const pick = (template: CloudApiTemplate) => {
    const previous = draft.templateText ? { templateText: draft.templateText, bindings: draft.bindings } : undefined;
    update({
      templateAtalho: template.name,
      templateId: template.id,
      language: template.language,
      category: template.category,
      templateText: template.text,
      bindings: bindingsFor('cloudapi', template.text, form.variables.map((v) => v.key), draft.freeFields, previous),
    });
    setOpen(false);
  };
  const error = errorOf('content.templateName');
  const label = draft.templateAtalho ? `${draft.templateAtalho} · ${draft.language || 'pt_BR'}` : '';

  return (
    <>
      <div className="form-grid">
        <FieldBox id="msg-template" label={t('messages.fields.template')} error={error}>
          <div className="range">
            <input id="msg-template" readOnly className="mono" value={label} placeholder={t('messages.whatsapp.noTemplate')} {...describedBy('msg-template', error)} />
            {canBrowse && (
              <button
                type="button"
                className="range-button"
                disabled={!integrationId || templates.isPending}
                title={integrationId ? undefined : t('messages.whatsapp.chooseIntegration')}
                onClick={() => integrationId && templates.mutate(integrationId)}
              >
                {templates.isPending ? t('common.loading') : t('messages.whatsapp.fetchTemplates')}
              </button>
            )}
          </div>
        </FieldBox>
        {draft.category && (
          <FieldBox id="msg-category" label={t('messages.whatsapp.category')}>
            <input id="msg-category" readOnly value={t(`messages.categories.${draft.category}`, { defaultValue: draft.category })} />
          </FieldBox>
        )}
      </div>
      {draft.category === 'MARKETING' && (
        <p className="alert alert-warning" role="alert">
          {t('send.confirm.marketingWarning')}
        </p>
      )}
      <ServerAlert error={templates.error} />
      {open && templates.data && (
        <PickerPanel
          id="cloud-template-picker-title"
          title={t('messages.whatsapp.cloudTemplatesTitle')}
          empty={templates.data.length === 0 ? t('messages.whatsapp.noCloudTemplates') : null}
          columns={[t('messages.whatsapp.name'), t('messages.whatsapp.category'), t('messages.whatsapp.language'), t('messages.whatsapp.text')]}
          onClose={() => setOpen(false)}
        >
          {templates.data.map((template) => (
            <tr key={template.id}>
              <PickCells
                group="cloud-template"
                id={template.id}
                label={template.name}
                mono
                checked={draft.templateAtalho === template.name && draft.language === template.language}
                onPick={() => pick(template)}
              />
              <td>
                <span className={template.category === 'MARKETING' ? 'tag tag-inactive' : 'tag'}>
                  {t(`messages.categories.${template.category}`, { defaultValue: template.category })}
                </span>
              </td>
              <td>{template.language}</td>
              <td className="small template-snippet">{template.text}</td>
            </tr>
          ))}
        </PickerPanel>
      )}
    </>
  );
}
