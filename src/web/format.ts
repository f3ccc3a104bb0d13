/** Numbers, percentages and dates for display, with Intl in the installation's time zone. */

/** The installation time zone (AVISA_TIMEZONE); IXC's wall-clock times are in it too. */
export const INSTALLATION_TIME_ZONE = 'America/Sao_Paulo';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let value = cache.get(key);
  if (!value) {
    value = make();
    cache.set(key, value);
  }
  return value as T;
}

export function formatNumber(value: number, locale: string): string {
  return cached(`n|${locale}`, () => new Intl.NumberFormat(locale)).format(value);
}

/** `part` as a share of `whole` (0–100 %, one decimal); a dash when there is nothing to divide. */
export function formatShare(part: number, whole: number, locale: string): string {
  if (whole <= 0) return '—';
  const format = cached(`p|${locale}`, () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }));
  return format.format(part / whole);
}

type Moment = string | Date | null | undefined;

function formatMoment(value: Moment, locale: string, timeZone: string, withTime: boolean): string {
  if (value === null || value === undefined) return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '—';
  const format = cached(
    `d|${locale}|${timeZone}|${withTime}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: withTime ? 'short' : undefined, timeZone }),
  );
  return format.format(date);
}

/** A timestamp (ISO string or Date) as short date and time in the installation zone; a dash for none. */
export function formatDateTime(value: Moment, locale: string, timeZone: string = INSTALLATION_TIME_ZONE): string {
  return formatMoment(value, locale, timeZone, true);
}

/** The calendar day of a timestamp in the installation zone; a dash for none. */
export function formatDate(value: Moment, locale: string, timeZone: string = INSTALLATION_TIME_ZONE): string {
  return formatMoment(value, locale, timeZone, false);
}

/**
 * A length of time the way an operator reads it in a dense grid: "< 1 min", "45 min", "2 h 15 min", "3 d 4 h",
 * "12 d" (two units at most; from 10 days on, days only). Unit symbols are the same in pt-BR and English.
 */
export function formatDuration(seconds: number | null | undefined, locale: string): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  const n = (value: number) => formatNumber(value, locale);
  const minutes = Math.floor(seconds / 60);
  if (minutes < 1) return '< 1 min';
  if (minutes < 60) return `${n(minutes)} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${n(hours)} h ${n(minutes % 60)} min` : `${n(hours)} h`;
  const days = Math.floor(hours / 24);
  return days < 10 && hours % 24 ? `${n(days)} d ${n(hours % 24)} h` : `${n(days)} d`;
}
