import { fairCompetitionFlags, fairCompetitionFlagsOf, normaliseWording } from "#app/domain/fair-competition";
import { hasMessage, t } from "#app/i18n";
import { DEFAULT_MECHANISM, parseMechanism, type MechanismConfig } from "#app/schemas/mechanism";

const config = DEFAULT_MECHANISM;
const ids = (text: string, c: MechanismConfig = config) => fairCompetitionFlags(text, c).map((f) => f.ruleId);

describe("wordings the 公平竞争审查条例 forbids are flagged", () => {
  test.each([
    ["前三年税收全额返还，后两年减半返还", ["TAX_REBATE"]],
    ["给予企业税收返还", ["TAX_REBATE"]],
    ["税款返还按季度办理", ["TAX_REBATE"]],
    ["增值税实行先征后返", ["COLLECT_THEN_REFUND"]],
    ["按企业年度实缴增值税地方留成部分的50%给予奖励", ["TAX_LINKED_REWARD"]],
    ["以企业税收贡献为依据给予产业扶持资金", ["TAX_LINKED_REWARD"]],
    ["按纳税额的30%奖励企业", ["TAX_LINKED_REWARD"]],
    ["给予税收奖励", ["TAX_LINKED_REWARD"]],
    ["财政奖补与企业纳税挂钩", ["TAX_LINKED_REWARD"]],
    ["财政返还与税收挂钩", ["TAX_REBATE", "TAX_LINKED_REWARD"]],
    ["土地出让金按70%返还企业", ["LAND_PREMIUM_REBATE"]],
    ["返还土地出让金", ["LAND_PREMIUM_REBATE"]],
    ["以低于成本价出让工业用地", ["LAND_BELOW_COST"]],
    ["零地价供地", ["LAND_BELOW_COST"]],
    ["无偿提供土地100亩", ["LAND_BELOW_COST"]],
    ["免收城市基础设施配套费等行政事业性收费", ["FEE_EXEMPTION"]],
    ["三年内减半缴纳社会保险费", ["FEE_EXEMPTION"]],
    ["对该企业实行一企一策", ["SELECTIVE_SUBSIDY"]],
    ["企业须采购本地企业生产的原材料", ["RESTRICTED_DEALING"]],
  ])("%s → %j", (text, expected) => {
    expect(ids(text)).toEqual(expected);
  });

  test("one clause may resemble several practices; each rule is reported once, in the configured order", () => {
    expect(ids("按企业缴纳增值税地方留成部分全额返还，并返还土地出让金。再次说明：税收返还按年度兑现")).toEqual([
      "TAX_REBATE",
      "TAX_LINKED_REWARD",
      "LAND_PREMIUM_REBATE",
    ]);
  });

  test("spaces and full-width characters do not hide a phrase", () => {
    expect(ids("税 收 返 还")).toEqual(["TAX_REBATE"]);
    expect(normaliseWording("ＡＢ　税收")).toBe("AB税收");
  });

  test("each flag carries the Chinese reason and the phrases found", () => {
    const [flag] = fairCompetitionFlags("土地出让金按70%返还企业", config);
    expect(flag).toEqual({ ruleId: "LAND_PREMIUM_REBATE", reason: { key: "landing.fair_LAND_PREMIUM_REBATE" }, matched: ["土地出让金", "返还"] });
    expect(t(flag!.reason.key)).toContain("公平竞争审查条例");
  });

  test("the name, the conditions and the notes of an item are checked together", () => {
    expect(fairCompetitionFlagsOf(["产业扶持资金", null, "按纳税额的50%兑现"], config).map((f) => f.ruleId)).toEqual(["TAX_LINKED_REWARD"]);
  });
});

describe("lawful wordings are not flagged", () => {
  test.each([
    "按合同约定给予设备购置补贴300万元",
    "依法享受国家西部大开发税收优惠政策",
    "对新增就业岗位给予稳岗补贴",
    "标准化厂房前三年租金减半",
    "土地出让金按规定足额缴纳",
    "工业用地出让价格不低于国家规定的最低价标准，且不低于成本价",
    "企业依法纳税。另对固定资产投资给予一次性奖励", // tax and reward in different sentences
    "",
  ])("%j", (text) => {
    expect(ids(text)).toEqual([]);
  });

  test("a negation before the phrase in the same clause clears it; after a comma it does not", () => {
    expect(ids("本项目不享受税收返还")).toEqual([]);
    expect(ids("严禁以任何形式返还土地出让金")).toEqual([]);
    expect(ids("不得实行先征后返、即征即返")).toEqual([]);
    expect(ids("不享受其他优惠，税收返还照常执行")).toEqual(["TAX_REBATE"]);
  });

  test("null and undefined are no text", () => {
    expect(fairCompetitionFlags(null, config)).toEqual([]);
    expect(fairCompetitionFlags(undefined, config)).toEqual([]);
  });
});

describe("the rules are configuration", () => {
  function configWith(fairCompetition: unknown): MechanismConfig {
    const result = parseMechanism({ fairCompetition });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.config;
  }

  test("an admin's own rule, with its reason as text", () => {
    const custom = configWith({ rules: [{ id: "RENT_FREE", anyOf: ["免租金"], reason: "免租须经公平竞争审查" }] });
    expect(fairCompetitionFlags("厂房前三年免租金", custom)).toEqual([
      { ruleId: "RENT_FREE", reason: { key: "landing.fairCustomReason", params: { reason: "免租须经公平竞争审查" } }, matched: ["免租金"] },
    ]);
    // Replacing the rules replaces the defaults.
    expect(ids("税收返还", custom)).toEqual([]);
  });

  test("negations are configuration too", () => {
    const noNegations = configWith({ negations: [] });
    expect(ids("本项目不享受税收返还", noNegations)).toEqual(["TAX_REBATE"]);
  });

  test("a rule needs a phrase and a reason; ids are upper-case and unique; reason keys must exist", () => {
    const result = parseMechanism({
      fairCompetition: {
        rules: [
          { id: "a", anyOf: ["x"], reason: "r" },
          { id: "EMPTY", reason: "r" },
          { id: "NO_REASON", anyOf: ["x"] },
          { id: "BAD_KEY", anyOf: ["x"], reasonKey: "landing.noSuchKey" },
          { id: "DUP", anyOf: ["x"], reason: "r" },
          { id: "DUP", anyOf: ["y"], reason: "r" },
        ],
      },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual([
      "fairCompetition.rules[0].id",
      "fairCompetition.rules[1].anyOf",
      "fairCompetition.rules[2].reason",
      "fairCompetition.rules[3].reasonKey",
      "fairCompetition.rules[5].id",
    ]);
  });

  test("every shipped rule's reason is in the dictionary", () => {
    for (const rule of DEFAULT_MECHANISM.fairCompetition.rules) expect(hasMessage(rule.reasonKey ?? ""), rule.id).toBe(true);
  });
});
