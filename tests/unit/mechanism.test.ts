import { STAGE_CODES } from "#app/domain/stages";
import { DEFAULT_MECHANISM, parseMechanism, type MechanismConfig } from "#app/schemas/mechanism";

type Json = Record<string, unknown>;

/** A plain, mutable copy of the default profile to break in one place. */
function defaults(): Json & { stages: Json[] } {
  return JSON.parse(JSON.stringify(DEFAULT_MECHANISM)) as Json & { stages: Json[] };
}

function stageIndex(config: { stages: Json[] }, code: string): number {
  return config.stages.findIndex((s) => s.code === code);
}

function errorsOf(input: unknown) {
  const result = parseMechanism(input);
  if (result.ok) throw new Error("expected the configuration to be refused");
  return result.errors;
}

function configOf(input: unknown): MechanismConfig {
  const result = parseMechanism(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

const CHINESE = /[\u4e00-\u9fff]/u;

describe("the default profile", () => {
  test("is itself a valid configuration", () => {
    expect(configOf(DEFAULT_MECHANISM)).toEqual(DEFAULT_MECHANISM);
  });

  test("is what an empty configuration parses to, and what JSON text parses to", () => {
    expect(configOf({})).toEqual(DEFAULT_MECHANISM);
    expect(configOf(JSON.stringify(DEFAULT_MECHANISM))).toEqual(DEFAULT_MECHANISM);
  });

  test("has every stage of the ladder once, in ladder order", () => {
    const codes = [...DEFAULT_MECHANISM.stages].sort((a, b) => a.order - b.order).map((s) => s.code);
    expect(codes).toEqual([...STAGE_CODES]);
  });

  test("carries the practices of DESIGN §2–§3", () => {
    const limit = (code: string) => DEFAULT_MECHANISM.stages.find((s) => s.code === code)?.limitWorkdays;
    const required = (code: string) => DEFAULT_MECHANISM.stages.find((s) => s.code === code)?.requiredFields;
    expect([limit("LEAD"), limit("FIRST_CONTACT"), limit("SITE_VISIT"), limit("NEGOTIATION"), limit("SIGNED")]).toEqual([
      20, 30, 30, 60, 90,
    ]);
    expect([limit("AT_CAPACITY"), limit("ON_HOLD"), limit("TERMINATED")]).toEqual([null, null, null]);
    expect(required("SIGNED")).toEqual(["signedAt", "contractAmount", "contractType"]);
    expect(required("CONSTRUCTION")).toEqual(["startedAt"]);
    expect(required("COMPLETED")).toEqual(["completedAt"]);
    expect(required("PRODUCTION")).toEqual(["producedAt"]);
    expect(DEFAULT_MECHANISM.followUpCadenceDays).toEqual({ key: 7, normal: 30 });
    expect(DEFAULT_MECHANISM.warning.yellowRatio).toBe(0.8);
    expect(DEFAULT_MECHANISM.keyProjectThresholdWan).toBe(10_000);
    expect(DEFAULT_MECHANISM.problemLimitWorkdays).toBe(20);
    expect(DEFAULT_MECHANISM.countingRules.minAmountWan).toBe(1_000);
    expect(DEFAULT_MECHANISM.countingRules.sizeBandsWan).toEqual([10_000, 50_000, 100_000]);
  });

  test("cannot be changed by a caller by accident", () => {
    expect(Object.isFrozen(DEFAULT_MECHANISM)).toBe(true);
    expect(Object.isFrozen(DEFAULT_MECHANISM.stages)).toBe(true);
    expect(Object.isFrozen(DEFAULT_MECHANISM.stages[0])).toBe(true);
    expect(() => (DEFAULT_MECHANISM.stages as unknown[]).sort()).toThrow(TypeError);
  });

  test("a parsed configuration is a copy the caller may change", () => {
    const config = configOf({});
    config.stages.reverse();
    expect(DEFAULT_MECHANISM.stages[0]?.code).toBe("LEAD");
  });
});

describe("partial configurations take the defaults for what they leave out", () => {
  test("only a new key-project threshold", () => {
    const config = configOf({ keyProjectThresholdWan: 50_000 });
    expect(config.keyProjectThresholdWan).toBe(50_000);
    expect(config.stages).toEqual(DEFAULT_MECHANISM.stages);
    expect(config.countingRules).toEqual(DEFAULT_MECHANISM.countingRules);
  });

  test("counting rules may be given in part", () => {
    const config = configOf({ countingRules: { minAmountWan: 500 } });
    expect(config.countingRules).toEqual({ ...DEFAULT_MECHANISM.countingRules, minAmountWan: 500 });
  });

  test("a stage without requiredFields or followUpRequired gets none and true", () => {
    const input = defaults();
    const lead = input.stages[stageIndex(input, "LEAD")] as Json;
    delete lead.requiredFields;
    delete lead.followUpRequired;
    const config = configOf(input);
    expect(config.stages.find((s) => s.code === "LEAD")).toMatchObject({ requiredFields: [], followUpRequired: true });
  });
});

describe("field rules, with Chinese messages and the path of the bad value", () => {
  test("a time limit must be a whole number of at least 1 workday, or null for none", () => {
    const input = defaults();
    const i = stageIndex(input, "LEAD");
    (input.stages[i] as Json).limitWorkdays = 0;
    expect(errorsOf(input)).toEqual([{ path: `stages[${i}].limitWorkdays`, message: "不能小于 1" }]);
    (input.stages[i] as Json).limitWorkdays = 1.5;
    expect(errorsOf(input)).toEqual([{ path: `stages[${i}].limitWorkdays`, message: "须为整数" }]);
    (input.stages[i] as Json).limitWorkdays = 1;
    expect(configOf(input).stages[i]?.limitWorkdays).toBe(1);
    (input.stages[i] as Json).limitWorkdays = null;
    expect(configOf(input).stages[i]?.limitWorkdays).toBeNull();
  });

  test("the yellow ratio lies strictly between 0 and 1", () => {
    expect(errorsOf({ warning: { yellowRatio: 1 } })).toEqual([{ path: "warning.yellowRatio", message: "须小于 1" }]);
    expect(errorsOf({ warning: { yellowRatio: 0 } })).toEqual([{ path: "warning.yellowRatio", message: "须大于 0" }]);
    expect(configOf({ warning: { yellowRatio: 0.99 } }).warning.yellowRatio).toBe(0.99);
  });

  test("required fields come from the allowed list of project fields", () => {
    const input = defaults();
    const i = stageIndex(input, "SIGNED");
    (input.stages[i] as Json).requiredFields = ["signedAt", "password"];
    const [error] = errorsOf(input);
    expect(error?.path).toBe(`stages[${i}].requiredFields[1]`);
    expect(error?.message).toMatch(/^取值无效，可选：firstContactAt、signedAt、/u);
  });

  test("an unknown key (a typo) is refused rather than ignored", () => {
    const input = defaults();
    const i = stageIndex(input, "LEAD");
    (input.stages[i] as Json).limitWorkday = 10;
    expect(errorsOf(input)).toEqual([{ path: `stages[${i}]`, message: "未知的配置项：limitWorkday" }]);
  });

  test("a missing or mistyped value says so", () => {
    expect(errorsOf({ followUpCadenceDays: { key: 7 } })).toEqual([
      { path: "followUpCadenceDays.normal", message: "缺少必填项" },
    ]);
    expect(errorsOf({ keyProjectThresholdWan: "1亿" })).toEqual([{ path: "keyProjectThresholdWan", message: "类型不正确" }]);
    expect(errorsOf({ problemLimitWorkdays: 0 })).toEqual([{ path: "problemLimitWorkdays", message: "不能小于 1" }]);
  });

  test("key projects are followed at least as often as the others", () => {
    expect(errorsOf({ followUpCadenceDays: { key: 31, normal: 30 } })).toEqual([
      { path: "followUpCadenceDays.key", message: "重点项目的跟进间隔不能长于一般项目" },
    ]);
    expect(configOf({ followUpCadenceDays: { key: 30, normal: 30 } }).followUpCadenceDays.key).toBe(30);
  });

  test("size bands rise strictly", () => {
    expect(errorsOf({ countingRules: { sizeBandsWan: [10_000, 10_000] } })).toEqual([
      { path: "countingRules.sizeBandsWan", message: "规模档须从小到大排列且不重复" },
    ]);
  });

  test("text that is not JSON", () => {
    expect(errorsOf("{stages: [")).toEqual([{ path: "", message: "配置不是有效的 JSON" }]);
  });
});

describe("rules across stages", () => {
  test("a stage listed twice", () => {
    const input = defaults();
    input.stages.push({ ...input.stages[0], order: 99 });
    expect(errorsOf(input)).toContainEqual({ path: "stages[12].code", message: "阶段 LEAD 重复出现" });
  });

  test("a stage left out", () => {
    const input = defaults();
    input.stages.splice(stageIndex(input, "SITE_VISIT"), 1);
    expect(errorsOf(input)).toEqual([{ path: "stages", message: "缺少阶段 SITE_VISIT（考察）" }]);
  });

  test("a stage put in the wrong half", () => {
    const input = defaults();
    const i = stageIndex(input, "SIGNED");
    (input.stages[i] as Json).half = "LANDING";
    expect(errorsOf(input)).toEqual([{ path: `stages[${i}].half`, message: "阶段 SIGNED（签约）应属于“招商洽谈”" }]);
  });

  test("two stages with the same order", () => {
    const input = defaults();
    const i = stageIndex(input, "SITE_VISIT");
    (input.stages[i] as Json).order = 2;
    expect(errorsOf(input)).toContainEqual({ path: `stages[${i}].order`, message: "顺序号 2 重复" });
  });

  test("orders that do not rise along the ladder within a half", () => {
    const input = defaults();
    const visit = stageIndex(input, "SITE_VISIT");
    const talks = stageIndex(input, "NEGOTIATION");
    (input.stages[visit] as Json).order = 4;
    (input.stages[talks] as Json).order = 3;
    expect(errorsOf(input)).toEqual([
      {
        path: `stages[${talks}].order`,
        message: "“招商洽谈”内的顺序号须按阶段先后严格递增：NEGOTIATION（洽谈）应排在 SITE_VISIT（考察）之后",
      },
    ]);
  });

  test("a landing stage ordered before signing", () => {
    const input = defaults();
    const orders: Record<string, number> = { LEAD: 10, FIRST_CONTACT: 20, SITE_VISIT: 30, NEGOTIATION: 40, SIGNED: 50 };
    Object.assign(orders, { LANDED: 45, CONSTRUCTION: 46, COMPLETED: 47, PRODUCTION: 48, AT_CAPACITY: 49 });
    Object.assign(orders, { ON_HOLD: 100, TERMINATED: 110 });
    for (const stage of input.stages) stage.order = orders[String(stage.code)];
    expect(errorsOf(input)).toEqual([{ path: "stages", message: "签约及以前各阶段的顺序号须小于落地及以后各阶段" }]);
  });

  test("orders need not be consecutive", () => {
    const input = defaults();
    input.stages.forEach((stage, i) => (stage.order = (i + 1) * 10));
    expect(configOf(input).stages.map((s) => s.order)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120]);
  });

  test("every message is Chinese", () => {
    const input = defaults();
    input.stages.splice(0, 3);
    (input.stages[0] as Json).limitWorkdays = -1;
    const errors = errorsOf({ ...input, warning: { yellowRatio: 2 }, extra: true });
    expect(errors.length).toBeGreaterThan(3);
    for (const error of errors) expect(error.message).toMatch(CHINESE);
  });
});
