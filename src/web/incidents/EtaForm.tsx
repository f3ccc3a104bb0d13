/**
 * Previsão de retorno and a public note, for Confirmar (the início carries them) and Atualizar previsão (the
 * atualização goes to those told, when "avisar" is on). The time is the installation's wall clock.
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckedForm } from '../components/CheckedForm.js';
import { describedBy, FieldBox } from '../components/formBits.js';
import { isoToLocalInput, localInputToIso } from '../report/zonedTime.js';
import type { EtaBody } from './api.js';

interface Props {
  id: string;
  eta: string | null;
  note: string | null;
  submitLabel: string;
  busy: boolean;
  /** Offer "avisar os afetados" (Atualizar previsão). */
  withNotify?: boolean;
  onSubmit: (body: EtaBody & { notify: boolean }) => void;
}

export function EtaForm({ id, eta, note, submitLabel, busy, withNotify, onSubmit }: Props) {
  const { t } = useTranslation();
  const [when, setWhen] = useState(eta ? isoToLocalInput(eta) : '');
  const [text, setText] = useState(note ?? '');
  const [notify, setNotify] = useState(true);
  const [whenError, setWhenError] = useState<string | undefined>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const iso = when.trim() === '' ? null : localInputToIso(when);
    if (iso === undefined) {
      setWhenError(t('validation.invalid'));
      return;
    }
    setWhenError(undefined);
    onSubmit({ eta: iso, note: text.trim(), notify });
  };
  return (
    <CheckedForm className="incident-eta-form" onSubmit={submit}>
      <fieldset className="plain" disabled={busy}>
        <div className="form-grid">
          <FieldBox id={`${id}-eta`} label={t('incidents.fields.eta')} hint={t('incidents.etaHint')} error={whenError}>
            <input
              id={`${id}-eta`}
              type="datetime-local"
              value={when}
              onChange={(e) => setWhen(e.target.value)}
              {...describedBy(`${id}-eta`, whenError, true)}
            />
          </FieldBox>
          <FieldBox id={`${id}-note`} label={t('incidents.fields.note')} hint={t('incidents.noteHint')}>
            <input id={`${id}-note`} value={text} maxLength={500} onChange={(e) => setText(e.target.value)} {...describedBy(`${id}-note`, undefined, true)} />
          </FieldBox>
          {withNotify && (
            <FieldBox id={`${id}-notify`} label={t('incidents.notify')} inline>
              <input id={`${id}-notify`} type="checkbox" checked={notify} onChange={(e) => setNotify(e.target.checked)} />
            </FieldBox>
          )}
        </div>
        <div className="form-actions">
          <button type="submit" className="button-primary">
            {submitLabel}
          </button>
        </div>
      </fieldset>
    </CheckedForm>
  );
}
