// 驾驶舱 on the seeded demo data, through its real loader and a real session (SQLite, and
// PostgreSQL with TEST_DB=postgres):
// - every number on the page is a link, and the list it links to shows exactly the number of
//   records the cockpit says it will (every /projects link through listProjects, every /problems
//   link through listProblems);
// - the SQL aggregates equal the reference computation of app/domain/metrics.ts over every
//   record loaded one by one (the same rules, counted two ways);
// - a county leader sees the county and nothing else;
// - targets are written with their audit rows (stale cells refused) and read live;
// - a project's 统计口径 says why it is not counted.
import { parseCompanyTags } from "#app/domain/company-name";
import { isFundsSource } from "#app/domain/contract-performance";
import { computeMetrics, shanghaiYear, yearPeriod, type FollowUpFacts, type ProblemFacts, type ProjectFacts } from "#app/domain/metrics";
import { isStageCode, type StageCode } from "#app/domain/stages";
import { addWorkdays, startOfShanghaiDay } from "#app/domain/workdays";
import { ensureMechanism, getMechanism, invalidateMechanismCache } from "#app/models/mechanism.server";
import { listProblems } from "#app/models/problem.server";
import { readProblemFilters } from "#app/schemas/problem";
import { listProjects } from "#app/models/project-list.server";
import { getProjectForUser } from "#app/models/project.server";
import { saveTargets } from "#app/models/target.server";
import { getCountingStatus } from "#app/models/metrics.server";
import { loader as cockpitLoader } from "#app/routes/cockpit._index";
import { action as targetsAction, loader as targetsLoader } from "#app/routes/cockpit.targets";
import { readProjectFilters } from "#app/schemas/project-list";
import { type Capacity } from "#app/domain/projects";
import { bumpDataVersion } from "#app/utils/data-version.server";
import { type SessionUser } from "#app/utils/permissions.server";
import { createTestUser, sessionUserOf, testDb } from "#tests/setup/db";
import { responseOf, sessionCookieFor, testRequest } from "#tests/setup/session";
import { seedDemoData } from "../../prisma/seed/demo-data";
import { seedDemoLanding } from "../../prisma/seed/demo-landing";
import { seedDemoUsers } from "../../prisma/seed/demo-users";

const db = testDb();
const NOW = new Date();
const YEAR = shanghaiYear(NOW);
const ctx = { params: {}, context: {} };
const DAY = 86_400_000;

type Figure = { value: number; listTotal: number; href: string };
type Json = Record<string, unknown>;

let cityLeader: SessionUser;
let countyLeader: SessionUser;
let cityCookie: string;
let countyCookie: string;
let hanyinId: string;

/** A few problems, an incentive and an instruction on demo projects, so those numbers are not all zero. */
async function addSupervisionRecords() {
  const projects = await db.project.findMany({ where: { deletedAt: null, stage: { in: ["SIGNED", "LANDED", "CONSTRUCTION"] } }, orderBy: { code: "asc" }, take: 4, select: { id: true, regionId: true } });
  const leader = await db.user.findUniqueOrThrow({ where: { username: "leader" } });
  const officer = await db.user.findUniqueOrThrow({ where: { username: "city" } });
  const department = await db.department.findFirstOrThrow();
  const monthAgo = startOfShanghaiDay(new Date(NOW.getTime() - 40 * DAY));
  const deadline = addWorkdays(monthAgo, 5);
  const rows = projects.map((p, i) => ({
    code: `WT-T-${i}`,
    projectId: p.id,
    title: `测试问题${i}`,
    category: "LAND",
    reportingRegionId: p.regionId,
    departmentId: department.id,
    assignedAt: monthAgo,
    deadlineAt: deadline,
    // One resolved on the deadline day, one a week late, two still open (overdue).
    status: i === 0 || i === 1 ? "RESOLVED" : "IN_PROGRESS",
    resolvedAt: i === 0 ? new Date(deadline.getTime() + 10 * 3_600_000) : i === 1 ? new Date(deadline.getTime() + 7 * DAY) : null,
  }));
  await db.problem.createMany({ data: rows });
  const first = projects[0];
  if (first) {
    await db.incentive.create({ data: { projectId: first.id, item: "设备补助", promisedWan: 100, paidWan: 20, dueAt: monthAgo } });
    const instruction = await db.instruction.create({ data: { projectId: first.id, leaderId: leader.id, text: "请加快推进", issuedAt: monthAgo, replyDueAt: deadline } });
    await db.instructionRecipient.create({ data: { instructionId: instruction.id, userId: officer.id } });
  }
}

beforeAll(async () => {
  await ensureMechanism(db);
  invalidateMechanismCache();
  await seedDemoUsers(db);
  await seedDemoData(db, { now: NOW });
  await seedDemoLanding(db, { now: NOW });
  await addSupervisionRecords();
  const city = await db.user.findUniqueOrThrow({ where: { username: "leader" } });
  const county = await createTestUser(db, { role: "LEADER", regionName: "汉阴县" });
  hanyinId = (await db.region.findUniqueOrThrow({ where: { name: "汉阴县" } })).id;
  cityLeader = await sessionUserOf(city.id);
  countyLeader = await sessionUserOf(county.id);
  cityCookie = await sessionCookieFor("leader", { password: "Zhaoshang@2026" });
  countyCookie = await sessionCookieFor(county.username);
}, 120_000);

async function cockpitJson(cookie: string): Promise<Json> {
  const res = await responseOf(cockpitLoader({ request: testRequest(`/cockpit?year=${YEAR}`, { cookie }), ...ctx }));
  expect(res.status).toBe(200);
  return (await res.json()) as Json;
}

function isFigure(value: unknown): value is Figure {
  return !!value && typeof value === "object" && typeof (value as Figure).href === "string" && typeof (value as Figure).listTotal === "number" && typeof (value as Figure).value === "number";
}

/** Every figure in the loader's data, with where it sits. */
function figuresOf(data: unknown, path = ""): { path: string; figure: Figure }[] {
  if (isFigure(data)) return [{ path, figure: data }];
  if (Array.isArray(data)) return data.flatMap((item, i) => figuresOf(item, `${path}[${i}]`));
  if (data && typeof data === "object") return Object.entries(data).flatMap(([k, v]) => figuresOf(v, path ? `${path}.${k}` : k));
  return [];
}

/** The total the linked list shows to this user. */
async function listTotal(user: SessionUser, href: string): Promise<number> {
  const url = new URL(href, "http://localhost");
  if (url.pathname === "/projects") {
    const { total } = await listProjects(user, readProjectFilters(url.searchParams), { sort: "updatedAt", dir: "desc", skip: 0, pageSize: 1 });
    return total;
  }
  if (url.pathname === "/problems") return (await listProblems(user, readProblemFilters(url.searchParams), { skip: 0, take: 1 })).total;
  throw new Error(`A cockpit number links to an unexpected list: ${href}`);
}

async function expectEveryFigureMatchesItsList(user: SessionUser, data: Json) {
  const figures = figuresOf(data);
  // Distinct links only: the same list appears behind a count and its amount.
  const byHref = new Map<string, { path: string; figure: Figure }>();
  for (const f of figures) {
    const seen = byHref.get(f.figure.href);
    if (seen) expect(f.figure.listTotal, `${f.path} and ${seen.path} link to one list`).toBe(seen.figure.listTotal);
    else byHref.set(f.figure.href, f);
  }
  for (const { path, figure } of byHref.values()) {
    expect(await listTotal(user, figure.href), `${path} → ${figure.href}`).toBe(figure.listTotal);
  }
  return { figures: figures.length, lists: byHref.size };
}

describe("every cockpit number is the count of the list it links to", () => {
  test("city leader: the whole city", async () => {
    const data = await cockpitJson(cityCookie);
    const { figures, lists } = await expectEveryFigureMatchesItsList(cityLeader, data);
    expect(figures).toBeGreaterThan(200);
    expect(lists).toBeGreaterThan(150);
    // Counts are their list's length; the demo has signings, landings and funds this year.
    const total = data.total as Record<string, Figure>;
    expect(total.signed!.value).toBe(total.signed!.listTotal);
    const rows = data.ranking as { regionName: string; rank: number | null }[];
    expect(rows).toHaveLength(13);
    expect(rows.every((r) => r.rank !== null)).toBe(true);
  }, 120_000);

  test("county leader: the county", async () => {
    const data = await cockpitJson(countyCookie);
    await expectEveryFigureMatchesItsList(countyLeader, data);
    const rows = data.ranking as { regionName: string; rank: number | null }[];
    expect(rows.map((u) => [u.regionName, u.rank])).toEqual([["汉阴县", null]]);
    expect(data.ranked).toBe(false);
    // Nothing of another county reaches the page.
    const text = JSON.stringify(data);
    for (const other of ["汉滨区", "石泉县", "旬阳市", "安康高新区"]) expect(text).not.toContain(other);
    // Its numbers are the county's row of the city's cockpit.
    const city = await cockpitJson(cityCookie);
    const row = (city.ranking as { regionId: string; m: { signed: Figure; funds: Figure; started: Figure; problemsOverdue: Figure } }[]).find((u) => u.regionId === hanyinId)!.m;
    const mine = data.total as { signed: Figure; funds: Figure; started: Figure; problemsOverdue: Figure };
    expect([mine.signed.value, mine.funds.value, mine.started.value, mine.problemsOverdue.value]).toEqual([row.signed.value, row.funds.value, row.started.value, row.problemsOverdue.value]);
  }, 120_000);

  test("a county leader given another county's link sees none of its projects", async () => {
    const city = await cockpitJson(cityCookie);
    const hanbin = (city.ranking as { regionName: string; m: { signed: Figure } }[]).find((u) => u.regionName === "汉滨区")!;
    expect(await listTotal(countyLeader, hanbin.m.signed.href)).toBe(0);
  });
});

describe("the charts, drawn on the server", () => {
  type Chart = { svg: string; links: string[][] };
  const bars = (svg: string, series: number) => [...svg.matchAll(new RegExp(`ecmeta_series_index="${series}" ecmeta_data_index="(\\d+)"`, "g"))].map((m) => Number(m[1]));

  test("are SVG in the page's data, each bar linked to the list its number counts", async () => {
    const data = await cockpitJson(cityCookie);
    const charts = data.charts as { funnel: Chart; chains: Chart | null; trends: Chart };
    const funnel = (data.funnel as { stage: string; label: string; count: Figure }[]).filter((f) => f.stage !== "TERMINATED");
    expect(charts.funnel.svg.startsWith("<svg")).toBe(true);
    for (const f of funnel) expect(charts.funnel.svg).toContain(`>${f.label}</text>`);
    expect(charts.funnel.links).toEqual([funnel.map((f) => f.count.href)]);
    expect(bars(charts.funnel.svg, 0).sort((a, b) => a - b)).toEqual(funnel.flatMap((f, i) => (f.count.value > 0 ? [i] : [])));

    const trends = data.trends as { signed: Figure; started: Figure; produced: Figure; funds: Figure }[];
    expect(charts.trends.links).toEqual([trends.map((m) => m.signed.href), trends.map((m) => m.started.href), trends.map((m) => m.produced.href), trends.map((m) => m.funds.href)]);
    const chains = data.chains as { name: string; projects: Figure; signed: Figure }[];
    expect(chains.length).toBeGreaterThan(0);
    expect(charts.chains!.links).toEqual([chains.map((c) => c.projects.href), chains.map((c) => c.signed.href)]);
  });

  test("a name with markup is drawn as text", async () => {
    const chain = await db.industryChain.findFirstOrThrow({ where: { deletedAt: null }, orderBy: { sortOrder: "asc" } });
    const payload = `<img src=x onerror=alert(1)>`;
    await db.industryChain.update({ where: { id: chain.id }, data: { name: payload } });
    await bumpDataVersion(db); // what an audited change does
    try {
      const svg = ((await cockpitJson(cityCookie)).charts as { chains: Chart }).chains.svg;
      expect(svg).toContain("&lt;img src=x onerror=alert(1)&gt;");
      expect(svg).not.toContain("<img");
    } finally {
      await db.industryChain.update({ where: { id: chain.id }, data: { name: chain.name } });
      await bumpDataVersion(db);
    }
  });
});

// ───────────────────────────── SQL against the reference ─────────────────────────────

async function loadFacts(): Promise<{ projects: ProjectFacts[]; problems: ProblemFacts[]; followUps: FollowUpFacts[] }> {
  const rows = await db.project.findMany({
    select: {
      id: true,
      regionId: true,
      deletedAt: true,
      stage: true,
      plannedInvestment: true,
      contractAmount: true,
      signedAt: true,
      startedAt: true,
      completedAt: true,
      producedAt: true,
      isKey: true,
      expectedJobs: true,
      expectedOutput: true,
      contracts: { where: { deletedAt: null, type: "FORMAL" }, select: { signedAt: true } },
      milestones: { select: { kind: true, actualAt: true, plannedAt: true, localCompanyUscc: true } },
      chain: { select: { isTarget: true, deletedAt: true } },
      company: { select: { tags: true } },
      fundsInPlace: { where: { deletedAt: null }, select: { receivedAt: true, amountWan: true, source: true } },
    },
  });
  const projects = rows.map((p) => ({
    id: p.id,
    regionId: p.regionId,
    deleted: p.deletedAt !== null,
    stage: (isStageCode(p.stage) ? p.stage : "LEAD") as StageCode,
    plannedInvestment: p.plannedInvestment,
    contractAmount: p.contractAmount,
    signedAt: p.signedAt,
    startedAt: p.startedAt,
    completedAt: p.completedAt,
    producedAt: p.producedAt,
    isKey: p.isKey,
    expectedJobs: p.expectedJobs,
    expectedOutput: p.expectedOutput,
    formalContractDates: p.contracts.map((c) => c.signedAt),
    registeredAt: p.milestones.find((m) => m.kind === "REGISTERED" && m.localCompanyUscc)?.actualAt ?? null,
    atCapacityAt: p.milestones.find((m) => m.kind === "AT_CAPACITY")?.actualAt ?? null,
    pendingMilestonePlans: p.milestones.filter((m) => !m.actualAt && m.plannedAt).map((m) => m.plannedAt as Date),
    chainIsTarget: !!p.chain && p.chain.isTarget && p.chain.deletedAt === null,
    companyTags: parseCompanyTags(p.company.tags),
    funds: p.fundsInPlace.filter((f) => isFundsSource(f.source)).map((f) => ({ receivedAt: f.receivedAt, amountWan: f.amountWan, source: f.source as "LOCAL" })),
  }));
  const problems = (await db.problem.findMany({ select: { projectId: true, deletedAt: true, status: true, assignedAt: true, deadlineAt: true, resolvedAt: true } })).map((p) => ({ ...p, deleted: p.deletedAt !== null }));
  const followUps = (
    await db.followUp.findMany({ select: { id: true, projectId: true, deletedAt: true, kind: true, date: true, participants: { select: { userId: true, capacity: true, user: { select: { role: true } } } } } })
  ).map((f) => ({ ...f, deleted: f.deletedAt !== null, participants: f.participants.map((x) => ({ userId: x.userId, capacity: x.capacity as Capacity | null, isLeader: x.user.role === "LEADER" })) }));
  return { projects, problems, followUps };
}

describe("the SQL counts what the rules say, record by record", () => {
  test("every metric of the city's year equals computeMetrics over all records", async () => {
    const data = await cockpitJson(cityCookie);
    const total = data.total as Record<string, unknown> & Record<string, Figure>;
    const engagement = data.engagement as { participations: Figure; byCapacity: Record<Capacity, Figure>; trips: Figure; byPerson: { userId: string; participations: Figure; trips: Figure }[] };
    const reference = computeMetrics(await loadFacts(), yearPeriod(YEAR), await getMechanism(), NOW);
    const rate = (r: unknown) => r as { numerator: Figure; denominator: Figure };
    const bands = total.bands as unknown as { count: Figure; amount: Figure }[];

    expect({ count: total.signed!.value, amountWan: total.signedAmount!.value }).toEqual(reference.signed);
    expect(bands.map((b) => ({ count: b.count.value, amountWan: b.amount.value }))).toEqual(reference.bands.map(({ count, amountWan }) => ({ count, amountWan })));
    expect({ honoured: rate(total.performance).numerator.value, formalSigned: rate(total.performance).denominator.value }).toEqual(reference.performance);
    expect(rate(total.startRate).numerator.value).toBe(reference.startRate.started);
    expect(rate(total.completionRate).numerator.value).toBe(reference.completionRate.completed);
    expect([total.started!.value, total.produced!.value, total.output!.value, total.jobs!.value]).toEqual([reference.started, reference.produced, reference.output, reference.jobs]);
    expect([total.atCapacity!.value, total.landed!.value, total.newFirms!.value]).toEqual([reference.atCapacity, reference.landed, reference.newFirms]);
    expect([total.funds!.value, total.funds!.listTotal]).toEqual([reference.funds.totalWan, reference.funds.projects]);
    const bySource = total.fundsBySource as unknown as Record<string, Figure>;
    for (const [source, v] of Object.entries(reference.funds.bySource)) expect([bySource[source]!.value, bySource[source]!.listTotal], source).toEqual([v.amountWan, v.projects]);
    expect([rate(total.fundsRate).numerator.value, rate(total.fundsRate).numerator.listTotal]).toEqual([reference.fundsRate.inPlaceWan, reference.fundsRate.projects]);
    expect(rate(total.chainFit).numerator.value).toBe(reference.targetChain.inTarget);
    const investors = total.investors as unknown as Record<string, Figure>;
    expect(Object.fromEntries(Object.entries(investors).map(([k, f]) => [k, f.value]))).toEqual(reference.investors);
    expect(total.inTalksLarge!.value).toBe(reference.inTalksLarge);
    expect({ onTime: rate(total.problemRate).numerator.value, due: rate(total.problemRate).denominator.value }).toEqual(reference.problems);
    expect(engagement.participations.value).toBe(reference.engagement.participations);
    expect(Object.fromEntries(Object.entries(engagement.byCapacity).map(([k, f]) => [k, f.value]))).toEqual(reference.engagement.byCapacity);
    expect(engagement.trips.value).toBe(reference.trips.count);
    for (const person of engagement.byPerson) {
      expect(person.participations.value).toBe(reference.engagement.byPerson[person.userId] ?? 0);
      expect(person.trips.value).toBe(reference.trips.byLeader[person.userId] ?? 0);
    }
    // The demo is alive: this is not a comparison of zeros.
    expect(reference.signed.count).toBeGreaterThan(0);
    expect(reference.funds.totalWan).toBeGreaterThan(0);
    expect(reference.engagement.participations).toBeGreaterThan(0);
    expect(reference.problems.due).toBe(4);
    expect(reference.problems.onTime).toBe(1);
  }, 120_000);
});

describe("targets", () => {
  test("a city officer sets a county's target; the cockpit shows its progress", async () => {
    const officer = await sessionUserOf((await createTestUser(db, { role: "CITY_OFFICER" })).id);
    const saved = await saveTargets(officer, YEAR, [{ regionId: hanyinId, metric: "SIGNED_COUNT", value: 10, version: null }]);
    expect(saved).toEqual({ ok: true, changed: 1 });
    const stale = await saveTargets(officer, YEAR, [{ regionId: hanyinId, metric: "SIGNED_COUNT", value: 12, version: null }]);
    expect(stale).toMatchObject({ ok: false });
    const data = await cockpitJson(countyCookie);
    const progress = (data.targets as { progress: { metric: string; actual: Figure }[] }).progress;
    expect(progress.map((p) => p.metric)).toEqual(["SIGNED_COUNT"]);
    expect(await db.auditLog.count({ where: { entity: "Target", action: "CREATE", actorId: officer.id } })).toBe(1);
  });
});

describe("the targets page", () => {
  async function post(cookie: string, form: Record<string, string>) {
    return responseOf(targetsAction({ request: testRequest("/cockpit/targets", { cookie, form }), ...ctx }));
  }

  test("a city officer sets a county's target through the form; stale and invalid saves are refused; others read", async () => {
    const officer = await createTestUser(db, { role: "CITY_OFFICER" });
    const cookie = await sessionCookieFor(officer.username);
    const page = async (c: string) => (await (await responseOf(targetsLoader({ request: testRequest(`/cockpit/targets?year=${YEAR}`, { cookie: c }), ...ctx }))).json()) as { canEdit: boolean; rows: { regionId: string; name: string; cells: Record<string, { value: string; version: number | null }> }[] };
    const before = await page(cookie);
    expect(before.canEdit).toBe(true);
    expect(before.rows.map((r) => r.name)).toEqual(["安康市（全市）", ...(await db.region.findMany({ where: { level: { not: "CITY" } }, orderBy: { sortOrder: "asc" } })).map((r) => r.name)]);
    const field = `v.${hanyinId}.NEW_FIRMS`;

    const saved = await post(cookie, { year: String(YEAR), [field]: "20", [`o.${hanyinId}.NEW_FIRMS`]: "", [`ver.${hanyinId}.NEW_FIRMS`]: "", "v.nowhere.NEW_FIRMS": "5" });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`/cockpit/targets?year=${YEAR}&saved=1`);
    const after = await page(cookie);
    expect(after.rows.find((r) => r.regionId === hanyinId)?.cells.NEW_FIRMS).toEqual(expect.objectContaining({ value: "20", version: 1 }));
    expect(await db.target.count({ where: { regionId: "nowhere" } })).toBe(0);

    // Someone else's page still had the cell empty: refused, with what is there now.
    const stale = await post(cookie, { year: String(YEAR), [field]: "25", [`o.${hanyinId}.NEW_FIRMS`]: "", [`ver.${hanyinId}.NEW_FIRMS`]: "" });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { message: string }).message).toContain("汉阴县·新增企业（现为 20）");

    const invalid = await post(cookie, { year: String(YEAR), [field]: "二十", [`o.${hanyinId}.NEW_FIRMS`]: "20", [`ver.${hanyinId}.NEW_FIRMS`]: "1" });
    expect(invalid.status).toBe(400);

    const cleared = await post(cookie, { year: String(YEAR), [field]: "", [`o.${hanyinId}.NEW_FIRMS`]: "20", [`ver.${hanyinId}.NEW_FIRMS`]: "1" });
    expect(cleared.status).toBe(302);
    expect(await db.target.count({ where: { regionId: hanyinId, metric: "NEW_FIRMS" } })).toBe(0);
    expect(await db.auditLog.count({ where: { entity: "Target", actorId: officer.id } })).toBe(2);

    // A leader reads; a county officer may not write.
    expect((await page(cityCookie)).canEdit).toBe(false);
    const county = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉阴县" });
    expect((await post(await sessionCookieFor(county.username), { year: String(YEAR), [field]: "1" })).status).toBe(403);
  });
});

describe("统计口径 of one project (getCountingStatus)", () => {
  test("says why a project is not counted, and is 404 outside the scope", async () => {
    const terminated = await db.project.findFirstOrThrow({ where: { stage: "TERMINATED", deletedAt: null } });
    const status = await getCountingStatus(await getProjectForUser(cityLeader, terminated.id));
    expect(status.counted).toBe(false);
    expect(status.reasons).toContain("TERMINATED");
    const elsewhere = await db.project.findFirstOrThrow({ where: { deletedAt: null, regionId: { not: hanyinId } } });
    await expect(getProjectForUser(countyLeader, elsewhere.id)).rejects.toMatchObject({ status: 404 });
  });
});
