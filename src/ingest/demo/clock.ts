/**
 * Wall-clock text in the installation's zone, as IXC writes it (`YYYY-MM-DD HH:MM:SS`), without a date library:
 * the zone's offset is read once, at `now`, with Intl. Instants weeks away across a DST change are off by
 * the DST hour, which demo data can afford (Brazil has had no DST since 2019).
 */
import { zoneOffsetMs } from '../../shared/time-zone.js';

export interface WallClock {
  readonly nowMs: number;
  /** The wall-clock text of `ms` (epoch milliseconds). */
  format(ms: number): string;
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

export function createWallClock(timezone: string, now: Date): WallClock {
  const offset = zoneOffsetMs(timezone, now.getTime());
  return {
    nowMs: now.getTime(),
    format(ms) {
      const d = new Date(ms + offset);
      return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(
        d.getUTCMinutes(),
      )}:${pad(d.getUTCSeconds())}`;
    },
  };
}
