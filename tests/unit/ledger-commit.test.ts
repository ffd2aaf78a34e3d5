// What a commit writes (issue 6 §5), worked out against the records before anything is written:
// new records, changes that only what the ledger states, the stage moved only when a row states
// one, 到位资金 added only up to the ledger's cumulative figure, import-made contracts updated and
// hand-entered ones left alone, and conflicts with the records reported on the row.
import { chainFor, fundsSourceOf, leaderFor, planLedgerWrites, IMPORT_CONTRACT_NOTE, type CommitContext, type RecordedProject } from "#app/domain/ledger/commit";
import { gridFromArrays, type CellValue } from "#app/domain/ledger/grid";
import { planLedgerImport, type ExistingRecords } from "#app/domain/ledger/plan";
import { prepareLedgerSheet, type PreviewRow } from "#app/domain/ledger/preview";
import { DEFAULT_MECHANISM } from "#app/schemas/mechanism";
import { USCC_A, excelDate } from "#tests/fixtures/ledger-builders";

const NOW = new Date("2026-06-30T04:00:00Z");
const HEADER = ["项目名称", "投资方", "统一社会信用代码", "总投资", "累计到位资金", "项目进展", "签约时间", "开工时间", "包抓领导", "所属产业链"];
const REGIONS = [
  { id: "r-city", name: "安康市", level: "CITY", parentId: null },
  { id: "r-hanyin", name: "汉阴县", level: "COUNTY", parentId: "r-city" },
];

function rowsOf(data: CellValue[][]): PreviewRow[] {
  const prepared = prepareLedgerSheet(gridFromArrays("台账", [HEADER, ...data]), { now: NOW, regions: REGIONS, regionName: "汉阴县" });
  if (!prepared.ok) throw new Error("no header");
  return prepared.preview.rows;
}

function context(over: Partial<CommitContext> = {}): CommitContext {
  let n = 0;
  return {
    now: NOW,
    actor: { id: "u-1", name: "测试专员" },
    config: DEFAULT_MECHANISM,
    chains: [
      { id: "ch-toy", name: "毛绒玩具文创" },
      { id: "ch-new", name: "新材料" },
    ],
    leaders: [
      { id: "l-wang", displayName: "王建国", role: "LEADER", regionId: "r-hanyin" },
      { id: "l-li", displayName: "李明", role: "LEADER", regionId: "r-other" },
    ],
    regions: REGIONS,
    companies: new Map(),
    projects: new Map(),
    deletedUsccs: new Map(),
    mayEditCompany: () => true,
    newId: () => `id-${++n}`,
    ...over,
  };
}

function recordedProject(over: Partial<RecordedProject> = {}): RecordedProject {
  return {
    id: "p-1",
    companyId: "c-1",
    regionId: "r-hanyin",
    name: "绒趣项目",
    stage: "SIGNED",
    stageEnteredAt: new Date("2026-01-09T16:00:00Z"),
    resumeStage: null,
    version: 3,
    plannedInvestment: 5000,
    keyManual: false,
    isKey: false,
    nature: null,
    chainId: null,
    leadLeaderId: null,
    responsibleUnit: "县招商局",
    expectedJobs: null,
    expectedOutput: null,
    expectedTax: null,
    firstContactAt: null,
    signedAt: new Date("2026-01-09T16:00:00Z"),
    contractAmount: 5000,
    contractType: "FORMAL",
    startedAt: null,
    completedAt: null,
    producedAt: null,
    description: null,
    holdReason: null,
    terminateReason: null,
    contracts: [],
    fundsTotalWan: 0,
    milestones: [],
    ...over,
  };
}

const EXISTING: ExistingRecords = {
  companies: [{ id: "c-1", uscc: USCC_A, normalizedName: "绒趣玩具" }],
  projects: [{ id: "p-1", companyId: "c-1", regionId: "r-hanyin", name: "绒趣项目" }],
};

function writesFor(data: CellValue[][], project: Partial<RecordedProject> = {}, over: Partial<CommitContext> = {}) {
  const plan = planLedgerImport(rowsOf(data), EXISTING);
  const ctx = context({
    companies: new Map([["c-1", { id: "c-1", ownerRegionId: "r-hanyin", uscc: USCC_A, hqProvince: null, hqCity: null, chainId: null, version: 1, contacts: [] }]]),
    projects: new Map([["p-1", recordedProject(project)]]),
    ...over,
  });
  return planLedgerWrites(plan, ctx);
}

describe("new records", () => {
  test("a new project starts in its stated stage, entered on the stage's own date, with one IMPORT transition", () => {
    const { writes, conflicts } = writesFor([["新项目", "新企业有限公司", null, 12000, 300, "已开工", excelDate("2026-01-10"), excelDate("2026-03-01"), "王建国副县长", "毛绒玩具"]]);
    expect(conflicts).toEqual([]);
    expect(writes.companies.create).toEqual([expect.objectContaining({ name: "新企业有限公司", ownerRegionId: "r-hanyin", createdById: "u-1", chainId: "ch-toy" })]);
    const [project] = writes.projects.create;
    expect(project).toMatchObject({
      name: "新项目",
      stage: "CONSTRUCTION",
      stageEnteredAt: new Date("2026-02-28T16:00:00Z"),
      plannedInvestment: 12000,
      isKey: true,
      leadLeaderId: "l-wang",
      chainId: "ch-toy",
      signedAt: new Date("2026-01-09T16:00:00Z"),
      contractType: "FRAMEWORK",
      startedAt: new Date("2026-02-28T16:00:00Z"),
    });
    expect(writes.transitions).toEqual([expect.objectContaining({ projectId: project!.id, fromStage: null, toStage: "CONSTRUCTION", note: "导入", source: "IMPORT", actorName: "测试专员" })]);
    expect(writes.contracts.create).toEqual([expect.objectContaining({ type: "FRAMEWORK", note: IMPORT_CONTRACT_NOTE, amountWan: null })]);
    expect(writes.funds).toEqual([expect.objectContaining({ amountWan: 300, note: "导入累计", source: "OUT_OF_CITY" })]);
    expect(writes.milestones.create).toEqual([expect.objectContaining({ kind: "STARTED", actualAt: new Date("2026-02-28T16:00:00Z") })]);
  });

  test("text with no field of its own is kept in the description, an unknown 包抓领导 by name", () => {
    const { writes } = writesFor([["新项目", "新企业有限公司", null, 1000, null, "洽谈", null, null, "赵副县长", null]]);
    expect(writes.projects.create[0]!.description).toBe("包抓领导：赵副县长");
    expect(writes.projects.create[0]!.leadLeaderId).toBeNull();
  });
});

describe("a recorded project", () => {
  test("the same values write nothing", () => {
    const formal = { id: "k-1", type: "FORMAL", signedAt: new Date("2026-01-09T16:00:00Z"), amountWan: 5000, note: null };
    const { writes } = writesFor([["绒趣项目", "绒趣玩具有限公司", USCC_A, 5000, null, "已签约", excelDate("2026-01-10"), null, null, null]], { contracts: [formal] });
    expect(writes).toEqual({
      companies: { create: [], fill: [] },
      contacts: { create: [], fill: [] },
      projects: { create: [], change: [] },
      transitions: [],
      contracts: { create: [], change: [] },
      funds: [],
      milestones: { create: [], change: [] },
    });
  });

  test("a project signed before contracts were recorded gets one from its own type and amount", () => {
    const { writes } = writesFor([["绒趣项目", "绒趣玩具有限公司", USCC_A, 5000, null, "已签约", excelDate("2026-01-10"), null, null, null]]);
    expect(writes.contracts.create).toEqual([expect.objectContaining({ type: "FORMAL", amountWan: 5000, signedAt: new Date("2026-01-09T16:00:00Z"), note: IMPORT_CONTRACT_NOTE })]);
    expect(writes.projects.change).toEqual([]);
  });

  test("a blank cell keeps the recorded value; a row that states no stage keeps the stage", () => {
    const { writes } = writesFor([["绒趣项目", "绒趣玩具有限公司", USCC_A, 8000, null, null, null, null, null, null]]);
    expect(writes.projects.change).toEqual([{ id: "p-1", version: 3, data: { plannedInvestment: 8000 } }]);
    expect(writes.transitions).toEqual([]);
  });

  test("a stated stage moves the project with a transition from where it was", () => {
    const { writes } = writesFor([["绒趣项目", "绒趣玩具有限公司", USCC_A, null, null, "暂缓", null, null, null, null]]);
    expect(writes.projects.change[0]!.data).toMatchObject({ stage: "ON_HOLD", resumeStage: "SIGNED", holdReason: "导入", stageEnteredAt: NOW });
    expect(writes.transitions).toEqual([expect.objectContaining({ fromStage: "SIGNED", toStage: "ON_HOLD" })]);
  });

  test("an older ledger's earlier stage is not taken: the stage stays, with a warning on the row", () => {
    const { writes, conflicts } = writesFor([["绒趣项目", "绒趣玩具有限公司", USCC_A, null, null, "洽谈", null, null, null, null]], { stage: "CONSTRUCTION" });
    expect(writes.projects.change).toEqual([]);
    expect(writes.transitions).toEqual([]);
    expect(conflicts).toEqual([
      expect.objectContaining({
        issue: expect.objectContaining({ rowNumber: 2, field: "progress", severity: "warning", message: "ledger.stageBehindRecorded", params: { stage: "洽谈", recorded: "在建" } }),
      }),
    ]);
  });

  test("a paused project resumes at the ledger's stage, earlier or not (exits are off the ladder)", () => {
    const { writes, conflicts } = writesFor([["绒趣项目", "绒趣玩具有限公司", USCC_A, null, null, "洽谈", null, null, null, null]], { stage: "ON_HOLD", resumeStage: "CONSTRUCTION" });
    expect(conflicts).toEqual([]);
    expect(writes.transitions).toEqual([expect.objectContaining({ fromStage: "ON_HOLD", toStage: "NEGOTIATION" })]);
  });

  test("a 终止 project keeps its stage", () => {
    const { writes } = writesFor([["绒趣项目", "绒趣玩具有限公司", USCC_A, null, null, "在建", null, null, null, null]], { stage: "TERMINATED" });
    expect(writes.transitions).toEqual([]);
  });

  test("到位资金 adds only what the ledger's total has beyond the recorded entries", () => {
    const row = (total: number): CellValue[] => ["绒趣项目", "绒趣玩具有限公司", USCC_A, null, total, null, null, null, null, null];
    expect(writesFor([row(1500)], { fundsTotalWan: 1000 }).writes.funds).toEqual([expect.objectContaining({ amountWan: 500 })]);
    expect(writesFor([row(1000)], { fundsTotalWan: 1000 }).writes.funds).toEqual([]);
    expect(writesFor([row(800)], { fundsTotalWan: 1000 }).writes.funds).toEqual([]);
  });

  test("a contract entered by hand is the truth; an import-made one follows the ledger", () => {
    const row: CellValue[] = ["绒趣项目", "绒趣玩具有限公司", USCC_A, null, null, null, excelDate("2026-02-01"), null, null, null];
    const byHand = { id: "k-1", type: "FORMAL", signedAt: new Date("2026-01-09T16:00:00Z"), amountWan: 5000, note: null };
    const kept = writesFor([row], { contracts: [byHand] }).writes;
    expect(kept.contracts).toEqual({ create: [], change: [] });
    expect(kept.projects.change).toEqual([]);

    const imported = { ...byHand, type: "FRAMEWORK", note: IMPORT_CONTRACT_NOTE };
    const followed = writesFor([row], { contracts: [imported], contractType: "FRAMEWORK" }).writes;
    expect(followed.contracts.change).toEqual([{ id: "k-1", data: { signedAt: new Date("2026-01-31T16:00:00Z") } }]);
    expect(followed.projects.change[0]!.data).toEqual({ signedAt: new Date("2026-01-31T16:00:00Z") });
  });

  test("dates that clash with recorded ones are a conflict on the row", () => {
    const { conflicts } = writesFor([["绒趣项目", "绒趣玩具有限公司", USCC_A, null, null, null, null, excelDate("2025-12-01"), null, null]]);
    expect(conflicts).toEqual([
      expect.objectContaining({ issue: expect.objectContaining({ rowNumber: 2, field: "startedAt", severity: "error", message: "ledger.conflictDates" }) }),
    ]);
  });
});

describe("companies", () => {
  test("a code held by a company in the recycle bin is a conflict", () => {
    const { conflicts } = writesFor([["新项目", "另一家有限公司", "91350100M000100Y43", null, null, null, null, null, null, null]], {}, { deletedUsccs: new Map([["91350100M000100Y43", "旧公司"]]) });
    expect(conflicts.map((c) => c.issue)).toEqual([expect.objectContaining({ field: "uscc", message: "ledger.conflictDeletedUscc", params: { uscc: "91350100M000100Y43", name: "旧公司" } })]);
  });

  test("another county's company is linked but never filled in", () => {
    const { writes } = writesFor([["新项目", "绒趣玩具有限公司", USCC_A, null, null, null, null, null, null, "毛绒玩具文创"]], {}, { mayEditCompany: () => false });
    expect(writes.companies).toEqual({ create: [], fill: [] });
    expect(writes.projects.create[0]!.companyId).toBe("c-1");
  });
});

describe("names written in a ledger", () => {
  test("chains by exact name or the one name that contains it", () => {
    const chains = [
      { id: "a", name: "毛绒玩具文创" },
      { id: "b", name: "新材料" },
      { id: "c", name: "新型材料" },
    ];
    expect(chainFor("毛绒玩具", chains)).toBe("a");
    expect(chainFor("新材料", chains)).toBe("b");
    expect(chainFor("材料", chains)).toBeNull(); // two candidates
    expect(chainFor(null, chains)).toBeNull();
  });

  test("a leader by display name, only one allowed to lead the region's projects", () => {
    const ctx = context();
    expect(leaderFor("王建国（副县长）", "r-hanyin", ctx)).toBe("l-wang");
    expect(leaderFor("李明", "r-hanyin", ctx)).toBeNull(); // leads another region
    expect(leaderFor("王副县长", "r-hanyin", ctx)).toBeNull();
  });

  test("the source of 到位资金 from where the investor is", () => {
    expect(fundsSourceOf("安康市汉滨区")).toBe("LOCAL");
    expect(fundsSourceOf("陕西西安")).toBe("OUT_OF_CITY");
    expect(fundsSourceOf("广东深圳")).toBe("OUT_OF_PROVINCE");
    expect(fundsSourceOf("香港")).toBe("FOREIGN");
    expect(fundsSourceOf(null)).toBe("OUT_OF_CITY");
  });
});
