/**
 * Nothing queued in vain, on screen: when a channel's rows would not leave (no enabled drain task, the
 * integration inactive or halted), say so with a link to fix it — in the send dialog and result for the message's
 * integration, and in the Fila and on the home page for every channel with something to send.
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { ReadinessProblem, SendReadiness } from '../../queue/readiness-schemas.js';
import { avisa } from '../client.js';
import { formatNumber } from '../format.js';

function FixLink({ problem }: { problem: ReadinessProblem }) {
  const { t } = useTranslation();
  if (problem === 'integration_inactive' || problem === 'integration_halted') {
    return <Link to="/configuracoes/integracoes">{t('send.readiness.fixIntegration')}</Link>;
  }
  return <Link to="/ferramentas/agenda-tarefas">{t('send.readiness.fixTask')}</Link>;
}

/** For one send (dialog, result): nothing when its rows will leave. */
export function SendReadinessWarning({ readiness }: { readiness: SendReadiness }) {
  const { t } = useTranslation();
  const quiet = readiness.quietHours && (
    <p className="alert alert-info" role="status" data-testid="quiet-hours">
      {t('send.readiness.quietHours', { start: readiness.quietHours.start, end: readiness.quietHours.end })}
    </p>
  );
  if (readiness.ready) return quiet || null;
  return (
    <>
    {quiet}
    <div className="alert alert-warning readiness-warning" role="alert" data-testid="readiness-warning">
      <p>
        <strong>{t('send.readiness.title')}</strong>
      </p>
      <ul>
        {readiness.problems.map((problem) => (
          <li key={problem} data-problem={problem}>
            {t(`send.readiness.${problem}`)} <FixLink problem={problem} />
          </li>
        ))}
      </ul>
    </div>
    </>
  );
}

export const readinessKey = ['send-readiness'] as const;

/** Every channel whose queued rows are not leaving (Fila, home): nothing when all is well or nothing waits. */
export function DeliveryWarnings() {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const query = useQuery({ queryKey: readinessKey, queryFn: () => avisa.send.readiness({}), refetchInterval: 30_000 });
  const blocked = (query.data?.channels ?? []).flatMap((channel) => {
    const inUse = channel.pending > 0 || channel.integrations.some((i) => i.problem === null);
    if (channel.drainProblem && inUse) {
      return [{ channel, problems: [{ key: channel.drainProblem, problem: channel.drainProblem, text: t(`send.readiness.${channel.drainProblem}`) }] }];
    }
    const problems = channel.integrations.flatMap((i) =>
      i.problem !== null && i.pending > 0
        ? [
            {
              key: `${i.problem}-${i.id}`,
              problem: i.problem,
              text: t('send.readiness.integrationNamed', { name: i.description, problem: t(`send.readiness.${i.problem}`) }),
            },
          ]
        : [],
    );
    if (problems.length === 0) return [];
    return [{ channel, problems }];
  });
  if (blocked.length === 0) return null;
  return (
    <div className="delivery-warnings" data-testid="delivery-warnings">
      {blocked.map(({ channel, problems }) => (
        <div key={channel.channel} className="alert alert-warning readiness-warning" role="alert" data-channel={channel.channel}>
          <p>
            <strong>{t('send.readiness.titleChannel', { channel: t(`send.channelNames.${channel.channel}`) })}</strong>{' '}
            {channel.pending > 0 && t('send.readiness.waiting', { count: channel.pending, n: n(channel.pending) })}
          </p>
          <ul>
            {problems.map((p) => (
              <li key={p.key}>
                {p.text} <FixLink problem={p.problem} />
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
