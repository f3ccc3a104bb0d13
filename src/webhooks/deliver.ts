/**
 * One webhook request: the JSON body `{ id, event, occurredAt, data }`, signed (./sign.ts), POSTed with undici under
 * an overall timeout. Any 2xx is a success; anything else — another status, a timeout, a refused connection — is a
 * failure worth retrying. The receiver's body is not kept.
 */
import { Agent, request } from 'undici';
import { type Notice, notice, said } from '../shared/notice.js';
import type { ClaimedDelivery } from './deliveries.js';
import type { WebhookPayload } from './schemas.js';
import { signWebhook } from './sign.js';

/** A claimed delivery with its secret opened. */
export type WebhookRequest = Pick<ClaimedDelivery, 'eventId' | 'event' | 'occurredAt' | 'data' | 'url'> & { deliveryId: number; secret: string };

export interface DeliveryOutcome {
  ok: boolean;
  httpStatus: number | null;
  durationMs: number;
  error: Notice | null;
}

const USER_AGENT = 'Avisa-Webhooks/1';

function webhookBody(r: Pick<WebhookRequest, 'eventId' | 'event' | 'occurredAt' | 'data'>): string {
  const payload: WebhookPayload = { id: r.eventId, event: r.event, occurredAt: r.occurredAt.toISOString(), data: r.data };
  return JSON.stringify(payload);
}

export interface WebhookSender {
  send(r: WebhookRequest): Promise<DeliveryOutcome>;
  close(): Promise<void>;
}

export function createWebhookSender(options: { timeoutMs: number }): WebhookSender {
  const agent = new Agent({
    connections: 4,
    connect: { timeout: options.timeoutMs },
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
  return {
    async send(r) {
      const body = webhookBody(r);
      const timestamp = Math.floor(Date.now() / 1000);
      const started = performance.now();
      const timeout = AbortSignal.timeout(options.timeoutMs);
      try {
        const response = await request(r.url, {
          method: 'POST',
          dispatcher: agent,
          signal: timeout,
          headers: {
            'content-type': 'application/json',
            'user-agent': USER_AGENT,
            'x-avisa-event': r.event,
            'x-avisa-delivery': String(r.deliveryId),
            'x-avisa-timestamp': String(timestamp),
            'x-avisa-signature': signWebhook(r.secret, timestamp, body),
          },
          body,
        });
        await response.body.dump({ limit: 64 * 1024 }).catch(() => {});
        const durationMs = Math.round(performance.now() - started);
        const ok = response.statusCode >= 200 && response.statusCode < 300;
        return { ok, httpStatus: response.statusCode, durationMs, error: ok ? null : notice('http_status', { status: response.statusCode }) };
      } catch (err) {
        const durationMs = Math.round(performance.now() - started);
        const error = timeout.aborted ? notice('timeout', { seconds: options.timeoutMs / 1000 }) : describe(err);
        return { ok: false, httpStatus: null, durationMs, error };
      }
    },
    close: () => agent.close(),
  };
}

/** A request that got no answer: the system's code and words. */
function describe(err: unknown): Notice {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.cause?.code ?? e.code ?? 'ERROR';
  return said('connection_failed', e.cause?.message ?? e.message ?? String(err), { code });
}
