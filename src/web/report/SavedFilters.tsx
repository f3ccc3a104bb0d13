/**
 * Filtros salvos: pick one to load it (everyone), save the form under a name or delete one (operator+). Saving
 * under a name already taken (409) offers to replace that filter instead.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type SyntheticEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.js';
import { ErrorAlert } from '../components/Alert.js';
import { readFilter } from './filter.js';
import { reportApi, reportKeys } from './reportApi.js';
import type { ReportFilter, SavedFilter } from './types.js';

interface Props {
  canEdit: boolean;
  /** The form's filter if it is valid (otherwise the form marks its errors and this returns undefined). */
  current: () => ReportFilter | undefined;
  onLoad: (filter: ReportFilter) => void;
}

type Mode = { kind: 'idle' } | { kind: 'naming' } | { kind: 'confirmDelete'; saved: SavedFilter };

export function SavedFilters({ canEdit, current, onLoad }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: reportKeys.savedFilters, queryFn: reportApi.savedFilters });
  const [selectedId, setSelectedId] = useState('');
  const [mode, setMode] = useState<Mode>({ kind: 'idle' });
  const [name, setName] = useState('');
  const [flash, setFlash] = useState<string | null>(null);
  const selected = list.data?.find((s) => String(s.id) === selectedId);

  const done = async (message: string, keep?: SavedFilter) => {
    await queryClient.invalidateQueries({ queryKey: reportKeys.savedFilters });
    setSelectedId(keep ? String(keep.id) : '');
    setMode({ kind: 'idle' });
    setFlash(message);
  };
  const save = useMutation({
    mutationFn: (input: { name: string; filter: ReportFilter; replace?: SavedFilter }) =>
      input.replace
        ? reportApi.replaceFilter(input.replace.id, input.filter)
        : reportApi.saveFilter(input.name, input.filter),
    onSuccess: (saved, input) =>
      done(t(input.replace ? 'report.saved.replaced' : 'report.saved.saved', { name: saved.name }), saved),
  });
  const remove = useMutation({
    mutationFn: (saved: SavedFilter) => reportApi.deleteFilter(saved.id),
    onSuccess: (_, saved) => done(t('report.saved.deleted', { name: saved.name })),
  });

  const conflict = save.error instanceof ApiError && save.error.code === 'CONFLICT';
  const sameName = (saved: SavedFilter) => saved.name.trim().toLowerCase() === name.trim().toLowerCase();
  const taken = conflict ? list.data?.find(sameName) : undefined;

  const submitName = (event: SyntheticEvent) => {
    event.preventDefault();
    event.stopPropagation(); // the outer filter form must not submit
    const filter = current();
    if (filter && name.trim()) save.mutate({ name: name.trim(), filter });
  };

  const load = () => {
    if (!selected) return;
    setFlash(t('report.saved.loaded', { name: selected.name }));
    onLoad(readFilter(selected.filter));
  };

  return (
    <div className="saved-filters">
      {mode.kind === 'naming' ? (
        // A nested <form> is invalid HTML; this group submits itself on Enter instead.
        <div className="saved-row" role="group" aria-label={t('report.saved.saveCurrent')}>
          <label htmlFor="rf-saved-name" className="visually-hidden">
            {t('report.saved.name')}
          </label>
          <input
            id="rf-saved-name"
            value={name}
            maxLength={100}
            placeholder={t('report.saved.name')}
            autoFocus
            onChange={(e) => {
              setName(e.target.value);
              save.reset();
            }}
            onKeyDown={(e) => e.key === 'Enter' && submitName(e)}
          />
          <button
            type="button"
            className="button-primary"
            disabled={!name.trim() || save.isPending}
            onClick={submitName}
          >
            {save.isPending ? t('common.saving') : t('common.save')}
          </button>
          <button
            type="button"
            onClick={() => {
              save.reset();
              setMode({ kind: 'idle' });
            }}
          >
            {t('common.cancel')}
          </button>
        </div>
      ) : (
        <div className="saved-row">
          <label htmlFor="rf-saved">{t('report.saved.label')}</label>
          <select
            id="rf-saved"
            value={selectedId}
            onChange={(e) => {
              setSelectedId(e.target.value);
              setMode({ kind: 'idle' });
            }}
            disabled={!list.data?.length}>
            <option value="">{list.data?.length ? t('report.saved.choose') : t('report.saved.none')}</option>
            {list.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
          <button type="button" disabled={!selected} onClick={load}>
            {t('report.saved.load')}
          </button>
          {canEdit &&
            (mode.kind === 'confirmDelete' && mode.saved === selected ? (
              <button type="button" className="button-danger" onClick={() => remove.mutate(mode.saved)}>
                {t('report.saved.confirmDelete')}
              </button>
            ) : (
              <button
                type="button"
                disabled={!selected}
                onClick={() => selected && setMode({ kind: 'confirmDelete', saved: selected })}
              >
                {t('report.saved.delete')}
              </button>
            ))}
          {canEdit && (
            <button
              type="button"
              onClick={() => {
                setFlash(null);
                setName(selected?.name ?? '');
                save.reset();
                setMode({ kind: 'naming' });
              }}
            >
              {t('report.saved.saveCurrent')}
            </button>
          )}
        </div>
      )}
      {conflict ? (
        <div className="alert alert-error" role="alert">
          <span>{t('report.saved.conflict', { name: name.trim() })}</span>
          {taken && (
            <button
              type="button"
              className="button-small"
              onClick={() => {
                const filter = current();
                if (filter) save.mutate({ name: taken.name, filter, replace: taken });
              }}
            >
              {t('report.saved.replace')}
            </button>
          )}
        </div>
      ) : (
        <ErrorAlert error={save.error ?? remove.error ?? list.error} />
      )}
      {flash && (
        <p className="saved-flash" role="status">
          {flash}
        </p>
      )}
    </div>
  );
}
