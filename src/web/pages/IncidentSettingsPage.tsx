/**
 * Configurações › Incidentes: for each element kind (concentrador, POP, caixa FTTH), when a drop is an incident
 * (share, count, window, hold-down), whether it confirms itself, when it is normalizado and encerrado, and the
 * messages of its início, atualização and normalizado. Everyone reads; admins change it (audited).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { elementKinds, incidentPhases } from '../../shared/vocabulary.js';
import { SuccessAlert } from '../components/Alert.js';
import { CheckedForm } from '../components/CheckedForm.js';
import { FieldBox, SaveOrReadOnly, ServerAlert } from '../components/formBits.js';
import { PageHeader } from '../components/PageHeader.js';
import { QueryState } from '../components/QueryState.js';
import { Tabs } from '../components/Tabs.js';
import { incidentKeys, incidentsApi } from '../incidents/api.js';
import type { IncidentMessages, IncidentRule, IncidentSettings } from '../incidents/types.js';
import { canSee } from '../menu.js';
import { messagesApi } from '../messages/api.js';
import { useSession } from '../session.js';

type Draft = Record<'minShare' | 'minCount' | 'window' | 'holdDown' | 'autoConfirm' | 'restoreShare' | 'restore' | 'closeAfter', string> & { auto: boolean };

const minutes = (seconds: number) => String(Math.round((seconds / 60) * 10) / 10);
const toSeconds = (text: string) => Math.round(Number(text) * 60);

function draftOf(rule: IncidentRule): Draft {
  return {
    minShare: String(rule.minShare),
    minCount: String(rule.minCount),
    window: minutes(rule.windowSeconds),
    holdDown: minutes(rule.holdDownSeconds),
    auto: rule.autoConfirmSeconds !== null,
    autoConfirm: minutes(rule.autoConfirmSeconds ?? 300),
    restoreShare: String(rule.restoreShare),
    restore: minutes(rule.restoreSeconds),
    closeAfter: minutes(rule.closeAfterSeconds),
  };
}

export function IncidentSettingsPage() {
  const { t } = useTranslation();
  const settings = useQuery({ queryKey: incidentKeys.settings, queryFn: incidentsApi.settings });
  return (
    <>
      <PageHeader title={t('incidents.settings.title')} intro={t('incidents.settings.intro')} />
      <QueryState query={settings}>
        {(data) => (
          <Tabs
            label={t('incidents.settings.kinds')}
            tabs={elementKinds.map((kind) => ({
              id: `incident-kind-${kind}`,
              label: t(`incidents.kinds.${kind}`),
              panel: <KindForm key={`${kind}-${JSON.stringify(data)}`} kind={kind} settings={data} />,
            }))}
          />
        )}
      </QueryState>
    </>
  );
}

function KindForm({ kind, settings }: { kind: IncidentRule['kind']; settings: IncidentSettings }) {
  const { t } = useTranslation();
  const session = useSession();
  const canEdit = !!session && canSee(session.user.role, 'admin');
  const queryClient = useQueryClient();
  const rule = settings.rules.find((r) => r.kind === kind)!;
  const [draft, setDraft] = useState<Draft>(() => draftOf(rule));
  const [chosen, setChosen] = useState<IncidentMessages>(settings.messages[kind]);
  const [saved, setSaved] = useState(false);
  const messages = useQuery({ queryKey: ['messages', 'all'], queryFn: () => messagesApi.list() });
  const save = useMutation({
    mutationFn: () =>
      incidentsApi.saveSettings(
        kind,
        {
          minShare: Number(draft.minShare),
          minCount: Number(draft.minCount),
          windowSeconds: toSeconds(draft.window),
          holdDownSeconds: toSeconds(draft.holdDown),
          autoConfirmSeconds: draft.auto ? toSeconds(draft.autoConfirm) : null,
          restoreShare: Number(draft.restoreShare),
          restoreSeconds: toSeconds(draft.restore),
          closeAfterSeconds: toSeconds(draft.closeAfter),
        },
        chosen,
      ),
    onSuccess: async () => {
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: incidentKeys.settings });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate();
  };
  const id = (field: string) => `incident-${kind}-${field}`;
  const number = (field: keyof Omit<Draft, 'auto'>, min: number, max: number, step = 1) => (
    <FieldBox id={id(field)} label={t(`incidents.settings.fields.${field}`)}>
      <input
        id={id(field)}
        type="number"
        required
        min={min}
        max={max}
        step={step}
        className="input-short"
        value={draft[field]}
        onChange={(e) => setDraft({ ...draft, [field]: e.target.value })}
      />
    </FieldBox>
  );
  const toggle = (phase: (typeof incidentPhases)[number], messageId: number, on: boolean) =>
    setChosen({ ...chosen, [phase]: on ? [...chosen[phase], messageId] : chosen[phase].filter((m) => m !== messageId) });

  return (
    <CheckedForm className="panel incident-settings" onSubmit={submit}>
      <SuccessAlert message={saved ? t('incidents.settings.saved') : null} onClose={() => setSaved(false)} />
      <ServerAlert error={save.error} />
      <fieldset className="plain" disabled={!canEdit || save.isPending}>
        <h2>{t('incidents.settings.detection')}</h2>
        <p className="hint">{t('incidents.settings.detectionHint')}</p>
        <div className="form-grid">
          {number('minShare', 1, 100)}
          {number('minCount', 1, 1_000_000)}
          {number('window', 0.5, 1_440, 0.5)}
          {number('holdDown', 0, 1_440, 0.5)}
        </div>
        <h2>{t('incidents.settings.lifecycle')}</h2>
        <div className="form-grid">
          <FieldBox id={id('auto')} label={t('incidents.settings.fields.auto')} inline>
            <input id={id('auto')} type="checkbox" checked={draft.auto} onChange={(e) => setDraft({ ...draft, auto: e.target.checked })} />
          </FieldBox>
          {draft.auto && number('autoConfirm', 0, 1_440, 0.5)}
          {number('restoreShare', 1, 100)}
          {number('restore', 0, 1_440, 0.5)}
          {number('closeAfter', 0, 10_080, 0.5)}
        </div>
        <h2>{t('incidents.settings.messages')}</h2>
        <p className="hint">{t('incidents.settings.messagesHint')}</p>
        <QueryState query={messages}>
          {(list) => (
            <div className="incident-phase-grid">
              {incidentPhases.map((phase) => (
                <fieldset key={phase}>
                  <legend>{t(`incidents.phases.${phase}`)}</legend>
                  {list.filter((m) => m.active).length === 0 && <p className="muted small">{t('incidents.settings.noMessages')}</p>}
                  {list
                    .filter((m) => m.active)
                    .map((m) => (
                      <div key={m.id} className="check-line">
                        <input
                          id={id(`${phase}-${m.id}`)}
                          type="checkbox"
                          checked={chosen[phase].includes(m.id)}
                          onChange={(e) => toggle(phase, m.id, e.target.checked)}
                        />
                        <label htmlFor={id(`${phase}-${m.id}`)}>
                          {m.description} <span className="muted small">({t(`integrations.channels.${m.channel}`)})</span>
                        </label>
                      </div>
                    ))}
                </fieldset>
              ))}
            </div>
          )}
        </QueryState>
        <SaveOrReadOnly canEdit={canEdit} saving={save.isPending} readOnly={t('incidents.settings.readOnly')} />
      </fieldset>
    </CheckedForm>
  );
}
