// Demo landing records (issue 4 item 11): for every demo project that has signed, the contracts
// its 签约 facts come from; for every project that reached 落地, the landing milestones its dates
// come from, with planned dates (some overdue) for the next ones; and funds in place month by
// month, most projects on course and some well behind their contract. Only `npm run db:seed --
// --demo` writes it, after seedDemoData.
//
// One truth holds by construction, as the models keep it: signingFromContracts(contracts) is
// exactly the project's signedAt / contractAmount / contractType, and the STARTED / COMPLETED /
// PRODUCING milestones' actual dates are its startedAt / completedAt / producedAt.
//
// Deterministic: one seeded generator (./random.ts) over the projects in code order, dates
// counted from the project's own dates and `now`. Idempotent: nothing is written when a demo
// project already has a contract.
import { randomUUID } from "node:crypto";
import { type ContractType, type FundsSource, type MilestoneKind } from "#app/domain/contract-performance";
import { isStageCode, type StageCode } from "#app/domain/stages";
import { USCC_CHARSET, usccCheckChar } from "#app/domain/uscc";
import { startOfShanghaiDay } from "#app/domain/workdays";
import { type Db } from "#app/utils/db.server";
import { DEMO_SOURCE } from "./demo-data";
import { createRandom, type Random } from "./random";

export const DEMO_LANDING_SEED = 20_260_404;
const DAY_MS = 86_400_000;

const LANDING_ORDER: StageCode[] = ["LANDED", "CONSTRUCTION", "COMPLETED", "PRODUCTION", "AT_CAPACITY"];

export type DemoLandingResult = { skipped: boolean; contracts: number; milestones: number; funds: number };

type ProjectRow = {
  id: string;
  code: string;
  stage: string;
  resumeStage: string | null;
  signedAt: Date | null;
  contractAmount: number | null;
  contractType: string | null;
  startedAt: Date | null;
  completedAt: Date | null;
  producedAt: Date | null;
  expectedJobs: number | null;
  officerId: string | null;
  company: { name: string };
  region: { name: string; code: string | null };
  transitions: { toStage: string; at: Date }[];
};

function addDays(date: Date, days: number): Date {
  return startOfShanghaiDay(new Date(date.getTime() + days * DAY_MS));
}
function minDate(...dates: (Date | null | undefined)[]): Date {
  return new Date(Math.min(...dates.filter((d): d is Date => !!d).map((d) => d.getTime())));
}
function roundTo(value: number, step: number): number {
  return Math.max(step, Math.round(value / step) * step);
}
/** A day between `from` and `to` (both included), at 00:00 Shanghai. */
function dayBetween(rng: Random, from: Date, to: Date): Date {
  const span = Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));
  return addDays(from, rng.int(0, span));
}

function fictionalUscc(rng: Random, division: string): string {
  const body = Array.from({ length: 7 }, () => rng.pick([...USCC_CHARSET])).join("");
  const first17 = `91${division}MA${body}`;
  return first17 + usccCheckChar(first17);
}

/** 深圳市秦巴绒趣玩具有限公司 → 深圳市秦巴绒趣玩具（汉阴）有限公司: the local company set up to land. */
function localCompanyName(companyName: string, regionName: string): string {
  const core = companyName.replace(/(股份)?有限(责任)?公司$|集团$/u, "");
  const place = regionName.replace(/(县|区|市|示范区|高新区|生态旅游区)$/u, "") || regionName;
  return `${core}（${place}）有限公司`;
}

/** The furthest landing stage a project reached: its stage, or the one it paused in. */
function landingReached(p: ProjectRow): number {
  const stage = p.stage === "ON_HOLD" && p.resumeStage ? p.resumeStage : p.stage;
  const own = isStageCode(stage) ? LANDING_ORDER.indexOf(stage) : -1;
  const passed = Math.max(-1, ...p.transitions.map((t) => (isStageCode(t.toStage) ? LANDING_ORDER.indexOf(t.toStage) : -1)));
  return Math.max(own, passed);
}

function firstEntered(p: ProjectRow, stage: StageCode): Date | null {
  return p.transitions.find((t) => t.toStage === stage)?.at ?? null;
}

type ContractRow = {
  id: string;
  projectId: string;
  type: ContractType;
  signedAt: Date;
  title: string;
  amountWan: number | null;
  landMu: number | null;
  investmentIntensityWanPerMu: number | null;
  taxPerMuWan: number | null;
  capacityDeadline: Date | null;
  promisedJobs: number | null;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
};

function planContracts(rng: Random, p: ProjectRow, now: Date): ContractRow[] {
  const signedAt = p.signedAt as Date;
  const amount = p.contractAmount as number;
  const type = p.contractType as ContractType;
  // Obligations: 投资强度 of a light-industry park, land to match, 亩均税收, 达产 in 1½–3 years;
  // about one contract in four promised it within a year, so older signings are past it.
  const intensity = roundTo(rng.int(150, 400), 10);
  const obligations = {
    landMu: roundTo(amount / intensity, 1),
    investmentIntensityWanPerMu: intensity,
    taxPerMuWan: roundTo(rng.int(8, 30), 1),
    capacityDeadline: addDays(signedAt, rng.chance(0.25) ? rng.int(240, 365) : rng.int(540, 1_080)),
    promisedJobs: p.expectedJobs,
  };
  const row = (type: ContractType, at: Date, amountWan: number | null, withObligations: boolean, title: string): ContractRow => ({
    id: randomUUID(),
    projectId: p.id,
    type,
    signedAt: at,
    title,
    amountWan,
    landMu: withObligations ? obligations.landMu : null,
    investmentIntensityWanPerMu: withObligations ? obligations.investmentIntensityWanPerMu : null,
    taxPerMuWan: withObligations ? obligations.taxPerMuWan : null,
    capacityDeadline: withObligations ? obligations.capacityDeadline : null,
    promisedJobs: withObligations ? obligations.promisedJobs : null,
    createdById: p.officerId,
    createdAt: at,
    updatedAt: at,
  });
  if (type !== "FORMAL") return [row(type, signedAt, amount, true, "投资框架协议")];

  // A later document may not postdate the start of construction, nor today.
  const latest = addDays(minDate(p.startedAt, now), -1);
  const roll = rng.next();
  if (roll < 0.3 && latest.getTime() > addDays(signedAt, 20).getTime()) {
    // 框架协议 first, then the 正式合同 that carries the amount in force.
    const formalAt = dayBetween(rng, addDays(signedAt, 20), minDate(addDays(signedAt, 90), latest));
    return [row("FRAMEWORK", signedAt, roundTo(amount * (0.8 + rng.next() * 0.4), 100), false, "投资框架协议"), row("FORMAL", formalAt, amount, true, "项目投资合同")];
  }
  if (roll < 0.5 && amount >= 2_000 && latest.getTime() > addDays(signedAt, 60).getTime()) {
    // 正式合同 and a 补充协议 that adds to the amount (the sum is what the project says).
    const extra = roundTo(amount * (0.1 + rng.next() * 0.2), 100);
    const supplementAt = dayBetween(rng, addDays(signedAt, 60), latest);
    return [row("FORMAL", signedAt, amount - extra, true, "项目投资合同"), { ...row("SUPPLEMENT", supplementAt, extra, false, "补充协议（追加投资）") }];
  }
  return [row("FORMAL", signedAt, amount, true, "项目投资合同")];
}

type MilestoneRow = {
  id: string;
  projectId: string;
  kind: MilestoneKind;
  plannedAt: Date | null;
  actualAt: Date | null;
  localCompanyUscc: string | null;
  localCompanyName: string | null;
  updatedById: string | null;
};

function planMilestones(rng: Random, p: ProjectRow, now: Date): MilestoneRow[] {
  const reached = landingReached(p);
  if (reached < 0) return [];
  const signedAt = p.signedAt as Date;
  const landedAt = startOfShanghaiDay(firstEntered(p, "LANDED") ?? p.startedAt ?? now);
  const registeredAt = addDays(landedAt, -rng.int(3, 20));
  const actual: Partial<Record<MilestoneKind, Date>> = {
    REGISTERED: registeredAt.getTime() < signedAt.getTime() ? signedAt : registeredAt,
    SITE_DELIVERED: landedAt.getTime() < signedAt.getTime() ? signedAt : landedAt,
  };
  if (p.startedAt) actual.STARTED = p.startedAt;
  if (p.completedAt) actual.COMPLETED = p.completedAt;
  if (p.producedAt) actual.PRODUCING = p.producedAt;
  const capacityAt = firstEntered(p, "AT_CAPACITY");
  if (capacityAt) actual.AT_CAPACITY = startOfShanghaiDay(capacityAt);

  const kinds: MilestoneKind[] = ["REGISTERED", "SITE_DELIVERED", "STARTED", "COMPLETED", "PRODUCING", "AT_CAPACITY"];
  const rows: MilestoneRow[] = [];
  let last = actual.SITE_DELIVERED as Date;
  let plannedNext = false;
  for (const kind of kinds) {
    const at = actual[kind];
    const row: MilestoneRow = { id: randomUUID(), projectId: p.id, kind, plannedAt: null, actualAt: null, localCompanyUscc: null, localCompanyName: null, updatedById: p.officerId };
    if (kind === "REGISTERED") {
      row.localCompanyUscc = fictionalUscc(rng, p.region.code ?? "610900");
      row.localCompanyName = localCompanyName(p.company.name, p.region.name);
    }
    if (at) {
      row.actualAt = at;
      // Planned a little before or after it happened.
      row.plannedAt = addDays(at, rng.int(-45, 20));
      last = at;
      rows.push(row);
    } else if (!plannedNext) {
      // The next milestone is planned; about one in four plans has already slipped (逾期).
      plannedNext = true;
      const slipped = rng.chance(0.25);
      const base = slipped ? addDays(now, -rng.int(10, 90)) : addDays(now, rng.int(20, 240));
      row.plannedAt = base.getTime() < last.getTime() ? addDays(last, rng.int(30, 120)) : base;
      rows.push(row);
    }
  }
  return rows;
}

type FundsRow = { id: string; projectId: string; receivedAt: Date; amountWan: number; source: FundsSource; note: string | null; createdById: string | null; createdAt: Date; updatedAt: Date };

/** How much of the contract amount has arrived, by the furthest landing stage reached. */
const RATE_BY_STAGE: [number, number][] = [
  [0.05, 0.35], // 落地
  [0.25, 0.75], // 在建
  [0.55, 0.95], // 建成
  [0.7, 1.0], // 投产
  [0.8, 1.08], // 达效
];

function planFunds(rng: Random, p: ProjectRow, now: Date): FundsRow[] {
  const reached = landingReached(p);
  if (reached < 0 || !p.contractAmount) return [];
  const [low, high] = RATE_BY_STAGE[reached] as [number, number];
  let rate = low + rng.next() * (high - low);
  // About one landed project in five is well behind on its funds.
  if (rng.chance(0.2)) rate *= 0.35;
  const total = roundTo(p.contractAmount * rate, 10);
  const from = startOfShanghaiDay(p.signedAt as Date);
  const to = startOfShanghaiDay(now);
  const count = Math.max(1, Math.min(rng.int(2, 8), Math.floor((to.getTime() - from.getTime()) / (20 * DAY_MS)) + 1));
  const main = rng.weighted<FundsSource>([
    ["OUT_OF_PROVINCE", 5],
    ["OUT_OF_CITY", 2],
    ["LOCAL", 2],
    ["FOREIGN", 1],
  ]);
  const weights = Array.from({ length: count }, () => 0.5 + rng.next());
  const sum = weights.reduce((a, b) => a + b, 0);
  const dates = Array.from({ length: count }, () => dayBetween(rng, addDays(from, 7) > to ? from : addDays(from, 7), to)).sort((a, b) => a.getTime() - b.getTime());
  let left = total;
  return dates.map((receivedAt, i) => {
    const amountWan = i === count - 1 ? left : Math.min(left, roundTo((total * (weights[i] as number)) / sum, 10));
    left = Math.max(0, left - amountWan);
    const source = rng.chance(0.75) ? main : rng.pick<FundsSource>(["OUT_OF_PROVINCE", "OUT_OF_CITY", "LOCAL", "FOREIGN"]);
    return {
      id: randomUUID(),
      projectId: p.id,
      receivedAt,
      amountWan: Math.max(10, amountWan),
      source,
      note: i === 0 ? "首笔资金到位" : null,
      createdById: p.officerId,
      createdAt: receivedAt,
      updatedAt: receivedAt,
    };
  });
}

/**
 * Writes the demo contracts, milestones and funds, unless a demo project already has a
 * contract. Expects seedDemoData to have run.
 */
export async function seedDemoLanding(db: Db, options: { now: Date; seed?: number }): Promise<DemoLandingResult> {
  const none = { contracts: 0, milestones: 0, funds: 0 };
  const demo = { transitions: { some: { source: DEMO_SOURCE } } };
  if (await db.contract.findFirst({ where: { project: demo }, select: { id: true } })) return { skipped: true, ...none };

  const projects: ProjectRow[] = await db.project.findMany({
    where: { ...demo, deletedAt: null, signedAt: { not: null }, contractAmount: { not: null }, contractType: { in: ["FRAMEWORK", "FORMAL"] } },
    orderBy: { code: "asc" },
    select: {
      id: true,
      code: true,
      stage: true,
      resumeStage: true,
      signedAt: true,
      contractAmount: true,
      contractType: true,
      startedAt: true,
      completedAt: true,
      producedAt: true,
      expectedJobs: true,
      officerId: true,
      company: { select: { name: true } },
      region: { select: { name: true, code: true } },
      transitions: { orderBy: { at: "asc" }, select: { toStage: true, at: true } },
    },
  });
  const rng = createRandom(options.seed ?? DEMO_LANDING_SEED);
  const contracts: ContractRow[] = [];
  const milestones: MilestoneRow[] = [];
  const funds: FundsRow[] = [];
  for (const p of projects) {
    contracts.push(...planContracts(rng, p, options.now));
    milestones.push(...planMilestones(rng, p, options.now));
    funds.push(...planFunds(rng, p, options.now));
  }
  await db.$transaction(
    async (tx) => {
      await tx.contract.createMany({ data: contracts });
      await tx.milestone.createMany({ data: milestones });
      await tx.fundsInPlace.createMany({ data: funds });
    },
    { maxWait: 20_000, timeout: 120_000 },
  );
  return { skipped: false, contracts: contracts.length, milestones: milestones.length, funds: funds.length };
}
