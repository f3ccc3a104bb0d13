/**
 * The Incidente tab of the Relatório de status logins: open an incident by hand around the applied filter — its
 * offline logins become the affected ones, it opens confirmed, and (Avisar) the início of the chosen element kind's
 * messages goes at once. From there it lives on the Incidentes page like any other.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ElementKind, elementKinds } from '../../shared/vocabulary.js';
import { SuccessAlert } from '../components/Alert.js';
import { CheckedForm } from '../components/CheckedForm.js';
import { describedBy, FieldBox, ServerAlert } from '../components/formBits.js';
import { formatNumber } from '../format.js';
import { canSee } from '../menu.js';
import type { ReportFilter, ReportSummary } from '../report/types.js';
import { isoToLocalInput, localInputToIso } from '../report/zonedTime.js';
import { useSession } from '../session.js';
import { incidentKeys, incidentsApi } from './api.js';

interface Props {
  /** The applied filter; null before Filtrar. */
  filter: ReportFilter | null;
  summary: ReportSummary | undefined;
}

export function OpenIncidentTab({ filter, summary }: Props) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const canOpen = !!session && canSee(session.user.role, 'operator');
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<ElementKind>('box');
  const [eta, setEta] = useState('');
  const [note, setNote] = useState('');
  const [notify, setNotify] = useState(true);
  const [etaError, setEtaError] = useState<string | undefined>();
  const open = useMutation({
    mutationFn: (body: Parameters<typeof incidentsApi.create>[0]) => incidentsApi.create(body),
    onSuccess: async () => {
      // a second click would open a second incident over the same logins: the form starts over
      setTitle('');
      setEta('');
      setNote('');
      await queryClient.invalidateQueries({ queryKey: incidentKeys.all });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!filter) return;
    const iso = eta.trim() === '' ? null : localInputToIso(eta);
    if (iso === undefined) {
      setEtaError(t('validation.invalid'));
      return;
    }
    setEtaError(undefined);
    open.mutate({ title: title.trim(), kind, filter, eta: iso, ...(note.trim() ? { note: note.trim() } : {}), notify });
  };
  const n = (value: number) => formatNumber(value, i18n.language);
  const done = open.data;

  return (
    <section className="crm-send" aria-labelledby="open-incident-h">
      <h2 id="open-incident-h">{t('incidents.open.heading')}</h2>
      <p className="hint">{t('incidents.open.hint')}</p>
      {!filter && <p className="muted">{t('incidents.open.filterFirst')}</p>}
      {filter && summary && <p>{t('incidents.open.offline', { count: summary.offline, n: n(summary.offline) })}</p>}
      {done && (
        <SuccessAlert
          message={
            <>
              {t('incidents.open.done', { protocol: done.incident.protocol, affected: n(done.affected), enqueued: n(done.enqueued) })}{' '}
              <Link to="/incidentes" search={{ id: done.incident.id }}>
                {t('incidents.open.see')}
              </Link>
            </>
          }
          onClose={() => open.reset()}
        />
      )}
      <ServerAlert error={open.error} />
      {canOpen ? (
        <CheckedForm onSubmit={submit}>
          <fieldset className="plain" disabled={!filter || open.isPending || summary?.offline === 0}>
            <div className="form-grid">
              <FieldBox id="open-incident-title" label={t('incidents.open.title')} hint={t('incidents.open.titleHint')}>
                <input id="open-incident-title" required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} {...describedBy('open-incident-title', undefined, true)} />
              </FieldBox>
              <FieldBox id="open-incident-kind" label={t('incidents.open.kind')} hint={t('incidents.open.kindHint')}>
                <select id="open-incident-kind" value={kind} onChange={(e) => setKind(e.target.value as ElementKind)} {...describedBy('open-incident-kind', undefined, true)}>
                  {elementKinds.map((k) => (
                    <option key={k} value={k}>
                      {t(`incidents.kinds.${k}`)}
                    </option>
                  ))}
                </select>
              </FieldBox>
              <FieldBox id="open-incident-eta" label={t('incidents.fields.eta')} hint={t('incidents.etaHint')} error={etaError}>
                <input id="open-incident-eta" type="datetime-local" value={eta} min={isoToLocalInput(new Date().toISOString())} onChange={(e) => setEta(e.target.value)} {...describedBy('open-incident-eta', etaError, true)} />
              </FieldBox>
              <FieldBox id="open-incident-note" label={t('incidents.fields.note')} hint={t('incidents.noteHint')}>
                <input id="open-incident-note" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} {...describedBy('open-incident-note', undefined, true)} />
              </FieldBox>
              <FieldBox id="open-incident-notify" label={t('incidents.open.notify')} inline>
                <input id="open-incident-notify" type="checkbox" checked={notify} onChange={(e) => setNotify(e.target.checked)} />
              </FieldBox>
            </div>
            <div className="form-actions">
              <button type="submit" className="button-primary">
                {t('incidents.open.submit')}
              </button>
            </div>
          </fieldset>
        </CheckedForm>
      ) : (
        <p className="muted">{t('incidents.open.readOnly')}</p>
      )}
    </section>
  );
}
