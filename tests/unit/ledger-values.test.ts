// Cell values as bureaus write them (issue 6 §3): amounts, dates, progress words, 项目性质,
// head counts, contacts and codes, each with the value it gives or the error it reports.
import { t } from "#app/i18n";
import {
  amountUnitIn,
  isBlankWord,
  parseAmountWan,
  parseCount,
  parseLedgerDate,
  parseNature,
  parseProgress,
  parseText,
  parseUsccCell,
  splitContact,
  stageFromProgress,
  PROGRESS_WORDS,
} from "#app/domain/ledger/values";
import { STAGE_CODES } from "#app/domain/stages";

describe("amounts in 万元", () => {
  test.each([
    [3000, "万元", 3000],
    [3000, "元", 0.3],
    [1.5, "亿元", 15000],
    [1.1, "亿元", 11000], // not 11000.000000000002
    ["3000", "万元", 3000],
    ["3000万", "亿元", 3000], // a unit in the cell beats the sheet's
    ["3000万元", "元", 3000],
    ["3,000万元", "万元", 3000],
    ["3，000万元", "万元", 3000],
    ["1.5亿", "万元", 15000],
    ["1.5亿元", "万元", 15000],
    ["1亿5000万", "万元", 15000],
    ["1亿元5000万元", "万元", 15000],
    ["50000000元", "万元", 5000],
    ["１,２００万", "万元", 1200], // full-width digits from a Chinese IME
    [" 3000 万元 ", "万元", 3000],
    ["人民币3000万元", "万元", 3000],
    [0, "万元", 0],
  ] as const)("%j in a %s sheet is %d 万元", (cell, unit, wan) => {
    const parsed = parseAmountWan(cell, unit);
    expect(parsed).toEqual({ ok: true, value: wan });
  });

  test.each([
    ["约2亿", 20000],
    ["近3000万", 3000],
    ["1000余万", 1000],
    ["2亿多", 20000],
    ["3000多万元", 3000],
    ["5000万左右", 5000],
    ["1亿元以上", 10000],
    ["超过1亿", 10000],
  ])("the estimate %j is %d 万元 with a note", (cell, wan) => {
    const parsed = parseAmountWan(cell, "万元");
    expect(parsed).toMatchObject({ ok: true, value: wan, note: { message: "ledger.amountApproximate", params: { text: cell, value: wan } } });
    if (parsed.ok && parsed.note) expect(t(parsed.note.message, parsed.note.params)).toBe(`“${cell}”为约数，按 ${wan} 万元导入`);
  });

  test.each([null, "", "  ", "/", "-", "—", "——", "待定", "无", "暂无", "N/A"])("%j is blank", (cell) => {
    expect(parseAmountWan(cell, "万元")).toEqual({ ok: true, value: null });
  });

  test.each([
    ["三千万", "ledger.amountInvalid"],
    ["3000万人民币元", "ledger.amountInvalid"],
    ["3000-5000万", "ledger.amountInvalid"],
    ["1.2.3", "ledger.amountInvalid"],
    ["500万美元", "ledger.amountCurrency"],
    ["USD 500", "ledger.amountCurrency"],
    ["HK$100万", "ledger.amountCurrency"],
    [-5, "ledger.amountNegative"],
    [2e8, "ledger.amountTooBig"],
    ["2万亿", "ledger.amountInvalid"],
  ] as const)("%j is refused (%s)", (cell, message) => {
    const parsed = parseAmountWan(cell, "万元");
    expect(parsed).toMatchObject({ ok: false, message, params: { text: String(cell) } });
  });

  test("a date in an amount column is not an amount", () => {
    expect(parseAmountWan(new Date("2026-03-15T00:00:00Z"), "万元")).toMatchObject({ ok: false, message: "ledger.amountInvalid", params: { text: "2026-03-15" } });
  });

  test("the error reads as a sentence", () => {
    const parsed = parseAmountWan("三千万", "万元");
    if (parsed.ok) throw new Error("expected an error");
    expect(t(parsed.message, parsed.params)).toBe("金额无法识别：“三千万”");
  });

  test.each([
    ["金额单位：万元", "万元"],
    ["单位:亿元", "亿元"],
    ["（元）", "元"],
    ["项目名称", null],
  ])("the unit named in %j is %s", (text, unit) => {
    expect(amountUnitIn(text)).toBe(unit);
  });
});

describe("dates", () => {
  const day = (d: string) => ({ ok: true, value: { day: d, precision: "day" } });
  const month = (d: string) => ({ ok: true, value: { day: d, precision: "month" } });

  test.each([
    [new Date("2026-03-15T00:00:00Z"), day("2026-03-15")], // an Excel date from exceljs
    [new Date("2026-03-15T23:30:00Z"), day("2026-03-15")], // with a time of day: the day shown
    [46096, day("2026-03-15")], // an Excel serial number left unformatted
    [46096.75, day("2026-03-15")],
    [20260315, day("2026-03-15")],
    ["2026-03-15", day("2026-03-15")],
    ["2026-3-5", day("2026-03-05")],
    ["2026/3/15", day("2026-03-15")],
    ["2026.3.15", day("2026-03-15")],
    ["2026年3月15日", day("2026-03-15")],
    ["2026年3月15号", day("2026-03-15")],
    ["2026 年 3 月 15 日", day("2026-03-15")],
    ["２０２６年３月１５日", day("2026-03-15")],
    ["20260315", day("2026-03-15")],
    ["2026-03-15 10:30", day("2026-03-15")],
    ["2026-03-15T10:30:00", day("2026-03-15")],
    ["2026年4月", month("2026-04-01")],
    ["2026年04月", month("2026-04-01")],
    ["2026年4月份", month("2026-04-01")],
    ["2026-04", month("2026-04-01")],
    ["2026/4", month("2026-04-01")],
    ["2026.4", month("2026-04-01")],
    [2026.4, month("2026-04-01")], // 2026.4 typed into a cell becomes a number
    [2026.12, month("2026-12-01")],
  ] as const)("%j reads as %j", (cell, expected) => {
    expect(parseLedgerDate(cell)).toEqual(expected);
  });

  test("2026.1 as a number reads as January, with a note that October cannot be told apart", () => {
    expect(parseLedgerDate(2026.1)).toMatchObject({ ok: true, value: { day: "2026-01-01", precision: "month" }, note: { message: "ledger.dateMonthAmbiguous" } });
  });

  test.each([null, "", "待定", "/", "—", "未定", "不详"])("%j is blank", (cell) => {
    expect(parseLedgerDate(cell)).toEqual({ ok: true, value: null });
  });

  test.each(["明年", "2026年", "2026年上半年", "3月15日", "2026-02-30", "2026年13月", "2026/13/1", "15/03/2026", "二〇二六年三月", 2026, 12.5])(
    "%j is not a date",
    (cell) => {
      expect(parseLedgerDate(cell)).toMatchObject({ ok: false, message: "ledger.dateInvalid" });
    },
  );

  test.each(["1899-12-31", "2100-01-01", "1989-12-31"])("%j is outside the years a project can have", (cell) => {
    expect(parseLedgerDate(cell)).toMatchObject({ ok: false, message: "ledger.dateOutOfRange" });
  });

  test("a leap day exists only in leap years", () => {
    expect(parseLedgerDate("2028-02-29")).toEqual(day("2028-02-29"));
    expect(parseLedgerDate("2026-02-29")).toMatchObject({ ok: false });
  });
});

describe("progress words and stages", () => {
  test.each([
    ["首谈", "FIRST_CONTACT"],
    ["接洽", "FIRST_CONTACT"],
    ["初步对接", "FIRST_CONTACT"],
    ["考察", "SITE_VISIT"],
    ["实地考察", "SITE_VISIT"],
    ["洽谈", "NEGOTIATION"],
    ["洽谈中", "NEGOTIATION"],
    ["在谈", "NEGOTIATION"],
    ["签约", "SIGNED"],
    ["已签约", "SIGNED"],
    ["落地", "LANDED"],
    ["已注册", "LANDED"],
    ["开工", "CONSTRUCTION"],
    ["已开工", "CONSTRUCTION"],
    ["在建", "CONSTRUCTION"],
    ["竣工", "COMPLETED"],
    ["建成", "COMPLETED"],
    ["投产", "PRODUCTION"],
    ["已投产", "PRODUCTION"],
    ["达产", "AT_CAPACITY"],
    ["达效", "AT_CAPACITY"],
    ["暂缓", "ON_HOLD"],
    ["终止", "TERMINATED"],
    ["已终止", "TERMINATED"],
    ["线索", "LEAD"],
    [" 已签约。", "SIGNED"],
    ["【在谈】", "NEGOTIATION"],
  ])("%j is %s, read without comment", (word, stage) => {
    expect(stageFromProgress(word)).toEqual({ stage, exact: true });
    expect(parseProgress(word)).toEqual({ ok: true, value: stage });
  });

  test.each([
    ["已实地考察，正在洽谈", "NEGOTIATION"],
    ["已签约，计划6月开工", "SIGNED"],
    ["已签约，尚未开工", "SIGNED"],
    ["已签约，待开工", "SIGNED"],
    ["已签约并加快推进开工", "SIGNED"],
    ["项目已开工建设，预计年底投产", "CONSTRUCTION"],
    ["厂房装修中，设备已进场", "CONSTRUCTION"],
    ["已于3月投产，正在扩大产能", "PRODUCTION"],
    ["企业来访接待考察", "SITE_VISIT"],
    ["拟签约", null],
    ["目前正在洽谈，因资金问题暂缓", "ON_HOLD"],
    ["已签约，后因企业经营困难终止", "TERMINATED"],
    ["完成注册，正在办理用地手续", "LANDED"],
  ])("the sentence %j is read as %s: most advanced stage stated, plans and denials ignored, exits win", (text, stage) => {
    expect(stageFromProgress(text)).toEqual(stage === null ? null : { stage, exact: false });
  });

  test("a stage read from a sentence comes with a note that shows how", () => {
    const parsed = parseProgress("已签约，计划6月开工");
    expect(parsed).toMatchObject({ ok: true, value: "SIGNED", note: { message: "ledger.stageInferred" } });
    if (parsed.ok && parsed.note) expect(t(parsed.note.message, parsed.note.params)).toBe("由“已签约，计划6月开工”推定阶段为“签约”");
  });

  test.each(["有意向", "研究中", "已报县政府", "正常"])("%j is an unknown progress word", (text) => {
    expect(parseProgress(text)).toMatchObject({ ok: false, message: "ledger.progressUnknown", params: { text } });
  });

  test("blank progress is no stage", () => {
    expect(parseProgress(null)).toEqual({ ok: true, value: null });
    expect(parseProgress("/")).toEqual({ ok: true, value: null });
  });

  test("every stage has progress words, and no word means two stages", () => {
    const words = Object.values(PROGRESS_WORDS).flat();
    expect(new Set(words).size).toBe(words.length);
    for (const code of STAGE_CODES) expect(PROGRESS_WORDS[code].length, code).toBeGreaterThan(0);
  });
});

describe("项目性质", () => {
  test.each([
    ["新建", "NEW"],
    ["新建项目", "NEW"],
    ["扩建", "EXPANSION"],
    ["改扩建", "EXPANSION"],
    ["增资扩产", "EXPANSION"],
    ["技改", "RENOVATION"],
    ["技术改造", "RENOVATION"],
  ])("%j is %s", (text, code) => {
    expect(parseNature(text)).toEqual({ ok: true, value: code });
  });

  test("an unknown nature is left out with a note, not an error (the field is optional)", () => {
    expect(parseNature("续建")).toEqual({ ok: true, value: null, note: { message: "ledger.natureUnknown", params: { text: "续建" } } });
  });
});

describe("head counts", () => {
  test.each([
    [200, 200],
    ["200", 200],
    ["200人", 200],
    ["1,200人", 1200],
  ])("%j is %d", (cell, n) => {
    expect(parseCount(cell)).toEqual({ ok: true, value: n });
  });

  test.each([
    ["约200人", 200],
    ["200余人", 200],
    ["200人左右", 200],
  ])("the estimate %j is %d with a note", (cell, n) => {
    expect(parseCount(cell)).toMatchObject({ ok: true, value: n, note: { message: "ledger.countApproximate" } });
  });

  test.each([12.5, -3, "二百人", "100-200人", new Date()])("%j is refused", (cell) => {
    expect(parseCount(cell)).toMatchObject({ ok: false, message: "ledger.countInvalid" });
  });
});

describe("text, contacts and codes", () => {
  test("text is trimmed with inner whitespace as single spaces; blank words are null", () => {
    expect(parseText("  县工信局 \n 招商股 ")).toEqual({ ok: true, value: "县工信局 招商股" });
    expect(parseText("/")).toEqual({ ok: true, value: null });
    expect(parseText(12)).toEqual({ ok: true, value: "12" });
    expect(isBlankWord("  —— ")).toBe(true);
    expect(isBlankWord("无锡")).toBe(false);
  });

  test.each([
    ["张三 13800138000", { name: "张三", phone: "13800138000" }],
    ["张三（13800138000）", { name: "张三", phone: "13800138000" }],
    ["13800138000张三", { name: "张三", phone: "13800138000" }],
    ["李四 0915-5212345", { name: "李四", phone: "0915-5212345" }],
    ["王五", { name: "王五", phone: null }],
    ["+86 13800138000", { name: null, phone: "+86 13800138000" }],
  ])("%j splits into name and phone", (text, parts) => {
    expect(splitContact(text)).toEqual(parts);
  });

  test("a 统一社会信用代码 is normalised; a wrong check character names the expected one", () => {
    expect(parseUsccCell(" 91610900ma7xy1233y ")).toEqual({ ok: true, value: "91610900MA7XY1233Y" });
    expect(parseUsccCell("91610900MA7XY1233X")).toEqual({ ok: false, message: "pipeline.usccChecksum", params: { expected: "Y" } });
    expect(t("pipeline.usccChecksum", { expected: "Y" })).toBe("统一社会信用代码校验位错误，应为 Y");
    expect(parseUsccCell("9161090")).toMatchObject({ ok: false, message: "pipeline.usccLength" });
    expect(parseUsccCell("/")).toEqual({ ok: true, value: null });
  });
});
