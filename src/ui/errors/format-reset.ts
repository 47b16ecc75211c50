/**
 * Says when a limit resets in the designer's own time zone and words: "today at 5:00 PM", "tomorrow at 1:00 AM",
 * "on Friday at 1:00 AM", "on Dec 1 at 1:00 AM". The proxy counts days and months in UTC, so midnight UTC is
 * rarely midnight where the designer sits.
 *
 * @example
 * formatReset(Date.parse("2026-12-01T00:00:00Z"), Date.parse("2026-11-30T18:00:00Z"), { timeZone: "Europe/Berlin" });
 * // "tomorrow at 1:00 AM"
 */

/** Whose clock to show; both default to the designer's (the browser's locale and time zone). */
export interface LocalTime {
  locale?: string;
  timeZone?: string;
}

const DAY_MS = 86_400_000;

export function formatReset(resetsAtMs: number, nowMs: number, local: LocalTime = {}): string {
  const { locale, timeZone } = local;
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: "numeric", minute: "2-digit" }).format(resetsAtMs);
  const days = localDayNumber(resetsAtMs, timeZone) - localDayNumber(nowMs, timeZone);
  if (days <= 0) return `today at ${time}`;
  if (days === 1) return `tomorrow at ${time}`;
  const date =
    days < 7
      ? new Intl.DateTimeFormat(locale, { timeZone, weekday: "long" }).format(resetsAtMs)
      : new Intl.DateTimeFormat(locale, { timeZone, month: "short", day: "numeric" }).format(resetsAtMs);
  return `on ${date} at ${time}`;
}

/** Days since the epoch of the calendar date that `ms` falls on in `timeZone`. */
function localDayNumber(ms: number, timeZone: string | undefined): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric" }).formatToParts(ms);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part("year"), part("month") - 1, part("day")) / DAY_MS;
}
