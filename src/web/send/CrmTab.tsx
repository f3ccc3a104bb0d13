/**
 * The CRM tab of the Relatório de status logins: send a registered message to everyone the applied filter
 * selects — Mensagem via Opa Suite / E-mail / SMS, the free fields those messages ask for, Prioridade, and one
 * button per channel. A click asks the server for the plan and opens the confirmation (send/ConfirmSend.tsx);
 * Confirmar queues one batch and the result stays here with links to the skipped list and to the Fila.
 * Operators send; viewers see the tab read-only.
 */
import { CheckedForm } from '../components/CheckedForm.js';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describedBy, FieldBox } from '../components/formBits.js';
import { channels } from '../integrations/types.js';
import { formatNumber } from '../format.js';
import { canSee } from '../menu.js';
import type { Message } from '../messages/types.js';
import { sendApi, sendKeys, skippedCsvUrl } from './api.js';
import { ConfirmSend, type SendIntent } from './ConfirmSend.js';
import { freeValuesFor, missingFreeFields, newIdempotencyKey, sharedFreeFields } from './logic.js';
import { PlanLines } from './PlanLines.js';
import { SendReadinessWarning } from './ReadinessWarning.js';
import type { Channel, EnqueueResult } from './types.js';
import { FREE_VALUE_MAX } from '../../messages/limits.js';
import { priorityLevels } from '../../shared/vocabulary.js';
import { PrioritySelect } from '../components/PrioritySelect.js';
import { useSession } from '../session.js';
import type { ReportFilter, ReportSummary } from '../report/types.js';

interface Props {
  /** The applied filter (the one the results show); null before Filtrar. */
  filter: ReportFilter | null;
  summary: ReportSummary | undefined;
}

interface Done {
  channel: Channel;
  message: string;
  result: EnqueueResult;
}

const selectId = (channel: Channel) => `crm-message-${channel}`;

export function CrmTab({ filter, summary }: Props) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const canSend = !!session && canSee(session.user.role, 'operator');
  const n = (value: number) => formatNumber(value, i18n.language);

  const lists = {
    whatsapp: useMessages('whatsapp', canSend),
    email: useMessages('email', canSend),
    sms: useMessages('sms', canSend),
  };
  const [chosen, setChosen] = useState<Record<Channel, string>>({ whatsapp: '', email: '', sms: '' });
  const [free, setFree] = useState<Record<string, string>>({});
  const [priority, setPriority] = useState<number>(priorityLevels.routine);
  const [missing, setMissing] = useState<string[]>([]);
  const [intent, setIntent] = useState<SendIntent | null>(null);
  const [done, setDone] = useState<Done | null>(null);

  const messageOf = (channel: Channel): Message | undefined =>
    lists[channel].data?.find((m) => String(m.id) === chosen[channel]);
  const chosenMessages = channels.map(messageOf);
  const fields = sharedFreeFields(chosenMessages);
  const noMatch = !!filter && summary?.total === 0;

  const start = (channel: Channel) => {
    const message = messageOf(channel);
    if (!message || !filter) return;
    const absent = missingFreeFields(message, free);
    setMissing(absent.map((f) => f.key));
    const long = message.content.freeFields.find((f) => (free[f.key] ?? '').trim().length > FREE_VALUE_MAX);
    const first = absent[0] ?? long;
    if (first) {
      document.getElementById(`crm-free-${first.key}`)?.focus();
      return;
    }
    setIntent({
      channel,
      message,
      request: { messageId: message.id, filter, free: freeValuesFor(message, free), priority },
      idempotencyKey: newIdempotencyKey(),
    });
  };

  const submit = (event: FormEvent) => event.preventDefault();

  return (
    <section className="crm-send" aria-labelledby="crm-title">
      <h2 id="crm-title">{t('send.title')}</h2>
      <p className="muted" data-testid="crm-audience">
        {filter && summary
          ? t('report.crm.audience', {
              count: summary.total,
              total: n(summary.total),
              offline: n(summary.offline),
            })
          : t('report.crm.noFilter')}
      </p>
      {!canSend && (
        <p className="alert alert-warning" role="note">
          {t('send.readOnly')}
        </p>
      )}
      <CheckedForm onSubmit={submit}>
        <fieldset className="plain" disabled={!canSend}>
          <div className="form-grid crm-messages">
            {channels.map((channel) => {
              const list = lists[channel];
              const empty = canSend && list.data?.length === 0;
              return (
                <FieldBox
                  key={channel}
                  id={selectId(channel)}
                  label={t(`send.fields.${channel}`)}
                  hint={empty ? t('send.noMessages') : undefined}
                >
                  <select
                    id={selectId(channel)}
                    value={chosen[channel]}
                    onChange={(e) => {
                      setChosen((c) => ({ ...c, [channel]: e.target.value }));
                      setMissing([]);
                    }}
                    {...describedBy(selectId(channel), undefined, empty)}
                  >
                    <option value="">{list.isLoading ? t('common.loading') : t('send.noMessage')}</option>
                    {(list.data ?? []).map((m) => (
                      <option key={m.id} value={String(m.id)}>
                        {m.description}
                      </option>
                    ))}
                  </select>
                </FieldBox>
              );
            })}
          </div>

          {fields.length > 0 && (
            <fieldset className="sub-panel crm-free">
              <legend>{t('send.freeTitle')}</legend>
              <p className="hint">{t('send.freeHint')}</p>
              <div className="form-grid">
                {fields.map((field) => {
                  const id = `crm-free-${field.key}`;
                  const length = (free[field.key] ?? '').trim().length;
                  const error = missing.includes(field.key)
                    ? t('send.required')
                    : length > FREE_VALUE_MAX
                      ? t('send.freeTooLong', { n: n(length), max: n(FREE_VALUE_MAX) })
                      : undefined;
                  return (
                    <FieldBox
                      key={field.key}
                      id={id}
                      label={field.required ? `${field.label} *` : field.label}
                      error={error}
                      hint={t('send.freeCounter', { n: n(length), max: n(FREE_VALUE_MAX) })}
                    >
                      <input
                        id={id}
                        value={free[field.key] ?? ''}
                        data-testid={`crm-free-${field.key}`}
                        aria-required={field.required}
                        onChange={(e) => {
                          setFree((v) => ({ ...v, [field.key]: e.target.value }));
                          setMissing((m) => m.filter((k) => k !== field.key));
                        }}
                        {...describedBy(id, error, true)}
                      />
                    </FieldBox>
                  );
                })}
              </div>
              {fields.some((f) => f.required) && <p className="hint small">{t('send.requiredNote')}</p>}
            </fieldset>
          )}

          <div className="form-grid crm-priority">
            <FieldBox id="crm-priority" label={t('send.fields.priority')} hint={t('send.priorityHint')}>
              <PrioritySelect id="crm-priority" value={priority} onChange={setPriority} />
            </FieldBox>
          </div>

          <div className="form-actions crm-actions">
            {channels.map((channel) => (
              <button
                key={channel}
                type="button"
                className="button-primary"
                disabled={!filter || !messageOf(channel) || noMatch}
                onClick={() => start(channel)}
              >
                {t(`send.buttons.${channel}`)}
              </button>
            ))}
          </div>
          {canSend && !filter && <p className="hint">{t('send.needFilter')}</p>}
          {canSend && noMatch && (
            <p className="alert alert-warning" role="note" data-testid="crm-no-match">
              {t('send.noMatch')}
            </p>
          )}
        </fieldset>
      </CheckedForm>

      {done && <SendResult done={done} onClose={() => setDone(null)} />}

      {intent && (
        <ConfirmSend
          key={intent.idempotencyKey}
          intent={intent}
          onDone={(result) => {
            setDone({ channel: intent.channel, message: intent.message.description, result });
            setIntent(null);
          }}
          onCancel={() => setIntent(null)}
        />
      )}
    </section>
  );
}

function useMessages(channel: Channel, enabled: boolean) {
  return useQuery({ queryKey: sendKeys.messages(channel), queryFn: () => sendApi.activeMessages(channel), enabled });
}

/** IXC's answer after Enviar: how many went to the queue, who was left out and why, and where to follow it. */
function SendResult({ done, onClose }: { done: Done; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const { result } = done;
  return (
    <div className="alert alert-success send-result" role="status" data-testid="send-result">
      <div>
        <p>
          <strong>{t('send.result.enqueued', { count: result.enqueued, n: n(result.enqueued) })}</strong>{' '}
          {t('send.result.of', { message: done.message, channel: t(`integrations.channels.${done.channel}`) })}
        </p>
        {result.replayed && <p className="small">{t('send.result.replayed')}</p>}
        <PlanLines matched={result.matched} enqueue={result.enqueued} skipCounts={result.skipCounts} />
        <SendReadinessWarning readiness={result.readiness} />
        <p className="send-result-links">
          {result.skipped > 0 && (
            <a href={skippedCsvUrl(result.batchId)} download>
              {t('send.result.skippedCsv')}
            </a>
          )}
          <Link to="/crm/fila" search={{ lote: result.batchId }}>
            {t('send.result.openBatch', { id: result.batchId })}
          </Link>
        </p>
      </div>
      <button type="button" className="link-button" onClick={onClose}>
        {t('common.close')}
      </button>
    </div>
  );
}
