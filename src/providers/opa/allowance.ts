/**
 * Opa! Suite's daily template limit per channel (`limites-diarios-envio`) as one allowance shared by all the
 * concurrent sends of a run. The first send of a channel reads it and every other send waits for that same read;
 * each send then takes one unit synchronously (no await between looking and counting, so two sends can never take
 * the last unit twice). The limit is read again every `refreshEvery` sends or `refreshMs` without holding sends
 * back, and the new figure is lowered by every unit reserved and not yet answered when that read started, or
 * reserved while it ran: Opa may not have counted those yet, so a re-read never grants more than is really left.
 * A limit that cannot be read does not hold anything back: the send itself then says what is wrong.
 */
import { notice } from '../../shared/notice.js';
import { granted } from '../reservation.js';
import type { Reservation } from '../types.js';
import type { OpaClient } from './client.js';

export interface Allowance {
  reserve(channelId: string): Promise<Reservation>;
}

export interface AllowanceOptions {
  refreshEvery?: number;
  refreshMs?: number;
  now?: () => number;
}

interface ChannelAllowance {
  /** Sends left (as last read, less what was reserved since); null when there is no limit or it was never read. */
  left: number | null;
  limit: number | null;
  /** Reserved and not settled yet: sent or about to be, maybe not in Opa's count. */
  unsettled: number;
  /** Every reservation so far: how many were made while a read was in flight. */
  reserved: number;
  /** Reservations since the last read started, and when it started. */
  sinceRead: number;
  readAt: number;
  /** The read in flight; the first one is awaited by every send, later ones by none. */
  reading: Promise<void> | null;
  everRead: boolean;
}

export function opaAllowance(client: Pick<OpaClient, 'dailyLimit'>, options: AllowanceOptions = {}): Allowance {
  const refreshEvery = options.refreshEvery ?? 100;
  const refreshMs = options.refreshMs ?? 60_000;
  const now = options.now ?? Date.now;
  const channels = new Map<string, ChannelAllowance>();

  const read = async (channelId: string, state: ChannelAllowance) => {
    const unsettled = state.unsettled;
    const reserved = state.reserved;
    state.sinceRead = 0;
    state.readAt = now();
    // Unreadable (Opa down, token refused…): keep counting down what we had, and let the sends' answers decide.
    const limit = await client.dailyLimit(channelId).catch(() => undefined);
    state.everRead = true;
    if (limit === undefined) return;
    state.limit = limit ? limit.dailyLimit : null;
    state.left = limit ? limit.availableAmount - unsettled - (state.reserved - reserved) : null;
  };

  return {
    async reserve(channelId) {
      let state = channels.get(channelId);
      if (!state) {
        state = { left: null, limit: null, unsettled: 0, reserved: 0, sinceRead: 0, readAt: 0, reading: null, everRead: false };
        channels.set(channelId, state);
      }
      const s = state;
      if (!s.reading && (!s.everRead || s.sinceRead >= refreshEvery || now() - s.readAt > refreshMs)) {
        s.reading = read(channelId, s).finally(() => {
          s.reading = null;
        });
      }
      if (!s.everRead) await s.reading;
      if (s.left !== null && s.left <= 0) {
        return { ok: false, notice: notice('daily_limit', { limit: s.limit ?? '?' }) };
      }
      if (s.left !== null) s.left -= 1;
      s.unsettled += 1;
      s.reserved += 1;
      s.sinceRead += 1;
      return granted((attempted) => {
        s.unsettled -= 1;
        if (!attempted && s.left !== null) s.left += 1;
      });
    },
  };
}
