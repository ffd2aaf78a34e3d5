// 审计日志 (/audit and /audit/export) through the real loaders: only the auditor reads it
// (三权分立: the admin gets 403), the filters, paging and order, the .xlsx export read back
// with exceljs (formula-like text neutralised, Shanghai times, frozen header), and the export
// itself audited. Login attempts show up with the client address.
import ExcelJS from "exceljs";
import { loader as auditLoader } from "#app/routes/audit._index";
import { loader as exportLoader } from "#app/routes/audit.export";
import { login } from "#app/utils/auth.server";
import { newTotpSecret } from "#app/utils/totp.server";
import { createTestUser, testDb } from "#tests/setup/db";
import { responseOf, sessionCookieFor, testRequest } from "#tests/setup/session";

const db = testDb();
const ctx = { params: {}, context: {} };

let auditor: Awaited<ReturnType<typeof createTestUser>>;
let auditorCookie: string;
let adminCookie: string;

beforeAll(async () => {
  auditor = await createTestUser(db, { role: "AUDITOR", username: "t_auditor", displayName: "测试审计员", totpSecret: newTotpSecret() });
  const admin = await createTestUser(db, { role: "ADMIN", username: "t_admin", totpSecret: newTotpSecret() });
  auditorCookie = await sessionCookieFor(auditor.username);
  adminCookie = await sessionCookieFor(admin.username);
});

type AuditPage = {
  total: number;
  page: number;
  errors: Record<string, string>;
  exportHref: string;
  rows: { id: number; at: string; actor: string; action: string; actionLabel: string; entity: string; entityId: string; ip: string; userAgent: string; detail: string; before: string | null; after: string | null }[];
};

async function page(query = "", cookie = auditorCookie): Promise<AuditPage> {
  const res = await responseOf(auditLoader({ request: testRequest(`/audit${query}`, { cookie }), ...ctx }));
  expect(res.status).toBe(200);
  return (await res.json()) as AuditPage;
}

async function exportWorkbook(query = "") {
  const res = await responseOf(exportLoader({ request: testRequest(`/audit/export${query}`, { cookie: auditorCookie }), ...ctx }));
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="export-\d{12}\.xlsx"; filename\*=UTF-8''%E5%AE%A1%E8%AE%A1%E6%97%A5%E5%BF%97-\d{12}\.xlsx$/);
  const bytes = await res.arrayBuffer();
  expect(Buffer.from(bytes, 0, 2).toString()).toBe("PK"); // a zip container, as .xlsx is
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes);
  return workbook;
}

/** A log row written straight into the table, as any app change would write it. */
function logRow(data: { at?: Date; action?: string; entity?: string; entityId?: string; detail?: string; before?: string; after?: string; ip?: string; actorName?: string }) {
  return db.auditLog.create({ data: { action: "UPDATE", entity: "Project", ...data } });
}

describe("三权分立", () => {
  test("the admin gets 403 on the log and on the export, and the export is not run", async () => {
    const before = await db.auditLog.count({ where: { action: "EXPORT" } });
    expect((await responseOf(auditLoader({ request: testRequest("/audit", { cookie: adminCookie }), ...ctx }))).status).toBe(403);
    expect((await responseOf(exportLoader({ request: testRequest("/audit/export", { cookie: adminCookie }), ...ctx }))).status).toBe(403);
    expect(await db.auditLog.count({ where: { action: "EXPORT" } })).toBe(before);
  });

  test("business roles get 403 as well", async () => {
    const officer = await createTestUser(db, { role: "CITY_OFFICER" });
    const cookie = await sessionCookieFor(officer.username);
    expect((await responseOf(auditLoader({ request: testRequest("/audit", { cookie }), ...ctx }))).status).toBe(403);
    expect((await responseOf(exportLoader({ request: testRequest("/audit/export", { cookie }), ...ctx }))).status).toBe(403);
  });

  test("the auditor reads it", async () => {
    const data = await page();
    expect(data.total).toBeGreaterThan(0);
    expect(data.rows.length).toBeGreaterThan(0);
  });
});

describe("the log page", () => {
  test("login attempts appear with the client address, newest first", async () => {
    const user = await createTestUser(db, { role: "COUNTY_OFFICER", username: "t_ip_user" });
    await login(testRequest("/login", { method: "POST", ip: "203.0.113.7" }), { username: user.username, password: "wrong-password" });
    await login(testRequest("/login", { method: "POST", ip: "203.0.113.7" }), { username: "no_such_user", password: "whatever" });
    await login(testRequest("/login", { method: "POST", ip: "203.0.113.8", userAgent: "Firefox/140" }), { username: user.username, password: user.password });

    const data = await page("?ip=203.0.113.");
    expect(data.total).toBe(3);
    expect(data.rows.map((r) => [r.action, r.ip])).toEqual([
      ["LOGIN_SUCCESS", "203.0.113.8"],
      ["LOGIN_FAILURE", "203.0.113.7"],
      ["LOGIN_FAILURE", "203.0.113.7"],
    ]);
    expect(data.rows[0]).toMatchObject({ actionLabel: "登录成功", entity: "用户", entityId: user.id, userAgent: "Firefox/140", actor: user.displayName });
    expect(data.rows[0]!.at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    // By actor: the username finds the account's rows; a failed login under an unknown name too.
    expect((await page("?actor=t_ip_user")).rows.map((r) => r.action)).toEqual(["LOGIN_SUCCESS", "LOGIN_FAILURE"]);
    expect((await page("?actor=no_such_user")).rows.map((r) => [r.action, r.ip])).toEqual([["LOGIN_FAILURE", "203.0.113.7"]]);
    expect((await page("?ip=203.0.113.&action=LOGIN_FAILURE")).total).toBe(2);
  });

  test("filters by entity, entity id, detail text and Shanghai calendar days", async () => {
    // 23:59:59 on 15 March and 00:00:00 on 16 March in Shanghai.
    await logRow({ at: new Date("2026-03-15T15:59:59Z"), entity: "Problem", entityId: "p-late", detail: "闭环 late" });
    await logRow({ at: new Date("2026-03-15T16:00:00Z"), entity: "Problem", entityId: "p-next", detail: "闭环 next" });
    await logRow({ at: new Date("2026-03-17T03:00:00Z"), entity: "Company", entityId: "c-1", detail: "其他" });

    expect((await page("?entity=Problem")).rows.map((r) => r.entityId)).toEqual(["p-next", "p-late"]);
    expect((await page("?entityId=p-late")).rows.map((r) => r.detail)).toEqual(["闭环 late"]);
    expect((await page("?q=闭环")).total).toBe(2);
    expect((await page("?from=2026-03-16&to=2026-03-16")).rows.map((r) => r.entityId)).toEqual(["p-next"]);
    expect((await page("?to=2026-03-15&entity=Problem")).rows.map((r) => r.entityId)).toEqual(["p-late"]);
    const shown = (await page("?entityId=p-next")).rows[0]!;
    expect(shown.at).toBe("2026-03-16 00:00:00");
    expect(shown.entity).toBe("问题");
  });

  test("a bad date is reported in Chinese and ignored", async () => {
    const data = await page("?from=2026-02-30&to=2026-01-01");
    expect(data.errors.from).toBe("请输入有效日期，格式 YYYY-MM-DD");
    const inverted = await page("?from=2026-03-10&to=2026-03-01");
    expect(inverted.errors.to).toBe("结束日期不能早于开始日期");
  });

  test("pages by 50 with the total, and shows before/after images pretty-printed", async () => {
    for (let i = 0; i < 60; i++) {
      await logRow({ entityId: `page-${String(i).padStart(2, "0")}`, detail: "paging-batch", before: JSON.stringify({ stage: "LEAD", n: i }), after: JSON.stringify({ stage: "SIGNED", n: i }) });
    }
    const first = await page("?q=paging-batch");
    expect(first.total).toBe(60);
    expect(first.rows).toHaveLength(50);
    expect(first.rows[0]!.entityId).toBe("page-59");
    expect(first.rows[0]!.before).toBe('{\n  "stage": "LEAD",\n  "n": 59\n}');
    const second = await page("?q=paging-batch&page=2");
    expect(second.rows.map((r) => r.entityId)).toEqual(Array.from({ length: 10 }, (_, i) => `page-${String(9 - i).padStart(2, "0")}`));
    expect(second.exportHref).toBe("/audit/export?q=paging-batch");
  });

  test("an empty result is an empty list, not an error", async () => {
    const data = await page("?q=nothing-matches-this");
    expect(data).toMatchObject({ total: 0, rows: [] });
  });
});

describe("the export", () => {
  test("is a real .xlsx: Chinese headers, frozen header row, widths, Shanghai times, formulas neutralised", async () => {
    await logRow({
      at: new Date("2026-03-16T01:02:03Z"),
      entity: "Company",
      entityId: "xlsx-1",
      detail: '=HYPERLINK("x")',
      actorName: "@evil",
      before: JSON.stringify({ name: "+cmd" }),
      after: JSON.stringify({ name: "秦巴绒趣" }),
      ip: "198.51.100.1",
    });
    await logRow({ entityId: "xlsx-2", detail: "-2+3" });
    await logRow({ entityId: "xlsx-3", detail: "\tTAB" });
    await logRow({ entityId: "other", detail: "not exported" });

    const workbook = await exportWorkbook("?entityId=xlsx-1");
    const sheet = workbook.getWorksheet("审计日志")!;
    expect(sheet).toBeDefined();
    expect(sheet.getRow(1).values).toEqual([undefined, "时间", "操作人", "操作", "对象", "对象ID", "IP", "终端", "详情", "变更前", "变更后"]);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.getColumn(1).width).toBe(20);
    expect(sheet.getColumn(8).width).toBe(40);
    expect(sheet.rowCount).toBe(2);

    const row = sheet.getRow(2);
    // 01:02:03 UTC is 09:02:03 in Shanghai; the cell is a real date shown with that wall time.
    const when = row.getCell(1);
    expect(when.value).toBeInstanceOf(Date);
    expect((when.value as Date).toISOString()).toBe("2026-03-16T09:02:03.000Z");
    expect(when.numFmt).toBe("yyyy-mm-dd hh:mm:ss");
    expect(row.getCell(2).value).toBe("'@evil");
    expect(row.getCell(3).value).toBe("修改");
    expect(row.getCell(4).value).toBe("企业");
    expect(row.getCell(5).value).toBe("xlsx-1");
    expect(row.getCell(6).value).toBe("198.51.100.1");
    expect(row.getCell(8).value).toBe(`'=HYPERLINK("x")`);
    expect(row.getCell(8).formula).toBeUndefined();
    expect(row.getCell(9).value).toBe('{"name":"+cmd"}');
    expect(row.getCell(10).value).toBe('{"name":"秦巴绒趣"}');

    const more = (await exportWorkbook("?entityId=xlsx-2")).getWorksheet("审计日志")!;
    expect(more.getRow(2).getCell(8).value).toBe("'-2+3");
    const tab = (await exportWorkbook("?entityId=xlsx-3")).getWorksheet("审计日志")!;
    expect(tab.getRow(2).getCell(8).value).toBe("'\tTAB");
  });

  test("uses the page's filters and is itself audited", async () => {
    for (let i = 0; i < 3; i++) await logRow({ entity: "Site", entityId: `site-${i}`, detail: "export-filter" });
    const workbook = await exportWorkbook("?q=export-filter&entity=Site");
    const sheet = workbook.getWorksheet("审计日志")!;
    expect(sheet.rowCount).toBe(4);
    expect([2, 3, 4].map((n) => sheet.getRow(n).getCell(5).value)).toEqual(["site-2", "site-1", "site-0"]);

    const recorded = await db.auditLog.findFirstOrThrow({ where: { action: "EXPORT", actorId: auditor.id }, orderBy: { id: "desc" }, select: { entity: true, detail: true, ip: true } });
    expect(recorded.entity).toBe("AuditLog");
    expect(recorded.ip).toBe("10.20.30.40");
    expect(JSON.parse(recorded.detail!)).toEqual({ filters: { q: "export-filter", entity: "Site" }, rows: 3 });
    // The auditor sees the export in the log.
    expect((await page("?action=EXPORT")).rows[0]).toMatchObject({ actionLabel: "导出", actor: "测试审计员", entity: "审计日志" });
  });

  test("streams a large log in batches without losing or repeating rows", async () => {
    await db.auditLog.createMany({ data: Array.from({ length: 2500 }, (_, i) => ({ action: "IMPORT", entity: "Project", entityId: `bulk-${i}`, detail: "bulk-export" })) });
    const sheet = (await exportWorkbook("?q=bulk-export")).getWorksheet("审计日志")!;
    expect(sheet.rowCount).toBe(2501);
    const ids = new Set<string>();
    sheet.eachRow((row, n) => {
      if (n > 1) ids.add(String(row.getCell(5).value));
    });
    expect(ids.size).toBe(2500);
  });
});
