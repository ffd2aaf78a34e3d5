// Mapping templates (issue 6 §2): kept by header label, found again by the header's signature,
// applied to next month's ledger even when its columns moved; and the shapes the browser sends.
import { detectLedgerHeader } from "#app/domain/ledger/header";
import { gridFromArrays, type CellValue } from "#app/domain/ledger/grid";
import { columnKeys, headerSignature, mappingFromTemplate, templateMappingOf } from "#app/domain/ledger/template";
import { LedgerMappingSchema, LedgerOverridesSchema, SaveTemplateSchema, TemplateMappingSchema } from "#app/schemas/ledger-import";

const headerOf = (rows: CellValue[][]) => detectLedgerHeader(gridFromArrays("台账", rows))!;

describe("templates", () => {
  const march = headerOf([["序号", "项目名称", "投资方", "总投资（万元）", "备注", "备注"]]);

  test("columns are keyed by normalised label; a repeated label is numbered", () => {
    expect(columnKeys(march.columns)).toEqual(["序号", "项目名称", "投资方", "总投资", "备注", "备注#2"]);
    expect(headerSignature(march.columns)).toBe("序号|项目名称|投资方|总投资|备注|备注#2");
  });

  test("two-row headers keep both parts in the key", () => {
    const header = detectLedgerHeader(
      gridFromArrays("台账", [["项目名称", "投资方", "投资情况", null], [null, null, "总投资", "到位资金"]], [
        { top: 1, left: 1, bottom: 2, right: 1 },
        { top: 1, left: 2, bottom: 2, right: 2 },
        { top: 1, left: 3, bottom: 1, right: 4 },
      ]),
    )!;
    expect(headerSignature(header.columns)).toBe("项目名称|投资方|投资情况/总投资|投资情况/到位资金");
  });

  test("a mapping kept as a template maps a later ledger whose columns moved", () => {
    const template = templateMappingOf(march.columns, { projectName: 1, companyName: 2, plannedInvestment: 3, remark: 5 });
    expect(template).toEqual({ 项目名称: "projectName", 投资方: "companyName", 总投资: "plannedInvestment", "备注#2": "remark" });
    const april = headerOf([["项目名称", "序号", "投资方", "新增列", "总投资（万元）", "备注", "备注"]]);
    expect(mappingFromTemplate(april.columns, template)).toEqual({ mapping: { projectName: 0, companyName: 2, plannedInvestment: 4, remark: 6 }, missing: [] });
  });

  test("fields whose label the new header lacks are reported", () => {
    const may = headerOf([["项目名称", "企业名称"]]);
    expect(mappingFromTemplate(may.columns, { 项目名称: "projectName", 投资方: "companyName" })).toEqual({ mapping: { projectName: 0 }, missing: ["companyName"] });
  });

  test("a mapping to a column the header does not have is left out of the template", () => {
    expect(templateMappingOf(march.columns, { projectName: 1, remark: 40 })).toEqual({ 项目名称: "projectName" });
  });
});

describe("schemas", () => {
  test("a mapping is fields to column indexes", () => {
    expect(LedgerMappingSchema.parse({ projectName: 1, companyName: 2 })).toEqual({ projectName: 1, companyName: 2 });
    expect(LedgerMappingSchema.safeParse({ projectName: -1 }).success).toBe(false);
    expect(LedgerMappingSchema.safeParse({ notAField: 1 }).success).toBe(false);
    expect(LedgerMappingSchema.safeParse({ projectName: 1.5 }).success).toBe(false);
  });

  test("overrides are typed cells and excluded rows, both optional", () => {
    expect(LedgerOverridesSchema.parse({})).toEqual({ cells: [], excludedRows: [] });
    expect(LedgerOverridesSchema.parse({ cells: [{ row: 5, field: "signedAt", value: "2026-03-15" }], excludedRows: [7] })).toEqual({
      cells: [{ row: 5, field: "signedAt", value: "2026-03-15" }],
      excludedRows: [7],
    });
    expect(LedgerOverridesSchema.safeParse({ cells: [{ row: 0, field: "signedAt", value: "" }] }).success).toBe(false);
    expect(LedgerOverridesSchema.safeParse({ cells: [{ row: 2, field: "signedAt", value: "x".repeat(1001) }] }).success).toBe(false);
  });

  test("a template needs a name of at most 40 characters and label → field pairs", () => {
    expect(TemplateMappingSchema.safeParse({ 项目名称: "projectName" }).success).toBe(true);
    expect(TemplateMappingSchema.safeParse({ 项目名称: "name" }).success).toBe(false);
    const blank = SaveTemplateSchema.safeParse({ name: "  ", mapping: {} });
    expect(blank.success ? null : blank.error.issues[0]!.message).toBe("请填写模板名称");
    const long = SaveTemplateSchema.safeParse({ name: "模".repeat(41), mapping: {} });
    expect(long.success ? null : long.error.issues[0]!.message).toBe("模板名称不能超过 40 个字");
  });
});

describe("the blank ledger (/import/template)", () => {
  test("reads back through the import: its header maps every column to its field, the sample row has no error", async () => {
    const { blankLedgerWorkbook } = await import("#app/utils/blank-ledger.server");
    const { readLedgerWorkbook } = await import("#app/utils/ledger-read.server");
    const { prepareLedgerSheet } = await import("#app/domain/ledger/preview");
    const { BLANK_LEDGER_FIELDS } = await import("#app/domain/ledger/template");
    const workbook = await readLedgerWorkbook(await blankLedgerWorkbook());
    expect(workbook.ok).toBe(true);
    if (!workbook.ok) return;
    expect(workbook.sheets.map((s) => s.name)).toEqual(["项目台账", "填表说明"]);
    const prepared = prepareLedgerSheet(workbook.sheets[0]!, { now: new Date("2026-06-30T04:00:00Z"), regionName: "汉阴县" });
    expect(prepared.ok).toBe(true);
    if (!prepared.ok) return;
    const { preview } = prepared;
    expect(preview.header).toMatchObject({ headerRows: [3], titleRows: [1, 2], unit: "万元" });
    // 序号 in A, then every field in its own column, in order.
    expect(preview.mapping).toEqual(Object.fromEntries(BLANK_LEDGER_FIELDS.map((f, i) => [f, i + 1])));
    expect(preview.rows).toHaveLength(1);
    expect(preview.rows[0]!.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(preview.rows[0]!.values).toMatchObject({ plannedInvestment: 12000, progress: "CONSTRUCTION", signedAt: { day: "2026-01-10", precision: "day" } });
  });
});
