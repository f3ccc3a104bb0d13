/**
 * `<input type="datetime-local">` holds a wall-clock time with no zone. The operator means the installation's
 * zone (America/Sao_Paulo, like IXC), whatever the browser's zone is; the API wants ISO 8601 with the offset.
 */
import { wallClockParts, zoneOffsetMs } from '../../shared/time-zone.js';
import { INSTALLATION_TIME_ZONE } from '../format.js';

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Minutes the zone is ahead of UTC at `instant` (−180 for São Paulo). */
function offsetMinutes(instant: number, timeZone: string): number {
  return Math.round(zoneOffsetMs(timeZone, instant) / 60_000);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** "2025-01-15T08:30" (wall clock in `timeZone`) → "2025-01-15T08:30:00-03:00"; undefined if not a valid time. */
export function localInputToIso(value: string, timeZone: string = INSTALLATION_TIME_ZONE): string | undefined {
  const m = LOCAL_INPUT.exec(value.trim());
  if (!m) return undefined;
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = m.slice(1).map((s) => Number(s ?? 0));
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  // The offset at the wall time read as UTC is right except within hours of a change; one more pass settles it.
  let offset = offsetMinutes(wall, timeZone);
  offset = offsetMinutes(wall - offset * 60_000, timeZone);
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${pad(second)}${formatOffset(offset)}`;
}

/** An ISO instant → the "YYYY-MM-DDTHH:mm" a datetime-local input shows for it in `timeZone`; '' if invalid. */
export function isoToLocalInput(iso: string, timeZone: string = INSTALLATION_TIME_ZONE): string {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return '';
  const p = wallClockParts(instant, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}
