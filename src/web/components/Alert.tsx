/** Inline messages: errors (announced by screen readers at once) and confirmations. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { noticeText } from '../../shared/notice-text.js';
import { ApiError } from '../api.js';
import { errorText } from '../errors.js';

/** An error by its code in the reader's language, and the reason when the server sent one as a notice. */
export function ErrorAlert({ error, children }: { error: unknown; children?: ReactNode }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const notice = error instanceof ApiError ? error.notice : undefined;
  return (
    <div className="alert alert-error" role="alert">
      <span>
        {errorText(t, error)}
        {notice && <span className="server-message"> {noticeText(notice, i18n.language)}</span>}
      </span>
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
