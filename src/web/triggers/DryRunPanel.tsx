/**
 * Simular: what the rule would send if it ran now — logins matched, messages it would queue and who would be
 * skipped (by reason, the cooldown included), whether that passes the ceiling (the run would then wait for a
 * confirmation), per message the counts and a few messages rendered for logins of the filter. Nothing is sent.
 */
import { useTranslation } from 'react-i18next';
import { ServerAlert } from '../components/formBits.js';
import { formatNumber } from '../format.js';
import { ContactProblemTag } from '../messages/ContactProblemTag.js';
import { skipLines } from '../skip-reasons.js';
import { SkipList } from './SkipList.js';
import type { DryRun, DryRunMessage } from './types.js';

interface Props {
  run: () => void;
  pending: boolean;
  result: DryRun | undefined;
  error: unknown;
  /** The error is shown under a field of the rule form. */
  errorInForm: boolean;
}

export function DryRunPanel({ run, pending, result, error, errorInForm }: Props) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  return (
    <section className="panel preview-panel dry-run" aria-labelledby="dry-run-title">
      <h2 id="dry-run-title">{t('triggers.dryRun.title')}</h2>
      <p className="hint">{t('triggers.dryRun.hint')}</p>
      <div className="form-actions">
        <button type="button" disabled={pending} onClick={run}>
          {pending ? t('triggers.dryRun.running') : t('triggers.dryRun.run')}
        </button>
      </div>
      <ServerAlert error={error} fieldShown={errorInForm} />
      {result && !error && (
        <div className="dry-run-result" data-testid="dry-run-result">
          <p>
            <strong>{t('triggers.dryRun.enqueue', { count: result.enqueue, n: n(result.enqueue) })}</strong>{' '}
            {t('triggers.dryRun.matched', { count: result.matched, n: n(result.matched) })}
          </p>
          <SkipList counts={result.skipCounts} total={result.skipped} />
          <p className={result.wouldHold ? 'alert alert-warning' : 'muted'} role="status">
            {result.wouldHold
              ? t('triggers.dryRun.wouldHold', { ceiling: n(result.ceiling) })
              : t('triggers.dryRun.underCeiling', { ceiling: n(result.ceiling) })}
          </p>
          {result.messages.map((m) => (
            <MessageResult key={m.messageId} message={m} />
          ))}
        </div>
      )}
    </section>
  );
}

function MessageResult({ message }: { message: DryRunMessage }) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  return (
    <div className="dry-run-message" data-testid={`dry-run-${message.channel}`}>
      <h3>
        <span className={`channel-badge channel-${message.channel}`}>{t(`integrations.channels.${message.channel}`)}</span>{' '}
        {message.description}
      </h3>
      <p className="small">
        {t('triggers.dryRun.perMessage', {
          recipients: n(message.recipients),
          enqueue: n(message.enqueue),
          skipped: n(message.skipped),
        })}
        {skipLines(message.skipCounts).length > 0 && ' '}
        <SkipList counts={message.skipCounts} total={message.skipped} inline />
      </p>
      {message.samples.length === 0 ? (
        <p className="muted small">{t('triggers.dryRun.noSamples')}</p>
      ) : (
        <ul className="dry-run-samples" aria-label={t('triggers.dryRun.samples', { message: message.description })}>
          {message.samples.map((sample) => (
            <li key={sample.login.id}>
              <div className="small muted">
                {t('triggers.dryRun.sampleFor', { client: sample.login.clientName, login: sample.login.login })}
                {' → '}
                {sample.contact.display ? <span className="mono">{sample.contact.display}</span> : null}
                <ContactProblemTag channel={message.channel} problem={sample.contact.problem} />
              </div>
              {sample.subject !== null && <div className="small">{sample.subject}</div>}
              <div className={`preview-text preview-${message.channel}`}>{sample.text}</div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
