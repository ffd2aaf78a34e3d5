// npm run import (issue 6 §6) against a real database: the dry run reads the ledger, checks it
// and reports exactly one JSON object with Excel's row numbers; companies and projects already
// in the database are counted as updates; without --dry-run the same code path imports the file
// (or refuses it, writing nothing, while errors remain). The commit's own rules are tested in
// import-commit.test.ts.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { normalizeCompanyName, searchKeyFor } from "#app/domain/company-name";
import { type ImportSummary } from "#app/domain/ledger/summary";
import { testDb } from "#tests/setup/db";
import { REPO_ROOT } from "#tests/setup/test-database";
import {
  USCC_A,
  multiSheetLedger,
  simpleLedger,
  titledLedger,
  totalsAndNotesLedger,
  valueFormsLedger,
} from "#tests/fixtures/ledger-builders";
import { runImportCli } from "../../scripts/lib/import-cli";

const db = testDb();
const NOW = new Date("2026-06-30T04:00:00Z");
let dir: string;
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ledger-import-"));
  fs.writeFileSync(file("simple.xlsx"), await simpleLedger());
  fs.writeFileSync(file("titled.xlsx"), await titledLedger());
  fs.writeFileSync(file("multi.xlsx"), await multiSheetLedger());
  fs.writeFileSync(file("totals.xlsx"), await totalsAndNotesLedger());
  fs.writeFileSync(file("values.xlsx"), await valueFormsLedger());
  fs.writeFileSync(file("notes.xlsx"), "项目名称,投资方\nA项目,甲公司\n");
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runImportCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s), db, now: NOW });
  return { status, out, err };
}

async function runJson(...argv: string[]): Promise<{ status: number; summary: ImportSummary; err: string[] }> {
  const { status, out, err } = await run(...argv, "--json");
  expect(out).toHaveLength(1); // exactly one JSON object on stdout
  return { status, summary: JSON.parse(out[0]!) as ImportSummary, err };
}

async function businessCounts() {
  return { companies: await db.company.count(), projects: await db.project.count(), transitions: await db.stageTransition.count(), funds: await db.fundsInPlace.count() };
}

describe("npm run import -- --dry-run", () => {
  test("a clean ledger: every row counted as new, nothing skipped but the header, exit 0", async () => {
    const { status, summary } = await runJson("--file", file("simple.xlsx"), "--region", "汉阴县", "--dry-run");
    expect(status).toBe(0);
    expect(summary).toEqual({
      rows: 3,
      created: { companies: 3, projects: 3 },
      updated: { companies: 0, projects: 0 },
      skipped: [{ sheet: "项目台账", row: 1, reason: "表头行" }],
      errors: [],
    });
  });

  test("a ledger with title rows and a two-row header takes its region from the 填报单位", async () => {
    const { status, summary } = await runJson("--file", file("titled.xlsx"), "--dry-run");
    expect(status).toBe(0);
    expect(summary).toMatchObject({ rows: 4, created: { companies: 3, projects: 4 }, errors: [] });
    expect(summary.skipped.map((s) => s.row)).toEqual([1, 2, 3, 4]);
  });

  test("errors name the sheet, Excel's row and column, and the problem; exit 1", async () => {
    const { status, summary } = await runJson("--file", file("values.xlsx"), "--region", "汉阴县", "--dry-run");
    expect(status).toBe(1);
    expect(summary.rows).toBe(12);
    expect(summary.errors.map((e) => [e.row, e.column])).toEqual([
      [12, "C"],
      [12, "D"],
      [13, "C"],
      [13, "D"],
      [13, "E"],
    ]);
    expect(summary.errors[0]).toEqual({ sheet: "台账", row: 12, column: "C", message: "总投资（万元）：金额无法识别：“三千万”" });
    // What the ten good rows would do, once the two bad ones are fixed or excluded.
    expect(summary.created).toEqual({ companies: 10, projects: 10 });
  });

  test("合计, notes and the rest are listed as skipped with their reason", async () => {
    const { summary } = await runJson("--file", file("totals.xlsx"), "--region", "汉阴县", "--dry-run");
    expect(summary.rows).toBe(4);
    expect(summary.skipped.map((s) => `${s.row} ${s.reason}`)).toEqual([
      "1 表头行",
      "2 栏次编号行",
      "3 分类标题行",
      "6 合计或小计行",
      "7 分类标题行",
      "9 重复的表头行",
      "11 合计或小计行",
      "12 空行",
      "13 表尾的注释或签字行",
      "14 表尾的注释或签字行",
      "15 表尾的注释或签字行",
    ]);
  });

  test("every visible sheet with a header, or the one --sheet names", async () => {
    const all = await runJson("--file", file("multi.xlsx"), "--region", "汉阴县", "--dry-run");
    expect(all.summary.rows).toBe(3);
    expect(all.err).toEqual(["工作表“填表说明”已跳过：未找到表头（至少需要“项目名称”“投资方”等两列可识别的列名）"]);
    const one = await runJson("--file", file("multi.xlsx"), "--region", "汉阴县", "--sheet", "在谈项目", "--dry-run");
    expect(one.summary).toMatchObject({ rows: 1, skipped: [{ sheet: "在谈项目", row: 1 }] });
    const missing = await runJson("--file", file("multi.xlsx"), "--sheet", "不存在", "--dry-run");
    expect(missing.status).toBe(1);
    expect(missing.summary.errors).toEqual([{ sheet: "", row: 0, column: "", message: "工作簿中没有名为“不存在”的工作表" }]);
  });

  test("an unknown region is an error of the sheet, on its header row", async () => {
    const { status, summary } = await runJson("--file", file("simple.xlsx"), "--region", "火星县", "--dry-run");
    expect(status).toBe(1);
    expect(summary.errors).toEqual([{ sheet: "项目台账", row: 1, column: "", message: "未知的县区“火星县”" }]);
    expect(summary.created).toEqual({ companies: 0, projects: 0 });
  });

  test("a file that is not .xlsx is refused with the upload check's message", async () => {
    const { status, summary } = await runJson("--file", file("notes.xlsx"), "--dry-run");
    expect(status).toBe(1);
    expect(summary).toEqual({
      rows: 0,
      created: { companies: 0, projects: 0 },
      updated: { companies: 0, projects: 0 },
      skipped: [],
      errors: [{ sheet: "", row: 0, column: "", message: "不是有效的 Excel .xlsx 文件" }],
    });
    const gone = await runJson("--file", file("nowhere.xlsx"), "--dry-run");
    expect(gone.summary.errors[0]!.message).toBe(`无法读取文件：${file("nowhere.xlsx")}`);
  });

  test("companies and projects already recorded are counted as updates (the same ledger twice creates nothing twice)", async () => {
    const hanyin = await db.region.findUniqueOrThrow({ where: { name: "汉阴县" } });
    const shiquan = await db.region.findUniqueOrThrow({ where: { name: "石泉县" } });
    const name = "秦巴绒趣玩具有限公司";
    const company = await db.company.create({
      data: { name, normalizedName: normalizeCompanyName(name), searchKey: searchKeyFor(name), uscc: USCC_A, ownerRegionId: hanyin.id },
    });
    const project = (code: string, regionId: string) => ({
      code,
      name: "毛绒玩具生产线项目",
      searchKey: searchKeyFor("毛绒玩具生产线项目"),
      companyId: company.id,
      regionId,
      plannedInvestment: 12000,
      stage: "SIGNED",
      stageEnteredAt: NOW,
    });
    await db.project.create({ data: project("AK-2026-9001", hanyin.id) });
    await db.project.create({ data: project("AK-2026-9002", shiquan.id) }); // another county's project is never touched

    const { summary } = await runJson("--file", file("simple.xlsx"), "--region", "汉阴县", "--dry-run");
    expect(summary).toMatchObject({ created: { companies: 2, projects: 2 }, updated: { companies: 1, projects: 1 } });
  });

  test("the human summary says what would happen and that nothing was written", async () => {
    const { status, out } = await run("--file", file("titled.xlsx"), "--dry-run");
    expect(status).toBe(0);
    expect(out[0]).toBe("工作表“汉阴县”：表头在第 3–4 行，金额单位 亿元，县区 汉阴县");
    expect(out).toContain("1 个工作表，4 行项目数据，跳过 4 行，错误 0 处，提示 2 处");
    expect(out).toContain("  提示  汉阴县 第 8 行 E 列  总投资（万元）：该单元格与第 7 行合并，数值只计入第 7 行");
    expect(out.at(-1)).toBe("试运行完成，未写入任何数据。");
  });
});

describe("npm run import without --dry-run", () => {
  test("imports the file, prints one JSON object, exit 0; the same file again creates nothing and reports updates", async () => {
    const before = await businessCounts();
    const first = await runJson("--file", file("totals.xlsx"), "--region", "汉阴县");
    expect(first.status).toBe(0);
    // 秦巴绒趣's 毛绒玩具生产线项目 in 汉阴县 was recorded by the dry-run test above: it is updated
    // (签约 → 已开工, one transition), the three others are created (one transition each).
    expect(first.summary).toMatchObject({ rows: 4, created: { companies: 3, projects: 3 }, updated: { companies: 1, projects: 1 }, errors: [] });
    expect(first.summary.skipped).toHaveLength(11);
    const after = await businessCounts();
    expect(after.projects).toBe(before.projects + 3);
    expect(after.transitions).toBe(before.transitions + 4);
    expect(await db.project.findUniqueOrThrow({ where: { code: "AK-2026-9001" } })).toMatchObject({ stage: "CONSTRUCTION", plannedInvestment: 12000 });
    const batch = await db.importBatch.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
    expect(batch).toMatchObject({ status: "COMMITTED", fileName: "totals.xlsx", actorId: null, actorName: "命令行导入", createdProjects: 3, updatedProjects: 1 });
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "IMPORT", entityId: batch.id } });
    expect(audit).toMatchObject({ actorId: null, actorName: "命令行导入" });

    const again = await runJson("--file", file("totals.xlsx"), "--region", "汉阴县");
    expect(again.status).toBe(0);
    expect(again.summary).toMatchObject({ rows: 4, created: { companies: 0, projects: 0 }, updated: { companies: 4, projects: 4 } });
    expect(await businessCounts()).toEqual(after);
  });

  test("a file with errors is refused: the errors listed, exit 1, nothing written", async () => {
    const before = await businessCounts();
    const { status, summary } = await runJson("--file", file("values.xlsx"), "--region", "汉阴县");
    expect(status).toBe(1);
    expect(summary.errors.map((e) => [e.row, e.column])).toEqual([
      [12, "C"],
      [12, "D"],
      [13, "C"],
      [13, "D"],
      [13, "E"],
    ]);
    expect(await businessCounts()).toEqual(before);
  });

  test("the human summary ends with the batch and the file's SHA-256", async () => {
    const { status, out, err } = await run("--file", file("multi.xlsx"), "--region", "石泉县");
    expect(status).toBe(0);
    expect(out.at(-1)).toMatch(/^导入完成：批次 \S+，文件 SHA-256 [0-9a-f]{64}$/u);
    expect(err).toContain("工作表“填表说明”已跳过：未找到表头（至少需要“项目名称”“投资方”等两列可识别的列名）");
    expect(err.some((line) => /^写入 \d+\/\d+$/u.test(line))).toBe(true);
  });

  test("a usage error names the problem and the usage, exit 2", async () => {
    const { status, err } = await run("--region", "汉阴县");
    expect(status).toBe(2);
    expect(err).toEqual(["请用 --file 指定要导入的 .xlsx 文件", expect.stringMatching(/^用法：npm run import -- --file/)]);
  });
});

describe("scripts/import.ts as a process", () => {
  const TSX = path.join(REPO_ROOT, "node_modules/.bin/tsx");
  const runScript = (...args: string[]) =>
    spawnSync(TSX, [path.join(REPO_ROOT, "scripts/import.ts"), ...args], { cwd: REPO_ROOT, env: { ...process.env }, encoding: "utf8", timeout: 60_000 });

  test("stdout is exactly one JSON object, progress goes to stderr, and the exit status follows the result", async () => {
    const clean = runScript("--file", file("simple.xlsx"), "--region", "宁陕县", "--dry-run", "--json");
    expect(clean.status).toBe(0);
    expect(clean.stdout.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(clean.stdout)).toMatchObject({ rows: 3, errors: [] });

    const before = await businessCounts();
    const committed = runScript("--file", file("simple.xlsx"), "--region", "宁陕县", "--json");
    expect(committed.status).toBe(0);
    expect(committed.stdout.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(committed.stdout)).toMatchObject({ rows: 3, created: { projects: 3 }, errors: [] });
    expect(committed.stderr).toMatch(/写入 \d+\/\d+/u);
    expect((await businessCounts()).projects).toBe(before.projects + 3);

    const refused = runScript("--file", file("values.xlsx"), "--region", "宁陕县", "--json");
    expect(refused.status).toBe(1);
    expect(JSON.parse(refused.stdout).errors).toHaveLength(5);
  });
});
