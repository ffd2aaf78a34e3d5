import { formatNumber, formatWan, formatWanNumber } from "#app/domain/money";
import {
  canLeadProject,
  canOfficeProject,
  clearedHeldFields,
  formatProjectCode,
  heldFields,
  moveRequirements,
  newestFirst,
  regionLineage,
  type RegionRef,
} from "#app/domain/projects";
import { DEFAULT_MECHANISM, parseMechanism, type MechanismConfig } from "#app/schemas/mechanism";

const config = DEFAULT_MECHANISM;
const NOW = new Date("2026-03-15T10:00:00+08:00");

describe("project codes", () => {
  test("AK-<year>-<4 digits>, growing past 9999", () => {
    expect(formatProjectCode(2026, 42)).toBe("AK-2026-0042");
    expect(formatProjectCode(2026, 1)).toBe("AK-2026-0001");
    expect(formatProjectCode(2027, 12345)).toBe("AK-2027-12345");
  });
});

describe("money", () => {
  test("万元 with separators, 亿元 from 1亿", () => {
    expect(formatWan(8000)).toBe("8,000万元");
    expect(formatWan(12_500)).toBe("1.25亿元");
    expect(formatWan(10_000)).toBe("1亿元");
    expect(formatWan(null)).toBe("");
    expect(formatWanNumber(1234567.891)).toBe("1,234,567.89");
  });

  test("counts read as toLocaleString(\"zh-CN\") writes them, through a kept formatter", () => {
    for (const value of [0, 7, 1234, 1234567, 2.5, 1.23456, -42]) expect(formatNumber(value, 3)).toBe(value.toLocaleString("zh-CN"));
  });
});

describe("what a stage move asks for", () => {
  test("签约 from 洽谈: signing date, amount and type", () => {
    expect(moveRequirements(config, "NEGOTIATION", "SIGNED", null, NOW)).toEqual({
      fields: ["signedAt", "contractAmount", "contractType"],
      reasonRequired: false,
    });
  });

  test("签约 straight from 线索 also needs the stages jumped over", () => {
    expect(moveRequirements(config, "LEAD", "SIGNED", null, NOW)?.fields).toEqual(["firstContactAt", "signedAt", "contractAmount", "contractType"]);
  });

  test("backwards, 暂缓 and 终止 need a reason and no fields", () => {
    for (const to of ["LEAD", "ON_HOLD", "TERMINATED"] as const) {
      expect(moveRequirements(config, "NEGOTIATION", to, null, NOW)).toEqual({ fields: [], reasonRequired: true });
    }
  });

  test("resuming where it paused asks for that stage's own fields only; elsewhere a reason", () => {
    expect(moveRequirements(config, "ON_HOLD", "FIRST_CONTACT", "FIRST_CONTACT", NOW)).toEqual({ fields: ["firstContactAt"], reasonRequired: false });
    expect(moveRequirements(config, "ON_HOLD", "NEGOTIATION", "NEGOTIATION", NOW)).toEqual({ fields: [], reasonRequired: false });
    expect(moveRequirements(config, "ON_HOLD", "LEAD", "NEGOTIATION", NOW)?.reasonRequired).toBe(true);
  });

  test("a terminated project goes nowhere; the same stage is no move", () => {
    expect(moveRequirements(config, "TERMINATED", "LEAD", null, NOW)).toBeNull();
    expect(moveRequirements(config, "LEAD", "LEAD", null, NOW)).toBeNull();
  });

  test("follows the configuration, not constants", () => {
    const copy = JSON.parse(JSON.stringify(DEFAULT_MECHANISM)) as MechanismConfig;
    copy.stages.find((s) => s.code === "SITE_VISIT")!.requiredFields = ["leadLeaderId"];
    const parsed = parseMechanism(copy);
    if (!parsed.ok) throw new Error("invalid");
    expect(moveRequirements(parsed.config, "FIRST_CONTACT", "SITE_VISIT", null, NOW)?.fields).toEqual(["leadLeaderId"]);
  });
});

describe("fields a stage keeps required", () => {
  test("a signed project keeps its first contact and contract fields; a paused one those of where it paused", () => {
    expect(heldFields(config, "SIGNED", null)).toEqual(["firstContactAt", "signedAt", "contractAmount", "contractType"]);
    expect(heldFields(config, "LEAD", null)).toEqual([]);
    expect(heldFields(config, "ON_HOLD", "FIRST_CONTACT")).toEqual(["firstContactAt"]);
    expect(heldFields(config, "TERMINATED", null)).toEqual([]);
  });

  test("only a filled field that becomes empty counts as cleared", () => {
    const held = heldFields(config, "SIGNED", null);
    const before = { signedAt: new Date(), contractAmount: 100, contractType: "FORMAL", firstContactAt: null };
    expect(clearedHeldFields(before, { ...before, contractType: "", contractAmount: null }, held)).toEqual(["contractAmount", "contractType"]);
    expect(clearedHeldFields(before, { ...before }, held)).toEqual([]);
  });
});

describe("people on a project", () => {
  const regions: RegionRef[] = [
    { id: "city", parentId: null, level: "CITY" },
    { id: "hanyin", parentId: "city", level: "COUNTY" },
    { id: "hanbin", parentId: "city", level: "COUNTY" },
  ];

  test("包抓领导: a leader of the region or of the city", () => {
    expect(regionLineage("hanyin", regions)).toEqual(["hanyin", "city"]);
    expect(canLeadProject({ id: "a", role: "LEADER", regionId: "city" }, "hanyin", regions)).toBe(true);
    expect(canLeadProject({ id: "b", role: "LEADER", regionId: "hanyin" }, "hanyin", regions)).toBe(true);
    expect(canLeadProject({ id: "c", role: "LEADER", regionId: "hanbin" }, "hanyin", regions)).toBe(false);
    expect(canLeadProject({ id: "d", role: "CITY_OFFICER", regionId: "city" }, "hanyin", regions)).toBe(false);
  });

  test("责任专员: the region's county officer or a city officer", () => {
    expect(canOfficeProject({ id: "a", role: "COUNTY_OFFICER", regionId: "hanyin" }, "hanyin")).toBe(true);
    expect(canOfficeProject({ id: "b", role: "COUNTY_OFFICER", regionId: "hanbin" }, "hanyin")).toBe(false);
    expect(canOfficeProject({ id: "c", role: "CITY_OFFICER", regionId: "city" }, "hanyin")).toBe(true);
    expect(canOfficeProject({ id: "d", role: "LEADER", regionId: "hanyin" }, "hanyin")).toBe(false);
  });
});

describe("timeline order", () => {
  test("newest first across lists, stable on equal instants", () => {
    const at = (iso: string) => new Date(iso);
    const merged = newestFirst(
      [{ at: at("2026-03-01T10:00:00Z"), key: "t1" }],
      [
        { at: at("2026-03-05T10:00:00Z"), key: "f1" },
        { at: at("2026-03-01T10:00:00Z"), key: "a0" },
      ],
    );
    expect(merged.map((e) => e.key)).toEqual(["f1", "a0", "t1"]);
  });
});
