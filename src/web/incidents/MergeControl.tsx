/**
 * Mesclar: an open incident joins another open one (two boxes of the same cable, a box under a NAS that failed
 * later): its affected logins join that one, and its notices count as that one's.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/Alert.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { incidentKeys, incidentsApi } from './api.js';
import type { Incident } from './types.js';

export function MergeControl({ incident, onMerged }: { incident: Incident; onMerged: (into: number) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const open = useQuery({ queryKey: [...incidentKeys.open, 'merge'], queryFn: () => incidentsApi.list({ open: 'true', page: 1, pageSize: 200 }) });
  const others = (open.data?.incidents ?? []).filter((i) => i.id !== incident.id);
  const [into, setInto] = useState('');
  const merge = useMutation({
    mutationFn: (target: number) => incidentsApi.merge(incident.id, target),
    onSuccess: async (_, target) => {
      await queryClient.invalidateQueries({ queryKey: incidentKeys.all });
      onMerged(target);
    },
  });
  if (others.length === 0) return null;
  return (
    <div className="incident-merge">
      <label htmlFor={`incident-merge-${incident.id}`}>{t('incidents.actions.mergeInto')}</label>{' '}
      <select id={`incident-merge-${incident.id}`} value={into} onChange={(e) => setInto(e.target.value)}>
        <option value="">—</option>
        {others.map((i) => (
          <option key={i.id} value={i.id}>
            {i.protocol} — {t(`incidents.kinds.${i.kind}`)} {i.elementName}
          </option>
        ))}
      </select>{' '}
      {into !== '' && (
        <ConfirmButton label={t('incidents.actions.merge')} confirmLabel={t('incidents.actions.mergeConfirm')} busy={merge.isPending} onConfirm={() => merge.mutate(Number(into))} />
      )}
      <ErrorAlert error={merge.error} />
    </div>
  );
}
