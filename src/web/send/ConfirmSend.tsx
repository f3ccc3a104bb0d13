/**
 * The confirmation of Enviar: the counts one per line (matched, recipients, to the queue, skipped by reason —
 * already pending and recently notified among them), the recent-notice guard with its audited override, three
 * messages rendered for real recipients with the length for the channel, whether the rows would leave (an enabled
 * drain, a working integration), and for WhatsApp the channel's daily limit. Confirmar queues the batch with the
 * idempotency key made when this dialog opened, so a double click (or a retry after a lost answer) cannot queue
 * twice.
 */
import { CloudApiCost } from './CloudApiCost.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ServerAlert } from '../components/formBits.js';
import { formatNumber } from '../format.js';
import type { Message } from '../messages/types.js';
import { sendApi, sendKeys } from './api.js';
import { exceedsDailyLimit } from './logic.js';
import { PlanLines } from './PlanLines.js';
import { readinessKey, SendReadinessWarning } from './ReadinessWarning.js';
import { RecentGuard } from './RecentGuard.js';
import { SendSamples } from './SendSamples.js';
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
  const n = (value: number) => formatNumber(value, i18n.language);
  const queryClient = useQueryClient();
  const dialog = useRef<HTMLDialogElement>(null);
  const inFlight = useRef(false);
  const { channel, message, request, idempotencyKey } = intent;
  const [repeat, setRepeat] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  const planOf = (repeatRecent: boolean) => ({
    queryKey: ['send-plan', idempotencyKey, repeatRecent],
    queryFn: () => sendApi.plan({ ...request, repeatRecent }),
    gcTime: 0,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  const guarded = useQuery(planOf(false));
  const repeated = useQuery({ ...planOf(true), enabled: repeat });
  const plan = repeat ? repeated : guarded;

  const whatsapp = message.channel === 'whatsapp' ? message.content : undefined;
  const opa = whatsapp && whatsapp.provider !== 'cloudapi' ? whatsapp : undefined;
  const cloud = whatsapp?.provider === 'cloudapi' ? whatsapp : undefined;
  const limit = useQuery({
    queryKey: sendKeys.dailyLimit(message.integrationId, opa?.opaChannelId ?? ''),
    queryFn: () => sendApi.dailyLimit(message.integrationId, opa?.opaChannelId ?? ''),
    enabled: opa !== undefined && opa.opaChannelId !== '',
    staleTime: 0,
    retry: false,
  });

  const send = useMutation({
    mutationFn: () =>
      sendApi.send(repeat ? { ...request, repeatRecent: true, repeatReason: reason.trim() } : request, idempotencyKey),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ['batches'] });
      await queryClient.invalidateQueries({ queryKey: readinessKey });
      onDone(result);
    },
    onSettled: () => {
      inFlight.current = false;
    },
  });

  const confirm = () => {
    if (inFlight.current) return; // a second click of the same double click: the first is on its way
    if (repeat && !reason.trim()) {
      setReasonMissing(true);
      document.getElementById('send-repeat-reason')?.focus();
      return;
    }
    inFlight.current = true;
    send.mutate();
  };

  const data = plan.data;
  const recent = guarded.data?.skipCounts.recently_notified ?? 0;
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
      </p>

      {plan.isPending && (
        <p className="muted" role="status">
          {t('send.confirm.counting')}
        </p>
      )}
      <ServerAlert error={plan.error} />

      {data && (
        <div className="send-plan" data-testid="send-plan">
          <PlanLines matched={data.matched} recipients={data.recipients} enqueue={data.enqueue} skipCounts={data.skipCounts} />
          {guarded.data && recent > 0 && (
            <RecentGuard
              count={recent}
              recent={guarded.data.recent}
              purpose={message.purpose}
              repeat={repeat}
              onRepeat={(value) => {
                setRepeat(value);
                setReasonMissing(false);
              }}
              reason={reason}
              onReason={(value) => {
                setReason(value);
                setReasonMissing(false);
              }}
              reasonMissing={reasonMissing}
            />
          )}
          <SendReadinessWarning readiness={data.readiness} />
          <SendSamples channel={channel} samples={data.samples} length={data.length} />
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
          {cloud && <CloudApiCost category={cloud.category} recipients={data.recipients} />}
          {over && limit.data && (
            <p className="alert alert-warning" role="alert">
              {t('send.confirm.overLimit', {
                count: data.recipients,
                n: n(data.recipients),
                available: n(limit.data.availableAmount),
              })}
            </p>
          )}
          {data.matched === 0 ? (
            <p className="alert alert-warning">{t('send.confirm.noMatch')}</p>
          ) : (
            data.enqueue === 0 && <p className="alert alert-warning">{t('send.confirm.nothing')}</p>
          )}
        </div>
      )}
      <ServerAlert error={send.error} />

      <div className="form-actions">
        <button
          type="button"
          className="button-primary"
          disabled={!data || data.enqueue === 0 || data.length.tooLong || send.isPending}
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
