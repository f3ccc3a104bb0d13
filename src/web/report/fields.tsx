/**
 * The building blocks of the filter form, all bound to the same Draft: a label, the control, and the error
 * under it — the form's own check first, else the server's 400 message when it names this field.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { MultiSelect, type Option } from '../components/MultiSelect.js';
import type { Draft, DraftErrors, DraftField, Tri } from './draft.js';
import { MAX_TEXT } from './filter.js';

export interface FormBinding {
  draft: Draft;
  set: <K extends keyof Draft>(key: K, value: Draft[K]) => void;
  errors: DraftErrors;
  /** What to say under the one field a VALIDATION error of the server names, in the reader's language. */
  server?: { field: DraftField; message: string };
}

export const inputId = (name: string) => `rf-${name}`;

function useFieldError(form: FormBinding, name: DraftField): string | undefined {
  const { t } = useTranslation();
  const own = form.errors[name];
  if (own) return t(`report.errors.${own}`);
  return form.server?.field === name ? form.server.message : undefined;
}

/** aria attributes tying a control to its error. */
function describe(name: string, error: string | undefined) {
  return error ? { 'aria-invalid': true as const, 'aria-describedby': `${inputId(name)}-error` } : {};
}

interface FieldProps {
  form: FormBinding;
  name: DraftField;
  label: string;
  /** Wider cell in the form grid. */
  wide?: boolean;
}

function FieldFrame({ name, label, wide, error, labelled = true, children }: Omit<FieldProps, 'form'> & {
  error: string | undefined;
  labelled?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={wide ? 'field field-wide' : 'field'}>
      {labelled ? (
        <label htmlFor={inputId(name)} id={`${inputId(name)}-label`}>
          {label}
        </label>
      ) : (
        <span className="field-label" id={`${inputId(name)}-label`}>
          {label}
        </span>
      )}
      {children}
      {error && (
        <small id={`${inputId(name)}-error`} className="field-error">
          {error}
        </small>
      )}
    </div>
  );
}

type TextName = 'clientId' | 'clientName' | 'cpfCnpj' | 'neighbourhood' | 'ftthPort' | 'ipContains' | 'macContains';

export function TextFilter({ form, name, label, wide, placeholder, numeric }: FieldProps & {
  name: TextName;
  placeholder?: string;
  numeric?: boolean;
}) {
  const error = useFieldError(form, name);
  return (
    <FieldFrame name={name} label={label} wide={wide} error={error}>
      <input
        id={inputId(name)}
        value={form.draft[name]}
        maxLength={MAX_TEXT}
        inputMode={numeric ? 'numeric' : undefined}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => form.set(name, e.target.value)}
        {...describe(name, error)}
      />
    </FieldFrame>
  );
}

type TriName = { [K in keyof Draft]: Draft[K] extends Tri ? K : never }[keyof Draft];

export function TriFilter({ form, name, label }: FieldProps & { name: TriName }) {
  const { t } = useTranslation();
  const error = useFieldError(form, name);
  return (
    <FieldFrame name={name} label={label} error={error}>
      <select id={inputId(name)} value={form.draft[name]} onChange={(e) => form.set(name, e.target.value as Tri)}>
        <option value="">{t('report.tri.all')}</option>
        <option value="yes">{t('common.yes')}</option>
        <option value="no">{t('common.no')}</option>
      </select>
    </FieldFrame>
  );
}

type ListName = { [K in keyof Draft]: Draft[K] extends readonly (string | number)[] ? K : never }[keyof Draft];
type ItemOf<K extends ListName> = Draft[K][number];

interface MultiFilterProps<K extends ListName> extends FieldProps {
  name: K;
  options: Option<ItemOf<K>>[];
  searchable?: boolean;
  onSearch?: (q: string) => void;
  loading?: boolean;
  labelOf?: (value: ItemOf<K>) => string;
}

export function MultiFilter<K extends ListName>(props: MultiFilterProps<K>) {
  const { form, name, label, wide, options, searchable, onSearch, loading, labelOf } = props;
  const error = useFieldError(form, name);
  return (
    <FieldFrame name={name} label={label} wide={wide} error={error}>
      <MultiSelect<ItemOf<K>>
        id={inputId(name)}
        options={options}
        selected={form.draft[name] as ItemOf<K>[]}
        onChange={(next) => form.set(name, next as Draft[K])}
        searchable={searchable ?? options.length > 8}
        onSearch={onSearch}
        loading={loading}
        labelOf={labelOf}
        invalid={Boolean(error)}
        describedBy={error ? `${inputId(name)}-error` : undefined}
        labelId={`${inputId(name)}-label`}
      />
    </FieldFrame>
  );
}

/** Options for a list of codes, each labelled by `label` (from the catalog). */
export function codeOptions<T extends string>(codes: readonly T[], label: (code: T) => string): Option<T>[] {
  return codes.map((code) => ({ value: code, label: label(code) }));
}

/** Options from an id/name list of GET /api/report/options (empty while it loads). */
export function namedOptions(list: { id: number; name: string }[] | undefined): Option<number>[] {
  return (list ?? []).map((o) => ({ value: o.id, label: o.name }));
}

/** A few codes side by side as checkboxes (Status: Online, Offline, Sem status). */
export function CheckGroupFilter<K extends ListName>({ form, name, label, options }: FieldProps & {
  name: K;
  options: Option<ItemOf<K>>[];
}) {
  const error = useFieldError(form, name);
  const selected = form.draft[name] as ItemOf<K>[];
  const flip = (value: ItemOf<K>) =>
    form.set(name, (selected.includes(value) ? selected.filter((v) => v !== value) : [...selected, value]) as Draft[K]);
  return (
    <FieldFrame name={name} label={label} error={error} labelled={false}>
      <div className="check-group" role="group" aria-labelledby={`${inputId(name)}-label`} {...describe(name, error)}>
        {options.map((option) => (
          <label key={String(option.value)}>
            <input type="checkbox" checked={selected.includes(option.value)} onChange={() => flip(option.value)} />
            {option.label}
          </label>
        ))}
      </div>
    </FieldFrame>
  );
}

/** Login text with how to match it (contém / exato). */
export function LoginFilter({ form, label }: { form: FormBinding; label: string }) {
  const { t } = useTranslation();
  const error = useFieldError(form, 'login');
  return (
    <FieldFrame name="login" label={label} error={error}>
      <div className="range">
        <input
          id={inputId('login')}
          value={form.draft.login}
          maxLength={MAX_TEXT}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => form.set('login', e.target.value)}
          {...describe('login', error)}
        />
        <select
          aria-label={t('report.fields.loginMatch')}
          value={form.draft.loginMatch}
          onChange={(e) => form.set('loginMatch', e.target.value as Draft['loginMatch'])}
        >
          <option value="contains">{t('report.loginMatch.contains')}</option>
          <option value="exact">{t('report.loginMatch.exact')}</option>
        </select>
      </div>
    </FieldFrame>
  );
}

type DatePair = ['sessionEndedFrom', 'sessionEndedTo'] | ['sessionStartedFrom', 'sessionStartedTo'];

export function DateRangeFilter({ form, names, label }: { form: FormBinding; names: DatePair; label: string }) {
  const { t } = useTranslation();
  const [from, to] = names;
  const fromError = useFieldError(form, from);
  const toError = useFieldError(form, to);
  const error = fromError ?? toError;
  return (
    <FieldFrame name={from} label={label} error={error} labelled={false} wide>
      <div className="range" role="group" aria-labelledby={`${inputId(from)}-label`}>
        {names.map((name, i) => (
          <input
            key={name}
            id={inputId(name)}
            type="datetime-local"
            aria-label={`${label}: ${i === 0 ? t('report.range.from') : t('report.range.to')}`}
            value={form.draft[name]}
            onChange={(e) => form.set(name, e.target.value)}
            {...describe(from, i === 0 ? fromError : toError)}
          />
        ))}
      </div>
    </FieldFrame>
  );
}

/** "Offline há pelo menos" N minutes/hours/days. */
export function DurationFilter({ form, label }: { form: FormBinding; label: string }) {
  const { t } = useTranslation();
  const error = useFieldError(form, 'offlineForAtLeast');
  return (
    <FieldFrame name="offlineForAtLeast" label={label} error={error}>
      <div className="range">
        <input
          id={inputId('offlineForAtLeast')}
          inputMode="numeric"
          className="input-short"
          value={form.draft.offlineValue}
          autoComplete="off"
          onChange={(e) => form.set('offlineValue', e.target.value)}
          {...describe('offlineForAtLeast', error)}
        />
        <select
          aria-label={t('report.fields.offlineUnit')}
          value={form.draft.offlineUnit}
          onChange={(e) => form.set('offlineUnit', e.target.value as Draft['offlineUnit'])}
        >
          <option value="minutes">{t('report.units.minutes')}</option>
          <option value="hours">{t('report.units.hours')}</option>
          <option value="days">{t('report.units.days')}</option>
        </select>
      </div>
    </FieldFrame>
  );
}
