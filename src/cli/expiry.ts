/**
 * `--expires` of `avisa token create`: a lifetime from now (`12h`, `90d`, `1y`) or an instant — an ISO date-time
 * with its offset, or a bare date, read as the start of that day in the installation's zone (the token stops
 * working when that day begins there).
 */
import { zoneOffsetMs } from '../shared/time-zone.js';

const LIFETIME = /^(\d{1,5})\s*([hdy])$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const HOUR_MS = 3_600_000;

/** The instant `text` means, or an Error saying what is accepted. */
export function parseExpiry(text: string, options: { now: Date; timeZone: string }): Date | Error {
  const value = text.trim();
  const lifetime = LIFETIME.exec(value);
  if (lifetime) {
    const amount = Number(lifetime[1]);
    const unit = lifetime[2]!.toLowerCase();
    if (amount === 0) return new Error(`--expires ${value}: must be longer than 0`);
    if (unit === 'y') {
      const at = new Date(options.now);
      at.setUTCFullYear(at.getUTCFullYear() + amount);
      return at;
    }
    return new Date(options.now.getTime() + amount * (unit === 'd' ? 24 : 1) * HOUR_MS);
  }
  const date = DATE.exec(value);
  if (date) {
    const [year, month, day] = date.slice(1).map(Number) as [number, number, number];
    const wall = Date.UTC(year, month - 1, day);
    if (new Date(wall).getUTCDate() !== day) return new Error(`--expires ${value}: no such date`);
    // The zone's offset at that wall time (a second pass settles a day when the offset changes).
    let at = wall - zoneOffsetMs(options.timeZone, wall);
    at = wall - zoneOffsetMs(options.timeZone, at);
    return new Date(at);
  }
  if (DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))) return new Date(value);
  return new Error(`--expires ${value}: give a lifetime (12h, 90d, 1y), a date (2027-01-31) or an ISO date-time with offset`);
}
