/**
 * Why a previewed recipient would get nothing (no mobile, opted out, no consent for a marketing message…), as a tag
 * — in Pré-visualizar, Gatilhos › Simular and the send dialog's samples.
 */
import { useTranslation } from 'react-i18next';
import type { Channel, Preview } from './types.js';

export function ContactProblemTag({ channel, problem }: { channel: Channel; problem: Preview['contact']['problem'] }) {
  const { t } = useTranslation();
  if (!problem) return null;
  return (
    <span className="tag tag-inactive" data-problem={problem}>
      {t(`messages.preview.problems.${channel === 'email' ? 'email' : 'phone'}.${problem}`)}
    </span>
  );
}
