/** The answer of Testar conexão, shown under the integration form. */
import { useTranslation } from 'react-i18next';
import { NoticeText } from '../notice.js';
import type { CheckResult } from './types.js';

/** The answer of Testar conexão: what was reached, or the failure kind and the provider's own message. */
export function CheckOutcome({ result, ofSaved }: { result: CheckResult; ofSaved: boolean }) {
  const { t } = useTranslation();
  if (result.ok) {
    return (
      <div className="alert alert-success check-outcome" role="status">
        <span>
          <strong>{t('integrations.check.ok')}</strong> <NoticeText notice={result.notice} />
          {!ofSaved && <span className="muted small"> {t('integrations.check.unsaved')}</span>}
        </span>
      </div>
    );
  }
  return (
    <div className="alert alert-error check-outcome" role="alert">
      <span>
        <strong>
          {t('integrations.check.fail')}
          {' ('}
          {t(`integrations.check.kinds.${result.kind}`)}
          {result.status !== undefined ? ` · ${result.status}` : ''}
          {'):'}
        </strong>{' '}
        <span className="server-message">
          <NoticeText notice={result.notice} />
        </span>
      </span>
    </div>
  );
}
