/**
 * Quiet hours make a drain depend on the hour it runs (src/queue/quiet-hours.ts): tests that drain through the
 * Agenda pin them — off, or a window around the present — so the suite passes at any hour.
 */
import type { Db } from '../db/database.js';
import { updateSendSettings } from '../queue/send-settings.js';
import { wallClockParts } from '../shared/time-zone.js';

const hhmm = (instant: number, timeZone: string) => {
  const p = wallClockParts(instant, timeZone);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
};

/** No quiet hours: every row drains whatever the time. */
export async function quietHoursOff(db: Db): Promise<void> {
  await updateSendSettings(db, { recentHours: 6, recentScope: 'message', quietStart: '00:00', quietEnd: '00:00' }, 'teste');
}

/** Quiet hours from an hour ago to an hour from now, on `timeZone`'s clock: the present is within them. */
export async function quietHoursNow(db: Db, timeZone: string): Promise<void> {
  const now = Date.now();
  await updateSendSettings(
    db,
    { recentHours: 6, recentScope: 'message', quietStart: hhmm(now - 3_600_000, timeZone), quietEnd: hhmm(now + 3_600_000, timeZone) },
    'teste',
  );
}
