// The demo data (prisma/seed/demo-data.ts) written into a real database: the size and spread a
// newcomer should see, the rules every record must still obey (codes, 重点, required fields,
// coherent dates, valid 统一社会信用代码), some projects overdue, idempotence, and the same
// content from the same seed in a fresh database.
import { parseCompanyTags } from "#app/domain/company-name";
import { heldFields } from "#app/domain/projects";
import { checkProjectDates, isKeyProject, STAGE_CODES, type LadderStage, type StageCode, type StageFieldValues } from "#app/domain/stages";
import { parseUscc } from "#app/domain/uscc";
import { projectWarning } from "#app/domain/warnings";
import { ensureMechanism, getMechanism, invalidateMechanismCache } from "#app/models/mechanism.server";
import { COUNTIES } from "../../prisma/seed/organisation";
import { seedOrganisation } from "../../prisma/seed/organisation";
import { DEMO_COMPANY_COUNT, DEMO_FLAGSHIP_COMPANY, DEMO_PROJECT_COUNT, seedDemoData, type DemoDataResult } from "../../prisma/seed/demo-data";
import { seedDemoUsers } from "../../prisma/seed/demo-users";
import { resetData, testDb } from "#tests/setup/db";

const db = testDb();
// One clock for the whole file: the same `now` must give the same rows.
const NOW = new Date();
const SEED_TIMEOUT = 60_000;

async function prepare() {
  await seedOrganisation(db);
  await ensureMechanism(db);
  invalidateMechanismCache();
  await seedDemoUsers(db);
}

let first: DemoDataResult;
let seedMs: number;

beforeAll(async () => {
  await prepare();
  const started = Date.now();
  first = await seedDemoData(db, { now: NOW });
  seedMs = Date.now() - started;
}, SEED_TIMEOUT);

const PROJECT_SELECT = {
  id: true,
  code: true,
  name: true,
  stage: true,
  stageEnteredAt: true,
  resumeStage: true,
  holdReason: true,
  terminateReason: true,
  plannedInvestment: true,
  keyManual: true,
  isKey: true,
  leadLeaderId: true,
  officerId: true,
  regionId: true,
  chainId: true,
  nature: true,
  responsibleUnit: true,
  expectedJobs: true,
  expectedOutput: true,
  expectedTax: true,
  firstContactAt: true,
  signedAt: true,
  contractAmount: true,
  contractType: true,
  startedAt: true,
  completedAt: true,
  producedAt: true,
  lastFollowUpAt: true,
  createdAt: true,
  searchKey: true,
  region: { select: { code: true } },
  company: { select: { name: true, ownerRegionId: true } },
} as const;

async function projects() {
  return db.project.findMany({ select: PROJECT_SELECT, orderBy: { code: "asc" } });
}

async function counts() {
  const [companies, contacts, projectCount, transitions, followUps, participants, sequences] = await Promise.all([
    db.company.count(),
    db.contact.count(),
    db.project.count(),
    db.stageTransition.count(),
    db.followUp.count(),
    db.followUpParticipant.count(),
    db.codeSequence.findMany({ orderBy: { key: "asc" } }),
  ]);
  return { companies, contacts, projects: projectCount, transitions, followUps, participants, sequences };
}

/** What must come out the same from the same seed and clock (ids aside). */
async function snapshot() {
  const rows = await db.project.findMany({
    orderBy: { code: "asc" },
    select: {
      code: true,
      name: true,
      stage: true,
      plannedInvestment: true,
      isKey: true,
      stageEnteredAt: true,
      signedAt: true,
      lastFollowUpAt: true,
      company: { select: { name: true, uscc: true, tags: true, hqCity: true } },
      region: { select: { code: true } },
      transitions: { orderBy: { at: "asc" }, select: { toStage: true, at: true, note: true } },
      followUps: { orderBy: { date: "asc" }, select: { kind: true, date: true, summary: true, participants: { select: { capacity: true } } } },
    },
  });
  const companies = await db.company.findMany({ orderBy: { name: "asc" }, select: { name: true, uscc: true, hqProvince: true, contacts: { orderBy: { phone: "asc" }, select: { name: true, phone: true } } } });
  return { rows, companies };
}

describe("size and spread", () => {
  test("about 150 companies and 120 projects, with contacts, history and follow-ups, in a few seconds", async () => {
    expect(first).toMatchObject({ skipped: false, companies: DEMO_COMPANY_COUNT, projects: DEMO_PROJECT_COUNT });
    const c = await counts();
    expect(c.companies).toBe(DEMO_COMPANY_COUNT);
    expect(c.projects).toBe(DEMO_PROJECT_COUNT);
    expect(c.contacts).toBeGreaterThanOrEqual(DEMO_COMPANY_COUNT);
    expect(c.contacts).toBeLessThanOrEqual(DEMO_COMPANY_COUNT * 2);
    expect(c.transitions).toBeGreaterThan(DEMO_PROJECT_COUNT * 3);
    expect(c.followUps).toBeGreaterThan(DEMO_PROJECT_COUNT * 3);
    expect(seedMs).toBeLessThan(15_000);
  });

  test("every stage appears and every county has projects", async () => {
    const rows = await projects();
    expect(new Set(rows.map((p) => p.stage))).toEqual(new Set(STAGE_CODES));
    const byCounty = new Set(rows.map((p) => p.region.code));
    for (const county of COUNTIES) expect(byCounty, county.name).toContain(county.code);
  });

  test("毛绒玩具文创 leads the chains; tags include 链主, 前20强, 500强 and 上市", async () => {
    const companies = await db.company.findMany({ select: { tags: true, chain: { select: { name: true } }, hqProvince: true } });
    const plush = companies.filter((c) => c.chain?.name === "毛绒玩具文创").length;
    expect(plush).toBeGreaterThan(companies.length * 0.3);
    const tags = companies.flatMap((c) => parseCompanyTags(c.tags));
    for (const tag of ["CHAIN_LEADER", "TOP20", "FORTUNE500", "LISTED"] as const) expect(tags).toContain(tag);
    expect(tags.filter((t) => t === "CHAIN_LEADER").length).toBeLessThan(15);
    const coastalOrShaanxi = companies.filter((c) => ["广东省", "浙江省", "江苏省", "福建省", "山东省", "上海市", "陕西省"].includes(c.hqProvince ?? "")).length;
    expect(coastalOrShaanxi).toBeGreaterThan(companies.length * 0.9);
  });

  test("the flagship company is there and found by its pinyin initials", async () => {
    const found = await db.company.findMany({ where: { searchKey: { contains: "qbrq" } }, select: { name: true } });
    expect(found.map((c) => c.name)).toContain(DEMO_FLAGSHIP_COMPANY);
    const projectsFound = await db.project.count({ where: { searchKey: { contains: "qbrq" } } });
    expect(projectsFound).toBeGreaterThan(0);
  });
});

describe("the rules every record obeys", () => {
  test("every 统一社会信用代码 present is valid, unique, and about 80 % of companies have one", async () => {
    const companies = await db.company.findMany({ select: { uscc: true, name: true, normalizedName: true } });
    const codes = companies.map((c) => c.uscc).filter((u): u is string => u !== null);
    for (const code of codes) expect(parseUscc(code), code).toMatchObject({ ok: true });
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length / companies.length).toBeGreaterThan(0.7);
    expect(codes.length / companies.length).toBeLessThan(0.95);
    // No two companies look like duplicates of each other.
    expect(new Set(companies.map((c) => c.normalizedName)).size).toBe(companies.length);
  });

  test("codes run AK-<year>-NNNN without gaps per year, and CodeSequence holds each year's last number", async () => {
    const rows = await projects();
    const byYear = new Map<string, number[]>();
    for (const p of rows) {
      const m = /^AK-(\d{4})-(\d{4})$/.exec(p.code);
      expect(m, p.code).not.toBeNull();
      byYear.set(m![1]!, [...(byYear.get(m![1]!) ?? []), Number(m![2])]);
      // The year of the code is the year the project was created (Shanghai time).
      const created = new Date(p.createdAt.getTime() + 8 * 3_600_000).getUTCFullYear();
      expect(String(created)).toBe(m![1]);
    }
    const sequences = await db.codeSequence.findMany();
    for (const [year, numbers] of byYear) {
      expect(numbers.sort((a, b) => a - b)).toEqual(numbers.map((_, i) => i + 1));
      expect(sequences.find((s) => s.key === `project:${year}`)?.value).toBe(numbers.length);
    }
  });

  test("重点 follows the mechanism's threshold; key projects have the demo leader as 包抓领导", async () => {
    const config = await getMechanism(db);
    const leader = await db.user.findUniqueOrThrow({ where: { username: "leader" }, select: { id: true } });
    const rows = await projects();
    for (const p of rows) {
      expect(p.isKey, p.code).toBe(isKeyProject(p.plannedInvestment, p.keyManual, config));
      if (p.isKey) expect(p.leadLeaderId, p.code).toBe(leader.id);
      expect(p.plannedInvestment).toBeGreaterThanOrEqual(2_000);
      expect(p.plannedInvestment).toBeLessThanOrEqual(300_000);
    }
    expect(rows.some((p) => p.isKey)).toBe(true);
    expect(rows.some((p) => !p.isKey)).toBe(true);
  });

  test("officers: the county's own demo officer where there is one, else the city officer", async () => {
    const users = await db.user.findMany({ where: { username: { in: ["city", "hanbin", "hanyin"] } }, select: { id: true, username: true } });
    const id = (u: string) => users.find((x) => x.username === u)?.id;
    for (const p of await projects()) {
      const expected = p.region.code === "610902" ? id("hanbin") : p.region.code === "610921" ? id("hanyin") : id("city");
      expect(p.officerId, p.code).toBe(expected);
    }
  });

  test("stage history is consistent with the current stage, dates coherent, required fields filled", async () => {
    const config = await getMechanism(db);
    const rows = await projects();
    const transitions = await db.stageTransition.findMany({ orderBy: [{ projectId: "asc" }, { at: "asc" }] });
    const eighteenMonthsAgo = new Date(NOW.getTime() - 19 * 31 * 86_400_000);
    for (const p of rows) {
      const history = transitions.filter((t) => t.projectId === p.id);
      expect(history[0], p.code).toMatchObject({ fromStage: null, toStage: "LEAD", source: "SEED" });
      expect(history[0]!.at.getTime()).toBe(p.createdAt.getTime());
      expect(history[0]!.at.getTime()).toBeGreaterThan(eighteenMonthsAgo.getTime());
      history.forEach((t, i) => {
        if (i > 0) {
          expect(t.fromStage, p.code).toBe(history[i - 1]!.toStage);
          expect(t.at.getTime()).toBeGreaterThan(history[i - 1]!.at.getTime());
        }
        expect(t.at.getTime()).toBeLessThanOrEqual(NOW.getTime());
      });
      const last = history[history.length - 1]!;
      expect(last.toStage, p.code).toBe(p.stage);
      expect(last.at.getTime()).toBe(p.stageEnteredAt.getTime());

      const values = p as unknown as StageFieldValues;
      expect(checkProjectDates(values, NOW), p.code).toEqual([]);
      // What each stage passed requires is filled (the stage a held project will resume counts).
      for (const field of heldFields(config, p.stage as StageCode, p.resumeStage as LadderStage | null)) {
        expect(values[field], `${p.code} ${field}`).not.toBeNull();
      }
      if (p.stage === "ON_HOLD") {
        expect(p.resumeStage).not.toBeNull();
        expect(p.holdReason).toBeTruthy();
        expect(last.note).toBe(p.holdReason);
      }
      if (p.stage === "TERMINATED") {
        expect(p.terminateReason).toBeTruthy();
        expect(last.note).toBe(p.terminateReason);
      }
      // Going back a stage always carries its reason.
      const order = (code: string) => config.stages.find((s) => s.code === code)?.order ?? 0;
      for (const t of history) {
        if (t.fromStage && t.toStage !== "ON_HOLD" && t.toStage !== "TERMINATED" && order(t.toStage) < order(t.fromStage)) expect(t.note).toBeTruthy();
      }
    }
    expect(rows.every((p) => p.signedAt === null || p.startedAt === null || p.signedAt <= p.startedAt)).toBe(true);
  });

  test("follow-ups: 3–10 on each active project, leaders in their 四个亲自 capacity, lastFollowUpAt kept", async () => {
    const config = await getMechanism(db);
    const rows = await projects();
    const followUps = await db.followUp.findMany({ select: { projectId: true, date: true, kind: true, participants: { select: { capacity: true, user: { select: { role: true } } } } } });
    for (const p of rows) {
      const own = followUps.filter((f) => f.projectId === p.id);
      const active = config.stages.find((s) => s.code === p.stage)?.followUpRequired;
      if (active) {
        expect(own.length, p.code).toBeGreaterThanOrEqual(3);
        expect(own.length, p.code).toBeLessThanOrEqual(11); // 10 plus the signing ceremony
      } else {
        expect(own.length, p.code).toBeGreaterThanOrEqual(1);
      }
      const latest = Math.max(...own.map((f) => f.date.getTime()));
      expect(p.lastFollowUpAt?.getTime(), p.code).toBe(latest);
      for (const f of own) {
        expect(f.date.getTime()).toBeGreaterThanOrEqual(p.createdAt.getTime());
        expect(f.date.getTime()).toBeLessThanOrEqual(NOW.getTime());
      }
    }
    const kinds = new Set(followUps.map((f) => f.kind));
    for (const kind of ["PHONE", "VISIT", "INBOUND", "INSPECTION", "NEGOTIATION", "PROMOTION", "SIGNING_CEREMONY"]) expect(kinds).toContain(kind);
    const participants = followUps.flatMap((f) => f.participants);
    const leaders = participants.filter((x) => x.user.role === "LEADER");
    expect(leaders.length).toBeGreaterThan(10);
    expect(leaders.every((x) => ["RECRUIT", "MEET", "COORDINATE", "SUPERVISE"].includes(x.capacity ?? ""))).toBe(true);
    expect(participants.filter((x) => x.user.role !== "LEADER").every((x) => x.capacity === null)).toBe(true);
  });

  test("some projects are overdue: red and yellow stage clocks, late follow-ups", async () => {
    const config = await getMechanism(db);
    const warnings = (await projects()).map((p) =>
      projectWarning({ stage: p.stage as StageCode, stageEnteredAt: p.stageEnteredAt, lastFollowUpAt: p.lastFollowUpAt, isKey: p.isKey, now: NOW, config }),
    );
    const stageRed = warnings.filter((w) => w.stage.level === "RED").length;
    const stageYellow = warnings.filter((w) => w.stage.level === "YELLOW").length;
    const lateFollowUp = warnings.filter((w) => w.followUp.overdue).length;
    const calm = warnings.filter((w) => w.level === "BLUE" || w.level === "NONE").length;
    expect(stageRed).toBeGreaterThanOrEqual(8);
    expect(stageYellow).toBeGreaterThanOrEqual(5);
    expect(lateFollowUp).toBeGreaterThanOrEqual(8);
    // …but most of the pipeline is on time.
    expect(calm).toBeGreaterThan(DEMO_PROJECT_COUNT * 0.3);
  });
});

describe("repeatable", () => {
  test("seeding again changes nothing", async () => {
    const before = await counts();
    const again = await seedDemoData(db, { now: NOW });
    expect(again.skipped).toBe(true);
    expect(await counts()).toEqual(before);
  });

  test(
    "a fresh database seeded with the same clock gets the same content",
    async () => {
      const before = await snapshot();
      expect(before.rows.length).toBe(DEMO_PROJECT_COUNT);
      await resetData(db);
      expect(await db.project.count()).toBe(0);
      await prepare();
      const second = await seedDemoData(db, { now: NOW });
      expect(second).toEqual(first);
      expect(await snapshot()).toEqual(before);
    },
    SEED_TIMEOUT,
  );

  test(
    "on another day the shape is the same: same companies, projects, stages and amounts; only the dates move",
    async () => {
      const shape = () =>
        db.project.findMany({
          orderBy: { name: "asc" },
          select: { name: true, stage: true, plannedInvestment: true, isKey: true, company: { select: { name: true, uscc: true } }, _count: { select: { followUps: true, transitions: true } } },
        });
      const today = await shape();
      await resetData(db);
      await prepare();
      const later = new Date(NOW.getTime() + 100 * 86_400_000);
      await seedDemoData(db, { now: later });
      expect(await shape()).toEqual(today);
    },
    SEED_TIMEOUT,
  );
});
