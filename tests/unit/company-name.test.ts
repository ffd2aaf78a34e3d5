import { t } from "#app/i18n";
import {
  COMPANY_TAGS,
  companyTagLabelKey,
  normalizeCompanyName,
  parseCompanyTags,
  searchKeyFor,
  serializeCompanyTags,
} from "#app/domain/company-name";

describe("normalizeCompanyName", () => {
  test.each([
    ["深圳市秦巴绒趣玩具有限公司", "秦巴绒趣玩具"],
    ["秦巴绒趣玩具", "秦巴绒趣玩具"],
    ["陕西省安康市秦巴绒趣文化有限责任公司", "秦巴绒趣文化"],
    ["安康秦巴绒趣文化股份有限公司", "秦巴绒趣文化"],
    ["秦巴绒趣（中国）玩具股份有限公司", "秦巴绒趣玩具"],
    ["秦巴绒趣玩具(中国)有限公司", "秦巴绒趣玩具"],
    ["秦巴绒趣集团有限公司", "秦巴绒趣"],
    ["秦巴绒趣集团股份有限公司", "秦巴绒趣"],
    ["北京秦巴绒趣股份", "秦巴绒趣"],
    [" 秦巴 绒趣　集团 ", "秦巴绒趣"],
    ["广西壮族自治区南宁市秦巴绒趣有限公司", "秦巴绒趣"],
    ["新疆维吾尔自治区秦巴绒趣公司", "秦巴绒趣"],
    ["马鞍山市秦巴绒趣有限公司", "秦巴绒趣"], // not in the list: the generic XX市 rule
    ["黑龙江省秦巴绒趣有限公司", "秦巴绒趣"],
  ])("%s → %s", (name, expected) => {
    expect(normalizeCompanyName(name)).toBe(expected);
  });

  test("brackets of either width are dropped and their content kept", () => {
    expect(normalizeCompanyName("秦巴绒趣(安康)玩具有限公司")).toBe("秦巴绒趣安康玩具");
    expect(normalizeCompanyName("秦巴绒趣（安康）玩具有限公司")).toBe("秦巴绒趣安康玩具");
    expect(normalizeCompanyName("秦巴绒趣【安康】玩具有限公司")).toBe("秦巴绒趣安康玩具");
  });

  test("full-width Latin and digits equal half-width; Latin is case-insensitive", () => {
    expect(normalizeCompanyName("ＡＢＣ１２３玩具有限公司")).toBe("abc123玩具");
    expect(normalizeCompanyName("abc123玩具有限公司")).toBe("abc123玩具");
    expect(normalizeCompanyName("Abc123 玩具")).toBe("abc123玩具");
  });

  test("foreign legal forms are stripped too", () => {
    expect(normalizeCompanyName("Plush Toys Co., Ltd.")).toBe("plushtoys");
    expect(normalizeCompanyName("PLUSH TOYS CO.,LTD")).toBe("plushtoys");
    expect(normalizeCompanyName("Plush Toys Inc.")).toBe("plushtoys");
    expect(normalizeCompanyName("Plush Toys Limited")).toBe("plushtoys");
  });

  test("variants of one company share one key; different companies do not", () => {
    const variants = ["深圳市秦巴绒趣玩具有限公司", "秦巴绒趣玩具（深圳）", "广东省深圳市秦巴绒趣玩具股份有限公司"];
    const keys = new Set(variants.map(normalizeCompanyName));
    expect(keys.size).toBe(2); // the bracketed city is content, kept on purpose
    expect(normalizeCompanyName(variants[0] ?? "")).toBe(normalizeCompanyName(variants[2] ?? ""));
    expect(normalizeCompanyName("秦巴绒趣玩具有限公司")).not.toBe(normalizeCompanyName("秦巴绒趣文化有限公司"));
  });

  test("a name is never stripped to nothing", () => {
    expect(normalizeCompanyName("北京")).toBe("北京");
    expect(normalizeCompanyName("北京市")).toBe("北京市");
    expect(normalizeCompanyName("集团公司")).toBe("集团");
    expect(normalizeCompanyName("有限公司")).toBe("有限公司");
  });

  test("names that only look like a place are kept", () => {
    expect(normalizeCompanyName("华为技术有限公司")).toBe("华为技术");
    expect(normalizeCompanyName("东方希望集团有限公司")).toBe("东方希望");
  });

  test("normalising twice changes nothing", () => {
    for (const name of ["深圳市秦巴绒趣（中国）玩具有限公司", "Plush Toys Co., Ltd.", "陕西省安康市秦巴绒趣集团股份有限公司"]) {
      const once = normalizeCompanyName(name);
      expect(normalizeCompanyName(once)).toBe(once);
    }
  });
});

describe("searchKeyFor", () => {
  test("秦巴绒趣 is found by its initials, its full pinyin and its characters", () => {
    const key = searchKeyFor("秦巴绒趣");
    expect(key).toContain("qbrq");
    expect(key).toContain("qinbarongqu");
    expect(key).toContain("秦巴绒趣");
    expect(key).toBe(key.toLowerCase());
  });

  test("a longer name is found by the initials of a part of it", () => {
    const key = searchKeyFor("安康市秦巴绒趣文化有限公司");
    expect(key).toContain("qbrq");
    expect(key).toContain("aksqbrqwh");
    expect(key).toContain("ankangshiqinbarongquwenhua");
  });

  test("the parts are separated, so a query cannot match across them", () => {
    expect(searchKeyFor("秦巴绒趣")).toBe("秦巴绒趣|qbrq|qinbarongqu");
  });

  test("Latin letters and digits are kept in lower case; polyphonic words read in context", () => {
    expect(searchKeyFor("ABC玩具 2号")).toBe("abc玩具 2号|abcwj2h|abcwanju2hao");
    expect(searchKeyFor("重庆")).toContain("chongqing");
  });
});

describe("company tags", () => {
  test("parse the stored comma list: known codes only, each once, in canonical order", () => {
    expect(parseCompanyTags("CHAIN_LEADER,LISTED")).toEqual(["LISTED", "CHAIN_LEADER"]);
    expect(parseCompanyTags(" chain_leader , listed,LISTED,UNKNOWN，TOP20")).toEqual(["LISTED", "TOP20", "CHAIN_LEADER"]);
    expect(parseCompanyTags("")).toEqual([]);
    expect(parseCompanyTags(null)).toEqual([]);
  });

  test("serialise to the stored form, and back", () => {
    expect(serializeCompanyTags(["CHAIN_LEADER", "TOP20", "CHAIN_LEADER", "BOGUS"])).toBe("TOP20,CHAIN_LEADER");
    expect(serializeCompanyTags([])).toBe("");
    const all = serializeCompanyTags(COMPANY_TAGS);
    expect(all).toBe("LISTED,FORTUNE500,TOP20,CHAIN_LEADER");
    expect(parseCompanyTags(all)).toEqual([...COMPANY_TAGS]);
  });

  test("labels", () => {
    expect(COMPANY_TAGS.map((tag) => t(companyTagLabelKey(tag)))).toEqual(["上市", "500强", "行业前20强", "链主"]);
  });
});
