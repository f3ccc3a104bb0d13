/**
 * One incident: what failed and since when, the live counts (afetados, ainda offline, voltaram, avisados,
 * normalizados enviados), the previsão and note, links to its logins in the Relatório de status logins, the
 * operators' actions for its state, and its timeline.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, SuccessAlert } from '../components/Alert.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { DEFAULT_PAGE_SIZE } from '../components/paging.js';
import { formatDateTime, formatNumber } from '../format.js';
import { searchOf } from '../report/search.js';
import { DEFAULT_SORT } from '../report/types.js';
import { type EtaBody, incidentKeys, incidentsApi } from './api.js';
import { EtaForm } from './EtaForm.js';
import { IncidentStateBadge } from './IncidentList.js';
import { MergeControl } from './MergeControl.js';
import { Timeline } from './Timeline.js';
import type { Incident } from './types.js';

type Action = { kind: 'confirm'; body: EtaBody } | { kind: 'update'; body: EtaBody & { notify: boolean } } | { kind: 'discard' | 'restore' | 'close' };

const reportLink = (id: number, audience: 'affected' | 'offline' | 'back') =>
  searchOf({ filter: { incident: { id, audience } }, sort: DEFAULT_SORT, page: 1, pageSize: DEFAULT_PAGE_SIZE });

export function IncidentDetail({ incident, canOperate, onMerged }: { incident: Incident; canOperate: boolean; onMerged: (into: number) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const queryClient = useQueryClient();
  const [flash, setFlash] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: async (action: Action) => {
      switch (action.kind) {
        case 'confirm':
          return (await incidentsApi.confirm(incident.id, action.body)).enqueued;
        case 'update':
          return (await incidentsApi.update(incident.id, action.body)).enqueued;
        default:
          await incidentsApi[action.kind](incident.id);
          return null;
      }
    },
    onSuccess: async (enqueued, action) => {
      await queryClient.invalidateQueries({ queryKey: incidentKeys.all });
      const n = formatNumber(enqueued ?? 0, lang);
      setFlash(t(`incidents.done.${action.kind}`, { count: enqueued ?? 0, n }));
    },
  });
  const { counts } = incident;
  const when = (iso: string | null) => (iso ? formatDateTime(iso, lang) : '—');
  const open = ['suspected', 'confirmed', 'restored'].includes(incident.state);

  return (
    <>
      <section className="panel incident-detail" aria-labelledby="incident-title">
        <div className="results-toolbar">
          <h2 id="incident-title">
            {incident.protocol} — {t(`incidents.kinds.${incident.kind}`)} {incident.elementName}
          </h2>
          <IncidentStateBadge state={incident.state} />
        </div>
        <SuccessAlert message={flash} onClose={() => setFlash(null)} />
        <ErrorAlert error={act.error} />
        <dl className="incident-counts">
          {(['affected', 'stillOffline', 'back', 'notified', 'restoredNotices'] as const).map((key) => (
            <div key={key}>
              <dt>{t(`incidents.counts.${key}`)}</dt>
              <dd>{formatNumber(key === 'back' ? counts.back : counts[key], lang)}</dd>
            </div>
          ))}
        </dl>
        <dl className="facts incident-facts">
          <dt>{t('incidents.fields.cause')}</dt>
          <dd>{t(`incidents.causes.${incident.cause}`)}</dd>
          <dt>{t('incidents.fields.startedAt')}</dt>
          <dd>{when(incident.startedAt)}</dd>
          <dt>{t('incidents.fields.detectedAt')}</dt>
          <dd>{when(incident.detectedAt)}</dd>
          <dt>{t('incidents.fields.confirmedAt')}</dt>
          <dd>{incident.confirmedAt ? `${when(incident.confirmedAt)} (${incident.confirmedBy === 'avisa' ? t('incidents.timeline.automatic') : incident.confirmedBy})` : '—'}</dd>
          <dt>{t('incidents.fields.firstNoticeAt')}</dt>
          <dd>{when(incident.firstNoticeAt)}</dd>
          <dt>{t('incidents.fields.restoredAt')}</dt>
          <dd>{when(incident.restoredAt)}</dd>
          <dt>{t('incidents.fields.closedAt')}</dt>
          <dd>{incident.closedAt ? `${when(incident.closedAt)} (${incident.closedBy === 'avisa' ? t('incidents.timeline.automatic') : incident.closedBy})` : '—'}</dd>
          <dt>{t('incidents.fields.eta')}</dt>
          <dd>{incident.eta ? when(incident.eta) : t('incidents.noEta')}</dd>
          <dt>{t('incidents.fields.note')}</dt>
          <dd>{incident.note ?? '—'}</dd>
        </dl>
        <p className="incident-links">
          {t('incidents.logins')}:{' '}
          <Link to="/relatorios/status-logins" search={reportLink(incident.id, 'affected')}>
            {t('incidents.audiences.affected')}
          </Link>
          {' · '}
          <Link to="/relatorios/status-logins" search={reportLink(incident.id, 'offline')}>
            {t('incidents.audiences.offline')}
          </Link>
          {' · '}
          <Link to="/relatorios/status-logins" search={reportLink(incident.id, 'back')}>
            {t('incidents.audiences.back')}
          </Link>
        </p>
        {incident.parentId !== null && <p className="muted">{t('incidents.partOf', { id: incident.parentId })}</p>}

        {canOperate && open && (
          <div className="incident-actions">
            {incident.state === 'suspected' && (
              <>
                <h3>{t('incidents.actions.confirmTitle')}</h3>
                <p className="hint">{t('incidents.actions.confirmHint')}</p>
                <EtaForm
                  id="incident-confirm"
                  eta={incident.eta}
                  note={incident.note}
                  submitLabel={t('incidents.actions.confirm')}
                  busy={act.isPending}
                  onSubmit={({ eta, note }) => act.mutate({ kind: 'confirm', body: { eta: eta ?? null, ...(note ? { note } : {}) } })}
                />
              </>
            )}
            {incident.state === 'confirmed' && (
              <>
                <h3>{t('incidents.actions.updateTitle')}</h3>
                <EtaForm
                  id="incident-update"
                  eta={incident.eta}
                  note={incident.note}
                  withNotify
                  submitLabel={t('incidents.actions.update')}
                  busy={act.isPending}
                  onSubmit={(body) => act.mutate({ kind: 'update', body })}
                />
              </>
            )}
            <div className="form-actions">
              {incident.state !== 'restored' && (
                <ConfirmButton label={t('incidents.actions.restore')} confirmLabel={t('incidents.actions.restoreConfirm')} busy={act.isPending} onConfirm={() => act.mutate({ kind: 'restore' })} />
              )}
              <ConfirmButton label={t('incidents.actions.close')} confirmLabel={t('incidents.actions.closeConfirm')} busy={act.isPending} onConfirm={() => act.mutate({ kind: 'close' })} />
              {incident.state !== 'restored' && (
                <ConfirmButton label={t('incidents.actions.discard')} confirmLabel={t('incidents.actions.discardConfirm')} busy={act.isPending} onConfirm={() => act.mutate({ kind: 'discard' })} />
              )}
            </div>
            <MergeControl incident={incident} onMerged={onMerged} />
          </div>
        )}
      </section>
      <Timeline id={incident.id} />
    </>
  );
}
