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

const DAY_MS = 86_400_000;
/** Dates formatted so far, by day number: a demo's times fall on a few thousand days. */
const MAX_DAYS_KEPT = 20_000;

export function createWallClock(timezone: string, now: Date): WallClock {
  const offset = zoneOffsetMs(timezone, now.getTime());
  const days = new Map<number, string>();
  const dateOf = (day: number) => {
    let text = days.get(day);
    if (text === undefined) {
      const d = new Date(day * DAY_MS);
      text = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
      if (days.size >= MAX_DAYS_KEPT) days.clear();
      days.set(day, text);
    }
    return text;
  };
  return {
    nowMs: now.getTime(),
    format(ms) {
      const local = ms + offset;
      const day = Math.floor(local / DAY_MS);
      const seconds = Math.floor((local - day * DAY_MS) / 1000);
      const h = Math.floor(seconds / 3600);
      const m = Math.floor((seconds % 3600) / 60);
      return `${dateOf(day)} ${pad(h)}:${pad(m)}:${pad(seconds % 60)}`;
    },
  };
}
