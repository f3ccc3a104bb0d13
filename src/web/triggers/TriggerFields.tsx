/**
 * The controls of the rule form: Nome, Filtro salvo, Mensagem via Opa Suite / E-mail / SMS, Campos livres,
 * Prioridade, Intervalo mínimo por contato (horas), Limite por execução, Ativo. A message or saved filter the rule
 * points at that is no longer offered (inactive, deleted) still shows, marked, so the operator sees what to fix.
 */
import { PrioritySelect } from '../components/PrioritySelect.js';
import { useTranslation } from 'react-i18next';
import { channels } from '../../shared/vocabulary.js';
import { describedBy, FieldBox } from '../components/formBits.js';
import type { Message } from '../messages/types.js';
import type { SavedFilter } from '../report/types.js';
import type { SharedFreeField } from '../send/logic.js';
import type { TriggerDraft } from './form.js';
import type { Channel, TriggerRule } from './types.js';

interface Props {
  rule: TriggerRule | undefined;
  draft: TriggerDraft;
  update: (patch: Partial<TriggerDraft>) => void;
  errorOf: (path: string) => string | undefined;
  canEdit: boolean;
  savedFilters: SavedFilter[] | undefined;
  filtersLoading: boolean;
  lists: Record<Channel, { data: Message[] | undefined; loading: boolean }>;
  fields: SharedFreeField[];
}

export function TriggerFields({ rule, draft, update, errorOf, canEdit, savedFilters, filtersLoading, lists, fields }: Props) {
  const { t } = useTranslation();
  const nameError = errorOf('name');
  const filterError = errorOf('savedFilterId');
  const messagesError = errorOf('messageIds');
  const priorityError = errorOf('priority');
  const cooldownError = errorOf('cooldownMinutes');
  const ceilingError = errorOf('ceiling');
  const filterGone = rule !== undefined && rule.savedFilterId === null && draft.savedFilterId === '';

  /** The options of a channel: its active messages, plus the rule's own when it is not among them. */
  const optionsOf = (channel: Channel) => {
    const active = (lists[channel].data ?? []).map((m) => ({ id: String(m.id), label: m.description }));
    const own = rule?.messages.find((m) => m.channel === channel);
    if (own && !active.some((o) => o.id === String(own.id))) {
      active.push({ id: String(own.id), label: `${own.description ?? own.id} (${t('triggers.inactive')})` });
    }
    return active;
  };

  return (
    <>
      <div className="form-grid trigger-head">
        <FieldBox id="trg-name" label={t('triggers.fields.name')} error={nameError}>
          <input
            id="trg-name"
            value={draft.name}
            maxLength={100}
            placeholder={t('triggers.placeholders.name')}
            onChange={(e) => update({ name: e.target.value })}
            {...describedBy('trg-name', nameError)}
          />
        </FieldBox>
        <FieldBox
          id="trg-filter"
          label={t('triggers.fields.savedFilter')}
          error={filterError ?? (filterGone ? t('triggers.hints.filterDeleted') : undefined)}
          hint={savedFilters?.length === 0 ? t('triggers.hints.noFilters') : t('triggers.hints.savedFilter')}
        >
          <select
            id="trg-filter"
            value={draft.savedFilterId}
            onChange={(e) => update({ savedFilterId: e.target.value })}
            {...describedBy('trg-filter', filterError ?? (filterGone ? 'gone' : undefined), true)}
          >
            <option value="">{filtersLoading ? t('common.loading') : t('triggers.chooseFilter')}</option>
            {(savedFilters ?? []).map((f) => (
              <option key={f.id} value={String(f.id)}>
                {f.name}
              </option>
            ))}
            {rule?.savedFilterId && !savedFilters?.some((f) => f.id === rule.savedFilterId) && (
              <option value={String(rule.savedFilterId)}>{rule.savedFilterName ?? `#${rule.savedFilterId}`}</option>
            )}
          </select>
        </FieldBox>
        <FieldBox id="trg-active" label={t('triggers.fields.active')} inline>
          <input id="trg-active" type="checkbox" checked={draft.active} onChange={(e) => update({ active: e.target.checked })} />
        </FieldBox>
      </div>

      <fieldset className="sub-panel trigger-messages">
        <legend>{t('triggers.messagesTitle')}</legend>
        <p className="hint">{t('triggers.hints.messages')}</p>
        {messagesError && (
          <p id="trg-messages-error" className="field-error" role="alert">
            {messagesError}
          </p>
        )}
        <div className="form-grid">
          {channels.map((channel) => {
            const id = `trg-message-${channel}`;
            const error = errorOf(`messages.${channel}`);
            const options = canEdit ? optionsOf(channel) : readOnlyOption(rule, channel, t('triggers.messageGone'));
            return (
              <FieldBox key={channel} id={id} label={t(`triggers.fields.${channel}`)} error={error}>
                <select
                  id={id}
                  value={draft.messages[channel]}
                  onChange={(e) => update({ messages: { ...draft.messages, [channel]: e.target.value } })}
                  {...describedBy(id, error)}
                >
                  <option value="">{lists[channel].loading ? t('common.loading') : t('triggers.noMessage')}</option>
                  {options.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.label}
                    </option>
                  ))}
                </select>
              </FieldBox>
            );
          })}
        </div>
        {(canEdit ? fields.length > 0 : Object.keys(draft.freeValues).length > 0) && (
          <fieldset className="sub-panel trigger-free">
            <legend>{t('triggers.freeTitle')}</legend>
            <p className="hint">{t('triggers.freeHint')}</p>
            <div className="form-grid">
              {(canEdit ? fields : Object.keys(draft.freeValues).map((key) => ({ key, label: key, required: false }))).map((field) => {
                const id = `trg-free-${field.key}`;
                const error = errorOf(`freeValues.${field.key}`);
                return (
                  <FieldBox key={field.key} id={id} label={field.required ? `${field.label} *` : field.label} error={error}>
                    <input
                      id={id}
                      value={draft.freeValues[field.key] ?? ''}
                      maxLength={500}
                      aria-required={field.required}
                      onChange={(e) => update({ freeValues: { ...draft.freeValues, [field.key]: e.target.value } })}
                      {...describedBy(id, error)}
                    />
                  </FieldBox>
                );
              })}
            </div>
          </fieldset>
        )}
      </fieldset>

      <div className="form-grid trigger-limits">
        <FieldBox id="trg-priority" label={t('triggers.fields.priority')} hint={t('triggers.hints.priority')} error={priorityError}>
          <PrioritySelect
            id="trg-priority"
            value={Number(draft.priority) || 0}
            onChange={(priority) => update({ priority: String(priority) })}
            describedBy={describedBy('trg-priority', priorityError, true)}
          />
        </FieldBox>
        <FieldBox id="trg-cooldown" label={t('triggers.fields.cooldown')} hint={t('triggers.hints.cooldown')} error={cooldownError}>
          <input
            id="trg-cooldown"
            inputMode="decimal"
            value={draft.cooldownHours}
            onChange={(e) => update({ cooldownHours: e.target.value })}
            {...describedBy('trg-cooldown', cooldownError, true)}
          />
        </FieldBox>
        <FieldBox id="trg-ceiling" label={t('triggers.fields.ceiling')} hint={t('triggers.hints.ceiling')} error={ceilingError}>
          <input
            id="trg-ceiling"
            inputMode="numeric"
            value={draft.ceiling}
            onChange={(e) => update({ ceiling: e.target.value })}
            {...describedBy('trg-ceiling', ceilingError, true)}
          />
        </FieldBox>
      </div>
    </>
  );
}

/** Read-only: the rule's message of the channel, as the server described it. */
function readOnlyOption(rule: TriggerRule | undefined, channel: Channel, gone: string) {
  const own = rule?.messages.find((m) => m.channel === channel);
  return own ? [{ id: String(own.id), label: own.description ?? gone }] : [];
}
