/** A labelled form control with an optional hint; `label htmlFor` ties them for assistive tech and tests. */
import type { ReactNode } from 'react';
import { useConstraintError } from './CheckedForm.js';

interface Props {
  id: string;
  label: string;
  hint?: string;
  children: ReactNode;
  inline?: boolean;
}

export function Field({ id, label, hint, children, inline }: Props) {
  const error = useConstraintError(id);
  return (
    <div className={inline ? 'field field-inline' : 'field'}>
      {inline && children}
      <label htmlFor={id}>{label}</label>
      {!inline && children}
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} className="field-error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

/** The trimmed text of a form field ('' when absent). */
export function textOf(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}
