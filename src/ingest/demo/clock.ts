/**
 * Wall-clock text in the installation's zone, as IXC writes it (`YYYY-MM-DD HH:MM:SS`), without a date library:
 * the zone's offset is read once, at `now`, with Intl. Instants weeks away across a DST change are off by
 * the DST hour, which demo data can afford (Brazil has had no DST since 2019).
 */
export interface WallClock {
  readonly nowMs: number;
  /** The wall-clock text of `ms` (epoch milliseconds). */
  format(ms: number): string;
}

export function zoneOffsetMs(timezone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

export function createWallClock(timezone: string, now: Date): WallClock {
  const offset = zoneOffsetMs(timezone, now);
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
