// What a commit would do (issue 6 §5): companies matched by 统一社会信用代码, then by normalised
// name; projects by company, region and name — so the same ledger imported twice updates.
import { normalizeCompanyName } from "#app/domain/company-name";
import { gridFromArrays, type CellValue } from "#app/domain/ledger/grid";
import { planLedgerImport, type ExistingRecords } from "#app/domain/ledger/plan";
import { prepareLedgerSheet, type PreviewRow } from "#app/domain/ledger/preview";
import { USCC_A, USCC_B, USCC_BAD } from "#tests/fixtures/ledger-builders";

const NOW = new Date("2026-06-30T04:00:00Z");
const REGIONS = [
  { id: "r-hanyin", name: "汉阴县" },
  { id: "r-shiquan", name: "石泉县" },
];
const NONE: ExistingRecords = { companies: [], projects: [] };

function rowsOf(data: CellValue[][], regionName = "汉阴县"): PreviewRow[] {
  const prepared = prepareLedgerSheet(gridFromArrays("台账", [["项目名称", "投资方", "统一社会信用代码", "县区"], ...data]), { now: NOW, regions: REGIONS, regionName });
  if (!prepared.ok) throw new Error("no header");
  return prepared.preview.rows;
}

describe("planLedgerImport", () => {
  test("a fresh ledger creates every company and project once", () => {
    const plan = planLedgerImport(rowsOf([["A项目", "甲公司", USCC_A], ["B项目", "甲公司", USCC_A], ["C项目", "乙公司", null]]), NONE);
    expect(plan.counts).toEqual({ created: { companies: 2, projects: 3 }, updated: { companies: 0, projects: 0 } });
    expect(plan.companies.map((c) => [c.name, c.uscc, c.rowNumbers])).toEqual([
      ["甲公司", USCC_A, [2, 3]],
      ["乙公司", null, [4]],
    ]);
  });

  test("within a ledger, rows join a company by code, else by normalised name", () => {
    const plan = planLedgerImport(
      rowsOf([
        ["A项目", "深圳市甲玩具有限公司", null],
        ["B项目", "甲玩具有限公司", USCC_A], // same name, and the first had no code: same company
        ["C项目", "甲玩具（集团）", USCC_A], // same code, another spelling
        ["D项目", "甲玩具有限公司", USCC_B], // same name but another code: another company
      ]),
      NONE,
    );
    expect(plan.companies.map((c) => [c.uscc, c.rowNumbers])).toEqual([
      [USCC_A, [2, 3, 4]],
      [USCC_B, [5]],
    ]);
  });

  test("the same project on two rows is one project; the last row's values win", () => {
    const plan = planLedgerImport(rowsOf([["A项目", "甲公司", null], ["A 项目", "甲公司", null]]), NONE);
    expect(plan.projects).toEqual([expect.objectContaining({ name: "A项目", rowNumbers: [2, 3] })]);
  });

  test("the same project name in two regions is two projects", () => {
    const plan = planLedgerImport(rowsOf([["A项目", "甲公司", null, "汉阴县"], ["A项目", "甲公司", null, "石泉县"]]), NONE);
    expect(plan.projects.map((p) => p.regionId)).toEqual(["r-hanyin", "r-shiquan"]);
  });

  test("importing again matches existing companies by code, then by name, and their projects by name in the region", () => {
    const existing: ExistingRecords = {
      companies: [
        { id: "c-jia", uscc: USCC_A, normalizedName: normalizeCompanyName("甲玩具有限公司") },
        { id: "c-yi", uscc: null, normalizedName: normalizeCompanyName("乙玩具有限公司") },
        { id: "c-bing", uscc: USCC_B, normalizedName: normalizeCompanyName("丙玩具有限公司") },
      ],
      projects: [
        { id: "p-1", companyId: "c-jia", regionId: "r-hanyin", name: "A 项目" },
        { id: "p-2", companyId: "c-yi", regionId: "r-shiquan", name: "B项目" },
      ],
    };
    const plan = planLedgerImport(
      rowsOf([
        ["A项目", "甲公司（改名后）", USCC_A], // by code, whatever the name
        ["B项目", "深圳市乙玩具有限公司", null], // by name; its B项目 is in another region
        ["C项目", "丙玩具有限公司", null], // by name: the row has no code to contradict the record's
        ["D项目", "丁公司", null],
      ]),
      existing,
    );
    expect(plan.companies.map((c) => c.existingId)).toEqual(["c-jia", "c-yi", "c-bing", null]);
    expect(plan.projects.map((p) => p.existingId)).toEqual(["p-1", null, null, null]);
    expect(plan.counts).toEqual({ created: { companies: 1, projects: 3 }, updated: { companies: 3, projects: 1 } });
  });

  test("a record of the same name but another code is another company", () => {
    const existing: ExistingRecords = { companies: [{ id: "c-jia", uscc: USCC_B, normalizedName: "甲" }], projects: [] };
    const plan = planLedgerImport(rowsOf([["A项目", "甲公司", USCC_A]]), existing);
    expect(plan.companies[0]!.existingId).toBeNull();
  });

  test("rows with errors and excluded rows are not planned", () => {
    const rows = rowsOf([["A项目", "甲公司", USCC_BAD], ["B项目", "乙公司", null], [null, "丙公司", null]]);
    expect(planLedgerImport(rows, NONE).counts.created).toEqual({ companies: 1, projects: 1 });
    const excluded = rows.map((r) => ({ ...r, excluded: true }));
    expect(planLedgerImport(excluded, NONE).counts.created).toEqual({ companies: 0, projects: 0 });
  });
});
