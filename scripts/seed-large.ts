// npm run seed:large [-- --db sqlite|postgres] [-- --scale N]
// A deterministic "city ×10" dataset for benchmarks (issue 7, DESIGN §8): the organisation and
// demo accounts, then 20 000 companies, 10 000 projects with their stage history, 200 000
// follow-ups, 20 000 problems, formal contracts and landing milestones of signed projects, funds
// in place and carriers — in its OWN database, never the one DATABASE_URL names:
//   sqlite    file:./data/large.db (recreated)
//   postgres  database zs_large (or LARGE_PG_DB) on LARGE_PG_URL / TEST_PG_URL (default postgresql://postgres@127.0.0.1:5432/postgres), recreated
// The same seed always gives the same rows (dates relative to today, like the demo data).
// Rows go in through bulkInsert (one statement per chunk), not through the models: the models'
// rules are tested elsewhere, and 450 000 audited single-row writes would take an hour.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { createRandom, type Random } from "../prisma/seed/random";
import { migrate } from "./lib/migrate";

const { values: args } = parseArgs({
  options: { db: { type: "string", default: "sqlite" }, scale: { type: "string", default: "10" } },
});
const kind = args.db;
if (kind !== "sqlite" && kind !== "postgres") {
  console.error("Usage: npm run seed:large [-- --db sqlite|postgres] [--scale N]");
  process.exit(1);
}
const scale = Number(args.scale);
if (!Number.isInteger(scale) || scale < 1 || scale > 50) {
  console.error("--scale must be an integer from 1 to 50 (10 is the city ×10 of DESIGN §8).");
  process.exit(1);
}

/** The database seed:large writes, also read by the benchmark. */
export const LARGE_SQLITE_FILE = path.resolve("data/large.db");
const pgAdminUrl = process.env.LARGE_PG_URL ?? process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
// Another name lets two worktrees on one PostgreSQL keep their own large database.
const pgDatabase = process.env.LARGE_PG_DB ?? "zs_large";
if (!/^[a-z_][a-z0-9_]*$/.test(pgDatabase)) {
  console.error("LARGE_PG_DB must be a plain lower-case identifier.");
  process.exit(1);
}

async function prepareDatabase(): Promise<string> {
  if (kind === "sqlite") {
    fs.mkdirSync(path.dirname(LARGE_SQLITE_FILE), { recursive: true });
    for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(`${LARGE_SQLITE_FILE}${suffix}`, { force: true });
    return `file:${LARGE_SQLITE_FILE}`;
  }
  const admin = new pg.Client({ connectionString: pgAdminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${pgDatabase}`);
  await admin.end();
  const url = new URL(pgAdminUrl);
  url.pathname = `/${pgDatabase}`;
  return url.toString();
}

const started = Date.now();
const url = await prepareDatabase();
await migrate(url);
// The app's modules read DATABASE_URL when first imported: point it at the large database first.
process.env.DATABASE_URL = url;
const { prisma } = await import("#app/utils/db.server");
const { bulkInsert } = await import("#app/utils/bulk-insert.server");
const { ensureMechanism, getMechanism } = await import("#app/models/mechanism.server");
const { seedOrganisation } = await import("../prisma/seed/organisation");
const { seedDemoUsers } = await import("../prisma/seed/demo-users");
const { COMPANY_TAGS, normalizeCompanyName, searchKeyFor } = await import("#app/domain/company-name");
const { projectCodeSequenceKey } = await import("#app/domain/projects");
const { problemDeadline } = await import("#app/domain/problem-status");

await seedOrganisation(prisma);
await ensureMechanism(prisma);
const mechanism = await getMechanism();
await seedDemoUsers(prisma);

const rng: Random = createRandom(20_261_124);
const now = new Date();
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);

const regions = await prisma.region.findMany({ where: { level: { not: "CITY" } }, select: { id: true, name: true } });
const departments = await prisma.department.findMany({ select: { id: true } });
const links = await prisma.chainLink.findMany({ select: { id: true, chainId: true } });
const officers = await prisma.user.findMany({ where: { role: { in: ["COUNTY_OFFICER", "CITY_OFFICER"] } }, select: { id: true, regionId: true } });
const leaders = await prisma.user.findMany({ where: { role: "LEADER" }, select: { id: true } });

const COMPANIES = 2_000 * scale;
const PROJECTS = 1_000 * scale;
const FOLLOW_UPS_PER_PROJECT = 20;
const PROBLEMS = 2_000 * scale;
const SITES = 300 * scale;
const CHUNK = 2_000;

async function insert<T extends Record<string, unknown>>(table: string, columns: Parameters<typeof bulkInsert<T>>[2], rows: T[]) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await prisma.$transaction((tx) => bulkInsert(tx, table, columns, rows.slice(i, i + CHUNK)), { timeout: 120_000 });
  }
}

function step(label: string, count: number, since: number) {
  console.log(`  ${label.padEnd(14)} ${String(count).padStart(8)}  ${((Date.now() - since) / 1000).toFixed(1)} s`);
}

const WORDS = ["智能", "绿色", "新材料", "富硒", "茶业", "毛绒", "电子", "医药", "物流", "文旅", "装备", "食品", "能源", "纺织", "数字"];
const SUFFIX = ["科技有限公司", "实业有限公司", "集团有限公司", "股份有限公司", "产业发展有限公司"];
const PROVINCES = ["广东省", "浙江省", "江苏省", "上海市", "北京市", "四川省", "陕西省"];
// Most firms carry no tag; a few are listed, 500强, 行业前20强 or 链主 (the domain's tag codes).
const TAGS = ["", "", "", "", ...COMPANY_TAGS];

// ── companies
let t = Date.now();
const companies = Array.from({ length: COMPANIES }, (_, i) => {
  const name = `${rng.pick(PROVINCES).slice(0, 2)}${rng.pick(WORDS)}${rng.pick(WORDS)}${i}号${rng.pick(SUFFIX)}`;
  const link = rng.pick(links);
  return {
    id: `lc${String(i).padStart(6, "0")}`,
    name,
    normalizedName: normalizeCompanyName(name),
    searchKey: searchKeyFor(name),
    hqProvince: rng.pick(PROVINCES),
    chainId: link.chainId,
    linkId: link.id,
    tags: rng.pick(TAGS),
    ownerRegionId: rng.pick(regions).id,
    createdAt: daysAgo(rng.int(30, 900)),
    updatedAt: now,
  };
});
await insert("Company", { id: "text", name: "text", normalizedName: "text", searchKey: "text", hqProvince: "text", chainId: "text", linkId: "text", tags: "text", ownerRegionId: "text", createdAt: "datetime", updatedAt: "datetime" }, companies);
step("companies", companies.length, t);

// ── projects and their stage history
t = Date.now();
const LADDER = ["LEAD", "FIRST_CONTACT", "SITE_VISIT", "NEGOTIATION", "SIGNED", "LANDED", "CONSTRUCTION", "COMPLETED", "PRODUCTION", "AT_CAPACITY"] as const;
const STAGE_WEIGHTS: [number, number][] = [[0, 18], [1, 16], [2, 12], [3, 12], [4, 10], [5, 8], [6, 9], [7, 5], [8, 6], [9, 4]];
type ProjectRow = Record<string, unknown> & { id: string; regionId: string; stage: string; signedAt: Date | null; startedAt: Date | null; contractAmount: number | null; plannedInvestment: number; createdAt: Date };
const projects: ProjectRow[] = [];
const transitions: Record<string, unknown>[] = [];
const perYear = new Map<number, number>();
for (let i = 0; i < PROJECTS; i++) {
  const company = rng.pick(companies);
  const reached = rng.weighted(STAGE_WEIGHTS);
  const exit = reached < 4 && rng.chance(0.06) ? (rng.chance(0.5) ? "ON_HOLD" : "TERMINATED") : null;
  // Stage dates walk back from today. Three in four projects are inside their current stage's
  // time limit (or a little past it), the rest have stalled for up to 400 days; each earlier stage
  // lasted 20–120 days.
  const limitWorkdays = mechanism.stages.find((d) => d.code === LADDER[reached])?.limitWorkdays ?? 60;
  const stamps: Date[] = [];
  let day = rng.chance(0.75) ? rng.int(1, Math.round(limitWorkdays * 1.4 * 1.05)) : rng.int(60, 400);
  for (let s = reached; s >= 0; s--) {
    stamps[s] = daysAgo(day);
    day += rng.int(20, 120);
  }
  const ageDays = Math.round((now.getTime() - (stamps[0] as Date).getTime()) / DAY);
  const stamp = (s: number) => stamps[s] as Date;
  const stageAt = (s: number) => LADDER[s] as string;
  const year = stamp(0).getUTCFullYear();
  const n = (perYear.get(year) ?? 0) + 1;
  perYear.set(year, n);
  // About three in ten at or above 1亿 (the default 重点 threshold).
  const amount = rng.weighted([[rng.int(300, 9_000), 70], [rng.int(10_000, 49_000), 20], [rng.int(50_000, 99_000), 6], [rng.int(100_000, 300_000), 4]] as [number, number][]);
  const region = company.ownerRegionId;
  const officer = officers.find((o) => o.regionId === region) ?? rng.pick(officers);
  const signedAt = reached >= 4 ? stamp(4) : null;
  const startedAt = reached >= 6 ? stamp(6) : null;
  const name = `${company.name.slice(2, 8)}${rng.pick(["生产基地", "产业园", "扩能项目", "研发中心", "智能工厂"])}${i}`;
  projects.push({
    id: `lp${String(i).padStart(6, "0")}`,
    code: `AK-${year}-${String(n).padStart(5, "0")}`,
    name,
    searchKey: searchKeyFor(name),
    companyId: company.id,
    regionId: region,
    chainId: company.chainId,
    linkId: company.linkId,
    nature: "NEW",
    plannedInvestment: amount,
    stage: exit ?? stageAt(reached),
    stageEnteredAt: stamp(reached),
    resumeStage: exit === "ON_HOLD" ? stageAt(reached) : null,
    isKey: amount >= mechanism.keyProjectThresholdWan,
    leadLeaderId: rng.chance(0.3) ? rng.pick(leaders).id : null,
    officerId: officer.id,
    firstContactAt: reached >= 1 ? stamp(1) : null,
    signedAt,
    contractAmount: signedAt ? amount : null,
    contractType: signedAt ? "FORMAL" : null,
    startedAt,
    completedAt: reached >= 7 ? stamp(7) : null,
    producedAt: reached >= 8 ? stamp(8) : null,
    holdReason: exit === "ON_HOLD" ? "企业资金调整，暂缓推进" : null,
    terminateReason: exit === "TERMINATED" ? "企业投资方向变化" : null,
    // Followed up on time (重点 every 7 days, others every 30, by default) for four in five.
    lastFollowUpAt: daysAgo(Math.min(ageDays, rng.chance(0.8) ? rng.int(0, amount >= mechanism.keyProjectThresholdWan ? mechanism.followUpCadenceDays.key : mechanism.followUpCadenceDays.normal) : rng.int(10, 90))),
    createdAt: stamp(0),
    updatedAt: now,
  });
  for (let s = 0; s <= reached; s++) {
    transitions.push({ id: `lt${i}-${s}`, projectId: `lp${String(i).padStart(6, "0")}`, fromStage: s === 0 ? null : stageAt(s - 1), toStage: stageAt(s), at: stamp(s), source: "SEED" });
  }
}
await insert(
  "Project",
  {
    id: "text", code: "text", name: "text", searchKey: "text", companyId: "text", regionId: "text", chainId: "text", linkId: "text", nature: "text",
    plannedInvestment: "float", stage: "text", stageEnteredAt: "datetime", resumeStage: "text", isKey: "bool", leadLeaderId: "text", officerId: "text",
    firstContactAt: "datetime", signedAt: "datetime", contractAmount: "float", contractType: "text", startedAt: "datetime", completedAt: "datetime",
    producedAt: "datetime", holdReason: "text", terminateReason: "text", lastFollowUpAt: "datetime", createdAt: "datetime", updatedAt: "datetime",
  },
  projects,
);
await insert("StageTransition", { id: "text", projectId: "text", fromStage: "text", toStage: "text", at: "datetime", source: "text" }, transitions);
for (const [year, value] of perYear) {
  await prisma.codeSequence.upsert({ where: { key: projectCodeSequenceKey(year) }, create: { key: projectCodeSequenceKey(year), value }, update: { value } });
}
step("projects", projects.length, t);
step("transitions", transitions.length, t);

// ── contracts, milestones and funds of signed projects (the landing counting rules need them)
t = Date.now();
const signed = projects.filter((p) => p.signedAt);
const contracts = signed.map((p, i) => ({ id: `lk${i}`, projectId: p.id, type: "FORMAL", signedAt: p.signedAt, amountWan: p.contractAmount, landMu: rng.int(20, 300), createdAt: p.signedAt, updatedAt: now }));
await insert("Contract", { id: "text", projectId: "text", type: "text", signedAt: "datetime", amountWan: "float", landMu: "float", createdAt: "datetime", updatedAt: "datetime" }, contracts);
const milestones: Record<string, unknown>[] = [];
const funds: Record<string, unknown>[] = [];
for (const p of signed) {
  const registeredAt = new Date((p.signedAt as Date).getTime() + rng.int(5, 40) * DAY);
  const registered = registeredAt < now && rng.chance(0.9);
  milestones.push({ id: `lm${p.id}R`, projectId: p.id, kind: "REGISTERED", plannedAt: registeredAt, actualAt: registered ? registeredAt : null, localCompanyUscc: registered ? `91610900MA${p.id.slice(2)}XX`.slice(0, 18) : null, updatedAt: now });
  milestones.push({ id: `lm${p.id}S`, projectId: p.id, kind: "STARTED", plannedAt: new Date((p.signedAt as Date).getTime() + 90 * DAY), actualAt: p.startedAt, updatedAt: now });
  const entries = p.startedAt ? rng.int(2, 8) : rng.int(0, 2);
  for (let e = 0; e < entries; e++) {
    const receivedAt = new Date((p.signedAt as Date).getTime() + rng.int(1, Math.max(2, Math.floor((now.getTime() - (p.signedAt as Date).getTime()) / DAY))) * DAY);
    if (receivedAt > now) continue;
    funds.push({ id: `lf${p.id}-${e}`, projectId: p.id, receivedAt, amountWan: Math.round((p.contractAmount ?? 0) / 12), source: rng.pick(["LOCAL", "OUT_OF_CITY", "OUT_OF_PROVINCE", "FOREIGN"]), createdAt: receivedAt, updatedAt: now });
  }
}
await insert("Milestone", { id: "text", projectId: "text", kind: "text", plannedAt: "datetime", actualAt: "datetime", localCompanyUscc: "text", updatedAt: "datetime" }, milestones);
await insert("FundsInPlace", { id: "text", projectId: "text", receivedAt: "datetime", amountWan: "float", source: "text", createdAt: "datetime", updatedAt: "datetime" }, funds);
step("contracts", contracts.length, t);
step("milestones", milestones.length, t);
step("funds", funds.length, t);

// ── follow-ups (20 per project, the last one at lastFollowUpAt)
t = Date.now();
const KINDS = ["PHONE", "VISIT", "INBOUND", "INSPECTION", "NEGOTIATION", "PROMOTION"];
let followUpCount = 0;
for (let from = 0; from < projects.length; from += 500) {
  const batch: Record<string, unknown>[] = [];
  for (const p of projects.slice(from, from + 500)) {
    for (let f = 0; f < FOLLOW_UPS_PER_PROJECT; f++) {
      const date = f === 0 ? (p.lastFollowUpAt as Date) : new Date(p.createdAt.getTime() + rng.next() * Math.max(DAY, (p.lastFollowUpAt as Date).getTime() - p.createdAt.getTime()));
      // The latest follow-up of two in five open projects names a next action, due from ten days
      // ago to two weeks ahead (the officers' 工作台 lists them).
      const next = f === 0 && !["AT_CAPACITY", "ON_HOLD", "TERMINATED"].includes(p.stage) && rng.chance(0.4);
      batch.push({
        id: `lu${p.id}-${f}`,
        projectId: p.id,
        kind: rng.pick(KINDS),
        date,
        summary: `与企业沟通项目推进情况，第${f + 1}次对接`,
        nextAction: next ? rng.pick(["约企业高层再次洽谈", "报送用地需求", "组织实地考察", "协调电力增容"]) : null,
        nextActionDue: next ? new Date(now.getTime() + rng.int(-10, 14) * DAY) : null,
        createdById: p.officerId,
        createdAt: date,
        updatedAt: now,
      });
    }
  }
  await insert("FollowUp", { id: "text", projectId: "text", kind: "text", date: "datetime", summary: "text", nextAction: "text", nextActionDue: "datetime", createdById: "text", createdAt: "datetime", updatedAt: "datetime" }, batch);
  followUpCount += batch.length;
}
step("follow-ups", followUpCount, t);

// ── problems (交办), a quarter of them open and some overdue
t = Date.now();
const CATEGORIES = ["LAND", "FUNDING", "APPROVAL", "LABOUR", "UTILITIES", "LOGISTICS", "ENVIRONMENT", "OTHER"];
const STATUSES: [string, number][] = [["PENDING", 10], ["IN_PROGRESS", 15], ["RESOLVED", 15], ["CLOSED", 60]];
const problemsPerYear = new Map<number, number>();
const problems = Array.from({ length: PROBLEMS }, (_, i) => {
  const p = rng.pick(projects);
  const reportedAt = new Date(p.createdAt.getTime() + rng.next() * (now.getTime() - p.createdAt.getTime()));
  const status = rng.weighted(STATUSES);
  const year = reportedAt.getUTCFullYear();
  const n = (problemsPerYear.get(year) ?? 0) + 1;
  problemsPerYear.set(year, n);
  const deadlineAt = problemDeadline(reportedAt, mechanism); // the mechanism's limit in 工作日
  const done = status === "RESOLVED" || status === "CLOSED";
  return {
    id: `lq${String(i).padStart(6, "0")}`,
    code: `WT-${year}-${String(n).padStart(5, "0")}`,
    projectId: p.id,
    title: `${rng.pick(["用地指标", "电力增容", "环评审批", "用工招聘", "融资对接", "物流配套"])}问题`,
    category: rng.pick(CATEGORIES),
    status,
    reportingRegionId: p.regionId,
    reportedAt,
    departmentId: rng.pick(departments).id,
    assignedAt: reportedAt,
    departmentAssignedAt: reportedAt,
    deadlineAt,
    resolvedAt: done ? new Date(reportedAt.getTime() + rng.int(3, 30) * DAY) : null,
    closedAt: status === "CLOSED" ? new Date(reportedAt.getTime() + rng.int(31, 40) * DAY) : null,
    createdAt: reportedAt,
    updatedAt: now,
  };
});
await insert(
  "Problem",
  { id: "text", code: "text", projectId: "text", title: "text", category: "text", status: "text", reportingRegionId: "text", reportedAt: "datetime", departmentId: "text", assignedAt: "datetime", departmentAssignedAt: "datetime", deadlineAt: "datetime", resolvedAt: "datetime", closedAt: "datetime", createdAt: "datetime", updatedAt: "datetime" },
  problems,
);
for (const [year, value] of problemsPerYear) {
  await prisma.codeSequence.upsert({ where: { key: `problem-${year}` }, create: { key: `problem-${year}`, value }, update: { value } });
}
step("problems", problems.length, t);

// ── carriers
t = Date.now();
const sites = Array.from({ length: SITES }, (_, i) => {
  const region = rng.pick(regions);
  const kind = rng.pick(["STANDARD_FACTORY", "INDUSTRIAL_LAND", "BUILDING", "COMMUNITY_FACTORY"]);
  return {
    id: `ls${String(i).padStart(5, "0")}`,
    name: `${region.name}${kind === "INDUSTRIAL_LAND" ? "工业用地" : "标准化厂房"}${i}号`,
    kind,
    regionId: region.id,
    areaSqm: kind === "INDUSTRIAL_LAND" ? null : rng.int(500, 20_000),
    areaMu: kind === "INDUSTRIAL_LAND" ? rng.int(10, 300) : null,
    createdAt: daysAgo(rng.int(30, 900)),
    updatedAt: now,
  };
});
await insert("Site", { id: "text", name: "text", kind: "text", regionId: "text", areaSqm: "float", areaMu: "float", createdAt: "datetime", updatedAt: "datetime" }, sites);
step("carriers", sites.length, t);

// PostgreSQL: VACUUM as well, as autovacuum would after so many inserts: it marks the pages all
// visible, without which an index-only scan still reads every row from the table.
if (kind === "sqlite") await prisma.$executeRawUnsafe("PRAGMA optimize");
else await prisma.$executeRawUnsafe("VACUUM ANALYZE");
await prisma.$disconnect();
console.log(`seed:large (${kind}, ×${scale}) ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${url.replace(/\/\/[^@]*@/, "//")}`);
console.log(`Start the app on it: DATABASE_URL=${url} npm start   (demo accounts, password Zhaoshang@2026)`);
