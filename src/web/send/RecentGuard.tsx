/**
 * The recent-notice guard in the confirmation: "212 já receberam este aviso nas últimas 6 h", and the deliberate
 * repeat — a checkbox and the reason, which the batch and the audit trail keep.
 */
import { useTranslation } from 'react-i18next';
import { describedBy, FieldBox } from '../components/formBits.js';
import { formatNumber } from '../format.js';
import type { MessagePurpose, RecentNoticeScope } from './types.js';

interface Props {
  count: number;
  recent: { hours: number; scope: RecentNoticeScope };
  purpose: MessagePurpose;
  repeat: boolean;
  onRepeat: (repeat: boolean) => void;
  reason: string;
  onReason: (reason: string) => void;
  reasonMissing: boolean;
}

export function RecentGuard({ count, recent, purpose, repeat, onRepeat, reason, onReason, reasonMissing }: Props) {
  const { t, i18n } = useTranslation();
  const n = formatNumber(count, i18n.language);
  const text =
    recent.scope === 'purpose'
      ? t('send.confirm.recent.countPurpose', { count, n, hours: recent.hours, purpose: t(`messages.purposes.${purpose}`).toLowerCase() })
      : t('send.confirm.recent.count', { count, n, hours: recent.hours });
  const error = reasonMissing ? t('send.confirm.recent.reasonRequired') : undefined;
  return (
    <div className="send-recent" data-testid="send-recent">
      <p className={repeat ? 'muted' : 'alert alert-info'}>{repeat ? t('send.confirm.recent.overridden') : text}</p>
      <FieldBox id="send-repeat" label={t('send.confirm.recent.override')} inline>
        <input id="send-repeat" type="checkbox" checked={repeat} onChange={(e) => onRepeat(e.target.checked)} />
      </FieldBox>
      {repeat && (
        <FieldBox id="send-repeat-reason" label={t('send.confirm.recent.reason')} error={error}>
          <input
            id="send-repeat-reason"
            value={reason}
            maxLength={300}
            onChange={(e) => onReason(e.target.value)}
            {...describedBy('send-repeat-reason', error, true)}
          />
        </FieldBox>
      )}
    </div>
  );
}
