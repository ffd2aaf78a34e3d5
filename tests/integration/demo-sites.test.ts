// The demo carriers (prisma/seed/demo-sites.ts) on top of the demo projects, in a real database:
// 4–8 carriers of all four kinds in every county and park, site selection that obeys the
// reservation rules (statuses follow the candidates, one 确定 per carrier and per project,
// Project.siteId = the 确定 carrier), free carriers left everywhere, needs that fit the carrier
// looked at, idempotence and the same content from the same seed.
import { siteFits, siteStatusFromCandidates, type CandidateSnapshot, type CandidateStatus, type EiaCategory, type SiteKind, type SiteStatus } from "#app/domain/site-reservation";
import { ensureMechanism, invalidateMechanismCache } from "#app/models/mechanism.server";
import { seedDemoData } from "../../prisma/seed/demo-data";
import { seedDemoSites, type DemoSitesResult } from "../../prisma/seed/demo-sites";
import { seedDemoUsers } from "../../prisma/seed/demo-users";
import { COUNTIES, seedOrganisation } from "../../prisma/seed/organisation";
import { resetData, testDb } from "#tests/setup/db";

const db = testDb();
const NOW = new Date();
const SEED_TIMEOUT = 90_000;

async function seedAll() {
  await seedOrganisation(db);
  await ensureMechanism(db);
  invalidateMechanismCache();
  await seedDemoUsers(db);
  await seedDemoData(db, { now: NOW });
  return seedDemoSites(db, { now: NOW });
}

async function snapshot() {
  const sites = await db.site.findMany({ orderBy: [{ regionId: "asc" }, { name: "asc" }], select: { name: true, kind: true, status: true, areaSqm: true, areaMu: true, powerKva: true, region: { select: { name: true } } } });
  const candidates = await db.siteCandidate.findMany({ select: { status: true, site: { select: { name: true } }, project: { select: { code: true } } } });
  return { sites, candidates: candidates.map((c) => `${c.project.code}|${c.site.name}|${c.status}`).sort() };
}

let first: DemoSitesResult;

beforeAll(async () => {
  first = await seedAll();
}, SEED_TIMEOUT);

test("4–8 carriers of all four kinds in every county and park, with plausible figures", async () => {
  expect(first.skipped).toBe(false);
  const sites = await db.site.findMany({ select: { id: true, kind: true, regionId: true, areaSqm: true, areaMu: true, powerKva: true, maxEiaCategory: true, region: { select: { code: true } } } });
  expect(first.sites).toBe(sites.length);
  for (const county of COUNTIES) {
    const mine = sites.filter((s) => s.region.code === county.code);
    expect(mine.length, county.name).toBeGreaterThanOrEqual(4);
    expect(mine.length, county.name).toBeLessThanOrEqual(8);
    expect(new Set(mine.map((s) => s.kind)), county.name).toEqual(new Set<SiteKind>(["STANDARD_FACTORY", "INDUSTRIAL_LAND", "BUILDING", "COMMUNITY_FACTORY"]));
  }
  for (const s of sites) {
    if (s.kind === "INDUSTRIAL_LAND") expect(s.areaMu).toBeGreaterThanOrEqual(15);
    else expect(s.areaSqm).toBeGreaterThanOrEqual(500);
    expect(s.powerKva).toBeGreaterThanOrEqual(100);
    expect(s.maxEiaCategory).not.toBeNull();
  }
});

test("site selection obeys the reservation rules", async () => {
  const sites = await db.site.findMany({ select: { id: true, status: true, holderProjectId: true, regionId: true } });
  const rows = await db.siteCandidate.findMany({ select: { id: true, projectId: true, siteId: true, status: true, overrideReason: true, project: { select: { regionId: true, stage: true } } } });
  const candidates: CandidateSnapshot[] = rows.map((r) => ({ id: r.id, projectId: r.projectId, siteId: r.siteId, status: r.status as CandidateStatus }));
  expect(first.candidates).toBe(rows.length);
  expect(rows.some((r) => r.status === "CONFIRMED")).toBe(true);
  expect(rows.some((r) => r.status === "INTENDED")).toBe(true);
  expect(rows.some((r) => r.overrideReason)).toBe(true);

  for (const site of sites) {
    const on = candidates.filter((c) => c.siteId === site.id);
    const confirmed = on.filter((c) => c.status === "CONFIRMED");
    expect(confirmed.length).toBeLessThanOrEqual(1);
    expect(site.holderProjectId).toBe(confirmed[0]?.projectId ?? null);
    // 已入驻 only for a built plant of the 确定 project; otherwise the status follows the candidates.
    if (site.status === "OCCUPIED") expect(confirmed).toHaveLength(1);
    else expect(site.status).toBe(siteStatusFromCandidates("VACANT" as SiteStatus, on));
    // An offer of a carrier another project holds carries the reason the rules ask for.
    for (const r of rows.filter((x) => x.siteId === site.id && x.status === "RECOMMENDED")) {
      if (on.some((c) => c.projectId !== r.projectId && (c.status === "INTENDED" || c.status === "CONFIRMED"))) expect(r.overrideReason).toBeTruthy();
    }
  }
  // Carriers are offered within the project's own region, and each region keeps free carriers.
  for (const r of rows) expect(sites.find((s) => s.id === r.siteId)!.regionId).toBe(r.project.regionId);
  for (const county of COUNTIES) {
    const region = await db.region.findUniqueOrThrow({ where: { code: county.code } });
    expect(sites.filter((s) => s.regionId === region.id && s.status === "VACANT").length, county.name).toBeGreaterThanOrEqual(2);
  }

  const sited = await db.project.findMany({ where: { siteId: { not: null } }, select: { id: true, siteId: true, stage: true } });
  const confirmedRows = rows.filter((r) => r.status === "CONFIRMED");
  expect(sited.map((p) => `${p.id}|${p.siteId}`).sort()).toEqual(confirmedRows.map((r) => `${r.projectId}|${r.siteId}`).sort());
  for (const r of confirmedRows) expect(["SIGNED", "LANDED", "CONSTRUCTION", "COMPLETED", "PRODUCTION", "AT_CAPACITY"]).toContain(r.project.stage);
  // Room for the demo journey: signed projects without a site yet.
  expect(await db.project.count({ where: { stage: "SIGNED", siteId: null } })).toBeGreaterThan(0);

  const visits = await db.siteVisit.findMany({ select: { candidate: { select: { status: true } } } });
  expect(visits.length).toBe(first.visits);
  expect(visits.every((v) => v.candidate.status !== "RECOMMENDED")).toBe(true);
});

test("recorded needs fit the carrier the project looked at", async () => {
  const needs = await db.projectSiteNeeds.findMany();
  expect(needs.length).toBe(first.needs);
  expect(needs.length).toBeGreaterThan(0);
  for (const n of needs) {
    const visited = await db.siteCandidate.findFirstOrThrow({ where: { projectId: n.projectId, status: "VISITED" }, include: { site: true } });
    const fit = siteFits(
      { landMu: n.landMu, floorSqm: n.floorSqm, powerKva: n.powerKva, eiaCategory: n.eiaCategory as EiaCategory | null, regionIds: n.regionIds ? n.regionIds.split(",") : [] },
      { ...visited.site, kind: visited.site.kind as SiteKind, maxEiaCategory: visited.site.maxEiaCategory as EiaCategory | null },
    );
    expect(fit.fits).toBe(true);
  }
});

test("idempotent, and the same seed writes the same carriers and selection", async () => {
  const before = await snapshot();
  const again = await seedDemoSites(db, { now: NOW });
  expect(again.skipped).toBe(true);
  expect(await snapshot()).toEqual(before);

  await resetData(db);
  await seedAll();
  expect(await snapshot()).toEqual(before);
}, SEED_TIMEOUT);
