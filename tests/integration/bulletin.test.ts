// 月度通报 (.docx) on the seeded demo data, through the real route and a real session (SQLite, and
// PostgreSQL with TEST_DB=postgres): the document names the month, ranks the counties in the
// cockpit's order, states the signed totals counted here by hand, and a county leader's copy
// holds nothing of another county. Bad months are refused in Chinese; the download is audited.
import JSZip from "jszip";
import { monthPeriod, shanghaiYear, yearPeriod } from "#app/domain/metrics";
import { addWorkdays, shanghaiDay, startOfShanghaiDay } from "#app/domain/workdays";
import { cockpitData } from "#app/models/cockpit.server";
import { lastMonth } from "#app/domain/metrics";
import { bulletinData } from "#app/models/bulletin.server";
import { ensureMechanism, getMechanism, invalidateMechanismCache } from "#app/models/mechanism.server";
import { loader as bulletinLoader } from "#app/routes/cockpit.bulletin";
import { loader as cockpitLoader } from "#app/routes/cockpit._index";
import { type SessionUser } from "#app/utils/permissions.server";
import { createTestUser, sessionUserOf, testDb } from "#tests/setup/db";
import { responseOf, sessionCookieFor, testRequest } from "#tests/setup/session";
import { seedDemoData } from "../../prisma/seed/demo-data";
import { seedDemoLanding } from "../../prisma/seed/demo-landing";
import { seedDemoUsers } from "../../prisma/seed/demo-users";

const db = testDb();
const NOW = new Date();
const MONTH = shanghaiDay(NOW).slice(0, 7);
const YEAR = shanghaiYear(NOW);
const ctx = { params: {}, context: {} };

let cityLeader: SessionUser;
let cityCookie: string;
let countyCookie: string;
let hanyinId: string;

let departmentName: string;

/** Three open problems past their deadline: two assigned to one department, one to none. */
async function addOverdueProblems() {
  const projects = await db.project.findMany({ where: { deletedAt: null, stage: { in: ["SIGNED", "LANDED", "CONSTRUCTION"] } }, orderBy: { code: "asc" }, take: 3, select: { id: true, regionId: true } });
  const department = await db.department.findFirstOrThrow({ orderBy: { name: "asc" } });
  departmentName = department.name;
  const assignedAt = startOfShanghaiDay(new Date(NOW.getTime() - 40 * 86_400_000));
  await db.problem.createMany({
    data: projects.map((p, i) => ({
      code: `BT-${i}`,
      projectId: p.id,
      title: `通报测试问题${i}`,
      category: "LAND",
      reportingRegionId: p.regionId,
      departmentId: i < 2 ? department.id : null,
      assignedAt,
      deadlineAt: addWorkdays(assignedAt, 5),
      status: "IN_PROGRESS",
    })),
  });
}

beforeAll(async () => {
  await ensureMechanism(db);
  invalidateMechanismCache();
  await seedDemoUsers(db);
  await seedDemoData(db, { now: NOW });
  await seedDemoLanding(db, { now: NOW });
  const city = await db.user.findUniqueOrThrow({ where: { username: "leader" } });
  const county = await createTestUser(db, { role: "LEADER", regionName: "汉阴县" });
  hanyinId = (await db.region.findUniqueOrThrow({ where: { name: "汉阴县" } })).id;
  await addOverdueProblems();
  cityLeader = await sessionUserOf(city.id);
  cityCookie = await sessionCookieFor("leader", { password: "Zhaoshang@2026" });
  countyCookie = await sessionCookieFor(county.username);
}, 120_000);

async function download(cookie: string, query: string): Promise<Response> {
  return responseOf(bulletinLoader({ request: testRequest(`/cockpit/bulletin${query}`, { cookie }), ...ctx }));
}

/** The document's text, one line per paragraph (table cells are paragraphs too). */
async function docxText(res: Response): Promise<string> {
  const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
  const xml = await zip.file("word/document.xml")!.async("string");
  const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
  return xml
    .split("</w:p>")
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1] ?? "")).join(""))
    .filter((line) => line.length > 0)
    .join("\n");
}

/** Counted projects (DESIGN §6: not deleted, not 终止, amount ≥ the threshold) signed from 1 January to the month's end. */
async function signedByHand(regionId?: string): Promise<number> {
  const { minAmountWan } = (await getMechanism()).countingRules;
  const rows = await db.project.findMany({
    where: { deletedAt: null, stage: { not: "TERMINATED" }, signedAt: { gte: yearPeriod(YEAR).from, lt: monthPeriod(MONTH).to }, ...(regionId ? { regionId } : {}) },
    select: { contractAmount: true, plannedInvestment: true },
  });
  return rows.filter((p) => (p.contractAmount ?? p.plannedInvestment) >= minAmountWan).length;
}

describe("月度通报", () => {
  test("city leader: month, totals, the ranking in the cockpit's order; audited", async () => {
    const res = await download(cityCookie, `?month=${MONTH}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("wordprocessingml");
    const month = Number(MONTH.slice(5, 7));
    const fileName = `${YEAR}年${month}月招商引资工作通报.docx`;
    expect(res.headers.get("Content-Disposition")).toContain(`filename*=UTF-8''${encodeURIComponent(fileName)}`);
    const text = await docxText(res);

    expect(text).toContain(`关于${YEAR}年${month}月`);
    expect(text).toContain("工作情况的通报");
    const signed = await signedByHand();
    expect(signed).toBeGreaterThan(0);
    expect(text).toContain(`累计签约项目${signed}个`);

    // The ranking table lists the 13 units in the cockpit's rank order.
    const { ranking } = await cockpitData(cityLeader, { year: YEAR, now: NOW });
    expect(ranking).toHaveLength(13);
    const lines = text.split("\n");
    const start = lines.findIndex((l) => l.endsWith("县区排名"));
    const end = lines.findIndex((l, i) => i > start && /^[一二三四五六七八九十]、/.test(l));
    const rankingLines = lines.slice(start, end);
    const positions = ranking.map((r) => rankingLines.indexOf(r.regionName));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toContain("红榜");
    expect(text).toContain("重点项目推进情况");
    expect(text).toContain("逾期事项");

    // Overdue problems by department add up to the cockpit's count of overdue problems.
    const data = await bulletinData(cityLeader, MONTH, { now: NOW });
    const byDepartment = data.byDepartment.reduce((sum, d) => sum + d.problems, 0);
    expect(byDepartment).toBe(data.cockpit.report.total.problemsOverdue.value);
    expect(data.byDepartment.map((d) => [d.departmentName, d.problems])).toEqual([[departmentName, 2], [null, 1]]);
    const departmentLines = lines.slice(lines.indexOf("（二）诉求逾期按承办部门"), lines.indexOf("（三）逾期时间最长的事项"));
    for (const d of data.byDepartment) expect(departmentLines).toContain(d.departmentName ?? "未指派部门");

    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "EXPORT", entity: "Bulletin", actorId: cityLeader.id }, orderBy: { at: "desc" } });
    expect(JSON.parse(audit.detail ?? "{}")).toMatchObject({ month: MONTH });
  }, 120_000);

  test("county leader: the county's numbers, no ranking, nothing of another county", async () => {
    const res = await download(countyCookie, `?month=${MONTH}`);
    expect(res.status).toBe(200);
    const text = await docxText(res);
    expect(text).toContain(`累计签约项目${await signedByHand(hanyinId)}个`);
    expect(text).toContain("不参与排名");
    for (const other of ["汉滨区", "石泉县", "旬阳市", "安康高新区"]) expect(text).not.toContain(other);
    const mine = new Set((await db.project.findMany({ where: { regionId: hanyinId }, select: { name: true } })).map((p) => p.name));
    const others = await db.project.findMany({ where: { regionId: { not: hanyinId } }, select: { name: true } });
    const leaked = others.filter((p) => ![...mine].some((m) => m.includes(p.name)) && text.includes(p.name));
    expect(leaked.map((p) => p.name)).toEqual([]);
  }, 120_000);

  test("default month is last month; a bad or future month goes back to the cockpit, which says why", async () => {
    const res = await download(cityCookie, "");
    expect(res.status).toBe(200);
    const audits = () => db.auditLog.count({ where: { action: "EXPORT", entity: "Bulletin" } });
    const auditsBefore = await audits();
    const [y, m] = lastMonth(NOW).split("-").map(Number);
    expect(await docxText(res)).toContain(`关于${y}年${m}月`);

    const refused = async (month: string) => {
      const res = await download(cityCookie, `?month=${month}`);
      expect(res.status).toBe(302);
      const back = res.headers.get("Location")!;
      expect(back).toBe(`/cockpit?bulletin=${encodeURIComponent(month)}`);
      const page = await responseOf(cockpitLoader({ request: testRequest(back, { cookie: cityCookie }), params: {}, context: {} }));
      return ((await page.json()) as { bulletinError: string | null }).bulletinError;
    };
    expect(await refused("2026-13")).toContain("请选择正确的月份");
    expect(await refused(`${YEAR + 1}-01`)).toContain("尚未开始");
    expect(await audits()).toBe(auditsBefore);
  }, 120_000);

  test("without the cockpit permission the bulletin is refused", async () => {
    const staff = await createTestUser(db, { role: "DEPT_STAFF" });
    const res = await download(await sessionCookieFor(staff.username), `?month=${MONTH}`);
    expect(res.status).toBeGreaterThanOrEqual(300);
  });
});
