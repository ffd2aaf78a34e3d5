// Demo carriers (issue 4 item 11): 4–8 载体 in every county and park — 标准化厂房, 工业用地, 楼宇
// and 新社区工厂, each region with all four — with plausible areas, power, 环评 and prices; and
// site selection on the demo projects by the rules of app/domain/site-reservation.ts: most
// signed projects have 确定 a carrier of their own region (已签, or 已入驻 once built), a few
// in negotiation hold one at 意向, some earlier projects have offers with 踏勘 visits, one
// carrier is offered to a second project with the reason the rules ask for, and a few projects
// have their needs recorded. Several carriers stay 空置 in every region, and some signed
// projects have no site yet, so the demo journey (offer, visit, 确定) has room.
//
// Deterministic: choices come from one seeded generator and dates count back from `now`.
// Idempotent: nothing is written when the first planned carrier already exists.
import { randomUUID } from "node:crypto";
import { EIA_CATEGORIES, siteFits, siteStatusFromCandidates, type CandidateSnapshot, type CandidateStatus, type EiaCategory, type SiteKind, type SiteStatus } from "#app/domain/site-reservation";
import { type Db } from "#app/utils/db.server";
import { COUNTIES } from "./organisation";
import { createRandom, type Random } from "./random";

export const DEMO_SITES_SEED = 20_260_404;

const DAY_MS = 86_400_000;

export type DemoSitesResult = { skipped: boolean; sites: number; candidates: number; visits: number; needs: number };

// Invented place words: parks, towns and roads of the demo city.
const PARK_WORDS = ["月河工业集中区", "城东产业园", "高铁新城产业园", "毛绒玩具文创产业园", "循环经济产业园", "新型材料产业园", "现代农业园区", "临港物流园"] as const;
const TOWN_WORDS = ["城关", "涧池", "蒲溪", "平梁", "双乳", "铁佛", "漩涡", "凤亭", "大河", "关庙"] as const;
const ROAD_WORDS = ["兴业", "创新", "安澜", "月河", "凤凰", "秦巴", "富硒", "汉江"] as const;
const BUILDING_WORDS = ["电商产业大厦", "文创孵化楼", "总部经济楼", "科创中心"] as const;
const COMMUNITY_WORDS = ["移民安置社区", "新社区", "易地搬迁社区"] as const;

/** Standard transformer sizes (kVA): capacities are quoted in these steps. */
const TRANSFORMERS = [100, 160, 200, 250, 315, 400, 500, 630, 800, 1_000, 1_250, 1_600, 2_000, 2_500, 3_150, 4_000, 5_000] as const;

type RegionRef = { id: string; name: string };
type SitePlan = {
  id: string;
  name: string;
  kind: SiteKind;
  regionId: string;
  address: string;
  areaSqm: number | null;
  areaMu: number | null;
  floors: number | null;
  powerKva: number;
  waterTonsPerDay: number | null;
  maxEiaCategory: EiaCategory;
  landPriceWanPerMu: number | null;
  rentYuanPerSqmMonth: number | null;
  notes: string | null;
  createdAt: Date;
};

function short(regionName: string): string {
  return regionName.replace(/(县|区|市|示范区|生态旅游区|高新区)$/u, "") || regionName;
}

function transformerAtLeast(kva: number): number {
  return TRANSFORMERS.find((t) => t >= kva) ?? TRANSFORMERS[TRANSFORMERS.length - 1]!;
}

function roundTo(value: number, step: number): number {
  return Math.round(value / step) * step;
}

function planSite(rng: Random, region: RegionRef, kind: SiteKind, n: number, now: Date): SitePlan {
  const place = short(region.name);
  const park = rng.pick(PARK_WORDS);
  const address = `${place}${rng.pick(TOWN_WORDS)}镇${rng.pick(ROAD_WORDS)}路${rng.int(1, 299)}号`;
  const createdAt = new Date(now.getTime() - rng.int(200, 540) * DAY_MS);
  const base = { id: randomUUID(), kind, regionId: region.id, address, createdAt, notes: null as string | null };
  switch (kind) {
    case "STANDARD_FACTORY": {
      const floors = rng.int(1, 4);
      const areaSqm = roundTo(rng.int(2_000, 12_000), 100);
      return {
        ...base,
        name: `${place}${park}${n}号标准化厂房`,
        areaSqm,
        areaMu: roundTo((areaSqm / floors / (10_000 / 15)) * 1.6, 0.5),
        floors,
        powerKva: transformerAtLeast(areaSqm * rng.int(8, 20) / 100),
        waterTonsPerDay: roundTo(rng.int(50, 400), 10),
        maxEiaCategory: rng.weighted([["EIA_TABLE", 6], ["EIA_REGISTRATION", 3], ["EIA_REPORT", 1]] as const),
        landPriceWanPerMu: null,
        rentYuanPerSqmMonth: rng.int(8, 16),
        notes: floors > 1 ? `层高一层 ${rng.int(7, 9)} 米、其余 ${rng.int(4, 6)} 米，配货梯` : `单层钢结构，檐高 ${rng.int(8, 12)} 米，可装行车`,
      };
    }
    case "INDUSTRIAL_LAND": {
      const areaMu = roundTo(rng.int(15, 200), 5);
      return {
        ...base,
        name: `${place}${park}${String.fromCharCode(64 + n)}地块`,
        areaSqm: null,
        areaMu,
        floors: null,
        powerKva: transformerAtLeast(areaMu * rng.int(20, 40)),
        waterTonsPerDay: roundTo(areaMu * rng.int(3, 8), 10),
        maxEiaCategory: rng.weighted([["EIA_REPORT", 4], ["EIA_TABLE", 5], ["EIA_REGISTRATION", 1]] as const),
        landPriceWanPerMu: rng.int(8, 22),
        rentYuanPerSqmMonth: null,
        notes: `“七通一平”已完成，容积率不低于 ${rng.pick(["1.0", "1.2", "1.5"])}`,
      };
    }
    case "BUILDING": {
      const floors = rng.int(5, 18);
      return {
        ...base,
        name: `${place}${rng.pick(BUILDING_WORDS)}`,
        areaSqm: roundTo(rng.int(1_500, 9_000), 100),
        areaMu: null,
        floors,
        powerKva: transformerAtLeast(rng.int(200, 900)),
        waterTonsPerDay: null,
        maxEiaCategory: "EIA_REGISTRATION",
        landPriceWanPerMu: null,
        rentYuanPerSqmMonth: rng.int(18, 38),
        notes: `可分层出租，${rng.int(2, floors)} 层起整层空置，适合电商、设计与直播基地`,
      };
    }
    case "COMMUNITY_FACTORY": {
      return {
        ...base,
        name: `${place}${rng.pick(TOWN_WORDS)}${rng.pick(COMMUNITY_WORDS)}工厂`,
        areaSqm: roundTo(rng.int(600, 3_000), 50),
        areaMu: null,
        floors: rng.int(1, 3),
        powerKva: transformerAtLeast(rng.int(100, 400)),
        waterTonsPerDay: roundTo(rng.int(20, 80), 5),
        maxEiaCategory: rng.weighted([["EIA_REGISTRATION", 3], ["EIA_TABLE", 1]] as const),
        landPriceWanPerMu: null,
        rentYuanPerSqmMonth: rng.int(0, 5),
        notes: `就近吸纳搬迁群众就业，可用工约 ${roundTo(rng.int(60, 300), 10)} 人`,
      };
    }
  }
}

const PHASES = ["二期", "三期", "四期", "五期"] as const;

const KINDS: readonly SiteKind[] = ["STANDARD_FACTORY", "INDUSTRIAL_LAND", "BUILDING", "COMMUNITY_FACTORY"];

function planSites(rng: Random, regions: readonly RegionRef[], now: Date): SitePlan[] {
  const plans: SitePlan[] = [];
  for (const region of regions) {
    const count = rng.int(4, 8);
    // Every kind once, then more factories and plots than offices.
    const kinds = [...rng.shuffle(KINDS)];
    while (kinds.length < count) kinds.push(rng.weighted([["STANDARD_FACTORY", 5], ["INDUSTRIAL_LAND", 3], ["COMMUNITY_FACTORY", 2], ["BUILDING", 1]] as const));
    const seen = new Map<SiteKind, number>();
    for (const kind of kinds) {
      const n = (seen.get(kind) ?? 0) + 1;
      seen.set(kind, n);
      plans.push(planSite(rng, region, kind, n, now));
    }
  }
  // Names are unique within a region: a repeated name is a later phase (二期, 三期).
  const used = new Set<string>();
  for (const p of plans) {
    let name = p.name;
    for (let i = 2; used.has(`${p.regionId}|${name}`); i++) name = `${p.name}${PHASES[i - 2] ?? i}`;
    used.add(`${p.regionId}|${name}`);
    p.name = name;
  }
  return plans;
}

type ProjectRow = { id: string; code: string; name: string; regionId: string; stage: string; stageEnteredAt: Date; signedAt: Date | null; officerId: string | null };

const SIGNED_STAGES = ["SIGNED", "LANDED", "CONSTRUCTION", "COMPLETED", "PRODUCTION", "AT_CAPACITY"];
const BUILT_STAGES = ["COMPLETED", "PRODUCTION", "AT_CAPACITY"];

/** Kinds a project of this stage would take, most likely first (weights for the pick). */
function preferredKinds(stage: string): SiteKind[] {
  return SIGNED_STAGES.includes(stage) ? ["STANDARD_FACTORY", "INDUSTRIAL_LAND", "COMMUNITY_FACTORY", "BUILDING"] : ["STANDARD_FACTORY", "COMMUNITY_FACTORY", "BUILDING", "INDUSTRIAL_LAND"];
}

type CandidatePlan = { id: string; projectId: string; siteId: string; status: CandidateStatus; statusAt: Date; createdAt: Date; proposedById: string | null; overrideReason: string | null; statusReason: string | null };
type VisitPlan = { candidateId: string; visitedAt: Date; participants: string; impressions: string; createdById: string | null };

const IMPRESSIONS = [
  "企业对层高和承重满意，提出需增容至 {kva} kVA",
  "现场查看了水电接口和消防通道，企业认为交通便利",
  "企业关注员工宿舍和食堂配套，园区答复可协调周边安置社区",
  "环评类别可满足，企业希望尽快确定租金优惠期限",
  "企业对厂区面积满意，提出需配套污水预处理设施",
];

/**
 * Writes the demo carriers and site selection, unless the first planned carrier exists.
 * Expects the organisation, the demo accounts and the demo projects (seedDemoData).
 */
export async function seedDemoSites(db: Db, options: { now: Date; seed?: number }): Promise<DemoSitesResult> {
  const { now } = options;
  const none = { sites: 0, candidates: 0, visits: 0, needs: 0 };
  const codes = COUNTIES.map((c) => c.code as string);
  const regionRows = await db.region.findMany({ where: { code: { in: codes } }, select: { id: true, name: true, code: true } });
  const regions = codes.map((code) => regionRows.find((r) => r.code === code)).filter((r): r is (typeof regionRows)[number] => !!r);
  if (regions.length === 0) throw new Error("seedDemoSites: the organisation is not seeded (no counties)");

  const rng = createRandom(options.seed ?? DEMO_SITES_SEED);
  const sites = planSites(rng, regions, now);
  const first = sites[0]!;
  if (await db.site.findFirst({ where: { name: first.name, regionId: first.regionId }, select: { id: true } })) return { skipped: true, ...none };

  const people = await db.user.findMany({ select: { id: true, displayName: true, username: true } });
  const cityUser = people.find((u) => u.username === "city") ?? null;
  const nameOf = (id: string | null) => people.find((u) => u.id === id)?.displayName ?? cityUser?.displayName ?? "招商专员";
  const projects: ProjectRow[] = await db.project.findMany({
    where: { deletedAt: null, siteId: null, regionId: { in: regions.map((r) => r.id) } },
    orderBy: { code: "asc" },
    select: { id: true, code: true, name: true, regionId: true, stage: true, stageEnteredAt: true, signedAt: true, officerId: true },
  });

  const candidates: CandidatePlan[] = [];
  const visits: VisitPlan[] = [];
  const needs: { projectId: string; landMu: number | null; floorSqm: number | null; powerKva: number | null; eiaCategory: string | null; regionIds: string; siteKinds: string; notes: string | null; updatedAt: Date }[] = [];
  const holder = new Map<string, string>(); // siteId → project holding it at 意向 or 确定
  const projectSite = new Map<string, string>(); // projectId → 确定 carrier
  const days = (n: number, from = now) => new Date(from.getTime() - n * DAY_MS);

  const offer = (project: ProjectRow, site: SitePlan, status: CandidateStatus, statusAt: Date, extra: Partial<CandidatePlan> = {}) => {
    const c: CandidatePlan = {
      id: randomUUID(),
      projectId: project.id,
      siteId: site.id,
      status,
      statusAt,
      createdAt: new Date(statusAt.getTime() - rng.int(10, 40) * DAY_MS),
      proposedById: project.officerId ?? cityUser?.id ?? null,
      overrideReason: null,
      statusReason: null,
      ...extra,
    };
    candidates.push(c);
    if (status !== "RECOMMENDED" && status !== "ABANDONED") {
      const count = rng.int(1, 2);
      for (let i = 0; i < count; i++) {
        const at = new Date(c.createdAt.getTime() + (i + 1) * rng.int(2, 6) * DAY_MS);
        visits.push({
          candidateId: c.id,
          visitedAt: new Date(Math.min(at.getTime(), statusAt.getTime())),
          participants: `${nameOf(project.officerId)}、企业负责人${i === 1 ? "、分管副县长" : ""}`,
          impressions: rng.pick(IMPRESSIONS).replace("{kva}", String(transformerAtLeast(site.powerKva * 1.5))),
          createdById: project.officerId ?? cityUser?.id ?? null,
        });
      }
    }
    return c;
  };

  for (const region of regions) {
    const mine = sites.filter((s) => s.regionId === region.id);
    const free = () => mine.filter((s) => !holder.has(s.id));
    // At least two carriers of each region stay 空置.
    const canTake = () => free().length > 2;
    // A carrier of a kind the project would take, leaving one standard factory free when possible.
    const pick = (stage: string) => {
      const order = preferredKinds(stage);
      const factories = free().filter((s) => s.kind === "STANDARD_FACTORY");
      const pool = free().filter((s) => factories.length > 1 || s.kind !== "STANDARD_FACTORY");
      const from = pool.length ? pool : free();
      return rng.weighted(from.map((s) => [s, order.length - order.indexOf(s.kind)] as const));
    };
    const inRegion = projects.filter((p) => p.regionId === region.id);

    // Signed projects: about half have 确定 a carrier (已签; 已入驻 once the plant is built).
    for (const p of inRegion.filter((x) => SIGNED_STAGES.includes(x.stage))) {
      if (!canTake() || !rng.chance(0.5)) continue;
      const site = pick(p.stage);
      const at = p.signedAt ?? days(rng.int(30, 120), p.stageEnteredAt);
      offer(p, site, "CONFIRMED", at);
      holder.set(site.id, p.id);
      projectSite.set(p.id, site.id);
    }
    // In negotiation: one holds a carrier at 意向; another project is offered the same carrier with a reason.
    const negotiating = inRegion.filter((x) => x.stage === "NEGOTIATION");
    const intending = negotiating[0];
    if (intending && canTake()) {
      const site = pick(intending.stage);
      offer(intending, site, "INTENDED", days(rng.int(5, 40)));
      holder.set(site.id, intending.id);
      const rival = negotiating[1] ?? inRegion.find((x) => x.stage === "SITE_VISIT");
      if (rival) offer(rival, site, "RECOMMENDED", days(rng.int(1, 4)), { overrideReason: "企业明确要求该园区临路厂房，请领导协调" });
    }
    // 考察 projects: an offer or two being looked at, one with a visit, and needs recorded.
    for (const p of inRegion.filter((x) => x.stage === "SITE_VISIT").slice(0, 2)) {
      const options = free().slice(0, 2);
      options.forEach((site, i) => offer(p, site, i === 0 ? "VISITED" : "RECOMMENDED", days(rng.int(3, 20))));
      const target = options[0];
      if (target) {
        const floorSqm = target.areaSqm ? roundTo(target.areaSqm * 0.8, 100) : null;
        const landMu = target.areaMu && target.kind === "INDUSTRIAL_LAND" ? roundTo(target.areaMu * 0.8, 5) : null;
        const row = {
          projectId: p.id,
          landMu,
          floorSqm,
          powerKva: roundTo(target.powerKva * 0.7, 50),
          eiaCategory: EIA_CATEGORIES[Math.max(0, EIA_CATEGORIES.indexOf(target.maxEiaCategory) - 1)]!,
          regionIds: region.id,
          siteKinds: "",
          notes: rng.pick(["需配套员工宿舍", "希望半年内可投产", "需独立院落便于物流进出", null]),
          updatedAt: days(rng.int(1, 10)),
        };
        // The needs are written from the carrier looked at, so it fits them (checked below).
        needs.push(row);
      }
    }
  }

  // Consistency with the rules before writing: statuses from the candidates, needs that fit.
  const snapshots: CandidateSnapshot[] = candidates.map((c) => ({ id: c.id, projectId: c.projectId, siteId: c.siteId, status: c.status }));
  const siteRows = sites.map((s) => {
    const on = snapshots.filter((c) => c.siteId === s.id);
    const confirmed = on.find((c) => c.status === "CONFIRMED");
    const project = confirmed ? projects.find((p) => p.id === confirmed.projectId) : undefined;
    const built = !!project && BUILT_STAGES.includes(project.stage);
    const status: SiteStatus = built ? "OCCUPIED" : siteStatusFromCandidates("VACANT", on);
    return {
      ...s,
      status,
      holderProjectId: confirmed?.projectId ?? null,
      createdById: cityUser?.id ?? null,
      updatedAt: candidates.filter((c) => c.siteId === s.id).reduce((max, c) => (c.statusAt > max ? c.statusAt : max), s.createdAt),
    };
  });
  for (const n of needs) {
    const c = candidates.find((x) => x.projectId === n.projectId && x.status === "VISITED");
    const site = sites.find((s) => s.id === c?.siteId);
    if (site && !siteFits({ landMu: n.landMu, floorSqm: n.floorSqm, powerKva: n.powerKva, eiaCategory: n.eiaCategory as EiaCategory, regionIds: [n.regionIds] }, site).fits) {
      throw new Error(`seedDemoSites: needs of ${n.projectId} do not fit the carrier looked at`);
    }
  }

  await db.$transaction(
    async (tx) => {
      await tx.site.createMany({ data: siteRows });
      await tx.siteCandidate.createMany({
        data: candidates.map((c) => ({ ...c, updatedAt: c.statusAt })),
      });
      await tx.siteVisit.createMany({ data: visits.map((v) => ({ ...v, id: randomUUID(), createdAt: v.visitedAt, updatedAt: v.visitedAt })) });
      await tx.projectSiteNeeds.createMany({ data: needs });
      for (const [projectId, siteId] of projectSite) await tx.project.update({ where: { id: projectId }, data: { siteId } });
    },
    { maxWait: 20_000, timeout: 60_000 },
  );
  return { skipped: false, sites: siteRows.length, candidates: candidates.length, visits: visits.length, needs: needs.length };
}
