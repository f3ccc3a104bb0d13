/**
 * Nova manutenção programada: what (title), where (concentradores, POPs, caixas FTTH), when (start, end, in the
 * installation's wall clock), how long detection stays muted around it, which reminders go (7 dias, 24 h, 1 h, no
 * início, ao término) and with which registered messages.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AT_END, DEFAULT_REMINDERS, REMINDER_PRESETS } from '../../incidents/maintenance-schemas.js';
import { CheckedForm } from '../components/CheckedForm.js';
import { describedBy, FieldBox, ServerAlert } from '../components/formBits.js';
import { MultiSelect } from '../components/MultiSelect.js';
import { messagesApi } from '../messages/api.js';
import { namedOptions } from '../report/fields.js';
import { ftthBoxName, reportApi, reportKeys } from '../report/reportApi.js';
import { useFtthBoxSearch } from '../report/useFtthBoxSearch.js';
import { localInputToIso } from '../report/zonedTime.js';
import { maintenanceApi, maintenanceKeys } from './maintenanceApi.js';
import type { Maintenance } from './types.js';

type Phase = 'notice' | 'end' | 'cancel';

export function reminderLabelKey(at: number) {
  if (at === AT_END) return 'maintenance.reminders.end' as const;
  if (at === 0) return 'maintenance.reminders.start' as const;
  return at % 1440 === 0 ? ('maintenance.reminders.days' as const) : at % 60 === 0 ? ('maintenance.reminders.hours' as const) : ('maintenance.reminders.minutes' as const);
}

export function reminderCount(at: number) {
  return at % 1440 === 0 ? at / 1440 : at % 60 === 0 ? at / 60 : at;
}

export function MaintenanceForm({ onCreated }: { onCreated: (m: Maintenance) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const options = useQuery({ queryKey: reportKeys.options, queryFn: reportApi.options, staleTime: 5 * 60_000 });
  const messages = useQuery({ queryKey: ['messages', 'all'], queryFn: () => messagesApi.list() });
  const boxes = useFtthBoxSearch();
  const [title, setTitle] = useState('');
  const [nas, setNas] = useState<number[]>([]);
  const [pops, setPops] = useState<number[]>([]);
  const [boxIds, setBoxIds] = useState<number[]>([]);
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [margin, setMargin] = useState('30');
  const [reminders, setReminders] = useState<number[]>(DEFAULT_REMINDERS);
  const [chosen, setChosen] = useState<Record<Phase, number[]>>({ notice: [], end: [], cancel: [] });
  const [localError, setLocalError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: maintenanceApi.create,
    onSuccess: async (m) => {
      await queryClient.invalidateQueries({ queryKey: maintenanceKeys.all });
      onCreated(m);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const from = localInputToIso(startsAt);
    const to = localInputToIso(endsAt);
    const elements = [
      ...nas.map((id) => ({ kind: 'nas' as const, id })),
      ...pops.map((id) => ({ kind: 'pop' as const, id })),
      ...boxIds.map((id) => ({ kind: 'box' as const, id })),
    ];
    if (elements.length === 0) return setLocalError(t('maintenance.form.noElements'));
    if (!from || !to) return setLocalError(t('validation.invalid'));
    setLocalError(null);
    create.mutate({ title: title.trim(), elements, startsAt: from, endsAt: to, marginMinutes: Number(margin), reminders, messages: chosen });
  };
  const toggle = (list: number[], value: number, on: boolean) => (on ? [...list, value] : list.filter((v) => v !== value));
  const active = (messages.data ?? []).filter((m) => m.active);
  /** The reminders offer the maintenance (and general) messages; the end also the restored ones. */
  const offered: Record<Phase, typeof active> = {
    notice: active.filter((m) => m.purpose === 'maintenance' || m.purpose === 'other'),
    end: active.filter((m) => m.purpose !== 'outage'),
    cancel: active.filter((m) => m.purpose === 'maintenance' || m.purpose === 'other'),
  };

  return (
    <CheckedForm className="panel maintenance-form" onSubmit={submit}>
      <h2>{t('maintenance.form.title')}</h2>
      {localError && (
        <div className="alert alert-error" role="alert">
          {localError}
        </div>
      )}
      <ServerAlert error={create.error} />
      <fieldset className="plain" disabled={create.isPending}>
        <div className="form-grid">
          <FieldBox id="maintenance-title" label={t('maintenance.fields.title')} hint={t('maintenance.form.titleHint')} wide>
            <input id="maintenance-title" required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} {...describedBy('maintenance-title', undefined, true)} />
          </FieldBox>
          <FieldBox id="maintenance-nas" label={t('incidents.kinds.nas')}>
            <MultiSelect id="maintenance-nas" options={namedOptions(options.data?.nas)} selected={nas} onChange={setNas} searchable emptyLabel={t('multi.nothingChosen')} />
          </FieldBox>
          <FieldBox id="maintenance-pops" label={t('report.fields.popIds')}>
            <MultiSelect id="maintenance-pops" options={namedOptions(options.data?.pops)} selected={pops} onChange={setPops} searchable emptyLabel={t('multi.nothingChosen')} />
          </FieldBox>
          <FieldBox id="maintenance-boxes" label={t('incidents.kinds.box')}>
            <MultiSelect
              id="maintenance-boxes"
              options={boxes.options}
              selected={boxIds}
              onChange={setBoxIds}
              onSearch={boxes.setQ}
              loading={boxes.loading}
              labelOf={ftthBoxName}
              emptyLabel={t('multi.nothingChosen')}
            />
          </FieldBox>
          <FieldBox id="maintenance-starts" label={t('maintenance.fields.startsAt')} hint={t('maintenance.form.timeHint')}>
            <input id="maintenance-starts" type="datetime-local" required value={startsAt} onChange={(e) => setStartsAt(e.target.value)} {...describedBy('maintenance-starts', undefined, true)} />
          </FieldBox>
          <FieldBox id="maintenance-ends" label={t('maintenance.fields.endsAt')}>
            <input id="maintenance-ends" type="datetime-local" required value={endsAt} min={startsAt || undefined} onChange={(e) => setEndsAt(e.target.value)} />
          </FieldBox>
          <FieldBox id="maintenance-margin" label={t('maintenance.fields.margin')} hint={t('maintenance.form.marginHint')}>
            <input id="maintenance-margin" type="number" className="input-short" min={0} max={1440} required value={margin} onChange={(e) => setMargin(e.target.value)} {...describedBy('maintenance-margin', undefined, true)} />
          </FieldBox>
        </div>
        <fieldset>
          <legend>{t('maintenance.fields.reminders')}</legend>
          <p className="hint">{t('maintenance.form.remindersHint')}</p>
          {REMINDER_PRESETS.map((at) => (
            <div key={at} className="check-line">
              <input id={`maintenance-reminder-${at}`} type="checkbox" checked={reminders.includes(at)} onChange={(e) => setReminders(toggle(reminders, at, e.target.checked))} />
              <label htmlFor={`maintenance-reminder-${at}`}>{t(reminderLabelKey(at), { count: reminderCount(at) })}</label>
            </div>
          ))}
        </fieldset>
        <div className="incident-phase-grid">
          {(['notice', 'end', 'cancel'] as const).map((phase) => (
            <fieldset key={phase}>
              <legend>{t(`maintenance.phases.${phase}`)}</legend>
              <p className="hint">{t(`maintenance.form.${phase}Hint`)}</p>
              {offered[phase].length === 0 && <p className="muted small">{t('maintenance.form.noMessages')}</p>}
              {offered[phase].map((m) => (
                <div key={m.id} className="check-line">
                  <input
                    id={`maintenance-${phase}-${m.id}`}
                    type="checkbox"
                    checked={chosen[phase].includes(m.id)}
                    onChange={(e) => setChosen({ ...chosen, [phase]: toggle(chosen[phase], m.id, e.target.checked) })}
                  />
                  <label htmlFor={`maintenance-${phase}-${m.id}`}>
                    {m.description} <span className="muted small">({t(`integrations.channels.${m.channel}`)})</span>
                  </label>
                </div>
              ))}
            </fieldset>
          ))}
        </div>
        <div className="form-actions">
          <button type="submit" className="button-primary">
            {t('maintenance.form.submit')}
          </button>
        </div>
      </fieldset>
    </CheckedForm>
  );
}
