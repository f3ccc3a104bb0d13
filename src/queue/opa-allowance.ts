/**
 * Opa! Suite's daily template limit per channel (`limites-diarios-envio`), read before a channel's first send of
 * a run and again every `refreshEvery` sends or `refreshMs`, and counted down locally in between, so a run stops
 * cleanly when it runs out instead of collecting refusals. A limit that cannot be read does not hold anything back:
 * the send itself then says what is wrong.
 */
import type { OpaClient } from '../providers/opa/client.js';

export interface Allowance {
  /** A reason to hold the row when the channel has no sends left, else null (and one send is counted). */
  reserve(channelId: string): Promise<string | null>;
}

export function opaAllowance(client: OpaClient, options: { refreshEvery?: number; refreshMs?: number; now?: () => number } = {}): Allowance {
  const refreshEvery = options.refreshEvery ?? 100;
  const refreshMs = options.refreshMs ?? 60_000;
  const now = options.now ?? Date.now;
  const channels = new Map<string, { left: number | null; limit: number | null; used: number; readAt: number }>();
  return {
    async reserve(channelId) {
      let state = channels.get(channelId);
      if (!state || state.used >= refreshEvery || now() - state.readAt > refreshMs) {
        // Unreadable (Opa down, token refused…): send anyway and let the send's own answer decide; read again next time.
        const limit = await client.dailyLimit(channelId).catch(() => undefined);
        if (limit === undefined) return null;
        state = { left: limit ? limit.availableAmount : null, limit: limit ? limit.dailyLimit : null, used: 0, readAt: now() };
        channels.set(channelId, state);
      }
      if (state.left !== null && state.left <= 0) {
        return `Limite diário de envio de templates do canal atingido (${state.limit ?? '?'} por dia); o restante fica na fila para a próxima execução`;
      }
      if (state.left !== null) state.left -= 1;
      state.used += 1;
      return null;
    },
  };
}
