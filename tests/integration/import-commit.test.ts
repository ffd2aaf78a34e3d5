// Committing a ledger (issue 6 §5, DESIGN §8 "imports are one transaction") against a real
// database, SQLite or PostgreSQL: a file with an error writes nothing and lists the error; the
// same file twice creates nothing the second time; an error in the middle of the writes and a
// killed process leave the database as it was; the IMPORT audit row carries the file's SHA-256
// and the counts; a county officer imports into their own county only.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { normalizeCompanyName, searchKeyFor } from "#app/domain/company-name";
import { formatProjectCode } from "#app/domain/projects";
import { type Role } from "#app/domain/roles";
import { cliActor, commitLedgerImport, createImportBatch, previewLedgerImport, type ImportActor } from "#app/models/ledger-import.server";
import { type SessionUser } from "#app/utils/permissions.server";
import { createTestUser, testDb, testDbKind } from "#tests/setup/db";
import { REPO_ROOT } from "#tests/setup/test-database";
import {
  SIMPLE_HEADER,
  USCC_A,
  USCC_B,
  USCC_BAD,
  excelDate,
  largeLedger,
  simpleLedgerRows,
  usccNumber,
  titledLedger,
  xlsxBytes,
} from "#tests/fixtures/ledger-builders";

const db = testDb();
const NOW = new Date("2026-06-30T04:00:00Z");
const YEAR = 2026;

async function officer(role: Role, regionName: string): Promise<SessionUser> {
  const u = await createTestUser(db, { role, regionName });
  return { ...u, role, sessionId: "test" };
}

let hanyinOfficer: SessionUser;
let cityOfficer: SessionUser;
let hanyinId: string;
let shiquanId: string;

beforeAll(async () => {
  hanyinOfficer = await officer("COUNTY_OFFICER", "汉阴县");
  cityOfficer = await officer("CITY_OFFICER", "安康市");
  hanyinId = (await db.region.findUniqueOrThrow({ where: { name: "汉阴县" } })).id;
  shiquanId = (await db.region.findUniqueOrThrow({ where: { name: "石泉县" } })).id;
});

/** Every table an import writes, counted. */
async function businessCounts() {
  const [companies, contacts, projects, transitions, contracts, funds, milestones, codes] = await Promise.all([
    db.company.count(),
    db.contact.count(),
    db.project.count(),
    db.stageTransition.count(),
    db.contract.count(),
    db.fundsInPlace.count(),
    db.milestone.count(),
    db.codeSequence.findMany({ orderBy: { key: "asc" } }),
  ]);
  return { companies, contacts, projects, transitions, contracts, funds, milestones, codes: JSON.stringify(codes) };
}

const importAuditCount = () => db.auditLog.count({ where: { action: "IMPORT" } });

function input(bytes: Buffer, extra: Partial<Parameters<typeof commitLedgerImport>[1]> = {}) {
  return { fileBytes: bytes, fileName: "台账.xlsx", ...extra };
}

function commit(actor: ImportActor, bytes: Buffer, extra: Partial<Parameters<typeof commitLedgerImport>[1]> = {}) {
  return commitLedgerImport(actor, input(bytes, extra), undefined, { now: NOW });
}

/** The simple ledger (row 1 header, rows 2–4 projects) with its 统一社会信用代码 on row 3 wrong. */
function ledgerWithOneBadRow(): Promise<Buffer> {
  const rows = simpleLedgerRows();
  rows[2]![3] = USCC_BAD;
  return xlsxBytes([{ name: "项目台账", rows }]);
}

describe("a ledger with errors", () => {
  test("is refused with the list of errors, and nothing is written", async () => {
    const before = await businessCounts();
    const audits = await importAuditCount();
    const outcome = await commit(cityOfficer, await ledgerWithOneBadRow(), { regionId: hanyinId });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.kind).toBe("refused");
    expect(outcome.summary.errors).toEqual([
      { sheet: "项目台账", row: 3, column: "D", message: expect.stringMatching(/^统一社会信用代码：/) },
    ]);
    expect(outcome.summary.rows).toBe(3);
    expect(await businessCounts()).toEqual(before);
    expect(await importAuditCount()).toBe(audits);
    expect(await db.importBatch.count({ where: { status: { not: "PREVIEWED" } } })).toBe(0);
  });

  test("excluding the bad row lets the rest import", async () => {
    const before = await businessCounts();
    const outcome = await commit(cityOfficer, await ledgerWithOneBadRow(), {
      regionId: hanyinId,
      sheets: [{ name: "项目台账", overrides: { excludedRows: [3] } }],
    });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.summary).toMatchObject({ rows: 2, created: { companies: 2, projects: 2 }, errors: [] });
    expect(outcome.summary.skipped).toContainEqual({ sheet: "项目台账", row: 3, reason: "已手动排除" });
    expect((await businessCounts()).projects).toBe(before.projects + 2);
  });
});

describe("the same ledger twice", () => {
  test("the first run creates companies, projects, transitions, contracts, funds and milestones", async () => {
    const bytes = await titledLedger(); // 填报单位：汉阴县招商局, 金额单位：亿元
    const before = await businessCounts();
    const outcome = await commit(hanyinOfficer, bytes);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    // 秦巴绒趣 came in with the simple ledger above (same code): matched, not created again.
    expect(outcome.summary).toMatchObject({ rows: 4, created: { companies: 2, projects: 4 }, updated: { companies: 1, projects: 0 }, errors: [] });
    expect(outcome.regionIds).toEqual([hanyinId]);

    const after = await businessCounts();
    expect(after.companies - before.companies).toBe(2);
    expect(after.projects - before.projects).toBe(4);
    expect(after.transitions - before.transitions).toBe(4);

    const park = await db.project.findFirstOrThrow({
      where: { name: "毛绒玩具智能制造产业园" },
      include: { transitions: true, contracts: true, fundsInPlace: true, milestones: true, company: true },
    });
    // 1.5亿 with the sheet's unit 亿元; 已投产 entered on its 投产时间 (Shanghai midnight).
    expect(park).toMatchObject({ plannedInvestment: 15_000, isKey: true, stage: "PRODUCTION", regionId: hanyinId, responsibleUnit: "县工信局", createdById: hanyinOfficer.id });
    expect(park.code).toMatch(new RegExp(`^AK-${YEAR}-\\d{4}$`));
    expect(park.stageEnteredAt.toISOString()).toBe("2026-02-28T16:00:00.000Z");
    expect(park.transitions).toEqual([expect.objectContaining({ fromStage: null, toStage: "PRODUCTION", source: "IMPORT", note: "导入", actorId: hanyinOfficer.id })]);
    expect(park.contracts).toEqual([expect.objectContaining({ type: "FRAMEWORK", signedAt: new Date("2025-05-31T16:00:00Z") })]);
    expect(park).toMatchObject({ signedAt: new Date("2025-05-31T16:00:00Z"), contractType: "FRAMEWORK" });
    expect(park.fundsInPlace).toEqual([expect.objectContaining({ amountWan: 3000, note: "导入累计" })]);
    expect(park.milestones.map((m) => [m.kind, m.actualAt?.toISOString()]).sort()).toEqual([
      ["PRODUCING", "2026-02-28T16:00:00.000Z"],
      ["STARTED", "2025-08-14T16:00:00.000Z"],
    ]);
    expect(park.company).toMatchObject({ uscc: USCC_A, ownerRegionId: hanyinId, normalizedName: normalizeCompanyName("秦巴绒趣玩具有限公司") });
    // Codes come from the CodeSequence row, bumped once for the whole file.
    const sequence = await db.codeSequence.findUniqueOrThrow({ where: { key: `project:${YEAR}` } });
    const codes = (await db.project.findMany({ where: { transitions: { some: { source: "IMPORT" } } }, select: { code: true } })).map((p) => p.code);
    expect(codes).toContain(formatProjectCode(YEAR, sequence.value));
  });

  test("the second run creates no rows, reports every row as an update and writes one more audit entry", async () => {
    const bytes = await titledLedger();
    const before = await businessCounts();
    const audits = await importAuditCount();
    const versions = await db.project.findMany({ select: { id: true, version: true }, orderBy: { id: "asc" } });
    const outcome = await commit(hanyinOfficer, bytes);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.summary).toMatchObject({ rows: 4, created: { companies: 0, projects: 0 }, updated: { companies: 3, projects: 4 }, errors: [] });
    expect(outcome.writes).toEqual({ transitions: 0, contracts: 0, funds: 0, milestones: 0, contacts: 0 });
    expect(await businessCounts()).toEqual(before);
    // Nothing changed, so nobody editing one of these projects gets a 409 because of the import.
    expect(await db.project.findMany({ select: { id: true, version: true }, orderBy: { id: "asc" } })).toEqual(versions);
    expect(await importAuditCount()).toBe(audits + 1);
  });

  test("a later ledger updates values, moves the stage with a transition and adds only the new 到位资金", async () => {
    const rows: unknown[][] = [
      ["项目名称", "投资方", "统一社会信用代码", "总投资（万元）", "累计到位资金", "项目进展", "签约时间", "开工时间"],
      // Was 在建 with 0 到位; now 已竣工 is not written, but 投产 is: moves to 投产, 1200万 arrived.
      ["玩具面料印染项目", "绍兴市柯桥纺织印染有限公司", USCC_B, 9000, 1200, "已投产", null, null],
      // Was 3000万 到位 (0.3亿); the ledger says 3500: one entry of 500 is added.
      ["毛绒玩具智能制造产业园", "秦巴绒趣玩具有限公司", USCC_A, null, 3500, null, null, null],
    ];
    const bytes = await xlsxBytes([{ name: "台账", rows: rows as never }]);
    const before = await businessCounts();
    const dye = await db.project.findFirstOrThrow({ where: { name: "玩具面料印染项目" } });
    const outcome = await commit(hanyinOfficer, bytes);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.summary).toMatchObject({ created: { companies: 0, projects: 0 }, updated: { companies: 2, projects: 2 } });
    const after = await businessCounts();
    expect(after.projects).toBe(before.projects);
    expect(after.transitions).toBe(before.transitions + 1);
    expect(after.funds).toBe(before.funds + 2);

    const moved = await db.project.findUniqueOrThrow({ where: { id: dye.id }, include: { transitions: { orderBy: { at: "asc" } }, fundsInPlace: true } });
    expect(moved).toMatchObject({ stage: "PRODUCTION", plannedInvestment: 9000, version: dye.version + 1 });
    // A blank cell never clears: the 开工时间 recorded last time stays.
    expect(moved.startedAt).toEqual(dye.startedAt);
    expect(moved.transitions.at(-1)).toMatchObject({ fromStage: "CONSTRUCTION", toStage: "PRODUCTION", source: "IMPORT", note: "导入" });
    expect(moved.fundsInPlace).toEqual([expect.objectContaining({ amountWan: 1200, note: "导入累计" })]);
    const park = await db.project.findFirstOrThrow({ where: { name: "毛绒玩具智能制造产业园" }, include: { fundsInPlace: { orderBy: { amountWan: "desc" } } } });
    expect(park.plannedInvestment).toBe(15_000);
    expect(park.fundsInPlace.map((f) => f.amountWan)).toEqual([3000, 500]);
  });
});

describe("companies are matched by 统一社会信用代码, then by normalised name", () => {
  test("a recorded company without a code gets the ledger's; a code finds its company under another name", async () => {
    const create = (name: string, uscc: string | null) =>
      db.company.create({ data: { name, normalizedName: normalizeCompanyName(name), searchKey: searchKeyFor(name), uscc, ownerRegionId: shiquanId } });
    const code = usccNumber(4242);
    const byName = await create("深圳市星河玩偶有限公司", null);
    const byCode = await create("宁波甬江玩具厂", code);
    const rows = [
      SIMPLE_HEADER,
      [1, "星河玩偶生产基地", "星河玩偶有限公司", usccNumber(4243), 3000, null, null, "洽谈中"],
      [2, "甬江玩具分厂", "宁波甬江玩具有限公司（新名称）", code, 2000, null, null, "首谈"],
    ];
    const before = await businessCounts();
    const outcome = await commit(cityOfficer, await xlsxBytes([{ name: "台账", rows: rows as never }]), { regionId: shiquanId });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.summary).toMatchObject({ created: { companies: 0, projects: 2 }, updated: { companies: 2, projects: 0 } });
    expect((await businessCounts()).companies).toBe(before.companies);
    expect(await db.company.findUniqueOrThrow({ where: { id: byName.id } })).toMatchObject({ uscc: usccNumber(4243), version: byName.version + 1 });
    const projects = await db.project.findMany({ where: { name: { in: ["星河玩偶生产基地", "甬江玩具分厂"] } }, orderBy: { name: "asc" } });
    expect(new Set(projects.map((p) => p.companyId))).toEqual(new Set([byName.id, byCode.id]));
  });
});

describe("an error in the middle of the writes", () => {
  afterAll(async () => {
    // The planted code would break the next file's import too.
    await db.project.deleteMany({ where: { name: "占用编号的项目" } });
  });

  /** A project already holding the code the import will reserve second: its insert fails on the unique code. */
  async function plantCodeCollision() {
    const sequence = await db.codeSequence.findUnique({ where: { key: `project:${YEAR}` } });
    const code = formatProjectCode(YEAR, (sequence?.value ?? 0) + 2);
    if (await db.project.findUnique({ where: { code } })) return;
    const name = "占用编号的企业有限公司";
    const company = await db.company.create({ data: { name, normalizedName: normalizeCompanyName(name), searchKey: searchKeyFor(name), ownerRegionId: hanyinId } });
    await db.project.create({
      data: { code, name: "占用编号的项目", searchKey: "x", companyId: company.id, regionId: hanyinId, plannedInvestment: 1, stage: "LEAD", stageEnteredAt: NOW },
    });
  }

  function freshLedger(tag: string): Promise<Buffer> {
    const rows = [
      SIMPLE_HEADER,
      [1, `${tag}项目甲`, `${tag}甲有限公司`, null, 1000, excelDate("2026-01-10"), null, "已签约"],
      [2, `${tag}项目乙`, `${tag}乙有限公司`, null, 2000, null, null, "洽谈中"],
      [3, `${tag}项目丙`, `${tag}丙有限公司`, null, 3000, null, null, "首谈"],
    ];
    return xlsxBytes([{ name: "台账", rows: rows as never }]);
  }

  test("rolls everything back and records the command line's batch as FAILED", async () => {
    await plantCodeCollision();
    const before = await businessCounts();
    const audits = await importAuditCount();
    const bytes = await freshLedger("回滚");
    const outcome = await commit(cliActor(), bytes, { regionName: "汉阴县" });
    expect(outcome).toMatchObject({ ok: false, kind: "failed" });
    if (outcome.ok || outcome.kind !== "failed") return;
    // The companies were inserted before the failing project insert; they are gone too.
    expect(await businessCounts()).toEqual(before);
    expect(await importAuditCount()).toBe(audits);
    const batch = await db.importBatch.findUniqueOrThrow({ where: { id: outcome.batchId } });
    expect(batch).toMatchObject({ status: "FAILED", actorId: null, actorName: "命令行导入", sha256: createHash("sha256").update(bytes).digest("hex"), createdProjects: 0 });
    expect(batch.error).toBeTruthy();
  });

  test("marks a browser upload's PREVIEWED batch FAILED, outside the rolled-back transaction", async () => {
    await plantCodeCollision();
    const bytes = await freshLedger("网页回滚");
    const batchId = "b-failed-upload";
    await createImportBatch(hanyinOfficer, { id: batchId, fileName: "台账.xlsx", sha256: "x", filePath: "/tmp/x.xlsx", regionId: hanyinId });
    const before = await businessCounts();
    const outcome = await commit(hanyinOfficer, bytes, { batchId, regionId: hanyinId });
    expect(outcome).toMatchObject({ ok: false, kind: "failed", batchId });
    expect(await businessCounts()).toEqual(before);
    expect(await db.importBatch.findUniqueOrThrow({ where: { id: batchId } })).toMatchObject({ status: "FAILED", filePath: null });
  });
});

describe("the audit entry", () => {
  test("one IMPORT row with the file's SHA-256, name and counts; the batch COMMITTED with the same counts", async () => {
    const rows = [SIMPLE_HEADER, [1, "审计项目一", "审计甲有限公司", null, 1000, null, null, "首谈"], [2, "审计项目二", "审计甲有限公司", null, 500, null, null, "在谈"]];
    const bytes = await xlsxBytes([{ name: "台账", rows: rows as never }]);
    const outcome = await commitLedgerImport(hanyinOfficer, input(bytes, { fileName: "审计台账.xlsx" }), { ip: "10.0.0.9", userAgent: "vitest" }, { now: NOW });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    expect(outcome.sha256).toBe(sha256);
    const entries = await db.auditLog.findMany({ where: { action: "IMPORT", entityId: outcome.batchId } });
    expect(entries).toHaveLength(1);
    const entry = entries[0]!;
    expect(entry).toMatchObject({ actorId: hanyinOfficer.id, actorName: hanyinOfficer.displayName, entity: "ImportBatch", ip: "10.0.0.9" });
    expect(entry.detail).toContain(sha256);
    expect(JSON.parse(entry.after!)).toMatchObject({
      fileName: "审计台账.xlsx",
      sha256,
      rows: 2,
      created: { companies: 1, projects: 2 },
      updated: { companies: 0, projects: 0 },
      written: { transitions: 2 },
    });
    expect(await db.importBatch.findUniqueOrThrow({ where: { id: outcome.batchId } })).toMatchObject({
      status: "COMMITTED",
      sha256,
      rows: 2,
      createdCompanies: 1,
      createdProjects: 2,
      actorId: hanyinOfficer.id,
      regionId: hanyinId,
    });
  });
});

describe("region scope", () => {
  const ledger = () => xlsxBytes([{ name: "台账", rows: [SIMPLE_HEADER, [1, "越界项目", "越界有限公司", null, 1000, null, null, "首谈"]] as never }]);

  test("a county officer cannot import into another county, by choice or by the ledger's 县区 column", async () => {
    const before = await businessCounts();
    const chosen = await commit(hanyinOfficer, await ledger(), { regionId: shiquanId });
    expect(chosen).toMatchObject({ ok: false, kind: "refused" });
    if (chosen.ok) return;
    expect(chosen.summary.errors).toEqual([{ sheet: "台账", row: 1, column: "", message: "只能导入本辖区（汉阴县）的项目，不能导入到“石泉县”" }]);

    const byColumn = await xlsxBytes([
      { name: "台账", rows: [["项目名称", "投资方", "所属县区"], ["甲项目", "甲有限公司", "汉阴县"], ["乙项目", "乙有限公司", "石泉县"]] },
    ]);
    const mixed = await commit(hanyinOfficer, byColumn);
    expect(mixed).toMatchObject({ ok: false, kind: "refused" });
    if (mixed.ok) return;
    expect(mixed.summary.errors).toEqual([{ sheet: "台账", row: 3, column: "C", message: "所属县区：只能导入本辖区（汉阴县）的项目，不能导入到“石泉县”" }]);
    expect(await businessCounts()).toEqual(before);

    // The preview says the same before anything is tried.
    const preview = await previewLedgerImport(hanyinOfficer, input(byColumn), { now: NOW });
    expect(preview.summary.errors).toEqual(mixed.summary.errors);
  });

  test("a city officer imports into any county, never into the city itself", async () => {
    const ok = await commit(cityOfficer, await ledger(), { regionId: shiquanId });
    expect(ok.ok).toBe(true);
    const city = await db.region.findUniqueOrThrow({ where: { name: "安康市" } });
    const refused = await commit(cityOfficer, await ledger(), { regionId: city.id });
    expect(refused).toMatchObject({ ok: false, kind: "refused" });
    if (refused.ok) return;
    expect(refused.summary.errors[0]!.message).toBe("项目须归属县区或园区，不能直接归属“安康市”");
  });
});

describe("a killed process", () => {
  test("leaves the database as it was: integrity_check ok, business rows unchanged", { timeout: 240_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ledger-kill-"));
    const file = path.join(dir, "large.xlsx");
    fs.writeFileSync(file, await largeLedger(4000));
    const before = await businessCounts();
    const batches = await db.importBatch.count();

    const child = spawn(path.join(REPO_ROOT, "node_modules/.bin/tsx"), [path.join(REPO_ROOT, "scripts/import.ts"), "--file", file, "--region", "汉阴县", "--json"], {
      cwd: REPO_ROOT,
      env: { ...process.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    const killedWhileWriting = new Promise<string>((resolve, reject) => {
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
        // The first batch of rows is in; the transaction is open: kill it there.
        const writing = /写入 ([1-9]\d*)\/(\d+)/u.exec(stderr);
        if (writing && !child.killed) {
          child.kill("SIGKILL");
          resolve(writing[0]);
        }
      });
      child.on("exit", (code, signal) => {
        if (signal !== "SIGKILL") reject(new Error(`import ended on its own (code ${code}) before the kill:\n${stderr}\n${stdout}`));
      });
    });
    const at = await killedWhileWriting;
    await exited;
    expect(at).toMatch(/^写入 /u);
    expect(stdout).toBe(""); // it never got to print its result

    // Reopen, as a restarted server would.
    await db.$disconnect();
    if (testDbKind() === "sqlite") {
      expect(await db.$queryRawUnsafe<{ integrity_check: string }[]>("PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
    }
    expect(await businessCounts()).toEqual(before);
    expect(await db.importBatch.count()).toBe(batches);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
