/**
 * The Filtro tab: three collapsible sections like IXC's form, Filtrar / Limpar, and the saved filters. The form
 * edits a draft; Filtrar checks it and puts it in the URL, which is what the results follow. When the URL
 * changes (Back, a saved filter, a click in the summary) the draft follows it.
 */
import { CheckedForm } from '../components/CheckedForm.js';
import type { TFunction } from 'i18next';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.js';
import { ClientSection } from './ClientSection.js';
import {
  type ByName,
  countSet,
  type Draft,
  type DraftErrors,
  draftFromFilter,
  emptyDraft,
  fieldOfServerError,
  type SectionName,
  sectionOf,
  sections,
  type Scope,
  validateDraft,
} from './draft.js';
import { type FormBinding, inputId } from './fields.js';
import { filterKey } from './filter.js';
import { LoginSection } from './LoginSection.js';
import { SavedFilters } from './SavedFilters.js';
import { formatSort, type ReportView } from './search.js';
import { type NameKey, nameKeys, type ReportFilter, type ReportOptions, type ReportSort, sortColumns } from './types.js';

interface Props {
  view: ReportView;
  options: ReportOptions | undefined;
  /** The error of the last report request; a VALIDATION error is shown under the field it names. */
  serverError: unknown;
  canSave: boolean;
  onApply: (filter: ReportFilter, sort: ReportSort) => void;
  onClear: () => void;
}

type OpenSections = Record<SectionName, boolean>;

const closed: OpenSections = { client: false, login: false, sort: false };
/** Nothing applied yet: the form is the page. */
const unfiltered: OpenSections = { client: true, login: true, sort: false };

/**
 * The field a VALIDATION error of the server names, and what to say under it in the reader's language: the form's
 * own rule for that field when the value breaks it (a link carries values the form never checked), else that the
 * server refused the value. The server's words are under "Detalhe técnico" beside the results.
 */
function serverFieldError(t: TFunction, error: unknown, draft: Draft): FormBinding['server'] {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION') return undefined;
  const field = fieldOfServerError(error.field);
  if (!field) return undefined;
  const checked = validateDraft(draft);
  const own = 'errors' in checked ? checked.errors[field] : undefined;
  return { field, message: own ? t(`report.errors.${own}`) : t('report.errors.refused') };
}

export function FilterForm({ view, options, serverError, canSave, onApply, onClear }: Props) {
  const { t } = useTranslation();
  const applied = `${filterKey(view.filter ?? {})}|${formatSort(view.sort)}`;
  const [synced, setSynced] = useState(applied);
  const [draft, setDraft] = useState<Draft>(() => draftFromFilter(view.filter ?? {}, view.sort));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [open, setOpen] = useState<OpenSections>(view.filter ? closed : unfiltered);
  const server = serverFieldError(t, serverError, draft);
  const [shownError, setShownError] = useState<unknown>(null);

  // Follow the URL (React's "adjust state while rendering", no effect round-trip).
  if (synced !== applied) {
    setSynced(applied);
    setDraft(draftFromFilter(view.filter ?? {}, view.sort));
    setErrors({});
    if (!view.filter) setOpen(unfiltered);
  }
  // A field the server refused must be visible: open its section once per error.
  if (serverError !== shownError) {
    setShownError(serverError);
    if (server) setOpen((o) => ({ ...o, [sectionOf(server.field)]: true }));
  }

  const form: FormBinding = {
    draft,
    errors,
    server,
    set: (key, value) => {
      setDraft((d) => ({ ...d, [key]: value }));
      if (Object.keys(errors).length) setErrors({});
    },
  };

  /** The draft as a valid filter, or undefined after marking what is wrong. */
  const check = () => {
    const result = validateDraft(draft);
    if ('errors' in result) {
      setErrors(result.errors);
      // In screen order, so focus lands on the first wrong field from the top.
      const fields = [...sections.client, ...sections.login].filter((f) => result.errors[f]);
      setOpen((o) => ({ ...o, ...Object.fromEntries(fields.map((f) => [sectionOf(f), true])) }));
      requestAnimationFrame(() => document.getElementById(inputId(fields[0] ?? ''))?.focus());
      return undefined;
    }
    return result;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = check();
    if (!result) return;
    setOpen(closed);
    onApply(result.filter, result.sort);
  };

  const clear = () => {
    setDraft(emptyDraft(view.sort));
    setErrors({});
    setOpen(unfiltered);
    onClear();
  };

  const section = (name: SectionName, title: string, body: ReactNode) => (
    <Section
      name={name}
      title={title}
      count={countSet(draft, name)}
      open={open[name]}
      onToggle={(value) => setOpen((o) => ({ ...o, [name]: value }))}
    >
      {body}
    </Section>
  );

  return (
    <CheckedForm className="filter-form" onSubmit={submit} aria-label={t('report.tabs.filter')}>
      {section('client', t('report.sections.client'), <ClientSection form={form} options={options} />)}
      {section('login', t('report.sections.login'), <LoginSection form={form} options={options} />)}
      {section('sort', t('report.sections.sort'), <SortFields form={form} />)}
      <ByNameNote names={draft.names} onRemove={() => form.set('names', {})} />
      <ScopeNote scope={draft.scope} onRemove={() => form.set('scope', {})} />
      <div className="filter-actions">
        <button type="submit" className="button-primary">
          {t('report.actions.filter')}
        </button>
        <button type="button" onClick={clear}>
          {t('report.actions.clear')}
        </button>
        <SavedFilters
          canEdit={canSave}
          current={() => check()?.filter}
          onLoad={(filter) => onApply(filter, view.sort)}
        />
      </div>
    </CheckedForm>
  );
}

function Section(props: {
  name: SectionName;
  title: string;
  count: number;
  open: boolean;
  onToggle: (open: boolean) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <details
      className="filter-section"
      open={props.open}
      onToggle={(e) => {
        if (e.currentTarget.open !== props.open) props.onToggle(e.currentTarget.open);
      }}
    >
      <summary>
        <span className="filter-section-title">{props.title}</span>
        {props.count > 0 && <span className="count-badge">{t('report.sections.count', { count: props.count })}</span>}
      </summary>
      <div className="filter-section-body">{props.children}</div>
    </details>
  );
}

/** The names a filter saved through the API restricts by: shown, kept on Filtrar, removable. */
function ByNameNote({ names, onRemove }: { names: ByName; onRemove: () => void }) {
  const { t } = useTranslation();
  const parts = (Object.keys(nameKeys) as NameKey[]).flatMap((key) => {
    const list = names[key] ?? [];
    return list.length > 0 ? [`${t(`report.fields.${nameKeys[key]}`)}: ${list.join(', ')}`] : [];
  });
  if (parts.length === 0) return null;
  return (
    <p className="filter-by-name muted small" role="note">
      {t('report.byName.title')} {parts.join(' · ')}{' '}
      <button type="button" className="button-small" onClick={onRemove}>
        {t('report.byName.remove')}
      </button>
    </p>
  );
}

/** The incident or maintenance window the filter keeps to, shown so it is not a surprise and can be removed. */
function ScopeNote({ scope, onRemove }: { scope: Scope; onRemove: () => void }) {
  const { t } = useTranslation();
  const parts = [
    scope.incident ? t('report.scope.incident', { protocol: `INC-${String(scope.incident.id).padStart(6, '0')}`, audience: t(`report.codes.incidentAudience.${scope.incident.audience ?? 'affected'}`) }) : null,
    scope.maintenance ? t('report.scope.maintenance', { id: scope.maintenance.id }) : null,
  ].filter((p): p is string => p !== null);
  if (parts.length === 0) return null;
  return (
    <p className="filter-by-name muted small" role="note">
      {parts.join(' · ')}{' '}
      <button type="button" className="button-small" onClick={onRemove}>
        {t('report.scope.remove')}
      </button>
    </p>
  );
}

function SortFields({ form }: { form: FormBinding }) {
  const { t } = useTranslation();
  return (
    <div className="filter-grid">
      <div className="field">
        <label htmlFor={inputId('sort')}>{t('report.fields.sortColumn')}</label>
        <select
          id={inputId('sort')}
          value={form.draft.sortColumn}
          onChange={(e) => form.set('sortColumn', e.target.value as Draft['sortColumn'])}
        >
          {sortColumns.map((column) => (
            <option key={column} value={column}>
              {t(`report.columns.${column}`)}
            </option>
          ))}
        </select>
        {form.server?.field === 'sort' && <small className="field-error">{form.server.message}</small>}
      </div>
      <div className="field">
        <label htmlFor={inputId('sortDir')}>{t('report.fields.sortDir')}</label>
        <select
          id={inputId('sortDir')}
          value={form.draft.sortDir}
          onChange={(e) => form.set('sortDir', e.target.value as Draft['sortDir'])}
        >
          <option value="asc">{t('report.sortDir.asc')}</option>
          <option value="desc">{t('report.sortDir.desc')}</option>
        </select>
      </div>
    </div>
  );
}
