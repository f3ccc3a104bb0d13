/**
 * What will be sent, before it is: the message rendered for three real recipients of the filter (values mapped),
 * and how long it is for its channel — WhatsApp's 1,024-character body, SMS segments and encoding.
 */
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../format.js';
import { ContactProblemTag } from '../messages/ContactProblemTag.js';
import type { Channel, SendPreview } from './types.js';

interface Props {
  channel: Channel;
  samples: SendPreview['samples'];
  length: SendPreview['length'];
}

export function SendSamples({ channel, samples, length }: Props) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  if (samples.length === 0) return <p className="muted">{t('send.confirm.samples.none')}</p>;
  const lengthText =
    channel === 'sms' && length.sms
      ? t('send.confirm.length.sms', {
          chars: n(length.chars),
          encoding: t(`send.confirm.length.${length.sms.encoding}`),
          segments: n(length.sms.segments),
        })
      : channel === 'whatsapp'
        ? t('send.confirm.length.whatsapp', { chars: n(length.chars), limit: n(length.limit ?? 0) })
        : t('send.confirm.length.email', { chars: n(length.chars) });
  return (
    <section className="send-samples" data-testid="send-samples" aria-labelledby="send-samples-title">
      <h3 id="send-samples-title">{t('send.confirm.samples.title')}</h3>
      <ol>
        {samples.map((sample) => (
          <li key={sample.login.id} data-testid="send-sample">
            <p className="small muted">
              {t('send.confirm.samples.to', { name: sample.login.clientName, contact: sample.contact.display ?? sample.contact.value ?? '—' })}{' '}
              <ContactProblemTag channel={channel} problem={sample.contact.problem} />
            </p>
            {sample.subject !== null && (
              <p className="small">
                <strong>{t('send.confirm.samples.subject')}</strong> {sample.subject}
              </p>
            )}
            <pre className="send-sample-text">{sample.text}</pre>
            {sample.empty.length > 0 && (
              <p className="small field-error">{t('send.confirm.samples.empty', { names: sample.empty.join(', ') })}</p>
            )}
          </li>
        ))}
      </ol>
      <p className={length.tooLong ? 'alert alert-danger' : 'small muted'} data-testid="send-length">
        {length.tooLong ? t('send.confirm.length.tooLong', { chars: n(length.chars), limit: n(length.limit ?? 0) }) : lengthText}
      </p>
    </section>
  );
}
