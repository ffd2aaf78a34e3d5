// Column mapping proposals from header words (issue 6 §2): each header the issue names maps
// to its field, two-row headers map by their lower word, a known word inside a longer label
// maps with lower confidence, and one field never takes two columns.
import { hasMessage } from "#app/i18n";
import {
  HEADER_SYNONYMS,
  LEDGER_FIELDS,
  isLedgerField,
  ledgerFieldLabelKey,
  mappingFromProposals,
  matchHeaderLabel,
  normalizeHeaderLabel,
  proposeColumnMapping,
} from "#app/domain/ledger/synonyms";

const fieldOf = (...parts: string[]) => matchHeaderLabel(parts)?.field ?? null;

describe("header words", () => {
  test.each([
    ["项目名称", "projectName"],
    ["投资方", "companyName"],
    ["企业名称", "companyName"],
    ["投资主体", "companyName"],
    ["签约企业", "companyName"],
    ["统一社会信用代码", "uscc"],
    ["总投资", "plannedInvestment"],
    ["计划总投资", "plannedInvestment"],
    ["协议投资额", "plannedInvestment"],
    ["投资额", "plannedInvestment"],
    ["到位资金", "fundsInPlace"],
    ["累计到位", "fundsInPlace"],
    ["累计到位资金", "fundsInPlace"],
    ["年度计划投资", "annualInvestment"],
    ["洽谈进展", "progress"],
    ["项目进展", "progress"],
    ["推进情况", "progress"],
    ["进展情况", "progress"],
    ["签约时间", "signedAt"],
    ["开工时间", "startedAt"],
    ["投产时间", "producedAt"],
    ["竣工时间", "completedAt"],
    ["选址", "site"],
    ["落地地点", "site"],
    ["载体", "site"],
    ["包抓领导", "leadLeader"],
    ["包联领导", "leadLeader"],
    ["责任单位", "responsibleUnit"],
    ["联系人", "contactName"],
    ["联系方式", "contactPhone"],
    ["联系电话", "contactPhone"],
    ["存在问题", "problems"],
    ["备注", "remark"],
    ["所属产业链", "chain"],
    ["产业类别", "chain"],
    ["项目性质", "nature"],
  ])("%j maps to %s with full confidence", (label, field) => {
    expect(matchHeaderLabel([label])).toEqual({ field, confidence: 1, synonym: label });
  });

  test.each([
    ["总投资（万元）", "plannedInvestment"],
    ["总投资(亿元)", "plannedInvestment"],
    ["*项目名称", "projectName"],
    ["项目\n名称", "projectName"],
    ["项 目 名 称", "projectName"],
    ["签约时间（必填）", "signedAt"],
    ["备注：", "remark"],
    ["ＵＳＣＣ统一社会信用代码", "uscc"],
  ])("%j is matched after trimming notes, units, markers and spaces", (label, field) => {
    expect(fieldOf(label)).toBe(field);
  });

  test("a label that is only a bracket stays itself", () => {
    expect(normalizeHeaderLabel("（万元）")).toBe("(万元)");
  });

  test("a two-row header maps by its lower word, or by the group word without 情况 joined to it", () => {
    expect(matchHeaderLabel(["投资情况", "总投资"])).toMatchObject({ field: "plannedInvestment", confidence: 0.9 });
    expect(matchHeaderLabel(["投资情况", "累计到位资金"])).toMatchObject({ field: "fundsInPlace", confidence: 0.9 });
    expect(matchHeaderLabel(["签约情况", "时间"])).toMatchObject({ field: "signedAt", confidence: 0.9 });
    expect(matchHeaderLabel(["签约情况", "金额"])).toMatchObject({ field: "contractAmount", confidence: 0.9 });
    expect(matchHeaderLabel(["时间节点", "开工时间"])).toMatchObject({ field: "startedAt", confidence: 0.9 });
  });

  test("a known word inside a longer label maps with lower confidence, the longest word first", () => {
    const match = matchHeaderLabel(["本年累计到位资金"]);
    expect(match).toMatchObject({ field: "fundsInPlace", synonym: "累计到位资金" });
    expect(match!.confidence).toBeGreaterThan(0.5);
    expect(match!.confidence).toBeLessThan(0.9);
    expect(fieldOf("项目建设地点及载体")).toBe("site");
    expect(fieldOf("目前推进情况及下步计划")).toBe("progress");
  });

  test("planned dates never fill actual ones", () => {
    expect(fieldOf("计划开工时间")).toBeNull();
    expect(fieldOf("预计投产时间")).toBeNull();
    expect(fieldOf("开工时间", "计划")).toBeNull();
    expect(fieldOf("开工时间", "实际")).toBe("startedAt");
  });

  test("general words inside a label do not map it", () => {
    expect(fieldOf("项目编号")).toBeNull();
    expect(fieldOf("投资方式")).toBeNull();
    expect(fieldOf("序号")).toBeNull();
    expect(fieldOf("")).toBeNull();
    expect(matchHeaderLabel([])).toBeNull();
  });

  test("every field has header words and a Chinese label; no word means two fields", () => {
    const seen = new Map<string, string>();
    for (const field of LEDGER_FIELDS) {
      expect(HEADER_SYNONYMS[field].length, field).toBeGreaterThan(0);
      expect(hasMessage(ledgerFieldLabelKey(field)), field).toBe(true);
      expect(matchHeaderLabel([HEADER_SYNONYMS[field][0]!])?.field, field).toBe(field);
      for (const word of HEADER_SYNONYMS[field]) {
        const key = normalizeHeaderLabel(word);
        expect(seen.get(key) ?? field, `${word} in ${field} and ${seen.get(key)}`).toBe(field);
        seen.set(key, field);
      }
    }
    expect(isLedgerField("projectName")).toBe(true);
    expect(isLedgerField("toString")).toBe(false);
  });
});

describe("proposed mapping", () => {
  const columns = (labels: (string | string[])[]) =>
    labels.map((l, index) => ({ index, label: Array.isArray(l) ? l.join("/") : l, parts: Array.isArray(l) ? l : [l] }));

  test("every recognised column gets its field; others stay unmapped", () => {
    const proposals = proposeColumnMapping(columns(["序号", "项目名称", "投资方", ["投资情况", "总投资"], "洽谈进展"]));
    expect(proposals.map((p) => [p.label, p.field, p.confidence])).toEqual([
      ["序号", null, 0],
      ["项目名称", "projectName", 1],
      ["投资方", "companyName", 1],
      ["投资情况/总投资", "plannedInvestment", 0.9],
      ["洽谈进展", "progress", 1],
    ]);
    expect(mappingFromProposals(proposals)).toEqual({ projectName: 1, companyName: 2, plannedInvestment: 3, progress: 4 });
  });

  test("a field goes to the column that matches it best; the loser is left unmapped, not guessed", () => {
    const proposals = proposeColumnMapping(columns(["本年到位资金", "累计到位资金", "项目名称"]));
    expect(proposals.map((p) => p.field)).toEqual([null, "fundsInPlace", "projectName"]);
  });

  test("on a tie the leftmost column wins", () => {
    const proposals = proposeColumnMapping(columns(["投资方", "企业名称"]));
    expect(proposals.map((p) => p.field)).toEqual(["companyName", null]);
  });
});
