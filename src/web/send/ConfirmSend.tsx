/**
 * The confirmation of Enviar: "N logins encontrados, M destinatários após remover repetidos, K ignorados", the
 * skipped by reason, and for WhatsApp the channel's daily limit (with a warning when M goes past it). Confirmar
 * queues the batch with the idempotency key made when this dialog opened, so a double click (or a retry after a
 * lost answer) cannot queue twice.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ServerAlert } from '../components/formBits.js';
import { formatNumber } from '../format.js';
import type { Message } from '../messages/types.js';
import { sendApi, sendKeys } from './api.js';
import { skipLines, useSkipLabel } from '../skip-reasons.js';
import { exceedsDailyLimit } from './logic.js';
import type { Channel, EnqueueResult, SendRequest } from './types.js';

export interface SendIntent {
  channel: Channel;
  message: Message;
  request: SendRequest;
  idempotencyKey: string;
}

interface Props {
  intent: SendIntent;
  onDone: (result: EnqueueResult) => void;
  onCancel: () => void;
}

export function ConfirmSend({ intent, onDone, onCancel }: Props) {
  const { t, i18n } = useTranslation();
  const skipLabel = useSkipLabel();
  const n = (value: number) => formatNumber(value, i18n.language);
  const queryClient = useQueryClient();
  const dialog = useRef<HTMLDialogElement>(null);
  const inFlight = useRef(false);
  const { channel, message, request, idempotencyKey } = intent;

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  const plan = useQuery({
    queryKey: ['send-plan', idempotencyKey],
    queryFn: () => sendApi.plan(request),
    gcTime: 0,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });

  const opa = message.channel === 'whatsapp' ? message.content : undefined;
  const limit = useQuery({
    queryKey: sendKeys.dailyLimit(message.integrationId, opa?.opaChannelId ?? ''),
    queryFn: () => sendApi.dailyLimit(message.integrationId, opa?.opaChannelId ?? ''),
    enabled: opa !== undefined && opa.opaChannelId !== '',
    staleTime: 0,
    retry: false,
  });

  const send = useMutation({
    mutationFn: () => sendApi.send(request, idempotencyKey),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ['batches'] });
      onDone(result);
    },
    onSettled: () => {
      inFlight.current = false;
    },
  });

  const confirm = () => {
    if (inFlight.current) return; // a second click of the same double click: the first is on its way
    inFlight.current = true;
    send.mutate();
  };

  const data = plan.data;
  const lines = data ? skipLines(data.skipCounts) : [];
  const over = data ? exceedsDailyLimit(data.recipients, limit.data) : false;
  const channelName = t(`send.channelNames.${channel}`);

  return (
    <dialog
      ref={dialog}
      className="send-dialog"
      aria-labelledby="send-dialog-title"
      onCancel={(e) => {
        e.preventDefault();
        if (!send.isPending) onCancel();
      }}
    >
      <h2 id="send-dialog-title">{t('send.confirm.title', { channel: channelName })}</h2>
      <p className="send-dialog-message">
        {t('send.confirm.message')} <strong>{message.description}</strong>
        {(request.priority ?? 0) > 0 && <span className="tag tag-warning">{t('send.priority.urgent')}</span>}
      </p>

      {plan.isPending && (
        <p className="muted" role="status">
          {t('send.confirm.counting')}
        </p>
      )}
      <ServerAlert error={plan.error} />

      {data && (
        <div className="send-plan" data-testid="send-plan">
          <p className="send-plan-summary">
            {t('send.confirm.matched', { count: data.matched, n: n(data.matched) })},{' '}
            {t('send.confirm.recipients', { count: data.recipients, n: n(data.recipients) })},{' '}
            {t('send.confirm.skipped', { count: data.skipped, n: n(data.skipped) })}.
          </p>
          {lines.length > 0 && (
            <table className="table table-compact send-skips">
              <caption className="visually-hidden">{t('send.confirm.skipsCaption')}</caption>
              <tbody>
                {lines.map((line) => (
                  <tr key={line.reason} data-reason={line.reason}>
                    <th scope="row">{skipLabel(line.reason)}</th>
                    <td className="num">{n(line.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="send-plan-enqueue">
            <strong>{t('send.confirm.enqueue', { count: data.enqueue, n: n(data.enqueue) })}</strong>
          </p>
          {opa && (
            <p className="small muted" data-testid="send-daily-limit">
              {limit.data
                ? t('send.confirm.dailyLimit', {
                    channel: opa.opaChannelName || opa.opaChannelId,
                    available: n(limit.data.availableAmount),
                    limit: n(limit.data.dailyLimit),
                  })
                : limit.data === null
                  ? t('send.confirm.noDailyLimit', { channel: opa.opaChannelName || opa.opaChannelId })
                  : limit.fetchStatus === 'fetching'
                    ? t('send.confirm.dailyLimitLoading')
                    : t('send.confirm.dailyLimitUnknown')}
            </p>
          )}
          {over && limit.data && (
            <p className="alert alert-warning" role="alert">
              {t('send.confirm.overLimit', {
                count: data.recipients,
                n: n(data.recipients),
                available: n(limit.data.availableAmount),
              })}
            </p>
          )}
          {data.enqueue === 0 && <p className="alert alert-warning">{t('send.confirm.nothing')}</p>}
        </div>
      )}
      <ServerAlert error={send.error} />

      <div className="form-actions">
        <button
          type="button"
          className="button-primary"
          disabled={!data || data.enqueue === 0 || send.isPending}
          onClick={confirm}
        >
          {send.isPending ? t('send.confirm.sending') : t('send.confirm.confirm')}
        </button>
        <button type="button" disabled={send.isPending} onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </dialog>
  );
}
