/** Inline messages: errors (announced by screen readers at once) and confirmations. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../errors.js';

export function ErrorAlert({ error, children }: { error: unknown; children?: ReactNode }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div className="alert alert-error" role="alert">
      <span>{errorText(t, error)}</span>
      {children}
    </div>
  );
}

export function SuccessAlert({ message, onClose }: { message: ReactNode; onClose?: () => void }) {
  const { t } = useTranslation();
  if (!message) return null;
  return (
    <div className="alert alert-success" role="status">
      <span>{message}</span>
      {onClose && (
        <button type="button" className="link-button" onClick={onClose}>
          {t('common.close')}
        </button>
      )}
    </div>
  );
}
