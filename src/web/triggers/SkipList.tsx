/** Who a run left out and why: "Ignorados: 5 — Sem e-mail 4; Recebeu este gatilho há pouco 1". */
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../format.js';
import { type SkipCounts, skipLines, useSkipLabel } from '../skip-reasons.js';

/** `inline`: only the reasons, for a sentence that already said how many. */
export function SkipList({ counts, total, inline }: { counts: SkipCounts; total: number; inline?: boolean }) {
  const { t, i18n } = useTranslation();
  const label = useSkipLabel();
  const lines = skipLines(counts);
  const text = lines.map((line) => `${label(line.reason)} ${formatNumber(line.count, i18n.language)}`).join('; ');
  if (inline) return lines.length > 0 ? <span className="muted">({text})</span> : null;
  return (
    <p className="small">
      {t('triggers.skipped', { count: total, n: formatNumber(total, i18n.language) })}
      {lines.length > 0 && `: ${text}`}
    </p>
  );
}
