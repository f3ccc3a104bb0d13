import type { Reservation } from './types.js';

/** A granted reservation whose `settle` runs `onSettle` once, however often it is called. */
export function granted(onSettle: (attempted: boolean) => void): Reservation {
  let settled = false;
  return {
    ok: true,
    settle(attempted) {
      if (settled) return;
      settled = true;
      onSettle(attempted);
    },
  };
}
