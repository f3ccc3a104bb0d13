/**
 * Novo gatilho / editing one: Nome, Filtro salvo, one message per channel, the free fields those messages ask for,
 * Prioridade, Intervalo mínimo por contato (hours), Limite por execução, Ativo; Salvar / Excluir; and Simular
 * underneath (the draft for admins, the saved rule for operators). Operators and viewers read it.
 */
import { CheckedForm } from '../components/CheckedForm.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { channels } from '../../shared/vocabulary.js';
import { ApiError } from '../api.js';
import { ServerAlert, serverMessage } from '../components/formBits.js';
import type { Message } from '../messages/types.js';
import { reportApi, reportKeys } from '../report/reportApi.js';
import { sendApi, sendKeys } from '../send/api.js';
import { triggerKeys, triggersApi } from './api.js';
import { DryRunPanel } from './DryRunPanel.js';
import {
  channelOfMessageError,
  type DraftErrors,
  draftFromRule,
  emptyDraft,
  freeFieldsOf,
  toInput,
  type TriggerDraft,
  validateDraft,
} from './form.js';
import { TriggerFields } from './TriggerFields.js';
import type { Channel, TriggerRule } from './types.js';
import { ConfirmButton } from '../components/ConfirmButton.js';

interface Props {
  rule?: TriggerRule;
  canEdit: boolean;
  /** Operators and admins may simulate. */
  canSimulate: boolean;
  onSaved: (rule: TriggerRule, created: boolean) => void;
  onDeleted: (rule: TriggerRule) => void;
  onClose: () => void;
}

export function TriggerForm({ rule, canEdit, canSimulate, onSaved, onDeleted, onClose }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<TriggerDraft>(() => (rule ? draftFromRule(rule) : emptyDraft()));
  const [errors, setErrors] = useState<DraftErrors>({});

  const filters = useQuery({ queryKey: reportKeys.savedFilters, queryFn: reportApi.savedFilters });
  const lists = {
    whatsapp: useQuery({ queryKey: sendKeys.messages('whatsapp'), queryFn: () => sendApi.activeMessages('whatsapp'), enabled: canEdit }),
    email: useQuery({ queryKey: sendKeys.messages('email'), queryFn: () => sendApi.activeMessages('email'), enabled: canEdit }),
    sms: useQuery({ queryKey: sendKeys.messages('sms'), queryFn: () => sendApi.activeMessages('sms'), enabled: canEdit }),
  };
  const messageById = (id: string): Message | undefined =>
    channels.map((c) => lists[c].data?.find((m) => String(m.id) === id)).find(Boolean);
  const fields = freeFieldsOf(draft, messageById);

  const save = useMutation({
    mutationFn: (d: TriggerDraft) => (rule ? triggersApi.update(rule.id, toInput(d, fields)) : triggersApi.create(toInput(d, fields))),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: triggerKeys.all });
      onSaved(saved, !rule);
    },
  });
  const remove = useMutation({
    mutationFn: (target: TriggerRule) => triggersApi.remove(target.id),
    onSuccess: async (_, target) => {
      await queryClient.invalidateQueries({ queryKey: triggerKeys.all });
      onDeleted(target);
    },
  });
  const simulate = useMutation({
    mutationFn: (d: TriggerDraft | null) =>
      d ? triggersApi.dryRunDraft(toInput(d, fields), rule?.id) : triggersApi.dryRunSaved(rule!.id),
  });

  const serverError = [save.error, simulate.error].find((e) => e instanceof ApiError && e.field) as ApiError | undefined;
  const errorOf = (path: string): string | undefined => {
    const own = errors[path];
    if (own) return t(`triggers.errors.${own}`);
    if (!serverError?.field) return undefined;
    const channel = channelOfMessageError(draft, serverError.field);
    const matches = serverError.field === path || (channel !== undefined && path === `messages.${channel}`);
    if (!matches) return undefined;
    if (serverError.code === 'CONFLICT' && path === 'name') return t('triggers.errors.nameTaken');
    return serverMessage(serverError);
  };

  const update = (patch: Partial<TriggerDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setErrors({});
    save.reset();
    simulate.reset();
  };

  /** The draft when the form's checks pass; else marks the fields and focuses the first. */
  const validated = (): TriggerDraft | undefined => {
    const found = validateDraft(draft, fields);
    setErrors(found);
    if (Object.keys(found).length === 0) return draft;
    requestAnimationFrame(() => document.querySelector<HTMLElement>('.trigger-form [aria-invalid="true"]')?.focus());
    return undefined;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!canEdit) return;
    const valid = validated();
    if (valid) save.mutate(valid);
  };

  const runSimulation = () => {
    if (!canEdit) {
      if (rule) simulate.mutate(null);
      return;
    }
    const valid = validated();
    if (valid) simulate.mutate(valid);
  };

  const title = rule
    ? canEdit
      ? t('triggers.editTitle', { name: rule.name })
      : t('triggers.viewTitle', { name: rule.name })
    : t('triggers.createTitle');
  const shownFields = /^(name|savedFilterId|priority|cooldownMinutes|ceiling|messageIds(\.\d+)?|freeValues\..+)$/;
  const fieldShown = (e: unknown) => e instanceof ApiError && e.field !== undefined && shownFields.test(e.field);

  return (
    <>
      <section className="panel form-panel trigger-form" aria-labelledby="trigger-form-title">
        <h2 id="trigger-form-title">{title}</h2>
        <CheckedForm onSubmit={submit}>
          <ServerAlert error={save.error} fieldShown={fieldShown(save.error)} />
          <fieldset className="plain" disabled={!canEdit}>
            <TriggerFields
              rule={rule}
              draft={draft}
              update={update}
              errorOf={errorOf}
              canEdit={canEdit}
              savedFilters={filters.data}
              filtersLoading={filters.isPending}
              lists={listsOf(lists)}
              fields={fields}
            />
          </fieldset>
          <div className="form-actions">
            {canEdit && (
              <button type="submit" className="button-primary" disabled={save.isPending}>
                {save.isPending ? t('common.saving') : t('common.save')}
              </button>
            )}
            {canEdit &&
              rule &&
              (
              <ConfirmButton
                label={t('triggers.delete')}
                confirmLabel={t('triggers.confirmDelete')}
                busy={remove.isPending}
                onConfirm={() => remove.mutate(rule)}
              />
            )}
            <button type="button" className="push-right" onClick={onClose}>
              {t('common.close')}
            </button>
          </div>
          <ServerAlert error={remove.error} />
        </CheckedForm>
      </section>
      {canSimulate && (canEdit || rule) && (
        <DryRunPanel
          run={runSimulation}
          pending={simulate.isPending}
          result={simulate.data}
          error={simulate.error}
          errorInForm={fieldShown(simulate.error)}
        />
      )}
    </>
  );
}

type MessageQuery = { data: Message[] | undefined; isLoading: boolean };

function listsOf(lists: Record<Channel, MessageQuery>): Record<Channel, { data: Message[] | undefined; loading: boolean }> {
  const of = (c: Channel) => ({ data: lists[c].data, loading: lists[c].isLoading });
  return { whatsapp: of('whatsapp'), email: of('email'), sms: of('sms') };
}
