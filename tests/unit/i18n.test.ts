import { describe, expect, it } from "vitest";
import { hasMessage, t, type MessageKey } from "#app/i18n";

describe("t", () => {
  it("returns an entry without placeholders as written", () => {
    expect(t("cockpit.rateNone")).toBe("—");
  });

  it("fills every placeholder, at the start, in the middle and at the end", () => {
    expect(t("admin.sessionCount", { count: 3 })).toBe("3 个");
    expect(t("alerts.webhookCounts", { pending: 1, sent: 20, gaveUp: 0 })).toBe("待发 1 · 已发 20 · 放弃 0");
    expect(t("alerts.visitDaysSince", { days: 12, cadence: 30 })).toBe("距上次 12 天（间隔 30 天）");
  });

  it("gives the same text on every call (the split entry is kept)", () => {
    expect(t("alerts.visitDaysSince", { days: 1, cadence: 2 })).toBe("距上次 1 天（间隔 2 天）");
    expect(t("alerts.visitDaysSince", { days: 3, cadence: 4 })).toBe("距上次 3 天（间隔 4 天）");
  });

  it("keeps a placeholder it was given no value for", () => {
    expect(t("alerts.visitDaysSince", { days: 5 })).toBe("距上次 5 天（间隔 {cadence} 天）");
    expect(t("admin.sessionCount")).toBe("{count} 个");
  });

  it("shows the key itself for a key the dictionary lacks", () => {
    const missing = "cockpit.noSuchEntry" as MessageKey;
    expect(hasMessage(missing)).toBe(false);
    expect(t(missing)).toBe("cockpit.noSuchEntry");
  });
});
