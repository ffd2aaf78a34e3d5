// 台账导出 through the real resource routes: the project ledger read back with exceljs equals
// the values worked out by hand (万元 numbers, date cells, Chinese headers, frozen header row,
// column widths), formula-like text neutralised, a county officer's ledger holds only their
// county, roles without pipeline access are refused, and every export writes an EXPORT row.
import ExcelJS from "exceljs";
import { normalizeCompanyName, searchKeyFor } from "#app/domain/company-name";
import { loader as companiesExport } from "#app/routes/companies.export";
import { loader as fundsExport } from "#app/routes/funds.export";
import { loader as problemsExport } from "#app/routes/problems.export";
import { loader as projectsExport } from "#app/routes/projects.export";
import { newTotpSecret } from "#app/utils/totp.server";
import { createTestUser, testDb } from "#tests/setup/db";
import { responseOf, sessionCookieFor, testRequest } from "#tests/setup/session";

const db = testDb();
const ctx = { params: {}, context: {} };
const MARK = "台账导出测试";
const EVIL = '=HYPERLINK("x")';

let cityCookie: string;
let hanbinCookie: string;
let auditorCookie: string;

/** Midnight in Shanghai of the given day, as stored. */
const shanghaiDay = (ymd: string) => new Date(`${ymd}T00:00:00+08:00`);
/** The same day as exceljs reads a date cell back (wall clock as UTC). */
const cellDay = (ymd: string) => new Date(`${ymd}T00:00:00Z`);

async function regionId(name: string) {
  return (await db.region.findUniqueOrThrow({ where: { name }, select: { id: true } })).id;
}

async function company(name: string, ownerRegionId: string) {
  return db.company.create({ data: { name, normalizedName: normalizeCompanyName(name), searchKey: searchKeyFor(name), ownerRegionId }, select: { id: true } });
}

beforeAll(async () => {
  const hanbin = await regionId("汉滨区");
  const hanyin = await regionId("汉阴县");
  const city = await createTestUser(db, { role: "CITY_OFFICER" });
  const officer = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉滨区", displayName: "汉滨专员甲" });
  const auditor = await createTestUser(db, { role: "AUDITOR", totpSecret: newTotpSecret() });
  cityCookie = await sessionCookieFor(city.username);
  hanbinCookie = await sessionCookieFor(officer.username);
  auditorCookie = await sessionCookieFor(auditor.username);

  const evil = await company(EVIL, hanbin);
  const plain = await company(`${MARK}企业`, hanyin);
  const p1 = await db.project.create({
    data: {
      code: "LX-2026-0001",
      name: `${MARK}一号`,
      searchKey: "lx-2026-0001",
      companyId: evil.id,
      regionId: hanbin,
      nature: "NEW",
      plannedInvestment: 12500.5,
      contractAmount: 8000,
      stage: "SIGNED",
      stageEnteredAt: shanghaiDay("2026-03-15"),
      signedAt: shanghaiDay("2026-03-15"),
      isKey: true,
      officerId: officer.id,
      responsibleUnit: "-汉滨区招商局",
      expectedJobs: 120,
    },
  });
  await db.project.create({
    data: {
      code: "LX-2026-0002",
      name: `${MARK}二号`,
      searchKey: "lx-2026-0002",
      companyId: plain.id,
      regionId: hanyin,
      plannedInvestment: 300,
      stage: "LEAD",
      stageEnteredAt: shanghaiDay("2026-01-05"),
    },
  });
  await db.fundsInPlace.create({ data: { projectId: p1.id, receivedAt: shanghaiDay("2026-04-01"), amountWan: 1500.25, source: "LOCAL", note: "@首笔" } });
  await db.problem.create({ data: { code: "WT-2026-9001", projectId: p1.id, title: "+用地指标", category: "LAND", reportingRegionId: hanbin } });
});

async function workbookOf(loader: typeof projectsExport, path: string, cookie: string) {
  const res = await responseOf(loader({ request: testRequest(path, { cookie }), ...ctx }));
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="export-\d{12}\.xlsx"/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await res.arrayBuffer());
  return workbook;
}

/** The sheet's rows as plain value arrays (column A first). */
function rowsOf(sheet: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  sheet.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

const trimNulls = (row: unknown[]) => row.map((v) => (v === undefined ? null : v));

describe("project ledger", () => {
  test("round-trips: headers, values in 万元, date cells, frozen header, widths", async () => {
    const before = await db.auditLog.count({ where: { action: "EXPORT", entity: "Project" } });
    const workbook = await workbookOf(projectsExport, `/projects/export?q=${encodeURIComponent(MARK)}&sort=code&dir=asc`, cityCookie);
    const sheet = workbook.getWorksheet("项目台账")!;
    expect(sheet).toBeTruthy();
    const rows = rowsOf(sheet);
    expect(rows[0]).toEqual([
      "序号",
      "项目编号",
      "项目名称",
      "投资主体",
      "所属县区",
      "产业链",
      "建设性质",
      "计划总投资（万元）",
      "合同金额（万元）",
      "当前阶段",
      "重点项目",
      "包抓领导",
      "责任人",
      "责任单位",
      "首次洽谈日期",
      "签约日期",
      "开工日期",
      "竣工日期",
      "投产日期",
      "进入本阶段日期",
      "最近跟进日期",
      "预计就业（人）",
      "预计年产值（万元）",
      "预计年税收（万元）",
    ]);
    expect(rows).toHaveLength(3);
    // Worked out by hand from the seeds above; null where the project has no value.
    const first = Array.from({ length: 24 }, (_, i) => trimNulls(rows[1]!)[i] ?? null);
    expect(first).toEqual([
      1,
      "LX-2026-0001",
      `${MARK}一号`,
      `'${EVIL}`,
      "汉滨区",
      null,
      "新建",
      12500.5,
      8000,
      "签约",
      "是",
      null,
      "汉滨专员甲",
      "'-汉滨区招商局",
      null,
      cellDay("2026-03-15"),
      null,
      null,
      null,
      cellDay("2026-03-15"),
      null,
      120,
      null,
      null,
    ]);
    const second = Array.from({ length: 24 }, (_, i) => trimNulls(rows[2]!)[i] ?? null);
    expect(second.slice(0, 11)).toEqual([2, "LX-2026-0002", `${MARK}二号`, `${MARK}企业`, "汉阴县", null, null, 300, null, "线索", "否"]);
    expect(second[19]).toEqual(cellDay("2026-01-05"));
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.getColumn(3).width).toBe(32);
    expect(sheet.getColumn(8).numFmt).toBe("#,##0.00");
    expect(sheet.getCell("P2").numFmt).toBe("yyyy-mm-dd");
    expect(await db.auditLog.count({ where: { action: "EXPORT", entity: "Project" } })).toBe(before + 1);
  });

  test("a county officer's ledger holds only their county", async () => {
    const workbook = await workbookOf(projectsExport, `/projects/export?q=${encodeURIComponent(MARK)}`, hanbinCookie);
    const rows = rowsOf(workbook.getWorksheet("项目台账")!).slice(1);
    expect(rows.map((r) => r[1])).toEqual(["LX-2026-0001"]);
    const everything = rowsOf((await workbookOf(projectsExport, "/projects/export", hanbinCookie)).getWorksheet("项目台账")!).slice(1);
    expect(everything.length).toBeGreaterThan(0);
    expect(new Set(everything.map((r) => r[4]))).toEqual(new Set(["汉滨区"]));
  });

  test("rows come in the table's order: its sort column and direction", async () => {
    const codes = async (sort: string) =>
      rowsOf((await workbookOf(projectsExport, `/projects/export?q=${encodeURIComponent(MARK)}&${sort}`, cityCookie)).getWorksheet("项目台账")!)
        .slice(1)
        .map((r) => r[1]);
    // 一号 plans 12 500.5 万元 and is past 线索; 二号 plans 300 万元 and is a 线索.
    expect(await codes("sort=amount&dir=desc")).toEqual(["LX-2026-0001", "LX-2026-0002"]);
    expect(await codes("sort=amount&dir=asc")).toEqual(["LX-2026-0002", "LX-2026-0001"]);
    expect(await codes("sort=stage&dir=asc")).toEqual(["LX-2026-0002", "LX-2026-0001"]);
    expect(await codes("sort=code&dir=desc")).toEqual(["LX-2026-0002", "LX-2026-0001"]);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "EXPORT", entity: "Project" }, orderBy: { id: "desc" } });
    expect(JSON.parse(audit.detail ?? "{}")).toMatchObject({ sort: "code desc", rows: 2 });
  });

  test("the list's filters apply (stage)", async () => {
    const workbook = await workbookOf(projectsExport, `/projects/export?q=${encodeURIComponent(MARK)}&stage=LEAD`, cityCookie);
    expect(rowsOf(workbook.getWorksheet("项目台账")!).slice(1).map((r) => r[1])).toEqual(["LX-2026-0002"]);
  });

  test("a role without pipeline access is refused and nothing is exported or logged", async () => {
    const before = await db.auditLog.count({ where: { action: "EXPORT" } });
    for (const [loader, path] of [
      [projectsExport, "/projects/export"],
      [fundsExport, "/funds/export"],
      [companiesExport, "/companies/export"],
      [problemsExport, "/problems/export"],
    ] as const) {
      expect((await responseOf(loader({ request: testRequest(path, { cookie: auditorCookie }), ...ctx }))).status).toBe(403);
    }
    expect(await db.auditLog.count({ where: { action: "EXPORT" } })).toBe(before);
  });
});

describe("companies, problems and funds", () => {
  test("each download is audited with its filters and its row count", async () => {
    // More than one company: a count read from a one-row page would show.
    for (const [loader, path, sheetName, entity, atLeast] of [
      [fundsExport, "/funds/export", "到位资金", "FundsInPlace", 1],
      [companiesExport, "/companies/export", "企业台账", "Company", 2],
      [problemsExport, "/problems/export", "问题台账", "Problem", 1],
    ] as const) {
      const written = rowsOf((await workbookOf(loader, path, cityCookie)).getWorksheet(sheetName)!).length - 1;
      expect(written, path).toBeGreaterThanOrEqual(atLeast);
      const row = await db.auditLog.findFirstOrThrow({ where: { action: "EXPORT", entity }, orderBy: { id: "desc" } });
      expect(JSON.parse(row.detail ?? "{}"), path).toEqual({ filters: {}, rows: written });
    }
  });

  test("companies: the list's rows, formula-like names neutralised", async () => {
    const workbook = await workbookOf(companiesExport, `/companies/export?q=${encodeURIComponent("HYPERLINK")}`, cityCookie);
    const rows = rowsOf(workbook.getWorksheet("企业台账")!);
    expect(rows[0]!.slice(0, 3)).toEqual(["序号", "企业名称", "统一社会信用代码"]);
    expect(rows.slice(1).map((r) => r[1])).toEqual([`'${EVIL}`]);
  });

  test("problems: in scope only, text neutralised", async () => {
    const city = rowsOf((await workbookOf(problemsExport, "/problems/export?q=WT-2026-9001", cityCookie)).getWorksheet("问题台账")!);
    expect(city.slice(1).map((r) => [r[1], r[2], r[5]])).toEqual([["WT-2026-9001", "'+用地指标", "LX-2026-0001"]]);
  });

  test("funds: entries of the filtered projects, amounts in 万元", async () => {
    const rows = rowsOf((await workbookOf(fundsExport, `/funds/export?q=${encodeURIComponent(MARK)}`, cityCookie)).getWorksheet("到位资金")!);
    expect(rows.slice(1).map(trimNulls)).toEqual([[1, "LX-2026-0001", `${MARK}一号`, "汉滨区", cellDay("2026-04-01"), 1500.25, "本地", "'@首笔"]]);
    const none = rowsOf((await workbookOf(fundsExport, `/funds/export?q=${encodeURIComponent(MARK)}&stage=LEAD`, cityCookie)).getWorksheet("到位资金")!);
    expect(none).toHaveLength(1);
  });

  test("funds: deleted entries and the entries of deleted projects are left out, the rest by project code then date", async () => {
    const p1 = await db.project.findUniqueOrThrow({ where: { code: "LX-2026-0001" } });
    const gone = await db.project.create({
      data: { code: "LX-2026-0003", name: `${MARK}三号`, searchKey: "lx-2026-0003", companyId: p1.companyId, regionId: p1.regionId, plannedInvestment: 100, stage: "SIGNED", stageEnteredAt: shanghaiDay("2026-02-01"), deletedAt: new Date() },
    });
    const added = await Promise.all([
      db.fundsInPlace.create({ data: { projectId: gone.id, receivedAt: shanghaiDay("2026-02-01"), amountWan: 1, source: "LOCAL" } }),
      db.fundsInPlace.create({ data: { projectId: p1.id, receivedAt: shanghaiDay("2026-02-01"), amountWan: 2, source: "LOCAL", deletedAt: new Date() } }),
      db.fundsInPlace.create({ data: { projectId: p1.id, receivedAt: shanghaiDay("2026-03-01"), amountWan: 3, source: "LOCAL" } }),
    ]);
    try {
      const rows = rowsOf((await workbookOf(fundsExport, `/funds/export?q=${encodeURIComponent(MARK)}`, cityCookie)).getWorksheet("到位资金")!);
      expect(rows.slice(1).map((r) => [r[1], r[4], r[5]])).toEqual([
        ["LX-2026-0001", cellDay("2026-03-01"), 3],
        ["LX-2026-0001", cellDay("2026-04-01"), 1500.25],
      ]);
    } finally {
      await db.fundsInPlace.deleteMany({ where: { id: { in: added.map((f) => f.id) } } });
      await db.project.delete({ where: { id: gone.id } });
    }
  });
});
