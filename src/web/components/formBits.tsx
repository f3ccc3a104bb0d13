/**
 * Small pieces shared by the Integrações and Mensagens forms: a labelled field that shows its error (the form's
 * own check or the server's 400/409 naming it), and an alert that keeps the server's own words where they help
 * (a provider's refusal, "used by 2 messages") instead of a generic sentence.
 */
import { useConstraintError } from './CheckedForm.js';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.js';
import { ErrorAlert } from './Alert.js';
import { errorText } from '../errors.js';
import i18n from '../i18n/i18n.js';
import { noticeText } from '../../shared/notice-text.js';

interface FieldBoxProps {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  /** Spans the whole row of the form grid. */
  wide?: boolean;
  /** Checkbox: control first, then the label, on one line. */
  inline?: boolean;
  children: ReactNode;
}

export function FieldBox({ id, label, hint, error: given, wide, inline, children }: FieldBoxProps) {
  const checked = useConstraintError(id);
  const error = given ?? checked;
  const classes = ['field', inline ? 'field-check' : '', wide ? 'field-span' : ''].filter(Boolean).join(' ');
  return (
    <div className={classes}>
      {inline ? (
        <div className="check-line">
          {children}
          <label htmlFor={id}>{label}</label>
        </div>
      ) : (
        <>
          <label htmlFor={id}>{label}</label>
          {children}
        </>
      )}
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

/** aria attributes tying a control to its hint and error. */
export function describedBy(id: string, error: string | undefined, hint?: unknown) {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { ...(error ? { 'aria-invalid': true as const } : {}), ...(ids ? { 'aria-describedby': ids } : {}) };
}

/**
 * What the server said about a field, in the reader's language when it sent a notice; else its message without the
 * "field: " it starts with (the field is shown by position).
 */
export function serverMessage(err: ApiError): string {
  if (err.notice) return noticeText(err.notice, i18n.language);
  const prefix = err.field ? `${err.field}: ` : '';
  return prefix && err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
}

/** A notice written as a fragment for a field ("a janela já terminou") as an alert's sentence. */
function asSentence(text: string): string {
  const capital = text.charAt(0).toLocaleUpperCase() + text.slice(1);
  return /[.!?:…]$/.test(capital) ? capital : `${capital}.`;
}

/**
 * Codes whose server message says something the generic sentence does not. A NOT_FOUND's ("No message 5") does
 * not: "Registro não encontrado; talvez tenha sido removido" says it in the reader's language (and ErrorAlert adds
 * the reason when the server sent a notice).
 */
const talkative = new Set(['CONFLICT', 'VALIDATION', 'PROVIDER']);

/**
 * The error of a save/test/preview. `fieldShown`: the error is already under its field, so the alert only
 * points there.
 */
export function ServerAlert({ error, fieldShown }: { error: unknown; fieldShown?: boolean }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (error instanceof ApiError && (fieldShown || talkative.has(error.code))) {
    // A refused value told as a notice says what is wrong in the reader's words: a lead naming the API's field
    // ("Valor inválido no campo “filter”") would not help.
    const toldAlone = !fieldShown && error.code === 'VALIDATION' && error.notice !== undefined;
    const lead = fieldShown
      ? t('integrations.errors.checkFields')
      : toldAlone
        ? ''
        : error.code === 'PROVIDER'
          ? t('integrations.errors.provider')
          : errorText(t, error);
    return (
      <div className="alert alert-error" role="alert">
        <span>
          {lead}
          {!fieldShown && (
            <>
              {lead && ' '}
              <span className="server-message">{toldAlone ? asSentence(serverMessage(error)) : serverMessage(error)}</span>
            </>
          )}
        </span>
      </div>
    );
  }
  return <ErrorAlert error={error} />;
}

/** A settings form's foot: Salvar (Salvando… while it runs) for those who may change it, else why they cannot. */
export function SaveOrReadOnly({ canEdit, saving, readOnly }: { canEdit: boolean; saving: boolean; readOnly: string }) {
  const { t } = useTranslation();
  return canEdit ? (
    <div className="form-actions">
      <button type="submit" className="button-primary">
        {saving ? t('common.saving') : t('common.save')}
      </button>
    </div>
  ) : (
    <p className="hint">{readOnly}</p>
  );
}
