/**
 * A compact multi-choice control for dense filter forms: a button that reads like a select ("Todos",
 * "NAS-Centro", "3 selecionados") and opens a checkbox list, with an optional search box. Chosen values stay
 * on top of the list. With `onSearch` the parent fetches matching options itself (long lists on the server).
 */
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface Option<T> {
  value: T;
  label: string;
}

interface Props<T extends string | number> {
  id: string;
  options: Option<T>[];
  selected: T[];
  onChange: (next: T[]) => void;
  searchable?: boolean;
  /** Server-side search: called with the typed text; `options` are then the matches. */
  onSearch?: (q: string) => void;
  loading?: boolean;
  /** Label of a chosen value that is not among `options` (e.g. not in the current search results). */
  labelOf?: (value: T) => string;
  invalid?: boolean;
  describedBy?: string;
  /** Id of the visible label: the button then reads "label, current choice" to assistive tech. */
  labelId?: string;
  /** What an empty choice reads as: "Todos" for a filter (no restriction), "Nenhum" where nothing chosen means none. */
  emptyLabel?: string;
}

/** Lower case without accents, so "sao" finds "São Paulo". */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

const MAX_SHOWN = 100;

export function MultiSelect<T extends string | number>(props: Props<T>) {
  const { id, options, selected, onChange, searchable, onSearch, loading, labelOf, emptyLabel } = props;
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const popId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const labels = new Map(options.map((o) => [o.value, o.label]));
  const nameOf = (value: T) => labels.get(value) ?? labelOf?.(value) ?? String(value);
  const chosen = selected.map((value) => ({ value, label: nameOf(value) }));
  const folded = foldText(query.trim());
  const matches = options.filter(
    (o) => !selected.includes(o.value) && (onSearch || !folded || foldText(o.label).includes(folded)),
  );
  const shown = matches.slice(0, MAX_SHOWN);

  const summary =
    chosen.length === 0
      ? (emptyLabel ?? t('multi.all'))
      : chosen.length <= 2
        ? chosen.map((c) => c.label).join(', ')
        : t('multi.selected', { count: chosen.length });

  const flip = (value: T) =>
    onChange(selected.includes(value) ? selected.filter((v) => v !== value) : [...selected, value]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open) {
      event.stopPropagation();
      setOpen(false);
      toggle.current?.focus();
    }
  };

  const search = (text: string) => {
    setQuery(text);
    onSearch?.(text.trim());
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape pressed anywhere inside (toggle, search, options) bubbles here and closes the list.
    <div
      className="multi"
      ref={root}
      onKeyDown={onKeyDown}
      onBlur={(e) => {
        if (open && !root.current?.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={toggle}
        id={id}
        type="button"
        className={chosen.length ? 'multi-toggle multi-toggle-set' : 'multi-toggle'}
        aria-expanded={open}
        aria-controls={popId}
        aria-invalid={props.invalid || undefined}
        aria-describedby={props.describedBy}
        aria-labelledby={props.labelId ? `${props.labelId} ${id}` : undefined}
        title={chosen.length > 2 ? chosen.map((c) => c.label).join(', ') : undefined}
        onClick={() => setOpen(!open)}
      >
        <span className="multi-summary">{summary}</span>
      </button>
      {open && (
        // tabIndex -1: a click on the list's padding keeps focus inside, so onBlur below does not close it.
        <div id={popId} className="multi-pop" role="group" tabIndex={-1}>
          {(searchable || onSearch) && (
            <input
              type="search"
              className="multi-search"
              aria-label={t('multi.search')}
              placeholder={t('multi.searchPlaceholder')}
              value={query}
              autoFocus
              onChange={(e) => search(e.target.value)}
              // Enter here must not submit the filter form around the list.
              onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
            />
          )}
          <ul className="multi-list">
            {[...chosen, ...shown].map((option) => (
              <li key={String(option.value)}>
                <label>
                  <input
                    type="checkbox"
                    checked={selected.includes(option.value)}
                    onChange={() => flip(option.value)}
                  />
                  <span>{option.label}</span>
                </label>
              </li>
            ))}
          </ul>
          <p className="multi-note muted small" role="status">
            {loading
              ? t('common.loading')
              : matches.length > shown.length
                ? t('multi.more', { shown: shown.length, count: matches.length })
                : chosen.length + shown.length === 0
                  ? t('multi.none')
                  : null}
          </p>
          {chosen.length > 0 && (
            <button type="button" className="link-button small" onClick={() => onChange([])}>
              {t('multi.clear')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
