// The cockpit's cached numbers (ADR 009): served again while nothing changed, recomputed after
// any audited data change (the data version writeAudit bumps in the change's transaction) or
// when the entry is older than COCKPIT_CACHE_MS, and kept per region scope. The writes "behind
// the app's back" below (db.project.create, no audit) are how the test tells a served entry
// from a recomputed one: only a recomputation sees them.
import { normalizeCompanyName, searchKeyFor } from "#app/domain/company-name";
import { shanghaiYear } from "#app/domain/metrics";
import { cachedCockpitData, cockpitData, COCKPIT_CACHE_MS, type CockpitData } from "#app/models/cockpit.server";
import { createProject } from "#app/models/project.server";
import { writeAudit } from "#app/utils/audit.server";
import { dataVersion } from "#app/utils/data-version.server";
import { type Role } from "#app/domain/roles";
import { type SessionUser } from "#app/utils/permissions.server";
import { createTestUser, testDb } from "#tests/setup/db";

const db = testDb();
const T0 = new Date();
const YEAR = shanghaiYear(T0);

let cityLeader: SessionUser;
let cityLeader2: SessionUser;
let hanyinLeader: SessionUser;
let cityOfficer: SessionUser;
let companyId: string;
let hanyinId: string;
let hanbinId: string;
let unaudited = 0;

async function sessionUser(options: Parameters<typeof createTestUser>[1]): Promise<SessionUser> {
  const u = await createTestUser(db, options);
  return { ...u, role: u.role as Role, sessionId: "test" };
}

function leads(data: CockpitData): number {
  return data.funnel.find((f) => f.stage === "LEAD")?.count.value ?? 0;
}

/** A project written straight to the database: no audit row, so no new data version. */
async function projectBehindTheAppsBack(regionId: string) {
  unaudited += 1;
  await db.project.create({
    data: { code: `T-CACHE-${unaudited}`, name: `缓存测试项目${unaudited}`, searchKey: "hc", companyId, regionId, plannedInvestment: 5_000, stage: "LEAD", stageEnteredAt: T0 },
  });
}

async function projectThroughTheApp(regionId: string) {
  const result = await createProject(cityOfficer, { name: "缓存测试正式项目", companyId, regionId, plannedInvestment: 6_000 });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
}

const later = (ms: number) => new Date(T0.getTime() + ms);

beforeAll(async () => {
  cityLeader = await sessionUser({ role: "LEADER", regionName: "安康市" });
  cityLeader2 = await sessionUser({ role: "LEADER", regionName: "安康市" });
  hanyinLeader = await sessionUser({ role: "LEADER", regionName: "汉阴县" });
  cityOfficer = await sessionUser({ role: "CITY_OFFICER" });
  hanyinId = hanyinLeader.regionId!;
  hanbinId = (await db.region.findUniqueOrThrow({ where: { name: "汉滨区" } })).id;
  const name = "安康缓存测试有限公司";
  companyId = (await db.company.create({ data: { name, normalizedName: normalizeCompanyName(name), searchKey: searchKeyFor(name), ownerRegionId: hanyinId } })).id;
});

test("served again while nothing changed, recomputed after an audited change, per scope", async () => {
  const first = await cachedCockpitData(cityLeader, { year: YEAR, now: T0 });
  const county = await cachedCockpitData(hanyinLeader, { year: YEAR, now: T0 });
  expect(leads(first)).toBe(0);
  expect(leads(county)).toBe(0);

  await projectBehindTheAppsBack(hanyinId);
  // The uncached computation sees the new row; the cache, for the same scope, serves the entry.
  expect(leads(await cockpitData(cityLeader, { year: YEAR, now: later(1_000) }))).toBe(1);
  expect(leads(await cachedCockpitData(cityLeader, { year: YEAR, now: later(1_000) }))).toBe(0);
  // Another user with the same scope shares the entry.
  expect(leads(await cachedCockpitData(cityLeader2, { year: YEAR, now: later(1_000) }))).toBe(0);

  // A change made through the app (audited) invalidates every scope's entry.
  const before = await dataVersion();
  await projectThroughTheApp(hanbinId);
  expect(await dataVersion()).toBeGreaterThan(before);
  expect(leads(await cachedCockpitData(cityLeader, { year: YEAR, now: later(2_000) }))).toBe(2);
  expect(leads(await cachedCockpitData(hanyinLeader, { year: YEAR, now: later(2_000) }))).toBe(1);
});

test("an entry older than COCKPIT_CACHE_MS is recomputed even without a data change", async () => {
  const now = later(2_000 + COCKPIT_CACHE_MS); // the last entry (computed at 2 s) has just expired
  const base = leads(await cachedCockpitData(cityLeader, { year: YEAR, now }));
  await projectBehindTheAppsBack(hanbinId);
  expect(leads(await cachedCockpitData(cityLeader, { year: YEAR, now: new Date(now.getTime() + COCKPIT_CACHE_MS - 1) }))).toBe(base);
  expect(leads(await cachedCockpitData(cityLeader, { year: YEAR, now: new Date(now.getTime() + COCKPIT_CACHE_MS) }))).toBe(base + 1);
});

test("sign-ins and exports leave the data version alone; data changes move it", async () => {
  const actor = { id: cityOfficer.id, displayName: cityOfficer.displayName };
  const start = await dataVersion();
  await writeAudit({ actor, action: "LOGIN_SUCCESS" });
  await writeAudit({ actor, action: "EXPORT", entity: "Project" });
  expect(await dataVersion()).toBe(start);
  await writeAudit({ actor, action: "UPDATE", entity: "Project", entityId: "x" });
  await writeAudit({ actor, action: "IMPORT", entity: "ImportBatch", entityId: "y" });
  expect(await dataVersion()).toBe(start + 2);
});

test("a data change rolled back with its transaction leaves the version where it was", async () => {
  const start = await dataVersion();
  await expect(
    db.$transaction(async (tx) => {
      await writeAudit({ actor: null, action: "DELETE", entity: "Project", entityId: "z" }, tx);
      throw new Error("rolled back");
    }),
  ).rejects.toThrow("rolled back");
  expect(await dataVersion()).toBe(start);
});
