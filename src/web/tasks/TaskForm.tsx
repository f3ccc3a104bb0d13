/**
 * Nova tarefa / one task: Tarefa, Descrição, the five schedule fields (each a text with a "Todos" box), the live
 * "Próximas 5 execuções" with the field errors the server finds, Ativa, the type's options, Salvar / Excluir
 * (admins) and Executar agora (operators). Everyone else reads.
 */
import { CheckedForm } from '../components/CheckedForm.js';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.js';
import { describedBy, FieldBox, ServerAlert, serverMessage } from '../components/formBits.js';
import { INSTALLATION_TIME_ZONE } from '../format.js';
import { useDebounced } from '../useDebounced.js';
import { taskKeys, tasksApi } from './api.js';
import {
  draftFromTask,
  emptyDraft,
  type OptionProblem,
  optionFields,
  optionsDraft,
  readOptions,
  scheduleErrorText,
  scheduleOf,
  type TaskDraft,
  toInput,
} from './form.js';
import { type CronFieldName, cronFieldNames, type Task, type TaskType } from './types.js';
import { ConfirmButton } from '../components/ConfirmButton.js';

interface Props {
  task?: Task;
  types: TaskType[];
  canEdit: boolean;
  canRun: boolean;
  onSaved: (task: Task, created: boolean) => void;
  onDeleted: (task: Task) => void;
  onStarted: (task: Task, runId: number) => void;
  onClose: () => void;
}

type Problems = Partial<Record<string, string>>;

export function typeLabel(type: TaskType | undefined, fallback: string, lang: string): string {
  if (!type) return fallback;
  return lang === 'en' ? type.label.en : type.label['pt-BR'];
}

export function TaskForm({ task, types, canEdit, canRun, onSaved, onDeleted, onStarted, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const typeOf = (name: string) => types.find((x) => x.type === name);
  const [draft, setDraft] = useState<TaskDraft>(() =>
    task ? draftFromTask(task, typeOf(task.type)) : emptyDraft(types.length === 1 ? types[0] : undefined),
  );
  const [problems, setProblems] = useState<Problems>({});
  const readOnly = !canEdit;
  const type = typeOf(draft.type);
  const fields = optionFields(type);

  const schedule = scheduleOf(draft);
  const settled = useDebounced(schedule, 400);
  const preview = useQuery({
    queryKey: taskKeys.preview(settled),
    queryFn: ({ signal }) => tasksApi.preview(settled, signal),
    enabled: canRun,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const previewErrors = new Map(
    preview.data && !preview.data.valid ? preview.data.errors.map((e) => [e.field, e.message] as const) : [],
  );

  const save = useMutation({
    mutationFn: (input: ReturnType<typeof toInput>) => (task ? tasksApi.update(task.id, input) : tasksApi.create(input)),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: taskKeys.list });
      onSaved(saved, !task);
    },
  });
  const remove = useMutation({
    mutationFn: (target: Task) => tasksApi.remove(target.id),
    onSuccess: async (_, target) => {
      await queryClient.invalidateQueries({ queryKey: taskKeys.list });
      onDeleted(target);
    },
  });
  const run = useMutation({
    mutationFn: (target: Task) => tasksApi.run(target.id),
    onSuccess: async ({ runId }, target) => {
      await queryClient.invalidateQueries({ queryKey: taskKeys.all });
      onStarted(target, runId);
    },
  });

  const serverField = save.error instanceof ApiError ? save.error.field : undefined;
  const errorOf = (path: string): string | undefined => {
    const own = problems[path];
    if (own) return own;
    if (serverField === path && save.error instanceof ApiError) {
      if (save.error.code === 'CONFLICT' && path === 'description') return t('tasks.errors.descriptionTaken');
      const field = cronFieldNames.find((f) => f === path);
      return field ? scheduleErrorText(save.error.message, field, i18n.language) : serverMessage(save.error);
    }
    const cron = cronFieldNames.find((f) => f === path);
    const live = cron && previewErrors.get(cron);
    return cron && live ? scheduleErrorText(live, cron, i18n.language) : undefined;
  };
  const shownByField = serverField !== undefined && (serverField === 'description' || serverField === 'type' || cronFieldNames.some((f) => f === serverField) || serverField.startsWith('options.'));

  const update = (patch: Partial<TaskDraft>, touched: string[]) => {
    setDraft((d) => ({ ...d, ...patch }));
    if (touched.some((k) => problems[k])) {
      setProblems((p) => Object.fromEntries(Object.entries(p).filter(([k]) => !touched.includes(k))));
    }
  };
  const setField = (field: CronFieldName, patch: Partial<TaskDraft['schedule'][CronFieldName]>) =>
    update({ schedule: { ...draft.schedule, [field]: { ...draft.schedule[field], ...patch } } }, [field]);

  const optionProblem = (problem: OptionProblem, bound?: number) =>
    t(`tasks.errors.option.${problem}`, { bound: bound ?? '' });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (readOnly) return;
    const found: Problems = {};
    if (!draft.type) found.type = t('tasks.errors.required');
    if (!draft.description.trim()) found.description = t('tasks.errors.required');
    const options = readOptions(type, draft.options);
    if (!options.ok) {
      for (const [key, e] of Object.entries(options.errors)) found[`options.${key}`] = optionProblem(e.problem, e.bound);
    }
    setProblems(found);
    const first = Object.keys(found)[0];
    if (first || !options.ok) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.task-form [aria-invalid="true"]')?.focus());
      return;
    }
    save.mutate(toInput(draft, options.options));
  };

  const chooseType = (name: string) => {
    update({ type: name, options: optionsDraft(typeOf(name)) }, ['type', ...fields.map((f) => `options.${f.key}`)]);
  };

  const title = task
    ? readOnly
      ? t('tasks.viewTitle', { name: task.description })
      : t('tasks.editTitle', { name: task.description })
    : t('tasks.createTitle');
  const running = task?.lastRun?.status === 'running';
  const dateFormat = new Intl.DateTimeFormat(i18n.language, {
    weekday: 'short',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: INSTALLATION_TIME_ZONE,
  });

  return (
    <section className="panel form-panel task-form" aria-labelledby="task-form-title">
      <h2 id="task-form-title">{title}</h2>
      <CheckedForm onSubmit={submit}>
        <ServerAlert error={save.error} fieldShown={shownByField} />
        <fieldset className="plain" disabled={readOnly}>
          <div className="form-grid task-head">
            <FieldBox id="task-type" label={t('tasks.fields.type')} error={errorOf('type')}>
              <select
                id="task-type"
                value={draft.type}
                onChange={(e) => chooseType(e.target.value)}
                {...describedBy('task-type', errorOf('type'))}
              >
                <option value="">{t('tasks.chooseType')}</option>
                {types.map((x) => (
                  <option key={x.type} value={x.type}>
                    {typeLabel(x, x.type, i18n.language)}
                  </option>
                ))}
                {task && !type && <option value={task.type}>{task.typeLabel}</option>}
              </select>
            </FieldBox>
            <FieldBox id="task-description" label={t('tasks.fields.description')} error={errorOf('description')}>
              <input
                id="task-description"
                value={draft.description}
                maxLength={100}
                placeholder={t('tasks.placeholders.description')}
                onChange={(e) => update({ description: e.target.value }, ['description'])}
                {...describedBy('task-description', errorOf('description'))}
              />
            </FieldBox>
            <FieldBox id="task-enabled" label={t('tasks.fields.enabled')} inline>
              <input
                id="task-enabled"
                type="checkbox"
                checked={draft.enabled}
                onChange={(e) => update({ enabled: e.target.checked }, [])}
              />
            </FieldBox>
          </div>

          <fieldset className="sub-panel task-schedule">
            <legend>{t('tasks.scheduleTitle')}</legend>
            <div className="cron-grid">
              {cronFieldNames.map((field) => {
                const id = `task-${field}`;
                const value = draft.schedule[field];
                const error = errorOf(field);
                const label = t(`tasks.cron.${field}`);
                return (
                  <div key={field} className="field cron-field">
                    <label htmlFor={id}>{label}</label>
                    <div className="cron-input">
                      <input
                        id={id}
                        className="mono"
                        value={value.all ? '' : value.value}
                        placeholder={value.all ? t('tasks.every') : t(`tasks.cronPlaceholder.${field}`)}
                        disabled={value.all || readOnly}
                        spellCheck={false}
                        autoComplete="off"
                        onChange={(e) => setField(field, { value: e.target.value })}
                        {...describedBy(id, error, true)}
                      />
                      <label className="cron-all">
                        <input
                          type="checkbox"
                          checked={value.all}
                          aria-label={t('tasks.everyOf', { field: label })}
                          onChange={(e) => {
                            setField(field, { all: e.target.checked });
                            if (!e.target.checked) requestAnimationFrame(() => document.getElementById(id)?.focus());
                          }}
                        />
                        {t('tasks.every')}
                      </label>
                    </div>
                    <small id={`${id}-hint`} className="hint">
                      {t(`tasks.cronRange.${field}`)}
                    </small>
                    {error && (
                      <small id={`${id}-error`} className="field-error" role="alert">
                        {error}
                      </small>
                    )}
                  </div>
                );
              })}
            </div>
            <p className="hint cron-help">{t('tasks.cronHelp')}</p>
          </fieldset>

          {fields.length > 0 && (
            <fieldset className="sub-panel task-options">
              <legend>{t('tasks.optionsTitle')}</legend>
              <div className="form-grid">
                {fields.map((field) => {
                  const id = `task-option-${field.key}`;
                  const path = `options.${field.key}`;
                  const error = errorOf(path);
                  const known = (['budgetSeconds', 'maxAttempts', 'sourceId', 'mode', 'restart'] as const).find((k) => k === field.key);
                  const label = known ? t(`tasks.options.${known}`) : (field.title ?? field.key);
                  const typed = draft.options[field.key];
                  const setOption = (value: string | boolean) =>
                    update({ options: { ...draft.options, [field.key]: value } }, [path]);
                  if (field.kind === 'boolean') {
                    return (
                      <FieldBox key={field.key} id={id} label={label} inline>
                        <input id={id} type="checkbox" checked={typed === true} onChange={(e) => setOption(e.target.checked)} />
                      </FieldBox>
                    );
                  }
                  const range =
                    field.minimum !== undefined && field.maximum !== undefined
                      ? t('tasks.optionRange', { min: field.minimum, max: field.maximum })
                      : undefined;
                  return (
                    <FieldBox key={field.key} id={id} label={label} hint={range} error={error}>
                      {field.kind === 'enum' ? (
                        <select id={id} value={String(typed ?? '')} onChange={(e) => setOption(e.target.value)}>
                          {(field.values ?? []).map((v) => (
                            <option key={v} value={v}>
                              {v === 'full' || v === 'incremental' ? t(`tasks.optionValues.${v}`) : v}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <input
                          id={id}
                          className="input-short"
                          inputMode={field.kind === 'string' ? undefined : 'numeric'}
                          value={typeof typed === 'string' ? typed : ''}
                          onChange={(e) => setOption(e.target.value)}
                          {...describedBy(id, error, range)}
                        />
                      )}
                    </FieldBox>
                  );
                })}
              </div>
            </fieldset>
          )}
        </fieldset>

        <section className="sub-panel next-runs" aria-labelledby="next-runs-title">
          <h3 id="next-runs-title">{t('tasks.nextRuns')}</h3>
          {!canRun ? (
            <p className="small">
              {task?.nextRunAt ? dateFormat.format(new Date(task.nextRunAt)) : t('tasks.noNextRun')}
            </p>
          ) : preview.isPending ? (
            <p className="muted small">{t('common.loading')}</p>
          ) : preview.data?.valid ? (
            <>
              <ol className="next-runs-list" aria-busy={preview.isFetching}>
                {preview.data.nextRuns.map((at) => (
                  <li key={at}>{dateFormat.format(new Date(at))}</li>
                ))}
              </ol>
              <p className="hint">
                {draft.enabled ? t('tasks.timezone', { zone: preview.data.timezone }) : t('tasks.disabledNote')}
              </p>
            </>
          ) : preview.data ? (
            <p className="field-error small">{t('tasks.fixFields')}</p>
          ) : (
            <ServerAlert error={preview.error} />
          )}
        </section>

        <div className="form-actions">
          {canEdit && (
            <button type="submit" className="button-primary" disabled={save.isPending}>
              {save.isPending ? t('common.saving') : t('common.save')}
            </button>
          )}
          {task && canRun && (
            <button type="button" disabled={run.isPending || running} onClick={() => run.mutate(task)}>
              {running ? t('tasks.running') : t('tasks.runNow')}
            </button>
          )}
          {canEdit &&
            task &&
            (
              <ConfirmButton
                label={t('tasks.delete')}
                confirmLabel={t('tasks.confirmDelete')}
                busy={remove.isPending}
                onConfirm={() => remove.mutate(task)}
              />
            )}
          <button type="button" className="push-right" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
        {task && canRun && canEdit && <p className="hint">{t('tasks.runNowHint')}</p>}
        {run.error instanceof ApiError && run.error.code === 'UNAVAILABLE' ? (
          <p className="alert alert-error" role="alert">
            {t('tasks.errors.noScheduler')}
          </p>
        ) : (
          <ServerAlert error={run.error ?? remove.error} />
        )}
      </CheckedForm>
    </section>
  );
}
