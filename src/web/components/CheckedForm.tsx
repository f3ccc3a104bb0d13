/**
 * Every form speaks the app's language when a field is wrong: a `<form noValidate>` whose submit first reads the
 * controls' constraints (required, type, min/max length and value, pattern) and shows the app's own message —
 * from the i18n catalogue, in the language chosen in Avisa — under the field (Field/FieldBox read it by id),
 * focusing the first; the browser's bubbles (in the browser's language) never appear. Forms that check their own
 * drafts keep doing so; this covers the controls' declared constraints.
 */
import { createContext, type FormEvent, type FormHTMLAttributes, type ReactNode, useContext, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const FieldErrors = createContext<Record<string, string>>({});

/** The app's message for a control's broken constraint, or null when it is valid. */
function constraintMessage(control: Control, t: TFunction): string | null {
  const v = control.validity;
  if (!control.willValidate || v.valid) return null;
  if (v.valueMissing) {
    if (control instanceof HTMLSelectElement) return t('validation.choose');
    return control.type === 'file' ? t('validation.file') : t('validation.required');
  }
  if (v.typeMismatch && control.type === 'email') return t('validation.email');
  if (v.typeMismatch && control.type === 'url') return t('validation.url');
  if (v.tooShort) return t('validation.tooShort', { min: (control as HTMLInputElement).minLength });
  if (v.tooLong) return t('validation.tooLong', { max: (control as HTMLInputElement).maxLength });
  if (v.rangeUnderflow || v.rangeOverflow) {
    const input = control as HTMLInputElement;
    return t('validation.range', { min: input.min || '—', max: input.max || '—' });
  }
  if (v.patternMismatch) return t('validation.pattern');
  return t('validation.invalid');
}

interface Props extends Omit<FormHTMLAttributes<HTMLFormElement>, 'onSubmit' | 'noValidate'> {
  /** Called only when every control's constraints hold. */
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  children: ReactNode;
}

export function CheckedForm({ onSubmit, children, ...rest }: Props) {
  const { t } = useTranslation();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = (event: FormEvent<HTMLFormElement>) => {
    const found: Record<string, string> = {};
    let first: Control | null = null;
    for (const element of Array.from(event.currentTarget.elements)) {
      if (!(element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement)) continue;
      const message = constraintMessage(element, t);
      if (!message || !element.id) continue;
      found[element.id] = message;
      first ??= element;
    }
    setErrors(found);
    if (first) {
      event.preventDefault();
      first.focus();
      return;
    }
    onSubmit(event);
  };
  return (
    <form {...rest} noValidate onSubmit={submit} onInput={(e) => clearOf(e.target, setErrors)}>
      <FieldErrors.Provider value={errors}>{children}</FieldErrors.Provider>
    </form>
  );
}

function clearOf(target: EventTarget, setErrors: (update: (e: Record<string, string>) => Record<string, string>) => void): void {
  const id = (target as HTMLElement).id;
  if (!id) return;
  setErrors((errors) => {
    if (!(id in errors)) return errors;
    const { [id]: _, ...rest } = errors;
    return rest;
  });
}

/** The message CheckedForm found for the control `id`, if any. */
export function useConstraintError(id: string): string | undefined {
  return useContext(FieldErrors)[id];
}
