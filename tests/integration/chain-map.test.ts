// 产业链图谱 (/cockpit/chains) on a fixture built here, through its real loader and sessions
// (SQLite, and PostgreSQL with TEST_DB=postgres):
// - the counts per link, the landed companies, the 链主, the gaps and their targets, for the city
//   and for one county, as worked out by hand below;
// - every number on the page is the total of the company or project list it links to, for the
//   same user, and the lists hold the very companies the map names;
// - a county leader sees the county only; admin and auditor are refused (403);
// - no live chain: the empty state.
//
// The fixture (default counting rules: ≥1000万, landed = signed + 正式合同 + registered local
// company + started). Chain 测试链甲 (links 设计 L1, 加工 L2, 物流 L3, and 旧环节 retired);
// 测试链丙 (no links) comes first in the admin's order; 测试链乙 is retired; the seeded chains are
// retired so only these show. Regions: 汉阴县 (HY, the county leader's) and 汉滨区 (HB).
//   company   owner  link  tags   projects (region, stage, landed?)
//   A1 甲一科技 HY     L1    链主   P1 HY CONSTRUCTION landed
//   A2 甲二实业 HY     L1           P2 HY NEGOTIATION; P8 HY LEAD on link L3
//   A3 甲三制造 HB     L1           P3 HB PRODUCTION landed
//   A4 甲四纺织 HY     L1           P9 HB COMPLETED landed (landed outside 汉阴县)
//   B1 乙一玩具 HY     L2    链主   P4 HY SIGNED, formal contract, not started → not landed
//   B2 乙二布艺 HY     L2           none
//   B3 乙三家纺 HY     L2           P5 HY CONSTRUCTION, everything but 500万 < 1000万 → not landed
//   B4 乙四物产 HB     L2           P6 HB LANDED landed
//   B5 乙五已删 HY     L2           deleted company; P7 HY LEAD deleted project on L2
//   C1 丙一商贸 HY     (chain, no link)
//   D1 丁一旧业 HY     retired link 旧环节
import { newTotpSecret } from "#app/utils/totp.server";
import { ensureMechanism, invalidateMechanismCache } from "#app/models/mechanism.server";
import { chainMap, type ChainMap } from "#app/models/chain-map.server";
import { listCompanies } from "#app/models/company.server";
import { listProjects } from "#app/models/project-list.server";
import { loader as chainMapLoader } from "#app/routes/cockpit.chains";
import { readCompanyFilters } from "#app/schemas/company";
import { readProjectFilters } from "#app/schemas/project-list";
import { type SessionUser } from "#app/utils/permissions.server";
import { createTestUser, sessionUserOf, testDb } from "#tests/setup/db";
import { responseOf, sessionCookieFor, testRequest } from "#tests/setup/session";

const db = testDb();
const ctx = { params: {}, context: {} };
const DAY = 86_400_000;
const NOW = new Date();
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

type Figure = { value: number; listTotal: number; href: string };

let hy: string;
let hb: string;
let chainId: string;
const link: Record<"L1" | "L2" | "L3" | "OLD", string> = { L1: "", L2: "", L3: "", OLD: "" };
const company: Record<string, string> = {};
let cityLeader: SessionUser;
let countyLeader: SessionUser;
let cityCookie: string;
let countyCookie: string;

async function addCompany(key: string, name: string, owner: string, linkId: string | null, opts: { tags?: string; deleted?: boolean } = {}) {
  const row = await db.company.create({
    data: { name, normalizedName: name, searchKey: name, ownerRegionId: owner, chainId, linkId, tags: opts.tags ?? "", deletedAt: opts.deleted ? ago(1) : null },
  });
  company[key] = row.id;
}

let projectNo = 0;
async function addProject(
  companyKey: string,
  region: string,
  linkId: string,
  stage: string,
  opts: { landed?: boolean; formal?: boolean; amount?: number; deleted?: boolean } = {},
) {
  projectNo += 1;
  const signed = ["SIGNED", "LANDED", "CONSTRUCTION", "COMPLETED", "PRODUCTION", "AT_CAPACITY"].includes(stage);
  const project = await db.project.create({
    data: {
      code: `CM-2026-${String(projectNo).padStart(4, "0")}`,
      name: `链图测试项目${projectNo}`,
      searchKey: `ltcsxm${projectNo}`,
      companyId: company[companyKey]!,
      regionId: region,
      chainId,
      linkId,
      plannedInvestment: opts.amount ?? 5_000,
      stage,
      stageEnteredAt: ago(10),
      signedAt: signed ? ago(100) : null,
      contractAmount: signed ? (opts.amount ?? 5_000) : null,
      contractType: signed ? "FORMAL" : null,
      startedAt: opts.landed ? ago(60) : null,
      deletedAt: opts.deleted ? ago(1) : null,
    },
  });
  if (opts.landed || opts.formal) await db.contract.create({ data: { projectId: project.id, type: "FORMAL", signedAt: ago(100), amountWan: opts.amount ?? 5_000 } });
  if (opts.landed) await db.milestone.create({ data: { projectId: project.id, kind: "REGISTERED", actualAt: ago(80), localCompanyUscc: "91610921MA7XXXXX0K", localCompanyName: "本地公司" } });
}

beforeAll(async () => {
  await ensureMechanism(db);
  invalidateMechanismCache();
  hy = (await db.region.findUniqueOrThrow({ where: { name: "汉阴县" } })).id;
  hb = (await db.region.findUniqueOrThrow({ where: { name: "汉滨区" } })).id;
  // Only this file's chains: the seeded dictionary is retired (this file has its own database).
  await db.industryChain.updateMany({ data: { deletedAt: ago(1) } });
  await db.industryChain.create({ data: { name: "测试链丙", sortOrder: 101 } });
  const chain = await db.industryChain.create({ data: { name: "测试链甲", sortOrder: 102, isTarget: true } });
  await db.industryChain.create({ data: { name: "测试链乙", sortOrder: 100, deletedAt: ago(1) } });
  chainId = chain.id;
  link.L1 = (await db.chainLink.create({ data: { chainId, name: "设计", sortOrder: 0 } })).id;
  link.L2 = (await db.chainLink.create({ data: { chainId, name: "加工", sortOrder: 1 } })).id;
  link.OLD = (await db.chainLink.create({ data: { chainId, name: "旧环节", sortOrder: 2, deletedAt: ago(1) } })).id;
  link.L3 = (await db.chainLink.create({ data: { chainId, name: "物流", sortOrder: 3 } })).id;

  await addCompany("A1", "甲一科技", hy, link.L1, { tags: "CHAIN_LEADER" });
  await addCompany("A2", "甲二实业", hy, link.L1);
  await addCompany("A3", "甲三制造", hb, link.L1);
  await addCompany("A4", "甲四纺织", hy, link.L1, { tags: "LISTED" });
  await addCompany("B1", "乙一玩具", hy, link.L2, { tags: "LISTED,CHAIN_LEADER" });
  await addCompany("B2", "乙二布艺", hy, link.L2);
  await addCompany("B3", "乙三家纺", hy, link.L2);
  await addCompany("B4", "乙四物产", hb, link.L2);
  await addCompany("B5", "乙五已删", hy, link.L2, { deleted: true });
  await addCompany("C1", "丙一商贸", hy, null);
  await addCompany("D1", "丁一旧业", hy, link.OLD);

  await addProject("A1", hy, link.L1, "CONSTRUCTION", { landed: true }); // P1
  await addProject("A2", hy, link.L1, "NEGOTIATION"); // P2
  await addProject("A3", hb, link.L1, "PRODUCTION", { landed: true }); // P3
  await addProject("B1", hy, link.L2, "SIGNED", { formal: true }); // P4
  await addProject("B3", hy, link.L2, "CONSTRUCTION", { landed: true, amount: 500 }); // P5
  await addProject("B4", hb, link.L2, "LANDED", { landed: true }); // P6
  await addProject("B5", hy, link.L2, "LEAD", { deleted: true }); // P7
  await addProject("A2", hy, link.L3, "LEAD"); // P8
  await addProject("A4", hb, link.L1, "COMPLETED", { landed: true }); // P9

  const city = await createTestUser(db, { role: "LEADER" });
  const county = await createTestUser(db, { role: "LEADER", regionName: "汉阴县" });
  cityLeader = await sessionUserOf(city.id);
  countyLeader = await sessionUserOf(county.id);
  cityCookie = await sessionCookieFor(city.username);
  countyCookie = await sessionCookieFor(county.username);
}, 60_000);

/** The link's numbers as plain values, stages with a count only. */
function linkSummary(map: ChainMap, linkId: string) {
  const l = map.chains.flatMap((c) => c.links).find((x) => x.id === linkId);
  if (!l) return null;
  return {
    companies: l.companies.value,
    landed: l.landed.value,
    leaders: l.leaders.value,
    leaderNames: l.leaderNames.map((x) => `${x.name}${x.landed ? "✓" : ""}`),
    projects: l.projects.value,
    stages: Object.fromEntries(l.stages.filter((s) => s.count.value > 0).map((s) => [s.stage, s.count.value])),
    gap: l.gap,
    targets: l.targets.map((x) => `${x.name}/${x.regionName}/${x.stage ?? "-"}`),
    targetTotal: l.targetTotal?.value ?? null,
  };
}

describe("the chain map, worked out by hand", () => {
  test("the city: live chains in the admin's order, their live links, counts, 链主 and gaps", async () => {
    const map = await chainMap(cityLeader);
    expect(map.scopeName).toBe("安康市");
    expect(map.stages).toEqual(["LEAD", "FIRST_CONTACT", "SITE_VISIT", "NEGOTIATION", "SIGNED", "LANDED", "CONSTRUCTION", "COMPLETED", "PRODUCTION", "AT_CAPACITY"]);
    expect(map.chains.map((c) => c.name)).toEqual(["测试链丙", "测试链甲"]);
    expect(map.chains[0]!.links).toEqual([]);
    const chain = map.chains[1]!;
    expect(chain.links.map((l) => l.name)).toEqual(["设计", "加工", "物流"]);
    // The live companies on the chain, with a link or not: A1–A4, B1–B4, C1, D1 (B5 deleted).
    expect(chain.companies.value).toBe(10);
    // P1–P6, P8, P9 (P7 deleted).
    expect(chain.projects.value).toBe(8);
    expect(chain.gapCount).toBe(1);

    expect(linkSummary(map, link.L1)).toEqual({
      companies: 4,
      landed: 3, // A1 (P1), A3 (P3), A4 (P9)
      leaders: 1,
      leaderNames: ["甲一科技✓"],
      projects: 4,
      stages: { NEGOTIATION: 1, CONSTRUCTION: 1, COMPLETED: 1, PRODUCTION: 1 },
      gap: false,
      targets: [],
      targetTotal: null,
    });
    expect(linkSummary(map, link.L2)).toEqual({
      companies: 4, // B5 deleted
      landed: 1, // B4; B1 not started, B3 under the threshold
      leaders: 1,
      leaderNames: ["乙一玩具"],
      projects: 3, // P7 deleted
      stages: { SIGNED: 1, LANDED: 1, CONSTRUCTION: 1 },
      gap: false,
      targets: [],
      targetTotal: null,
    });
    // No company tagged to 物流, one project on it: a gap with nobody to target yet.
    expect(linkSummary(map, link.L3)).toEqual({ companies: 0, landed: 0, leaders: 0, leaderNames: [], projects: 1, stages: { LEAD: 1 }, gap: true, targets: [], targetTotal: 0 });
    expect(linkSummary(map, link.OLD)).toBeNull();
  });

  test("汉阴县: its own companies and projects; 加工 becomes a gap with its targets in order", async () => {
    const map = await chainMap(countyLeader);
    expect(map.scopeName).toBe("汉阴县");
    const chain = map.chains.find((c) => c.name === "测试链甲")!;
    // A1 A2 A4 B1 B2 B3 C1 D1.
    expect(chain.companies.value).toBe(8);
    // P1 P2 P4 P5 P8.
    expect(chain.projects.value).toBe(5);
    expect(chain.gapCount).toBe(2);
    expect(linkSummary(map, link.L1)).toEqual({
      companies: 3, // A3 is 汉滨区's
      landed: 1, // A1; A4 landed in 汉滨区, not here
      leaders: 1,
      leaderNames: ["甲一科技✓"],
      projects: 2,
      stages: { NEGOTIATION: 1, CONSTRUCTION: 1 },
      gap: false,
      targets: [],
      targetTotal: null,
    });
    expect(linkSummary(map, link.L2)).toEqual({
      companies: 3,
      landed: 0,
      leaders: 1,
      leaderNames: ["乙一玩具"],
      projects: 2,
      stages: { SIGNED: 1, CONSTRUCTION: 1 },
      gap: true,
      // 链主 first; then the furthest stage (在建 before no project).
      targets: ["乙一玩具/汉阴县/SIGNED", "乙三家纺/汉阴县/CONSTRUCTION", "乙二布艺/汉阴县/-"],
      targetTotal: 3,
    });
    expect(linkSummary(map, link.L3)).toMatchObject({ companies: 0, projects: 1, gap: true, targets: [], targetTotal: 0 });
  });
});

async function pageJson(cookie: string): Promise<{ chains: { links: Record<string, unknown>[] }[] } & Record<string, unknown>> {
  const res = await responseOf(chainMapLoader({ request: testRequest("/cockpit/chains", { cookie }), ...ctx }));
  expect(res.status).toBe(200);
  return (await res.json()) as { chains: { links: Record<string, unknown>[] }[] } & Record<string, unknown>;
}

function isFigure(value: unknown): value is Figure {
  return !!value && typeof value === "object" && typeof (value as Figure).href === "string" && typeof (value as Figure).listTotal === "number";
}

function figuresOf(data: unknown, path = ""): { path: string; figure: Figure }[] {
  if (isFigure(data)) return [{ path, figure: data }];
  if (Array.isArray(data)) return data.flatMap((item, i) => figuresOf(item, `${path}[${i}]`));
  if (data && typeof data === "object") return Object.entries(data).flatMap(([k, v]) => figuresOf(v, path ? `${path}.${k}` : k));
  return [];
}

/** The rows the linked list shows this user (every page of it). */
async function listOf(user: SessionUser, href: string): Promise<{ total: number; names: string[] }> {
  const url = new URL(href, "http://localhost");
  if (url.pathname === "/projects") {
    const { total, rows } = await listProjects(user, readProjectFilters(url.searchParams), { sort: "code", dir: "asc", skip: 0, pageSize: 100 });
    return { total, names: rows.map((r) => r.code) };
  }
  if (url.pathname === "/companies") {
    const { total, rows } = await listCompanies(user, readCompanyFilters(url.searchParams), { sort: "name", dir: "asc", skip: 0, pageSize: 100 });
    return { total, names: rows.map((r) => r.name).sort() };
  }
  throw new Error(`A chain-map number links to an unexpected list: ${href}`);
}

describe("every number is the count of the list it links to", () => {
  test.each([
    ["city leader", () => ({ user: cityLeader, cookie: cityCookie })],
    ["county leader", () => ({ user: countyLeader, cookie: countyCookie })],
  ])("%s", async (_, who) => {
    const { user, cookie } = who();
    const figures = figuresOf(await pageJson(cookie));
    // 2 per chain, 4 + 10 stages per link (3 links) and one target total for each gap.
    expect(figures.length).toBeGreaterThanOrEqual(2 * 2 + 14 * 3);
    for (const { path, figure } of figures) {
      expect(figure.listTotal, path).toBe(figure.value);
      expect((await listOf(user, figure.href)).total, `${path} → ${figure.href}`).toBe(figure.value);
    }
  });

  test("the lists hold the very companies and projects the map counts", async () => {
    const city = await chainMap(cityLeader);
    const county = await chainMap(countyLeader);
    const l = (map: ChainMap, id: string) => map.chains.flatMap((c) => c.links).find((x) => x.id === id)!;
    expect((await listOf(cityLeader, l(city, link.L1).landed.href)).names).toEqual(["甲一科技", "甲三制造", "甲四纺织"].sort());
    expect((await listOf(countyLeader, l(county, link.L1).landed.href)).names).toEqual(["甲一科技"]);
    expect((await listOf(countyLeader, l(county, link.L2).targetTotal!.href)).names).toEqual(["乙一玩具", "乙三家纺", "乙二布艺"].sort());
    expect((await listOf(cityLeader, l(city, link.L2).leaders.href)).names).toEqual(["乙一玩具"]);
    expect((await listOf(cityLeader, l(city, link.L2).companies.href)).names).toEqual(["乙一玩具", "乙三家纺", "乙二布艺", "乙四物产"].sort());
    const signed = l(county, link.L2).stages.find((s) => s.stage === "SIGNED")!.count;
    expect(signed.href).toContain("link=");
    expect((await listOf(countyLeader, signed.href)).names).toEqual(["CM-2026-0004"]);
    expect((await listOf(cityLeader, l(city, link.L3).projects.href)).names).toEqual(["CM-2026-0008"]);
  });
});

describe("who may see it", () => {
  test("the county leader's page holds nothing of 汉滨区", async () => {
    const data = await pageJson(countyCookie);
    const text = JSON.stringify(data);
    expect(data.scopeName).toBe("汉阴县");
    for (const name of ["甲三制造", "乙四物产", "汉滨区"]) expect(text).not.toContain(name);
    expect(text).toContain("乙一玩具");
  });

  test.each(["ADMIN", "AUDITOR", "DEPT_STAFF"] as const)("%s is refused with 403", async (role) => {
    const user = await createTestUser(db, { role, totpSecret: role === "DEPT_STAFF" ? undefined : newTotpSecret() });
    const res = await responseOf(chainMapLoader({ request: testRequest("/cockpit/chains", { cookie: await sessionCookieFor(user.username) }), ...ctx }));
    expect(res.status).toBe(403);
  });

  test("signed out: to the login page", async () => {
    const res = await responseOf(chainMapLoader({ request: testRequest("/cockpit/chains"), ...ctx }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toContain("/login");
  });
});

describe("no live chain", () => {
  test("the page has no chains to show (the empty state)", async () => {
    const live = await db.industryChain.findMany({ where: { deletedAt: null }, select: { id: true } });
    await db.industryChain.updateMany({ where: { id: { in: live.map((c) => c.id) } }, data: { deletedAt: NOW } });
    try {
      const data = await pageJson(cityCookie);
      expect(data.chains).toEqual([]);
    } finally {
      await db.industryChain.updateMany({ where: { id: { in: live.map((c) => c.id) } }, data: { deletedAt: null } });
    }
  });
});
