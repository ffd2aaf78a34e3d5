// Lists, search, the 工作台 and their filters keep to the scope (DESIGN §1: a county sees its own
// county's projects, sites and problems; department staff the problems assigned to their
// department). The access matrix proves who may open a list; this proves what is in it, also
// when the address asks for another county outright (?region=, a search for its name, its
// problem's code). Each list is checked both ways: the city roles do see county B's record, so
// an empty answer cannot pass for a scoped one.
import ExcelJS from "exceljs";
import { testDb } from "#tests/setup/db";
import { buildFixture, type Fixture, type Principal } from "./fixture";
import { importRoute } from "./routes";
import { responseOf, testRequest } from "#tests/setup/session";

let fx: Fixture;

beforeAll(async () => {
  fx = await buildFixture();
  // A funds entry in each county, for the funds ledger.
  for (const rec of [fx.own, fx.other]) {
    await testDb().fundsInPlace.create({ data: { projectId: rec.projectId, receivedAt: new Date("2026-01-05T00:00:00Z"), amountWan: 120, source: "LOCAL" } });
  }
});

type ListCase = { route: string; path: (f: Fixture) => string; marker: string; sees: Principal[]; blind: Principal[] };

const B_PROJECT = "汉滨区新材料生产基地";
const B_SITE = "汉滨区标准化厂房3号";
const B_PROBLEM = "WT-2026-0902"; // county B's problem, assigned to 供电公司 (its code is the query…)
const B_PROBLEM_TITLE = "汉滨区用电增容未落实"; // (…and its title the marker: the list echoes the query)

const CITY: Principal[] = ["cityOfficer", "cityLeader"];
const COUNTY: Principal[] = ["countyOfficer", "countyLeader"];

const CASES: ListCase[] = [
  { route: "projects._index", path: (f) => `/projects?region=${f.other.regionId}`, marker: B_PROJECT, sees: CITY, blind: COUNTY },
  { route: "projects._index", path: () => `/projects?q=${encodeURIComponent("汉滨区新材料")}`, marker: B_PROJECT, sees: CITY, blind: COUNTY },
  { route: "projects._index", path: (f) => `/projects?view=kanban&region=${f.other.regionId}`, marker: B_PROJECT, sees: CITY, blind: COUNTY },
  { route: "sites._index", path: (f) => `/sites?region=${f.other.regionId}`, marker: B_SITE, sees: CITY, blind: COUNTY },
  { route: "problems._index", path: () => `/problems?q=${B_PROBLEM}`, marker: B_PROBLEM_TITLE, sees: CITY, blind: [...COUNTY, "deptStaff"] },
  { route: "search", path: () => `/search?q=${encodeURIComponent("汉滨区新材料生产")}`, marker: B_PROJECT, sees: CITY, blind: COUNTY },
  { route: "aftercare._index", path: () => "/aftercare", marker: B_PROJECT, sees: CITY, blind: COUNTY },
];

test.each(CASES.map((c) => [`${c.path(({ other: { regionId: ":B" } } as unknown) as Fixture)}`, c] as const))("%s shows county B's record to the city roles only", async (_name, c) => {
  const { loader } = await importRoute(c.route);
  const bodyFor = async (p: Principal) => {
    const answer = await responseOf(async () => loader!({ request: testRequest(c.path(fx), { cookie: fx.signed[p as Exclude<Principal, "anon">].cookie }), params: {}, context: {} }));
    expect(answer.status, p).toBe(200);
    return answer.text();
  };
  for (const p of c.sees) expect(await bodyFor(p), `${p} should see it`).toContain(c.marker);
  for (const p of c.blind) expect(await bodyFor(p), `${p} must not see it`).not.toContain(c.marker);
});

test("department staff find their own department's problem, and not another department's", async () => {
  const { loader } = await importRoute("problems._index");
  const list = async (q: string) =>
    (await responseOf(async () => loader!({ request: testRequest(`/problems?q=${q}`, { cookie: fx.signed.deptStaff.cookie }), params: {}, context: {} }))).text();
  expect(await list("WT-2026-0901")).toContain("汉阴县用电增容未落实"); // county A's, assigned to 自然资源局
  expect(await list(B_PROBLEM)).not.toContain(B_PROBLEM_TITLE);
});

test("the 工作台 of a county officer holds nothing of county B", async () => {
  const { loader } = await importRoute("_index");
  const desk = async (p: "countyOfficer" | "cityOfficer") => ((await loader!({ request: testRequest("/", { cookie: fx.signed[p].cookie }), params: {}, context: {} })) as Response).text();
  // The city officer's desk lists county B's overdue follow-up (never followed up), so it can show it.
  expect(await desk("cityOfficer")).toContain(B_PROJECT);
  const county = await desk("countyOfficer");
  for (const marker of [B_PROJECT, B_SITE, B_PROBLEM, B_PROBLEM_TITLE]) expect(county).not.toContain(marker);
});

/** Every cell of every sheet of an export, as text. */
async function exportText(route: string, path: string, p: Exclude<Principal, "anon">): Promise<string> {
  const { loader } = await importRoute(route);
  const answer = (await loader!({ request: testRequest(path, { cookie: fx.signed[p].cookie }), params: {}, context: {} })) as Response;
  expect(answer.status, `${path} as ${p}`).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await answer.arrayBuffer());
  const cells: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text)))));
  return cells.join("\n");
}

const LEDGERS: [string, (f: Fixture) => string, string][] = [
  ["projects.export", (f) => `/projects/export?region=${f.other.regionId}`, B_PROJECT],
  ["funds.export", (f) => `/funds/export?region=${f.other.regionId}`, B_PROJECT],
  ["problems.export", () => `/problems/export?q=${B_PROBLEM}`, B_PROBLEM_TITLE],
];

test.each(LEDGERS)("the %s ledger asked for county B holds its rows for the city only", async (route, path, marker) => {
  expect(await exportText(route, path(fx), "cityOfficer")).toContain(marker);
  for (const p of ["countyOfficer", "countyLeader"] as const) expect(await exportText(route, path(fx), p), p).not.toContain(marker);
  if (route === "problems.export") expect(await exportText(route, path(fx), "deptStaff")).not.toContain(marker);
});
