// 工作日 arithmetic on the Asia/Shanghai calendar (DESIGN §2: stage limits, problem deadlines).
// Holidays and 调休 make-up workdays come from the maintained `chinese-days` package; a year
// it does not know yet falls back to Monday–Friday, so upgrading the package is how a newly
// published State Council schedule reaches the product.
//
// Every function takes JS Dates (instants) and works on the Shanghai calendar day they fall on,
// whatever time zone the server runs in.
import chineseDays from "chinese-days";

/** A Shanghai calendar day, written `YYYY-MM-DD`. */
export type CalendarDay = string;

const MS_PER_DAY = 86_400_000;
// China has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact for every
// date this product handles and spares an Intl call per date in list pages.
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Days since 1970-01-01 on the Shanghai calendar. */
function dayNumber(date: Date): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError("Invalid Date");
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / MS_PER_DAY);
}

/** The UTC fields of this Date are the Shanghai calendar fields of the day. */
function dayNumberAsUtcDate(day: number): Date {
  return new Date(day * MS_PER_DAY);
}

export function shanghaiDay(date: Date): CalendarDay {
  return dayNumberAsUtcDate(dayNumber(date)).toISOString().slice(0, 10);
}

/** 00:00 in Shanghai of the given day (`YYYY-MM-DD`) or of the day a Date falls on. */
export function startOfShanghaiDay(day: CalendarDay | Date): Date {
  if (day instanceof Date) return new Date(dayNumber(day) * MS_PER_DAY - SHANGHAI_OFFSET_MS);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new RangeError(`Not a calendar day: ${day}`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) - SHANGHAI_OFFSET_MS);
}

// One table per year: prefix[i] = number of workdays among the year's first i days. Built once
// from chinese-days, it makes isWorkday a lookup and workdaysBetween O(years spanned), which
// matters when a list page computes warnings for thousands of projects.
type YearTable = { firstDay: number; prefix: Uint16Array };
const yearTables = new Map<number, YearTable>();

function yearTable(year: number): YearTable {
  const cached = yearTables.get(year);
  if (cached) return cached;
  const firstDay = Date.UTC(year, 0, 1) / MS_PER_DAY;
  const length = Date.UTC(year + 1, 0, 1) / MS_PER_DAY - firstDay;
  const prefix = new Uint16Array(length + 1);
  for (let i = 0; i < length; i++) {
    prefix[i + 1] = (prefix[i] ?? 0) + (isWorkdayByCalendar(firstDay + i) ? 1 : 0);
  }
  const table = { firstDay, prefix };
  yearTables.set(year, table);
  return table;
}

// chinese-days keys its holiday tables by parsing "YYYY-MM-DD" as UTC midnight and formatting
// it back in the server's local time, and takes the weekday from local time too: west of UTC
// its isWorkday(date) answers for the wrong day. Asking getDayDetail with the same day string
// finds the day's entry in any zone; only days it does not list fall back to the weekday,
// which is computed here.
const LIBRARY_WEEKDAY_NAMES = new Set(["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]);

function isWorkdayByCalendar(day: number): boolean {
  const date = dayNumberAsUtcDate(day);
  const detail = chineseDays.getDayDetail(date.toISOString().slice(0, 10));
  if (!LIBRARY_WEEKDAY_NAMES.has(detail.name)) return detail.work; // a holiday or a 调休 workday
  const weekday = date.getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

function yearOf(day: number): number {
  return dayNumberAsUtcDate(day).getUTCFullYear();
}

/** Workdays from 1 January of the day's year up to and including the day. */
function workdaysIntoYear(day: number): number {
  const table = yearTable(yearOf(day));
  return table.prefix[day - table.firstDay + 1] ?? 0;
}

function workdaysInYear(year: number): number {
  const { prefix } = yearTable(year);
  return prefix[prefix.length - 1] ?? 0;
}

function isWorkdayNumber(day: number): boolean {
  const table = yearTable(yearOf(day));
  const i = day - table.firstDay;
  return (table.prefix[i + 1] ?? 0) > (table.prefix[i] ?? 0);
}

/** Workdays d with from < d ≤ to, for from ≤ to. */
function countWorkdays(from: number, to: number): number {
  const fromYear = yearOf(from);
  const toYear = yearOf(to);
  let count = workdaysIntoYear(to) - workdaysIntoYear(from);
  for (let year = fromYear; year < toYear; year++) count += workdaysInYear(year);
  return count;
}

/** Whether the Shanghai calendar day of `date` is a working day (调休 Saturdays included). */
export function isWorkday(date: Date): boolean {
  return isWorkdayNumber(dayNumber(date));
}

/**
 * The n-th workday after the day of `date` (for negative n, the |n|-th workday before it), at
 * 00:00 Shanghai; n = 0 gives the day itself, workday or not. For n ≥ 0,
 * workdaysBetween(date, addWorkdays(date, n)) === n: a deadline of n workdays.
 */
export function addWorkdays(date: Date, n: number): Date {
  if (!Number.isInteger(n)) throw new RangeError(`Workdays must be a whole number, got ${n}`);
  const step = Math.sign(n);
  let day = dayNumber(date);
  for (let remaining = Math.abs(n); remaining > 0; ) {
    day += step;
    if (isWorkdayNumber(day)) remaining--;
  }
  return new Date(day * MS_PER_DAY - SHANGHAI_OFFSET_MS);
}

/**
 * Number of workdays after the day of `a`, up to and including the day of `b`: the day a
 * clock starts does not count, the day it is read does. Negative when b is before a.
 */
export function workdaysBetween(a: Date, b: Date): number {
  const from = dayNumber(a);
  const to = dayNumber(b);
  return to >= from ? countWorkdays(from, to) : -countWorkdays(to, from);
}

/** Calendar days from the Shanghai day of `a` to that of `b` (negative when b is earlier). */
export function calendarDaysBetween(a: Date, b: Date): number {
  return dayNumber(b) - dayNumber(a);
}

/** Whether the Shanghai day of `a` is after the Shanghai day of `b`. */
export function isLaterDay(a: Date, b: Date): boolean {
  return dayNumber(a) > dayNumber(b);
}
