/**
 * Quiet hours (Configurações › Envio): between `start` and `end` on the installation's clock, only urgent rows (an
 * incident's início) leave the fila; the rest wait until the window closes. A window may cross midnight (21:00 →
 * 08:00); `start` equal to `end` turns it off.
 */
import { wallClockParts } from '../shared/time-zone.js';
import { priorityLevels } from '../shared/vocabulary.js';

export interface QuietHours {
  start: string;
  end: string;
}

const minutesOf = (hhmm: string) => {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

/** Whether `instant` falls in the quiet window, on `timeZone`'s clock. */
export function inQuietHours(quiet: QuietHours, instant: Date, timeZone: string): boolean {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  const p = wallClockParts(instant.getTime(), timeZone);
  const now = p.hour * 60 + p.minute;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** The lowest priority a drain may send now: urgent only within quiet hours, anything otherwise. */
export function minPriorityAt(quiet: QuietHours, instant: Date, timeZone: string): number | undefined {
  return inQuietHours(quiet, instant, timeZone) ? priorityLevels.urgent : undefined;
}
