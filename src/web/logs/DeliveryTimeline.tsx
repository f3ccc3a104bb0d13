/**
 * A log line's delivery timeline, opened from its Entrega cell: the attempt, every receipt the provider sent in the
 * provider's time order (with when Avisa received it, and a failure's code and words), the final status, and the
 * other line of a fallback chain with its own status — "WhatsApp falhou 131026 → SMS enviado → SMS entregue".
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/Alert.js';
import { formatDateTime } from '../format.js';
import { NoticeText } from '../notice.js';
import { logKeys, logsApi } from './api.js';
import type { DeliveryTimeline as Timeline } from './types.js';

type Link = NonNullable<Timeline['replacedBy']>;

export function DeliveryTimeline({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const timeline = useQuery({ queryKey: logKeys.delivery(id), queryFn: ({ signal }) => logsApi.delivery(id, signal) });
  if (timeline.isError) return <ErrorAlert error={timeline.error} />;
  if (!timeline.data) {
    return (
      <p className="muted small" role="status">
        {t('common.loading')}
      </p>
    );
  }
  const line = timeline.data.timeline;
  const time = (value: string | null) => formatDateTime(value, i18n.language);
  return (
    <div className="log-timeline" data-timeline={line.id}>
      {line.replaces && <ChainLink kind="replaces" link={line.replaces} />}
      <ol className="log-timeline-steps">
        <li data-step="attempt">
          <span className={line.success ? 'log-status log-success' : 'log-status log-failure'}>
            {t(line.success ? 'logs.timeline.attemptSent' : 'logs.timeline.attemptFailed')}
          </span>{' '}
          <span className="nowrap">{time(line.at)}</span>
          {!line.success && (
            <span className="small break">
              {' — '}
              <NoticeText notice={line.message} />
            </span>
          )}
        </li>
        {line.events.map((event) => (
          <li key={event.status} data-step={event.status}>
            <span className={`log-status log-delivery-${event.status}`}>{t(`logs.timeline.events.${event.status}`)}</span>{' '}
            <span className="nowrap">{time(event.at)}</span>
            <span className="muted small"> · {t('logs.timeline.received', { time: time(event.receivedAt) })}</span>
            {(event.errorCode ?? event.errorTitle) && (
              <span className="small break" data-verbatim="">
                {' — '}
                {[event.errorCode, event.errorTitle].filter(Boolean).join(' — ')}
              </span>
            )}
          </li>
        ))}
        {line.success && line.events.length === 0 && <li className="muted">{t('logs.timeline.noReceipts')}</li>}
      </ol>
      {line.success && (
        <p className="small log-timeline-final">
          {t('logs.timeline.final')}{' '}
          <strong data-final={line.delivery?.status ?? 'none'}>{t(`logs.delivery.${line.delivery?.status ?? 'none'}`)}</strong>
        </p>
      )}
      {line.replacedBy && <ChainLink kind="replacedBy" link={line.replacedBy} />}
    </div>
  );
}

/** The other line of the chain: its channel and line, how its attempt went, and its own final status. */
function ChainLink({ kind, link }: { kind: 'replacedBy' | 'replaces'; link: Link }) {
  const { t, i18n } = useTranslation();
  const channel = t(`logs.channelNames.${link.channel}`);
  const time = (value: string | null) => formatDateTime(value, i18n.language);
  return (
    <p className="small log-timeline-chain" data-chain={kind}>
      <span className="log-fallback">{t(`logs.timeline.${kind}`, { channel })}</span>
      {' · '}
      {link.log ? (
        <>
          {t('logs.timeline.line', { id: link.log.id })}: {t(link.log.success ? 'logs.timeline.attemptSent' : 'logs.timeline.attemptFailed')}{' '}
          {time(link.log.at)}
          {!link.log.success && (
            <>
              {' — '}
              <NoticeText notice={link.log.message} />
            </>
          )}
          {link.log.success && (
            <>
              {' → '}
              <span className={`log-status log-delivery-${link.delivery?.status ?? 'none'}`} data-delivery={link.delivery?.status ?? 'none'}>
                {t(`logs.delivery.${link.delivery?.status ?? 'none'}`)}
              </span>
              {link.delivery?.at && ` ${time(link.delivery.at)}`}
              {link.delivery?.error && (
                <>
                  {' — '}
                  <NoticeText notice={link.delivery.error} />
                </>
              )}
            </>
          )}
        </>
      ) : (
        t('logs.timeline.queued', { state: t(`queue.states.${link.state}`) })
      )}
    </p>
  );
}
