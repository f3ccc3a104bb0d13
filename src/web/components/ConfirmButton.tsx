/**
 * A destructive action asked twice: "Excluir" becomes "Confirmar exclusão" + "Cancelar" in place, so a stray click
 * deletes nothing and the operator's eyes stay where they were.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  label: string;
  confirmLabel: string;
  onConfirm: () => void;
  /** The action is running: the confirmation cannot be pressed twice. */
  busy?: boolean;
  /** Table rows use the small buttons. */
  small?: boolean;
  /** Names the item for screen readers when the label alone does not ("Revogar zabbix"). */
  ariaLabel?: string;
  /** Called when the question opens (e.g. to clear the last attempt's error). */
  onAsk?: () => void;
}

export function ConfirmButton({ label, confirmLabel, onConfirm, busy = false, small = false, ariaLabel, onAsk }: Props) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const size = small ? 'button-small' : '';
  if (!asking) {
    return (
      <button
        type="button"
        className={size || undefined}
        aria-label={ariaLabel}
        onClick={() => {
          onAsk?.();
          setAsking(true);
        }}
      >
        {label}
      </button>
    );
  }
  return (
    <>
      <button type="button" className={`${size} button-danger`.trim()} disabled={busy} onClick={onConfirm}>
        {confirmLabel}
      </button>
      <button type="button" className={size || undefined} onClick={() => setAsking(false)}>
        {t('common.cancel')}
      </button>
    </>
  );
}
