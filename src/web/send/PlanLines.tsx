/**
 * The counts of a send, one per line — logins matched, recipients, to the queue, then each skip reason with its
 * count (already pending and recently notified among them) — in the confirmation and in the result after Enviar.
 */
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../format.js';
import { type SkipCounts, skipLines, useSkipLabel } from '../skip-reasons.js';

interface Props {
  matched: number;
  /** Absent in the result (the batch keeps matched, queued and skipped). */
  recipients?: number;
  enqueue: number;
  skipCounts: SkipCounts;
}

export function PlanLines({ matched, recipients, enqueue, skipCounts }: Props) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const skipLabel = useSkipLabel();
  const lines = skipLines(skipCounts);
  return (
    <table className="table table-compact send-counts" data-testid="send-counts">
      <caption className="visually-hidden">{t('send.confirm.countsCaption')}</caption>
      <tbody>
        <tr data-line="matched">
          <th scope="row">{t('send.confirm.lines.matched')}</th>
          <td className="num">{n(matched)}</td>
        </tr>
        {recipients !== undefined && (
          <tr data-line="recipients">
            <th scope="row">{t('send.confirm.lines.recipients')}</th>
            <td className="num">{n(recipients)}</td>
          </tr>
        )}
        <tr data-line="enqueue" className="send-counts-enqueue">
          <th scope="row">{t('send.confirm.lines.enqueue')}</th>
          <td className="num">
            <strong>{n(enqueue)}</strong>
          </td>
        </tr>
        {lines.length > 0 && (
          <tr className="send-counts-heading">
            <th scope="rowgroup" colSpan={2}>
              {t('send.confirm.lines.skipped')}
            </th>
          </tr>
        )}
        {lines.map((line) => (
          <tr key={line.reason} data-reason={line.reason} className="send-counts-skip">
            <th scope="row">{skipLabel(line.reason)}</th>
            <td className="num">{n(line.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
