import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  addWorkdays,
  calendarDaysBetween,
  isWorkday,
  shanghaiDay,
  startOfShanghaiDay,
  workdaysBetween,
} from "#app/domain/workdays";

/** A moment in Shanghai: `at("2025-10-01")` is 00:00, `at("2025-10-01", "23:30")` later that day. */
function at(day: string, time = "00:00"): Date {
  return new Date(`${day}T${time}:00+08:00`);
}

function dayAfterAdding(day: string, n: number): string {
  return shanghaiDay(addWorkdays(at(day, "10:00"), n));
}

describe("Shanghai calendar days", () => {
  test("a Date is read on the Shanghai calendar, not in UTC or the machine's zone", () => {
    expect(shanghaiDay(new Date("2025-09-30T15:59:59.999Z"))).toBe("2025-09-30");
    expect(shanghaiDay(new Date("2025-09-30T16:00:00.000Z"))).toBe("2025-10-01");
  });

  test("startOfShanghaiDay gives 00:00 +08:00 of a day string or of a Date's day", () => {
    expect(startOfShanghaiDay("2026-02-14").toISOString()).toBe("2026-02-13T16:00:00.000Z");
    expect(startOfShanghaiDay(at("2026-02-14", "23:59")).toISOString()).toBe("2026-02-13T16:00:00.000Z");
    expect(() => startOfShanghaiDay("2026/02/14")).toThrow(RangeError);
  });

  test("calendarDaysBetween counts midnights in Shanghai", () => {
    expect(calendarDaysBetween(at("2025-10-01", "23:59"), at("2025-10-02", "00:01"))).toBe(1);
    expect(calendarDaysBetween(at("2025-10-01", "00:01"), at("2025-10-01", "23:59"))).toBe(0);
    expect(calendarDaysBetween(at("2025-10-08"), at("2025-10-01"))).toBe(-7);
  });

  test("an invalid Date is refused rather than counted", () => {
    expect(() => isWorkday(new Date("nonsense"))).toThrow(RangeError);
  });
});

describe("isWorkday around 国庆 2025 (Oct 1–8 off; Sun Sep 28 and Sat Oct 11 worked)", () => {
  test.each([
    ["2025-09-26", true], // Friday
    ["2025-09-27", false], // ordinary Saturday
    ["2025-09-28", true], // Sunday, 调休 make-up workday
    ["2025-09-30", true],
    ["2025-10-01", false],
    ["2025-10-04", false],
    ["2025-10-06", false], // 中秋 falls inside the break
    ["2025-10-08", false],
    ["2025-10-09", true],
    ["2025-10-10", true],
    ["2025-10-11", true], // Saturday, make-up workday
    ["2025-10-12", false],
  ])("%s → %s", (day, expected) => {
    expect(isWorkday(at(day, "12:00"))).toBe(expected);
  });

  test("late evening of Sep 30 in Shanghai is still a workday; just after midnight Oct 1 is not", () => {
    expect(isWorkday(at("2025-09-30", "23:30"))).toBe(true);
    // 2025-09-30T16:30Z: still Sep 30 in UTC, already the holiday in Shanghai.
    expect(isWorkday(at("2025-10-01", "00:30"))).toBe(false);
  });
});

describe("isWorkday around 春节 2026 (official: Feb 15–23 off; Sat Feb 14 and Sat Feb 28 worked)", () => {
  test.each([
    ["2026-02-13", true], // Friday
    ["2026-02-14", true], // Saturday, make-up workday
    ["2026-02-15", false],
    ["2026-02-17", false], // 除夕 is Feb 16, 初一 Feb 17
    ["2026-02-20", false], // a Friday inside the break
    ["2026-02-23", false], // Monday, last day off
    ["2026-02-24", true],
    ["2026-02-27", true],
    ["2026-02-28", true], // Saturday, make-up workday
    ["2026-03-01", false], // Sunday
  ])("%s → %s", (day, expected) => {
    expect(isWorkday(at(day, "12:00"))).toBe(expected);
  });

  test("元旦 2026: Jan 1–3 off, Sunday Jan 4 worked", () => {
    expect(["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04"].map((d) => isWorkday(at(d)))).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });

  test("a year beyond the holiday data falls back to Monday–Friday", () => {
    expect(isWorkday(at("2040-01-02"))).toBe(true); // Monday
    expect(isWorkday(at("2040-01-07"))).toBe(false); // Sunday
  });
});

describe("workdaysBetween (workdays after a, up to and including b)", () => {
  test("the start day does not count, the end day does", () => {
    expect(workdaysBetween(at("2025-09-29"), at("2025-09-30"))).toBe(1);
    expect(workdaysBetween(at("2025-09-30", "08:00"), at("2025-09-30", "20:00"))).toBe(0);
  });

  test("across 国庆 2025: Sep 30 → Oct 8 is 0 workdays, → Oct 9 is 1", () => {
    expect(workdaysBetween(at("2025-09-30"), at("2025-10-08"))).toBe(0);
    expect(workdaysBetween(at("2025-09-30"), at("2025-10-09"))).toBe(1);
  });

  test("Fri Sep 26 → Sun Oct 12 2025: Sep 28, 29, 30, Oct 9, 10, 11 = 6", () => {
    expect(workdaysBetween(at("2025-09-26"), at("2025-10-12"))).toBe(6);
    expect(workdaysBetween(at("2025-10-12"), at("2025-09-26"))).toBe(-6);
  });

  test("across 春节 2026: Feb 13 → Feb 28 = Feb 14, 24, 25, 26, 27, 28 = 6", () => {
    expect(workdaysBetween(at("2026-02-13"), at("2026-02-28"))).toBe(6);
  });

  test("across a year end: Wed 2025-12-31 → Mon 2026-01-05 = Sun Jan 4 (make-up) + Jan 5 = 2", () => {
    expect(workdaysBetween(at("2025-12-31"), at("2026-01-05"))).toBe(2);
  });

  test("2025 has 248 workdays", () => {
    // 261 weekdays − 18 weekday holidays (Jan 1; Jan 28–31; Feb 3–4; Apr 4; May 1, 2, 5; Jun 2;
    // Oct 1–3, 6–8) + 5 weekend make-up days (Jan 26, Feb 8, Apr 27, Sep 28, Oct 11) = 248.
    expect(workdaysBetween(at("2024-12-31"), at("2025-12-31"))).toBe(248);
  });

  test("spans of several years add up", () => {
    const a = at("2024-06-15");
    const b = at("2025-03-01");
    const c = at("2026-11-20");
    expect(workdaysBetween(a, c)).toBe(workdaysBetween(a, b) + workdaysBetween(b, c));
  });
});

describe("addWorkdays", () => {
  test("steps over 国庆 2025 and lands on make-up days", () => {
    expect(dayAfterAdding("2025-09-26", 1)).toBe("2025-09-28"); // Friday → the make-up Sunday
    expect(dayAfterAdding("2025-09-27", 1)).toBe("2025-09-28");
    expect(dayAfterAdding("2025-09-30", 1)).toBe("2025-10-09");
    expect(dayAfterAdding("2025-10-01", 1)).toBe("2025-10-09");
    expect(dayAfterAdding("2025-10-01", 3)).toBe("2025-10-11"); // the make-up Saturday
    expect(dayAfterAdding("2025-10-01", 4)).toBe("2025-10-13");
  });

  test("steps over 春节 2026", () => {
    expect(dayAfterAdding("2026-02-13", 1)).toBe("2026-02-14");
    expect(dayAfterAdding("2026-02-13", 2)).toBe("2026-02-24");
    expect(dayAfterAdding("2026-02-27", 1)).toBe("2026-02-28");
    expect(dayAfterAdding("2026-02-27", 2)).toBe("2026-03-02");
  });

  test("negative n goes back to earlier workdays", () => {
    expect(dayAfterAdding("2025-10-09", -1)).toBe("2025-09-30");
    expect(dayAfterAdding("2025-10-12", -1)).toBe("2025-10-11");
    expect(dayAfterAdding("2026-02-24", -2)).toBe("2026-02-13");
  });

  test("n = 0 is the day itself, even a holiday", () => {
    expect(dayAfterAdding("2025-10-03", 0)).toBe("2025-10-03");
  });

  test("the result is 00:00 in Shanghai", () => {
    expect(addWorkdays(at("2025-09-30", "17:45"), 1).toISOString()).toBe("2025-10-08T16:00:00.000Z");
  });

  test("a whole number of workdays only", () => {
    expect(() => addWorkdays(at("2025-10-01"), 1.5)).toThrow(RangeError);
  });

  test("workdaysBetween(d, addWorkdays(d, n)) === n, from holidays, make-up days and weekends", () => {
    for (const start of ["2025-09-27", "2025-09-28", "2025-10-01", "2025-12-31", "2026-02-14", "2026-02-18"]) {
      for (let n = 0; n <= 70; n++) {
        expect(workdaysBetween(at(start, "09:00"), addWorkdays(at(start, "09:00"), n))).toBe(n);
      }
    }
  });
});

describe("independence from the server's time zone", () => {
  // chinese-days builds its tables in the process's local time when it is loaded, so each zone
  // needs a fresh process. Every day of 2024–2026 must come out the same as in this process.
  const script = `
    const m = await import(process.argv[1]);
    let days = "";
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2027, 0, 1); t += 86400000) days += m.isWorkday(new Date(t)) ? "1" : "0";
    const sep30 = new Date("2025-09-30T23:00:00+08:00");
    console.log(JSON.stringify({ days, next: m.shanghaiDay(m.addWorkdays(sep30, 1)) }));
  `;
  const modulePath = fileURLToPath(new URL("../../app/domain/workdays.ts", import.meta.url));
  let expectedDays = "";
  for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2027, 0, 1); t += 86_400_000) expectedDays += isWorkday(new Date(t)) ? "1" : "0";

  test.each(["America/Los_Angeles", "Atlantic/Azores", "Pacific/Kiritimati", "Asia/Shanghai", "UTC"])(
    "same calendar with TZ=%s",
    (zone) => {
      const output = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, modulePath], {
        env: { ...process.env, TZ: zone },
        encoding: "utf8",
      });
      const result = JSON.parse(output) as { days: string; next: string };
      expect(result.days).toBe(expectedDays);
      expect(result.next).toBe("2025-10-09");
    },
    20_000,
  );

  test("this process's calendar has the known number of workdays (251 + 248 + 248)", () => {
    // 2024: 262 weekdays − 19 weekday holidays + 8 make-up days = 251.
    // 2026: 261 weekdays − 19 weekday holidays (Jan 1–2; Feb 16–20, 23; Apr 6; May 1, 4, 5;
    // Jun 19; Sep 25; Oct 1, 2, 5–7) + 6 make-up days (Jan 4, Feb 14, Feb 28, May 9, Sep 20,
    // Oct 10) = 248.
    expect([...expectedDays].filter((d) => d === "1").length).toBe(747);
  });
});
