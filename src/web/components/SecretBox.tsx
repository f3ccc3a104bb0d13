/** Shows a just-created secret once, with a copy button and a warning that it will not be shown again. */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

type CopyState = 'idle' | 'copied' | 'failed';

async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    // The Clipboard API needs a secure context (HTTPS or localhost); plain-HTTP LAN installs fall back below.
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the selection fallback
  }
  if (!input) return false;
  input.select();
  return document.execCommand('copy');
}

interface Props {
  title: string;
  secret: string;
  onDismiss: () => void;
  /** Default: the API token's texts. */
  warning?: string;
  label?: string;
}

export function SecretBox({ title, secret, onDismiss, warning, label }: Props) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<CopyState>('idle');
  const copy = async () => setState((await copyText(secret, input.current)) ? 'copied' : 'failed');

  return (
    <section className="panel secret-box" aria-labelledby="secret-title">
      <h2 id="secret-title">{title}</h2>
      <p className="warning" role="alert">
        {warning ?? t('tokens.secretWarning')}
      </p>
      <div className="secret-row">
        <label htmlFor="token-secret" className="visually-hidden">
          {label ?? t('tokens.secretLabel')}
        </label>
        <input
          id="token-secret"
          ref={input}
          className="mono"
          readOnly
          value={secret}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" className="button-primary" onClick={() => void copy()}>
          {state === 'copied' ? t('tokens.copied') : t('tokens.copy')}
        </button>
        <button type="button" onClick={onDismiss}>
          {t('tokens.dismiss')}
        </button>
      </div>
      {state === 'failed' && <p className="muted small">{t('tokens.copyFailed')}</p>}
    </section>
  );
}
