/**
 * Pré-visualizar: the message as one login's client would get it — who receives it (or why nobody would), the
 * text with the values filled in, and each variable's value, empty ones flagged.
 */
import { CheckedForm } from '../components/CheckedForm.js';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.js';
import { describedBy, FieldBox, ServerAlert, serverMessage } from '../components/formBits.js';
import { ContactProblemTag } from './ContactProblemTag.js';
import { freeValuesFor } from './draft.js';
import { SmsCounter } from './TextFields.js';
import type { Channel, FreeField, Preview, PreviewRequest } from './types.js';

interface Props {
  channel: Channel;
  freeFields: FreeField[];
  run: (target: PreviewRequest) => void;
  pending: boolean;
  result: Preview | undefined;
  error: unknown;
  /** The error is shown under a field of the message form (the draft itself is wrong). */
  errorInForm: boolean;
}

export function PreviewPanel({ channel, freeFields, run, pending, result, error, errorInForm }: Props) {
  const { t } = useTranslation();
  const [login, setLogin] = useState('');
  const [typed, setTyped] = useState<Record<string, string>>({});
  const values = freeValuesFor(freeFields, typed);
  const [loginError, setLoginError] = useState(false);

  const serverField = error instanceof ApiError ? error.field : undefined;
  const [sentLogin, setSentLogin] = useState('');
  const loginServerError =
    serverField === 'login' && error instanceof ApiError
      ? t('messages.preview.loginNotFound', { login: sentLogin })
      : undefined;
  const freeError = (key: string) =>
    serverField === `free.${key}` && error instanceof ApiError ? serverMessage(error) : undefined;
  const shownHere = serverField === 'login' || (serverField?.startsWith('free.') ?? false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!login.trim()) {
      setLoginError(true);
      document.getElementById('msg-preview-login')?.focus();
      return;
    }
    setSentLogin(login.trim());
    run({ login: login.trim(), free: values });
  };
  const loginMessage = loginError && !login.trim() ? t('messages.errors.required') : loginServerError;

  return (
    <section className="panel preview-panel" aria-labelledby="preview-title">
      <h2 id="preview-title">{t('messages.preview.title')}</h2>
      <CheckedForm onSubmit={submit} className="preview-form">
        <div className="form-grid">
          <FieldBox
            id="msg-preview-login"
            label={t('messages.preview.login')}
            hint={t('messages.preview.loginHint')}
            error={loginMessage}
          >
            <input
              id="msg-preview-login"
              value={login}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => {
                setLogin(e.target.value);
                setLoginError(false);
              }}
              {...describedBy('msg-preview-login', loginMessage, true)}
            />
          </FieldBox>
          {freeFields
            .filter((f) => f.key.trim())
            .map((f) => {
              const id = `msg-preview-free-${f.key.trim()}`;
              const err = freeError(f.key.trim());
              return (
                <FieldBox
                  key={f.key}
                  id={id}
                  label={f.label || f.key}
                  error={err}
                  hint={f.required ? undefined : t('messages.preview.optional')}
                >
                  <input
                    id={id}
                    value={values[f.key.trim()] ?? ''}
                    maxLength={500}
                    onChange={(e) => setTyped((v) => ({ ...v, [f.key.trim()]: e.target.value }))}
                    {...describedBy(id, err, !f.required)}
                  />
                </FieldBox>
              );
            })}
        </div>
        <div className="form-actions">
          <button type="submit" disabled={pending}>
            {pending ? t('common.loading') : t('messages.preview.run')}
          </button>
        </div>
      </CheckedForm>
      <ServerAlert error={error} fieldShown={errorInForm || shownHere} />
      {result && !error && <PreviewResult channel={channel} preview={result} />}
    </section>
  );
}

function PreviewResult({ channel, preview }: { channel: Channel; preview: Preview }) {
  const { t } = useTranslation();
  return (
    <div className="preview-result" data-testid="preview-result">
      <dl className="preview-facts">
        <dt>{t('messages.preview.client')}</dt>
        <dd>
          {preview.login.clientName}{' '}
          <span className="muted small">
            {t('messages.preview.clientRef', { login: preview.login.login, id: preview.login.clientId })}
          </span>
        </dd>
        <dt>{t('messages.preview.recipient')}</dt>
        <dd data-testid="preview-recipient">
          {preview.contact.display && <span className="mono">{preview.contact.display}</span>}
          <ContactProblemTag channel={channel} problem={preview.contact.problem} />
        </dd>
        {preview.subject !== null && (
          <>
            <dt>{t('messages.fields.subject')}</dt>
            <dd data-testid="preview-subject">{preview.subject}</dd>
          </>
        )}
      </dl>
      {preview.empty.length > 0 && (
        <p className="alert alert-warning" role="status">
          {t('messages.preview.emptyWarning', { count: preview.empty.length, names: preview.empty.join(', ') })}
        </p>
      )}
      <div className={`preview-text preview-${channel}`} data-testid="preview-text">
        {preview.text}
      </div>
      {channel === 'sms' && (
        <p className="small">
          <SmsCounter text={preview.text} />
        </p>
      )}
      {preview.html !== null && (
        <>
          <h3 className="preview-subtitle">{t('messages.preview.html')}</h3>
          <iframe
            className="preview-html"
            title={t('messages.preview.html')}
            sandbox=""
            srcDoc={preview.html}
          />
        </>
      )}
      {preview.variables.length > 0 && (
        <table className="table table-compact preview-variables">
          <caption>{t('messages.preview.variables')}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('messages.mapping.placeholder')}</th>
              <th scope="col">{t('messages.preview.value')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.variables.map((v, i) => (
              <tr key={i} className={v.empty ? 'row-empty' : undefined}>
                <td className="num">{i + 1}</td>
                <td className="mono">{`{{${v.placeholder}}}`}</td>
                <td>{v.empty ? <span className="tag tag-empty">{t('messages.preview.empty')}</span> : v.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
