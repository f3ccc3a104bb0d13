/**
 * Opa! Suite as Avisa's WhatsApp `Provider`: an `Outbound` becomes a template send, and every outcome, failures
 * included, comes back as a `SendResult` (the queue's drain engine acts on `kind`). `reserve()` keeps to each
 * channel's daily template limit (./allowance.ts), one allowance for all the provider's concurrent sends.
 * `check()` is "Testar conexão": it lists the channels, which proves the address, the token and the API permission
 * without sending anything.
 */
import { type Notice, notice, said } from '../../shared/notice.js';
import { failureFrom } from '../http.js';
import type { CheckResult, Outbound, Provider, Reservation, SendResult } from '../types.js';
import { type AllowanceOptions, opaAllowance } from './allowance.js';
import { createOpaClient, type OpaClient, type OpaClientOptions } from './client.js';
import { isActiveWhatsApp } from './model.js';

const unlimited: Reservation = { ok: true, settle: () => {} };

export function opaProvider(options: OpaClientOptions & { allowance?: AllowanceOptions }): Provider {
  let client: OpaClient | undefined;
  let setupError: Notice = notice('not_configured', { provider: 'opa' });
  try {
    client = createOpaClient(options);
  } catch (err) {
    // A bad address or an empty token: every call reports it as a configuration failure instead of throwing.
    setupError = said('not_configured', err instanceof Error ? err.message : String(err), { provider: 'opa' });
  }

  const allowance = client ? opaAllowance(client, options.allowance) : undefined;

  return {
    channel: 'whatsapp',
    // Without a client or for another channel, the send itself reports the configuration failure.
    reserve: async (message) => (allowance && message.channel === 'whatsapp' && 'channelId' in message ? allowance.reserve(message.channelId) : unlimited),
    async send(message: Outbound, signal?: AbortSignal): Promise<SendResult> {
      if (!client) return { ok: false, kind: 'config', notice: setupError };
      if (message.channel !== 'whatsapp') {
        return { ok: false, kind: 'config', notice: notice('wrong_channel', { provider: 'opa', channel: message.channel }) };
      }
      if (!('channelId' in message)) return { ok: false, kind: 'permanent', notice: notice('wrong_template_kind', { provider: 'opa' }) };
      try {
        const sent = await client.sendTemplate(
          { to: message.to, templateId: message.templateId, channelId: message.channelId, variables: message.variables, ref: message.ref },
          signal,
        );
        return { ok: true, providerMessageId: sent.messageSentId, ...(sent.message ? { detail: sent.message } : {}) };
      } catch (err) {
        return failureFrom(err);
      }
    },
    async check(signal?: AbortSignal): Promise<CheckResult> {
      if (!client) return { ok: false, kind: 'config', notice: setupError };
      try {
        const channels = await client.listChannels(signal);
        const whatsapp = channels.filter(isActiveWhatsApp).length;
        return { ok: true, notice: notice('check_opa', { channels: channels.length, whatsapp }) };
      } catch (err) {
        const { ok, kind, notice: why, status } = failureFrom(err);
        return { ok, kind, notice: why, ...(status === undefined ? {} : { status }) };
      }
    },
    close: async () => {
      await client?.close();
    },
  };
}
