/**
 * Wall-clock time in a time zone without a date library (browser-safe): the fields of an instant as a clock in
 * the zone shows them, and the zone's offset from UTC, read with Intl — one formatter per zone, kept. The CSV
 * exports, the demo's IXC-style timestamps and the web's date-time inputs all go through here.
 */

export interface WallClockParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatOf(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** What a clock in `timeZone` shows at `instant` (epoch milliseconds). Throws a RangeError on an unknown zone. */
export function wallClockParts(instant: number, timeZone: string): WallClockParts {
  const parts: Record<string, number> = {};
  for (const part of formatOf(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Milliseconds `timeZone` is ahead of UTC at `instant` (−10,800,000 for São Paulo). */
export function zoneOffsetMs(timeZone: string, instant: number): number {
  const p = wallClockParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}
