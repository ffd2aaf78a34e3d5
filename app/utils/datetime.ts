// Times as the bureau reads them: Asia/Shanghai wall-clock, whatever the server's zone.
// China has no daylight saving, so the offset is a constant +08:00.
import { startOfShanghaiDay } from "#app/domain/workdays";

export const APP_TIME_ZONE = "Asia/Shanghai";
const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 86_400_000;

const pad = (n: number) => String(n).padStart(2, "0");

/** 2026-03-15 14:30:05 in Shanghai time. */
export function formatDateTime(date: Date | string | null | undefined): string {
  if (!date) return "";
  const d = shanghaiWallClock(new Date(date));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** 2026-03-15 14:30 in Shanghai time. */
export function formatDateTimeShort(date: Date | string | null | undefined): string {
  return formatDateTime(date).slice(0, 16);
}

/**
 * A Date whose UTC fields read as Shanghai wall-clock time. Spreadsheet cells have no zone:
 * exceljs writes a Date by its UTC fields, so this makes Excel show the time the user lived.
 */
export function shanghaiWallClock(date: Date): Date {
  return new Date(date.getTime() + OFFSET_MS);
}

/**
 * The instant a Shanghai calendar day (YYYY-MM-DD) starts, or null if the text is not a real
 * date (2026-02-30 is refused, not rolled over). `nextDay` gives the start of the following
 * day, for an inclusive "to" filter.
 */
export function shanghaiDayStart(text: string, nextDay = false): Date | null {
  const day = text.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const check = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (check.toISOString().slice(0, 10) !== day) return null;
  const start = startOfShanghaiDay(day);
  return nextDay ? new Date(start.getTime() + DAY_MS) : start;
}
