// The project table, the kanban board, global search, saved views and the 工作台's overdue
// items, through their real loaders and actions with real sessions: scope (a county officer
// never sees another county's projects anywhere), filters and sorting, the warning-level
// filter done in SQL agreeing with projectWarning() row by row, and `qbrq` finding 秦巴绒趣.
import { normalizeCompanyName, searchKeyFor } from "#app/domain/company-name";
import { STAGE_CODES, type StageCode } from "#app/domain/stages";
import { WARNING_LEVELS, type WarningLevel } from "#app/domain/warnings";
import { type Role } from "#app/domain/roles";
import { kanbanColumns, listProjects, orderedProjectIds } from "#app/models/project-list.server";
import { createProject } from "#app/models/project.server";
import { action as listAction, loader as listLoader } from "#app/routes/projects._index";
import { loader as homeLoader } from "#app/routes/_index";
import { loader as searchLoader } from "#app/routes/search";
import { DEFAULT_MECHANISM } from "#app/schemas/mechanism";
import { type ProjectSortKey } from "#app/schemas/project-list";
import { bumpDataVersion } from "#app/utils/data-version.server";
import { type Prisma } from "#app/utils/db.server";
import { type SessionUser } from "#app/utils/permissions.server";
import { createTestUser, testDb } from "#tests/setup/db";
import { responseOf, sessionCookieFor, testRequest } from "#tests/setup/session";

const db = testDb();
const ctx = { params: {}, context: {} };
const DAY = 86_400_000;

type Row = {
  id: string;
  code: string;
  name: string;
  stage: string;
  regionName: string;
  companyName: string;
  chainName: string | null;
  leader: string | null;
  officer: string | null;
  warning: WarningLevel;
  amount: string;
  lastFollowUp: string | null;
};
type ListData = { total: number; page: number; table: { total: number; rows: Row[]; sort: string; dir: string } | null; board: null | BoardData; savedViews: { id: string; name: string; query: string }[] };
type BoardData = { columns: { stage: string; total: number; listQuery: string; cards: { id: string; warning: WarningLevel }[] }[] };

async function regionId(name: string) {
  return (await db.region.findUniqueOrThrow({ where: { name }, select: { id: true } })).id;
}

// A deterministic generator (mulberry32), so every run builds the same projects.
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let hanyin: string;
let hanbin: string;
let hanyinOfficer: Awaited<ReturnType<typeof createTestUser>>;
let hanbinOfficer: Awaited<ReturnType<typeof createTestUser>>;
let cityOfficer: Awaited<ReturnType<typeof createTestUser>>;
let leader: Awaited<ReturnType<typeof createTestUser>>;
const cookies: Record<string, string> = {};
let chainId: string;
let qinbaCompanyId: string;
let sequence = 0;

async function company(name: string, regionIdValue: string, uscc: string | null = null) {
  return db.company.create({
    data: { name, normalizedName: normalizeCompanyName(name), searchKey: searchKeyFor(name), ownerRegionId: regionIdValue, uscc, chainId },
    select: { id: true },
  });
}

type ProjectSeed = {
  name: string;
  regionId: string;
  companyId: string;
  stage?: StageCode;
  stageEnteredAt?: Date;
  lastFollowUpAt?: Date | null;
  isKey?: boolean;
  plannedInvestment?: number;
  officerId?: string | null;
  leadLeaderId?: string | null;
  signedAt?: Date | null;
  chainId?: string | null;
};

async function project(seed: ProjectSeed) {
  sequence += 1;
  const code = `AK-2025-${String(sequence).padStart(4, "0")}`;
  return db.project.create({
    data: {
      code,
      name: seed.name,
      searchKey: `${searchKeyFor(seed.name)}|${code.toLowerCase()}`,
      companyId: seed.companyId,
      regionId: seed.regionId,
      plannedInvestment: seed.plannedInvestment ?? 1000,
      stage: seed.stage ?? "LEAD",
      stageEnteredAt: seed.stageEnteredAt ?? new Date(),
      lastFollowUpAt: seed.lastFollowUpAt ?? null,
      isKey: seed.isKey ?? false,
      officerId: seed.officerId ?? null,
      leadLeaderId: seed.leadLeaderId ?? null,
      signedAt: seed.signedAt ?? null,
      chainId: seed.chainId ?? null,
    },
    select: { id: true, code: true, name: true },
  });
}

async function list(query: string, cookie: string): Promise<ListData> {
  const res = await responseOf(listLoader({ request: testRequest(`/projects${query}`, { cookie }), ...ctx }));
  expect(res.status).toBe(200);
  return (await res.json()) as ListData;
}

async function table(query: string, cookie: string) {
  const data = await list(query, cookie);
  expect(data.table).not.toBeNull();
  return data.table!;
}

/** Every row of a filtered table, reading page after page. */
async function allRows(query: string, cookie: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (let page = 1; ; page++) {
    const t = await table(`${query}${query.includes("?") ? "&" : "?"}pageSize=200&page=${page}`, cookie);
    rows.push(...t.rows);
    if (rows.length >= t.total) return rows;
  }
}

beforeAll(async () => {
  hanyin = await regionId("汉阴县");
  hanbin = await regionId("汉滨区");
  hanyinOfficer = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉阴县", username: "t_pl_hanyin" });
  hanbinOfficer = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉滨区", username: "t_pl_hanbin" });
  cityOfficer = await createTestUser(db, { role: "CITY_OFFICER", username: "t_pl_city" });
  leader = await createTestUser(db, { role: "LEADER", regionName: "安康市", username: "t_pl_leader" });
  for (const u of [hanyinOfficer, hanbinOfficer, cityOfficer, leader]) cookies[u.username] = await sessionCookieFor(u.username);
  chainId = (await db.industryChain.create({ data: { name: "毛绒玩具文创（测试）" }, select: { id: true } })).id;

  qinbaCompanyId = (await company("深圳市秦巴绒趣玩具有限公司", hanyin, "91440300MA5FXXXX0Y")).id;
  const hanbinCompany = (await company("汉滨测试食品有限公司", hanbin)).id;

  // A fixed cast: one project per purpose the tests name.
  const now = Date.now();
  await project({ name: "秦巴绒趣毛绒玩具生产基地", regionId: hanyin, companyId: qinbaCompanyId, stage: "NEGOTIATION", plannedInvestment: 50_000, isKey: true, officerId: hanyinOfficer.id, leadLeaderId: leader.id, chainId, stageEnteredAt: new Date(now - 200 * DAY), lastFollowUpAt: new Date(now - 40 * DAY) });
  await project({ name: "汉滨富硒茶深加工", regionId: hanbin, companyId: hanbinCompany, stage: "SIGNED", plannedInvestment: 8_000, officerId: hanbinOfficer.id, signedAt: new Date(now - 30 * DAY), stageEnteredAt: new Date(now - 30 * DAY), lastFollowUpAt: new Date(now - DAY) });

  // And a crowd of random ones in both counties, for filters, sorting and warning levels.
  const next = random(2026);
  for (let i = 0; i < 70; i++) {
    const inHanyin = i % 2 === 0;
    const stage = STAGE_CODES[Math.floor(next() * STAGE_CODES.length)]!;
    const entered = new Date(now - Math.floor(next() * 400) * DAY - Math.floor(next() * DAY));
    const followUp = next() < 0.3 ? null : new Date(now - Math.floor(next() * 50) * DAY);
    await project({
      name: `${inHanyin ? "汉阴" : "汉滨"}随机项目${i}`,
      regionId: inHanyin ? hanyin : hanbin,
      companyId: inHanyin ? qinbaCompanyId : hanbinCompany,
      stage,
      stageEnteredAt: entered,
      lastFollowUpAt: followUp,
      isKey: next() < 0.3,
      plannedInvestment: Math.round(next() * 100_000),
      officerId: inHanyin ? hanyinOfficer.id : hanbinOfficer.id,
      signedAt: next() < 0.5 ? new Date(now - Math.floor(next() * 300) * DAY) : null,
    });
  }
});

describe("scope", () => {
  test("a county officer's table holds only their county's projects; a city officer's every one", async () => {
    const mine = await allRows("", cookies.t_pl_hanbin!);
    expect(mine.length).toBeGreaterThan(30);
    expect(new Set(mine.map((r) => r.regionName))).toEqual(new Set(["汉滨区"]));
    const all = await table("", cookies.t_pl_city!);
    expect(all.total).toBe(72);
  });

  test("another county's region filter gives a county officer nothing", async () => {
    expect((await table(`?region=${hanyin}`, cookies.t_pl_hanbin!)).total).toBe(0);
  });

  test("the kanban shows only the officer's county", async () => {
    const data = await list("?view=kanban", cookies.t_pl_hanbin!);
    const ids = data.board!.columns.flatMap((c) => c.cards.map((card) => card.id));
    const regions = await db.project.findMany({ where: { id: { in: ids } }, select: { regionId: true } });
    expect(regions.length).toBeGreaterThan(0);
    expect(new Set(regions.map((r) => r.regionId))).toEqual(new Set([hanbin]));
  });

  test("search finds other counties' companies (public fields only) but never their projects", async () => {
    const res = await responseOf(searchLoader({ request: testRequest(`/search?q=qbrq`, { cookie: cookies.t_pl_hanbin! }), ...ctx }));
    const data = (await res.json()) as { projects: { total: number }; companies: { hits: { id: string; inScope: boolean; uscc: string | null; ownerRegionName: string }[] } };
    expect(data.projects.total).toBe(0);
    expect(data.companies.hits).toEqual([expect.objectContaining({ id: qinbaCompanyId, inScope: false, uscc: null, ownerRegionName: "汉阴县" })]);
  });

  test("the desk of a county officer lists none of another county's projects", async () => {
    const res = await responseOf(homeLoader({ request: testRequest("/", { cookie: cookies.t_pl_hanbin! }), ...ctx }));
    const data = (await res.json()) as { desk: { kind: string; stage: { items: { id: string }[] }; followUp: { items: { id: string }[] } } };
    expect(data.desk.kind).toBe("officer");
    const ids = [...data.desk.stage.items, ...data.desk.followUp.items].map((i) => i.id);
    expect(ids.length).toBeGreaterThan(0);
    const rows = await db.project.findMany({ where: { id: { in: ids } }, select: { regionId: true } });
    expect(rows.every((r) => r.regionId === hanbin)).toBe(true);
  });

  test("deleted projects are in no list", async () => {
    const gone = await project({ name: "已删除的项目", regionId: hanbin, companyId: qinbaCompanyId });
    await db.project.update({ where: { id: gone.id }, data: { deletedAt: new Date() } });
    expect((await table(`?q=${encodeURIComponent("已删除")}`, cookies.t_pl_city!)).total).toBe(0);
  });

  test("roles without business data are refused", async () => {
    const staff = await createTestUser(db, { role: "DEPT_STAFF" });
    const res = await responseOf(listLoader({ request: testRequest("/projects", { cookie: await sessionCookieFor(staff.username) }), ...ctx }));
    expect(res.status).toBe(403);
  });
});

describe("warning levels", () => {
  test("each level's filter returns exactly the rows projectWarning colours that level", async () => {
    const everything = await allRows("", cookies.t_pl_city!);
    const counted: Record<string, number> = {};
    for (const level of WARNING_LEVELS) {
      const rows = await allRows(`?warning=${level}`, cookies.t_pl_city!);
      counted[level] = rows.length;
      for (const row of rows) expect(row.warning, `${row.code} filtered as ${level}`).toBe(level);
    }
    // The levels partition the list: nothing dropped, nothing counted twice.
    expect(Object.values(counted).reduce((a, b) => a + b, 0)).toBe(everything.length);
    for (const level of WARNING_LEVELS) expect(counted[level], level).toBe(everything.filter((r) => r.warning === level).length);
    expect(counted.RED).toBeGreaterThan(0);
    expect(counted.YELLOW! + counted.BLUE!).toBeGreaterThan(0);
  });

  test("several levels at once, combined with other filters", async () => {
    const rows = await allRows(`?warning=YELLOW&warning=RED&region=${hanyin}`, cookies.t_pl_city!);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(["YELLOW", "RED"]).toContain(row.warning);
      expect(row.regionName).toBe("汉阴县");
    }
  });

  test("any set of levels, adjacent or not, returns exactly the rows coloured one of them", async () => {
    const everything = await allRows("", cookies.t_pl_city!);
    const sets: WarningLevel[][] = [["YELLOW", "RED"], ["BLUE", "RED"], ["NONE", "BLUE"], ["NONE", "YELLOW"], ["NONE", "BLUE", "YELLOW"], ["BLUE", "YELLOW", "RED"]];
    for (const set of sets) {
      const rows = await allRows(`?${set.map((l) => `warning=${l}`).join("&")}`, cookies.t_pl_city!);
      const expected = everything.filter((r) => set.includes(r.warning)).map((r) => r.code).sort();
      expect(rows.map((r) => r.code).sort(), set.join("+")).toEqual(expected);
    }
  });
});

describe("filters and sorting", () => {
  test("pinyin initials, full pinyin, Chinese text and code find 秦巴绒趣", async () => {
    for (const q of ["qbrq", "QBRQ", "qinbarongqu", "秦巴绒趣", "AK-2025-0001", "ak-2025-0001"]) {
      const t = await table(`?q=${encodeURIComponent(q)}`, cookies.t_pl_city!);
      expect(t.rows.map((r) => r.name), q).toContain("秦巴绒趣毛绒玩具生产基地");
    }
  });

  test("stage (several), 重点, amount range, chain, leader and officer", async () => {
    const stages = await allRows("?stage=LEAD&stage=SIGNED", cookies.t_pl_city!);
    expect(stages.length).toBeGreaterThan(0);
    expect(new Set(stages.map((r) => r.stage))).toEqual(new Set(["LEAD", "SIGNED"]));

    const key = await allRows("?key=1", cookies.t_pl_city!);
    const keyIds = new Set((await db.project.findMany({ where: { isKey: true, deletedAt: null }, select: { id: true } })).map((p) => p.id));
    expect(new Set(key.map((r) => r.id))).toEqual(keyIds);

    const amount = await allRows("?amountMin=20000&amountMax=60000", cookies.t_pl_city!);
    const expected = await db.project.count({ where: { deletedAt: null, plannedInvestment: { gte: 20_000, lte: 60_000 } } });
    expect(amount.length).toBe(expected);

    expect((await table(`?chain=${chainId}`, cookies.t_pl_city!)).rows.map((r) => r.name)).toEqual(["秦巴绒趣毛绒玩具生产基地"]);
    expect((await table(`?leader=${leader.id}`, cookies.t_pl_city!)).total).toBe(1);
    const officer = await allRows(`?officer=${hanbinOfficer.id}`, cookies.t_pl_city!);
    expect(officer.length).toBe(await db.project.count({ where: { deletedAt: null, officerId: hanbinOfficer.id } }));
  });

  test("date ranges are whole Shanghai days, both ends included", async () => {
    const signed = await db.project.findFirstOrThrow({ where: { name: "汉滨富硒茶深加工" }, select: { signedAt: true, stageEnteredAt: true } });
    const day = new Date(signed.signedAt!.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const rows = await allRows(`?signedFrom=${day}&signedTo=${day}`, cookies.t_pl_city!);
    expect(rows.map((r) => r.name)).toContain("汉滨富硒茶深加工");
    const expected = await db.project.count({ where: { deletedAt: null, signedAt: { gte: new Date(`${day}T00:00:00+08:00`), lt: new Date(new Date(`${day}T00:00:00+08:00`).getTime() + DAY) } } });
    expect(rows.length).toBe(expected);
    expect((await table(`?enteredFrom=${day}&enteredTo=${day}&q=${encodeURIComponent("富硒茶")}`, cookies.t_pl_city!)).total).toBe(1);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect((await table(`?createdFrom=${today}`, cookies.t_pl_city!)).total).toBeGreaterThan(70);
  });

  test("a nonsense filter value means no filter", async () => {
    expect((await table("?amountMin=abc&stage=NOPE&warning=PINK&key=maybe", cookies.t_pl_city!)).total).toBe(72);
  });

  test("sorting by amount, both directions, with the code breaking ties", async () => {
    const asc = await allRows("?sort=amount&dir=asc", cookies.t_pl_city!);
    const amounts = await db.project.findMany({ where: { deletedAt: null }, orderBy: [{ plannedInvestment: "asc" }, { code: "asc" }], select: { code: true } });
    expect(asc.map((r) => r.code)).toEqual(amounts.map((p) => p.code));
    const desc = await table("?sort=amount&dir=desc", cookies.t_pl_city!);
    expect(desc.rows[0]!.code).toBe((await db.project.findFirstOrThrow({ where: { deletedAt: null }, orderBy: [{ plannedInvestment: "desc" }, { code: "asc" }], select: { code: true } })).code);
  });

  test("sorting by stage follows the configured ladder across page boundaries", async () => {
    const order = new Map(DEFAULT_MECHANISM.stages.map((s) => [s.code as string, s.order]));
    for (const dir of ["asc", "desc"]) {
      const rows: Row[] = [];
      for (let page = 1; page <= 8; page++) rows.push(...(await table(`?sort=stage&dir=${dir}&pageSize=9&page=${page}`, cookies.t_pl_city!)).rows);
      expect(rows).toHaveLength(72);
      expect(new Set(rows.map((r) => r.code)).size).toBe(72);
      const seq = rows.map((r) => order.get(r.stage)!);
      const sorted = [...seq].sort((a, b) => (dir === "asc" ? a - b : b - a));
      expect(seq).toEqual(sorted);
    }
  });

  test("sorting by last follow-up puts never-followed-up projects first ascending and last descending", async () => {
    const asc = await allRows("?sort=lastFollowUpAt&dir=asc", cookies.t_pl_city!);
    const firstDated = asc.findIndex((r) => r.lastFollowUp !== null);
    expect(firstDated).toBeGreaterThan(0);
    expect(asc.slice(firstDated).every((r) => r.lastFollowUp !== null)).toBe(true);
    const desc = await allRows("?sort=lastFollowUpAt&dir=desc", cookies.t_pl_city!);
    expect(desc[0]!.lastFollowUp).not.toBeNull();
    expect(desc.at(-1)!.lastFollowUp).toBeNull();
  });

  test("paging: 50 a page by default and a total count", async () => {
    const first = await table("", cookies.t_pl_city!);
    expect(first.total).toBe(72);
    expect(first.rows).toHaveLength(50);
    const second = await table("?page=2", cookies.t_pl_city!);
    expect(second.rows).toHaveLength(22);
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(72);
  });
});

describe("kanban", () => {
  test("one column per ladder stage and 暂缓, counts that match the table, the same filters", async () => {
    const data = await list(`?view=kanban&region=${hanyin}`, cookies.t_pl_city!);
    const stages = data.board!.columns.map((c) => c.stage);
    expect(stages).toEqual(["LEAD", "FIRST_CONTACT", "SITE_VISIT", "NEGOTIATION", "SIGNED", "LANDED", "CONSTRUCTION", "COMPLETED", "PRODUCTION", "AT_CAPACITY", "ON_HOLD"]);
    for (const column of data.board!.columns) {
      const t = await table(`?${column.listQuery}`, cookies.t_pl_city!);
      expect(t.total, column.stage).toBe(column.total);
      expect(column.cards.length).toBe(Math.min(column.total, 50));
    }
  });

  test("a stage filter narrows the columns", async () => {
    const data = await list("?view=kanban&stage=SIGNED&stage=LEAD", cookies.t_pl_city!);
    expect(data.board!.columns.map((c) => c.stage)).toEqual(["LEAD", "SIGNED"]);
  });
});

describe("global search", () => {
  test("qbrq finds the project and the company of 秦巴绒趣 for the owning county", async () => {
    const res = await responseOf(searchLoader({ request: testRequest(`/search?q=qbrq`, { cookie: cookies.t_pl_hanyin! }), ...ctx }));
    const data = (await res.json()) as { projects: { hits: { name: string }[] }; companies: { hits: { id: string; inScope: boolean; uscc: string | null }[] } };
    expect(data.projects.hits.map((p) => p.name)).toContain("秦巴绒趣毛绒玩具生产基地");
    expect(data.companies.hits).toEqual([expect.objectContaining({ id: qinbaCompanyId, inScope: true, uscc: "91440300MA5FXXXX0Y" })]);
  });

  test("companies are found by their credit code", async () => {
    const res = await responseOf(searchLoader({ request: testRequest(`/search?q=ma5fxxxx`, { cookie: cookies.t_pl_city! }), ...ctx }));
    const data = (await res.json()) as { companies: { hits: { id: string }[] } };
    expect(data.companies.hits.map((c) => c.id)).toEqual([qinbaCompanyId]);
  });

  test("an empty query searches nothing", async () => {
    const res = await responseOf(searchLoader({ request: testRequest(`/search?q=%20`, { cookie: cookies.t_pl_city! }), ...ctx }));
    expect(await res.json()).toMatchObject({ q: "", projects: { total: 0 }, companies: { total: 0 } });
  });
});

describe("saved views", () => {
  function post(form: Record<string, string>, cookie: string) {
    return responseOf(listAction({ request: testRequest("/projects?index", { cookie, form }), ...ctx }));
  }

  test("are per user: saved, listed, replaced by name, deleted only by their owner, audited", async () => {
    const res = await post({ intent: "saveView", name: "汉阴红色预警", query: `?region=${hanyin}&warning=RED&page=3&bogus=1` }, cookies.t_pl_city!);
    expect(res.status).toBe(200);
    const mine = (await list("", cookies.t_pl_city!)).savedViews;
    expect(mine).toEqual([expect.objectContaining({ name: "汉阴红色预警", query: `region=${hanyin}&warning=RED` })]);
    expect((await list("", cookies.t_pl_hanyin!)).savedViews).toEqual([]);

    // Saving under the same name replaces the query.
    await post({ intent: "saveView", name: "汉阴红色预警", query: `?region=${hanyin}&warning=RED&warning=YELLOW` }, cookies.t_pl_city!);
    const replaced = (await list("", cookies.t_pl_city!)).savedViews;
    expect(replaced).toHaveLength(1);
    expect(replaced[0]!.query).toBe(`region=${hanyin}&warning=RED&warning=YELLOW`);

    // Another user cannot delete it.
    const foreign = await post({ intent: "deleteView", viewId: replaced[0]!.id }, cookies.t_pl_hanyin!);
    expect(foreign.status).toBe(404);
    expect((await list("", cookies.t_pl_city!)).savedViews).toHaveLength(1);

    const deleted = await post({ intent: "deleteView", viewId: replaced[0]!.id }, cookies.t_pl_city!);
    expect(deleted.status).toBe(200);
    expect((await list("", cookies.t_pl_city!)).savedViews).toEqual([]);

    const audit = await db.auditLog.findMany({ where: { entity: "SavedView", entityId: replaced[0]!.id }, orderBy: { id: "asc" }, select: { action: true, actorId: true } });
    expect(audit.map((a) => a.action)).toEqual(["CREATE", "UPDATE", "DELETE"]);
    expect(audit.every((a) => a.actorId === cityOfficer.id)).toBe(true);
  });

  test("a view needs a name", async () => {
    const res = await post({ intent: "saveView", name: "  ", query: "" }, cookies.t_pl_city!);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: { name: ["请填写视图名称"] } });
  });
});

describe("工作台", () => {
  type OfficerDesk = {
    kind: "officer";
    stage: { total: number; red: number; items: { id: string; level: WarningLevel }[] };
    followUp: { total: number; red: number; items: { id: string; level: WarningLevel }[] };
    nextActions: { overdue: number; dueSoon: number; items: { followUpId: string; overdue: boolean; project: { id: string } }[] };
  };
  type LeaderDesk = {
    kind: "leader";
    keyProjects: { total: number; items: { id: string; level: WarningLevel }[] };
    leadProjects: { total: number; warned: number; items: { id: string }[] };
  };

  async function desk<T>(cookie: string): Promise<T> {
    const res = await responseOf(homeLoader({ request: testRequest("/", { cookie }), ...ctx }));
    return ((await res.json()) as { desk: T }).desk;
  }

  test("an officer sees their projects with the stage clock or the follow-up cadence at yellow or red", async () => {
    const d = await desk<OfficerDesk>(cookies.t_pl_hanyin!);
    const mine = await allRows(`?officer=${hanyinOfficer.id}&warning=YELLOW&warning=RED`, cookies.t_pl_hanyin!);
    // Every desk project is in the warned list of the table, and red ones come first.
    const warned = new Set(mine.map((r) => r.id));
    for (const item of [...d.stage.items, ...d.followUp.items]) expect(warned.has(item.id)).toBe(true);
    expect(d.stage.total + d.followUp.total).toBeGreaterThanOrEqual(mine.length);
    const levels = d.stage.items.map((i) => i.level);
    const firstYellow = levels.indexOf("YELLOW");
    if (firstYellow >= 0) expect(levels.slice(firstYellow)).not.toContain("RED");
    expect(d.followUp.items.map((i) => i.id)).toContain((await db.project.findFirstOrThrow({ where: { name: "秦巴绒趣毛绒玩具生产基地" } })).id);
  });

  test("next actions due within 3 days or overdue, from the latest follow-up only", async () => {
    const p = await project({ name: "待办测试项目", regionId: hanyin, companyId: qinbaCompanyId, officerId: hanyinOfficer.id });
    const other = await project({ name: "邻县待办项目", regionId: hanbin, companyId: qinbaCompanyId, officerId: hanbinOfficer.id });
    const now = Date.now();
    // As follow-up.server does, Project.lastFollowUpAt follows the latest follow-up's date.
    const mk = async (projectId: string, daysAgo: number, dueInDays: number, nextAction: string) => {
      const created = await db.followUp.create({
        data: { projectId, kind: "PHONE", date: new Date(now - daysAgo * DAY), summary: "电话沟通", nextAction, nextActionDue: new Date(now + dueInDays * DAY), createdById: hanyinOfficer.id },
        select: { id: true },
      });
      const latest = await db.followUp.findFirstOrThrow({ where: { projectId, deletedAt: null }, orderBy: { date: "desc" }, select: { date: true } });
      await db.project.update({ where: { id: projectId }, data: { lastFollowUpAt: latest.date } });
      // Written behind the app's back: a new data version, as an audited write makes, so the
      // cached 工作台 is computed again.
      await bumpDataVersion(db);
      return created;
    };
    const superseded = await mk(p.id, 10, -5, "已被后续跟进取代");
    const open = await mk(p.id, 2, 1, "报送投资协议草案");
    const later = await mk(other.id, 1, -1, "邻县的事");
    const d = await desk<OfficerDesk>(cookies.t_pl_hanyin!);
    const ids = d.nextActions.items.map((i) => i.followUpId);
    expect(ids).toContain(open.id);
    expect(ids).not.toContain(superseded.id);
    // A follow-up on another county's project never shows, even one the officer wrote.
    expect(ids).not.toContain(later.id);
    expect(d.nextActions.items.find((i) => i.followUpId === open.id)?.overdue).toBe(false);

    const farAway = await mk(p.id, 0, 10, "下月再说");
    const d2 = await desk<OfficerDesk>(cookies.t_pl_hanyin!);
    expect(d2.nextActions.items.map((i) => i.followUpId)).not.toContain(farAway.id);
    expect(d2.nextActions.items.map((i) => i.followUpId)).not.toContain(open.id);
  });

  test("a leader sees 重点 projects with warnings and the projects they 包抓", async () => {
    const d = await desk<LeaderDesk>(cookies.t_pl_leader!);
    expect(d.kind).toBe("leader");
    const keyWarned = await allRows("?key=1&warning=YELLOW&warning=RED", cookies.t_pl_leader!);
    expect(d.keyProjects.total).toBe(keyWarned.length);
    expect(d.keyProjects.items.every((i) => i.level === "YELLOW" || i.level === "RED")).toBe(true);
    expect(d.leadProjects.total).toBe(1);
  });

  test("the 包抓 list: warned projects first, then the calm ones by time in stage; deleted ones left out", async () => {
    const lead = await createTestUser(db, { role: "LEADER", regionName: "安康市", username: "t_pl_lead2" });
    const now = Date.now();
    const mk = (name: string, stage: StageCode, daysInStage: number) =>
      project({ name, regionId: hanyin, companyId: qinbaCompanyId, stage, stageEnteredAt: new Date(now - daysInStage * DAY), lastFollowUpAt: new Date(now - DAY), leadLeaderId: lead.id });
    const calmEarlier = await mk("包抓-平稳-早", "LEAD", 3);
    const calmLater = await mk("包抓-平稳-晚", "LEAD", 1);
    const overdue = await mk("包抓-超期", "NEGOTIATION", 400);
    const gone = await mk("包抓-已删", "NEGOTIATION", 500);
    await db.project.update({ where: { id: gone.id }, data: { deletedAt: new Date() } });
    const d = await desk<LeaderDesk>(await sessionCookieFor(lead.username));
    expect(d.leadProjects.items.map((i) => i.id)).toEqual([overdue.id, calmEarlier.id, calmLater.id]);
    expect(d.leadProjects.total).toBe(3);
    expect(d.leadProjects.warned).toBe(1);
  });

  test("the follow-up section puts a project never followed up before one followed up long ago", async () => {
    const officer = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉阴县", username: "t_pl_nulls" });
    const now = Date.now();
    const longAgo = await project({ name: "久未跟进", regionId: hanyin, companyId: qinbaCompanyId, stage: "NEGOTIATION", stageEnteredAt: new Date(now - 400 * DAY), lastFollowUpAt: new Date(now - 300 * DAY), officerId: officer.id });
    const never = await project({ name: "从未跟进", regionId: hanyin, companyId: qinbaCompanyId, stage: "NEGOTIATION", stageEnteredAt: new Date(now - 100 * DAY), officerId: officer.id });
    const d = await desk<OfficerDesk>(await sessionCookieFor(officer.username));
    expect(d.followUp.items.map((i) => i.id)).toEqual([never.id, longAgo.id]);
    expect(d.followUp).toMatchObject({ total: 2, red: 2 });
  });

  test("工作台 is kept per user until the data changes: a write behind the app's back is not seen, an audited one is", async () => {
    const officer = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉阴县", username: "t_pl_cached" });
    const cookie = await sessionCookieFor(officer.username);
    const now = Date.now();
    const overdue = (name: string) =>
      project({ name, regionId: hanyin, companyId: qinbaCompanyId, stage: "NEGOTIATION", stageEnteredAt: new Date(now - 400 * DAY), lastFollowUpAt: new Date(now - DAY), officerId: officer.id });
    const first = await overdue("缓存-超期一");
    expect((await desk<OfficerDesk>(cookie)).stage.items.map((i) => i.id)).toEqual([first.id]);
    const second = await overdue("缓存-超期二");
    expect((await desk<OfficerDesk>(cookie)).stage.items.map((i) => i.id)).toEqual([first.id]);
    const audited = await createProject({ ...officer, role: officer.role as Role, sessionId: "test" }, { name: "缓存-正式新建", companyId: qinbaCompanyId, plannedInvestment: 1_000, officerId: officer.id });
    expect(audited.ok).toBe(true);
    expect((await desk<OfficerDesk>(cookie)).stage.items.map((i) => i.id).sort()).toEqual([first.id, second.id].sort());
  });

  test("admins keep their own home without a desk", async () => {
    const admin = await createTestUser(db, { role: "AUDITOR", totpSecret: "JBSWY3DPEHPK3PXP" });
    const res = await responseOf(homeLoader({ request: testRequest("/", { cookie: await sessionCookieFor(admin.username) }), ...ctx }));
    expect(((await res.json()) as { desk: unknown }).desk).toBeNull();
  });
});

// The table, the board and the export read through raw SQL (issue #7); these pin what the Prisma
// version did and raw SQL could get wrong: each sort's order and NULLs, the names a row joins,
// a page past the end, case-insensitive text on both databases, the board's cap, the options.
describe("the list's SQL", () => {
  function sessionUser(u: Awaited<ReturnType<typeof createTestUser>>): SessionUser {
    return { id: u.id, username: u.username, displayName: u.displayName, title: null, role: u.role as Role, regionId: u.regionId, departmentId: null, totpEnabled: false, sessionId: "t" };
  }

  const REFERENCE: Record<Exclude<ProjectSortKey, "stage" | "lastFollowUpAt">, (dir: "asc" | "desc") => Prisma.ProjectOrderByWithRelationInput[]> = {
    code: (dir) => [{ code: dir }],
    name: (dir) => [{ name: dir }, { code: "asc" }],
    region: (dir) => [{ region: { sortOrder: dir } }, { code: "asc" }],
    amount: (dir) => [{ plannedInvestment: dir }, { code: "asc" }],
    stageEnteredAt: (dir) => [{ stageEnteredAt: dir }, { code: "asc" }],
    updatedAt: (dir) => [{ updatedAt: dir }, { code: "asc" }],
  };

  test("every sort, both directions: the order Prisma gave, across pages, and the export in the same order", async () => {
    const city = sessionUser(cityOfficer);
    for (const [sort, orderBy] of Object.entries(REFERENCE) as [keyof typeof REFERENCE, (typeof REFERENCE)[keyof typeof REFERENCE]][]) {
      for (const dir of ["asc", "desc"] as const) {
        const expected = (await db.project.findMany({ where: { deletedAt: null }, orderBy: orderBy(dir), select: { id: true } })).map((p) => p.id);
        const rows: Row[] = [];
        for (let page = 1; rows.length < expected.length; page++) rows.push(...(await table(`?sort=${sort}&dir=${dir}&pageSize=25&page=${page}`, cookies.t_pl_city!)).rows);
        expect(rows.map((r) => r.id), `${sort} ${dir}`).toEqual(expected);
        expect(await orderedProjectIds(city, {}, { sort, dir }), `export ${sort} ${dir}`).toEqual(expected);
      }
    }
    for (const sort of ["stage", "lastFollowUpAt"] as const) {
      for (const dir of ["asc", "desc"] as const) {
        const rows = await allRows(`?sort=${sort}&dir=${dir}`, cookies.t_pl_city!);
        expect(await orderedProjectIds(city, {}, { sort, dir }), `export ${sort} ${dir}`).toEqual(rows.map((r) => r.id));
      }
    }
  });

  test("within a stage and among projects never followed up, code order in both directions", async () => {
    for (const sort of ["stage", "lastFollowUpAt"] as const) {
      for (const dir of ["asc", "desc"] as const) {
        const rows = await allRows(`?sort=${sort}&dir=${dir}`, cookies.t_pl_city!);
        const key = (r: Row) => (sort === "stage" ? r.stage : String(r.lastFollowUp));
        for (let i = 1; i < rows.length; i++) {
          if (key(rows[i]!) === key(rows[i - 1]!) && (sort === "stage" || rows[i]!.lastFollowUp === null)) expect(rows[i]!.code > rows[i - 1]!.code, `${sort} ${dir} ${rows[i]!.code}`).toBe(true);
        }
      }
    }
  });

  test("a row carries its company, chain, region, 包抓领导 and officer; none when unset", async () => {
    const rows = await allRows(`?q=${encodeURIComponent("秦巴绒趣毛绒")}`, cookies.t_pl_city!);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ companyName: "深圳市秦巴绒趣玩具有限公司", chainName: "毛绒玩具文创（测试）", regionName: "汉阴县", leader: leader.displayName, officer: hanyinOfficer.displayName });
    const [plain] = await allRows(`?q=${encodeURIComponent("汉滨富硒茶")}`, cookies.t_pl_city!);
    expect(plain).toMatchObject({ companyName: "汉滨测试食品有限公司", chainName: null, regionName: "汉滨区", leader: null, officer: hanbinOfficer.displayName });
  });

  test("a page past the end is empty and still has the total", async () => {
    const t = await table("?page=9&pageSize=20", cookies.t_pl_city!);
    expect(t.rows).toHaveLength(0);
    expect(t.total).toBe(await db.project.count({ where: { deletedAt: null } }));
    expect((await table(`?page=3&pageSize=20&region=${hanbin}`, cookies.t_pl_hanyin!)).total).toBe(0);
  });

  test("text search ignores ASCII case in names and codes on both databases", async () => {
    const first = await db.project.findFirstOrThrow({ where: { deletedAt: null }, orderBy: { code: "asc" }, select: { id: true, code: true } });
    const lower = await allRows(`?q=${first.code.toLowerCase()}`, cookies.t_pl_city!);
    expect(lower.map((r) => r.id)).toContain(first.id);
    const named = await project({ name: "QinBa Plush 扩建", regionId: hanyin, companyId: qinbaCompanyId });
    expect((await allRows("?q=qinba%20PLUSH", cookies.t_pl_city!)).map((r) => r.id)).toContain(named.id);
    await db.project.update({ where: { id: named.id }, data: { deletedAt: new Date() } });
  });

  test("the board: at most `cap` cards per column, longest in stage first, with the column's full total", async () => {
    const columns = await kanbanColumns(sessionUser(hanyinOfficer), {}, 2);
    for (const column of columns) {
      const inStage = await db.project.findMany({ where: { deletedAt: null, regionId: hanyin, stage: column.stage }, orderBy: [{ stageEnteredAt: "asc" }, { code: "asc" }], select: { id: true } });
      expect(column.total, column.stage).toBe(inStage.length);
      expect(column.cards.map((c) => c.id), column.stage).toEqual(inStage.slice(0, 2).map((p) => p.id));
      expect(column.cards.every((c) => c.regionName === "汉阴县")).toBe(true);
    }
    expect(await kanbanColumns(sessionUser(hanyinOfficer), { stages: ["TERMINATED"] }, 2)).toEqual([]);
  });

  test("rows and cards come with the column types the Prisma models gave (Date, boolean, number)", async () => {
    const city = sessionUser(cityOfficer);
    const { rows } = await listProjects(city, { q: "秦巴绒趣毛绒" }, { sort: "updatedAt", dir: "desc", skip: 0, pageSize: 5 });
    const expected = await db.project.findFirstOrThrow({
      where: { name: "秦巴绒趣毛绒玩具生产基地" },
      select: { id: true, code: true, stage: true, stageEnteredAt: true, lastFollowUpAt: true, isKey: true, plannedInvestment: true, signedAt: true, createdAt: true, updatedAt: true, version: true, regionId: true, leadLeaderId: true, officerId: true, company: { select: { id: true, name: true } }, chain: { select: { name: true } } },
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject(expected);
    const cards = (await kanbanColumns(city, { q: "秦巴绒趣毛绒" }, 5)).flatMap((c) => c.cards);
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ id: expected.id, stageEnteredAt: expected.stageEnteredAt, lastFollowUpAt: expected.lastFollowUpAt, isKey: true, plannedInvestment: expected.plannedInvestment, version: expected.version });
  });

  test("filter options: the officer's own county and its officers, leaders with their title, in name order", async () => {
    type Options = { regions: { value: string; label: string }[]; officers: { value: string; label: string }[]; leaders: { value: string; label: string }[]; chains: { value: string; label: string }[] };
    const county = (await list("", cookies.t_pl_hanyin!)) as unknown as { options: Options };
    expect(county.options.regions.map((r) => r.label)).toContain("汉阴县");
    expect(county.options.regions.map((r) => r.label)).not.toContain("汉滨区");
    expect(county.options.officers.map((o) => o.value)).toContain(hanyinOfficer.id);
    expect(county.options.officers.map((o) => o.value)).not.toContain(hanbinOfficer.id);
    expect(county.options.officers.find((o) => o.value === hanyinOfficer.id)!.label).toBe(`${hanyinOfficer.displayName}（汉阴县）`);
    expect(county.options.chains.map((c) => c.value)).toContain(chainId);

    const city = (await list("", cookies.t_pl_city!)) as unknown as { options: Options };
    const leaders = await db.user.findMany({ where: { role: "LEADER", disabled: false }, orderBy: { displayName: "asc" }, select: { id: true, displayName: true, title: true } });
    expect(city.options.leaders).toEqual(leaders.map((l) => ({ value: l.id, label: l.title ? `${l.displayName}（${l.title}）` : l.displayName })));
    const regions = await db.region.findMany({ orderBy: { sortOrder: "asc" }, select: { id: true } });
    expect(city.options.regions.map((r) => r.value).sort()).toEqual(regions.map((r) => r.id).sort());
    expect(city.options.officers.map((o) => o.value)).toEqual(expect.arrayContaining([hanyinOfficer.id, hanbinOfficer.id, cityOfficer.id]));
  });
});
