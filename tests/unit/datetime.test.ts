// Times shown and filtered in Shanghai time, whatever zone the server runs in.
import { formatDateTime, formatDateTimeShort, shanghaiDayStart, shanghaiWallClock } from "#app/utils/datetime";

test("formats an instant as Shanghai wall-clock time", () => {
  expect(formatDateTime(new Date("2026-03-15T16:30:05Z"))).toBe("2026-03-16 00:30:05");
  expect(formatDateTimeShort("2026-03-15T01:02:03Z")).toBe("2026-03-15 09:02");
  expect(formatDateTime(null)).toBe("");
});

test("a Shanghai calendar day starts at 16:00 UTC the day before", () => {
  expect(shanghaiDayStart("2026-03-16")?.toISOString()).toBe("2026-03-15T16:00:00.000Z");
  expect(shanghaiDayStart("2026-03-16", true)?.toISOString()).toBe("2026-03-16T16:00:00.000Z");
  expect(shanghaiDayStart("2026-12-31", true)?.toISOString()).toBe("2026-12-31T16:00:00.000Z");
});

test.each(["2026-02-30", "2026-13-01", "20260301", "2026-3-1", "", "x"])("%j is not a day", (text) => {
  expect(shanghaiDayStart(text)).toBeNull();
});

test("wall-clock dates carry Shanghai time in their UTC fields (for spreadsheet cells)", () => {
  expect(shanghaiWallClock(new Date("2026-03-15T16:30:00Z")).toISOString()).toBe("2026-03-16T00:30:00.000Z");
});
