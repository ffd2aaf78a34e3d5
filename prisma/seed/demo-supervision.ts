// Demo supervision records (issue 4 item 11): 问题交办 in every status over the demo projects
// (some past their deadline while 办理中; several with 自然资源局 so the demo `zrzy` account has
// work), 1–3 responses each that follow the moves of app/domain/problem-status.ts; 政策兑现
// items (paid, partial, overdue, cancelled, two worded so the fair-competition rules flag them,
// flags stored as the model stores them); 领导批示 by the demo `leader` to the officers of the
// projects, some replied and some still open; and 企业回访 on firms in production with a few
// red flags.
//
// Deterministic: choices come from one seeded generator and dates count back from `now`.
// Idempotent: nothing is written when the first planned problem already exists.
import { randomUUID } from "node:crypto";
import { formatRedFlags, redFlagLevel, type RedFlag } from "#app/domain/aftercare";
import { fairCompetitionFlagsOf } from "#app/domain/fair-competition";
import { instructionReplyDeadline } from "#app/domain/instructions";
import { problemDeadline, type ProblemAction, type ProblemCategory, type ProblemSide, type ProblemStatus } from "#app/domain/problem-status";
import { worstLevel } from "#app/domain/warnings";
import { shanghaiDay } from "#app/domain/workdays";
import { getMechanism } from "#app/models/mechanism.server";
import { type Db } from "#app/utils/db.server";
import { createRandom } from "./random";

export const DEMO_SUPERVISION_SEED = 20_260_505;
export const DEMO_PROBLEM_COUNT = 60;
export const DEMO_INCENTIVE_COUNT = 40;
export const DEMO_INSTRUCTION_COUNT = 15;
export const DEMO_VISIT_COUNT = 30;

const DAY_MS = 86_400_000;

export type DemoSupervisionResult = { skipped: boolean; problems: number; responses: number; incentives: number; instructions: number; replies: number; visits: number };

/** Titles per category, with the department that would take them. */
const PROBLEM_TEMPLATES: Record<ProblemCategory, { titles: readonly string[]; departments: readonly string[] }> = {
  LAND: { titles: ["项目用地指标未落实", "土地征收进度滞后", "不动产权证办理缓慢", "用地规划调整待批复"], departments: ["自然资源局"] },
  FUNDING: { titles: ["流动资金贷款审批慢", "设备贷款贴息未到位", "融资担保额度不足"], departments: ["财政局", "发改委"] },
  APPROVAL: { titles: ["施工许可证办理受阻", "立项备案材料反复退回", "消防验收排期过长"], departments: ["住建局", "发改委", "市场监管局"] },
  LABOUR: { titles: ["熟练工人招聘困难", "员工技能培训需支持"], departments: ["人社局"] },
  UTILITIES: { titles: ["专线供电增容未完成", "厂区供水管网未接通", "天然气管道未通达"], departments: ["供电公司", "水利局", "住建局"] },
  LOGISTICS: { titles: ["进厂道路未硬化", "物流园区仓储不足"], departments: ["商务局", "住建局"] },
  ENVIRONMENT: { titles: ["环评批复进度滞后", "排污许可证待核发"], departments: ["生态环境局"] },
  INCENTIVE: { titles: ["招商引资奖励未兑现", "税收优惠政策落实不到位"], departments: ["财政局", "税务局"] },
  OTHER: { titles: ["企业员工子女入学需协调", "周边群众阻工需协调"], departments: ["工信局", "商务局"] },
};

const CATEGORY_WEIGHTS: readonly (readonly [ProblemCategory, number])[] = [
  ["LAND", 5], ["FUNDING", 3], ["APPROVAL", 3], ["LABOUR", 2], ["UTILITIES", 3], ["LOGISTICS", 1], ["ENVIRONMENT", 2], ["INCENTIVE", 2], ["OTHER", 1],
];

const STATUS_PLAN: readonly (readonly [ProblemStatus | "OVERDUE", number])[] = [
  ["PENDING", 10],
  ["IN_PROGRESS", 18],
  ["OVERDUE", 8],
  ["RESOLVED", 10],
  ["CLOSED", 14],
];

const RESPONSES = ["已与企业对接，正在协调相关科室办理", "已召开专题会研究，明确了办理时限", "已现场踏勘，形成初步解决方案", "材料已受理，正在走内部审批流程"];
const RESULTS = ["已协调办结，企业确认问题解决", "相关手续已办理完毕，证照已送达企业", "已落实解决方案，企业生产不受影响"];
const VERIFICATIONS = ["经回访企业核实，问题已解决，同意销号", "已电话核实企业，情况属实，予以销号"];
const RETURN_REASONS = ["该事项不属本部门职责，建议交办县区政府", "需企业补充材料后重新交办"];

const INCENTIVE_ITEMS = [
  { item: "固定资产投资奖励", conditions: "设备投资到位并通过验收后兑现" },
  { item: "标准化厂房租金减免", conditions: "入驻后前三年按实际租金给予补贴" },
  { item: "新增就业岗位补贴", conditions: "按新增签订劳动合同且缴纳社保的员工人数核定" },
  { item: "技术改造专项补助", conditions: "项目通过技改项目验收后申报" },
  { item: "物流运费补贴", conditions: "按年度实际外运量核定，上限见协议" },
  { item: "人才引进安家补助", conditions: "引进高级技术人才经人社部门认定后发放" },
] as const;

/** Worded as the fair-competition rules flag (公平竞争审查). */
const FLAGGED_INCENTIVES = [
  { item: "税收贡献奖励", conditions: "按企业年度纳税额的50%给予奖励" },
  { item: "产业扶持资金", conditions: "按企业缴纳增值税地方留成部分全额返还" },
] as const;

const INSTRUCTION_TEXTS = [
  "请加快推进项目落地，每周报送进展情况。",
  "要高度重视企业反映的用地问题，会同自然资源局尽快拿出解决方案。",
  "请协调供电公司加快专线建设，确保按期投产。",
  "该项目是全市重点项目，请主动靠前服务，及时解决企业困难。",
  "请核实项目投资进度，对照合同约定督促企业加快建设。",
  "请会同财政局研究政策兑现事宜，按协议及时兑现。",
];
const INSTRUCTION_REPLIES = ["已按批示要求对接企业，形成工作方案，将按周报送进展。", "已会同相关部门现场办公，问题正在解决中。", "已落实，项目进度已报送分管领导。"];

const VISIT_SUMMARIES = [
  "企业生产经营正常，订单饱满，用工稳定",
  "企业反映原材料价格上涨，利润空间收窄，生产总体平稳",
  "新生产线已投入使用，产能逐步释放",
  "企业希望协调解决员工宿舍问题，生产正常",
];
const FLAG_SUMMARIES: Record<string, string> = {
  STOPPED: "企业因订单不足已全面停产，员工放假",
  PARTIAL_STOP: "企业一条生产线停产检修，另一条开工不足",
  WAGE_ARREARS: "企业反映资金周转困难，拖欠员工两个月工资",
  LAYOFFS: "企业近期裁减员工约三成",
  UTILITY_ARREARS: "企业拖欠电费，供电公司已发出催缴通知",
  ABNORMAL: "企业经营异常，负责人联系不上",
};
const FLAG_SETS: readonly (readonly RedFlag[])[] = [["STOPPED", "WAGE_ARREARS"], ["PARTIAL_STOP"], ["LAYOFFS", "UTILITY_ARREARS"], ["WAGE_ARREARS"], ["ABNORMAL"]];

type ProjectRow = { id: string; code: string; name: string; regionId: string; stage: string; stageEnteredAt: Date; officerId: string | null; createdAt: Date };

/**
 * Writes the demo problems, incentives, instructions and aftercare visits, unless the first
 * planned problem exists. Expects the organisation, the demo accounts and the demo projects.
 */
export async function seedDemoSupervision(db: Db, options: { now: Date; seed?: number }): Promise<DemoSupervisionResult> {
  const { now } = options;
  const none = { problems: 0, responses: 0, incentives: 0, instructions: 0, replies: 0, visits: 0 };
  const rng = createRandom(options.seed ?? DEMO_SUPERVISION_SEED);
  const config = await getMechanism(db);
  const days = (n: number, from = now) => new Date(from.getTime() - n * DAY_MS);
  const clampPast = (d: Date) => (d.getTime() > now.getTime() ? now : d);

  const people = await db.user.findMany({ select: { id: true, username: true, displayName: true, regionId: true, departmentId: true } });
  const user = (username: string) => people.find((u) => u.username === username) ?? null;
  const leader = user("leader");
  const city = user("city");
  const hanyin = user("hanyin");
  const hanbin = user("hanbin");
  const zrzy = user("zrzy");
  if (!leader || !city || !hanyin || !hanbin) throw new Error("seedDemoSupervision: the demo accounts are not seeded");
  const departments = await db.department.findMany({ select: { id: true, name: true } });
  const deptId = (name: string) => departments.find((d) => d.name === name)?.id;
  if (!deptId("自然资源局")) throw new Error("seedDemoSupervision: the organisation is not seeded");

  const projects: ProjectRow[] = await db.project.findMany({
    where: { deletedAt: null, stage: { in: ["SIGNED", "LANDED", "CONSTRUCTION", "COMPLETED", "PRODUCTION", "AT_CAPACITY"] } },
    orderBy: { code: "asc" },
    select: { id: true, code: true, name: true, regionId: true, stage: true, stageEnteredAt: true, officerId: true, createdAt: true },
  });
  if (projects.length === 0) throw new Error("seedDemoSupervision: the demo projects are not seeded");
  const officerOf = (p: ProjectRow) => people.find((u) => u.id === p.officerId) ?? (p.regionId === hanyin.regionId ? hanyin : p.regionId === hanbin.regionId ? hanbin : city);

  // ───────────── problems ─────────────
  type ResponsePlan = { authorId: string | null; authorName: string | null; side: ProblemSide; action: ProblemAction; fromStatus: ProblemStatus; toStatus: ProblemStatus; text: string | null; createdAt: Date };
  type ProblemPlan = {
    id: string; projectId: string; title: string; description: string; category: ProblemCategory; status: ProblemStatus; reportingRegionId: string; reportedById: string;
    reportedAt: Date; departmentId: string | null; assigneeId: string | null; assignedAt: Date | null; departmentAssignedAt: Date | null; deadlineAt: Date | null;
    resolvedAt: Date | null; closureRejectedAt: Date | null; closedAt: Date | null; closedById: string | null; responses: ResponsePlan[];
  };
  const statuses = STATUS_PLAN.flatMap(([s, n]) => Array.from({ length: n }, () => s));
  const problems: ProblemPlan[] = [];
  statuses.forEach((planned, i) => {
    // Every fourth problem is a land matter for 自然资源局 (the zrzy account's inbox).
    const category: ProblemCategory = i % 4 === 0 ? "LAND" : rng.weighted(CATEGORY_WEIGHTS);
    const template = PROBLEM_TEMPLATES[category];
    const project = rng.pick(projects);
    const officer = officerOf(project);
    const department = deptId(rng.pick(template.departments))!;
    const deptUser = zrzy && zrzy.departmentId === department ? zrzy : null;
    const deptAuthor = { authorId: deptUser?.id ?? null, authorName: deptUser?.displayName ?? `${departments.find((d) => d.id === department)!.name}经办人` };
    const assigner = rng.chance(0.5) ? city : officer;
    const assignSide: ProblemSide = assigner.id === city.id ? "CITY" : "REPORTING";
    const overdue = planned === "OVERDUE";
    const status: ProblemStatus = overdue ? "IN_PROGRESS" : planned;
    const age = overdue ? rng.int(40, 90) : status === "PENDING" ? rng.int(1, 20) : status === "IN_PROGRESS" ? rng.int(1, 8) : rng.int(20, 120);
    const reportedAt = days(age);
    const p: ProblemPlan = {
      id: randomUUID(), projectId: project.id, title: rng.pick(template.titles), description: `${project.name}：${rng.pick(template.titles)}，影响项目推进，请协调解决。`, category, status,
      reportingRegionId: project.regionId, reportedById: officer.id, reportedAt, departmentId: null, assigneeId: null, assignedAt: null, departmentAssignedAt: null, deadlineAt: null,
      resolvedAt: null, closureRejectedAt: null, closedAt: null, closedById: null, responses: [],
    };
    const assignedAt = new Date(reportedAt.getTime() + rng.int(1, 20) * 3_600_000);
    const assign = (): ResponsePlan => ({ authorId: assigner.id, authorName: assigner.displayName, side: assignSide, action: "ASSIGN", fromStatus: "PENDING", toStatus: "IN_PROGRESS", text: null, createdAt: assignedAt });
    if (status === "PENDING") {
      // Reported and not yet assigned, or returned by the department.
      if (rng.chance(0.5)) {
        p.responses.push(assign(), { ...deptAuthor, side: "DEPARTMENT", action: "RETURN", fromStatus: "IN_PROGRESS", toStatus: "PENDING", text: rng.pick(RETURN_REASONS), createdAt: clampPast(new Date(assignedAt.getTime() + DAY_MS)) });
      }
    } else {
      Object.assign(p, { departmentId: department, assigneeId: deptUser?.id ?? null, assignedAt, departmentAssignedAt: assignedAt, deadlineAt: problemDeadline(assignedAt, config) });
      p.responses.push(assign());
      let t = assignedAt;
      const later = (n: number) => (t = clampPast(new Date(t.getTime() + n * DAY_MS)));
      if (status === "IN_PROGRESS") {
        if (rng.chance(0.6)) p.responses.push({ ...deptAuthor, side: "DEPARTMENT", action: "RESPOND", fromStatus: "IN_PROGRESS", toStatus: "IN_PROGRESS", text: rng.pick(RESPONSES), createdAt: later(rng.int(1, 3)) });
      } else {
        p.resolvedAt = later(rng.int(3, 12));
        p.responses.push({ ...deptAuthor, side: "DEPARTMENT", action: "RESOLVE", fromStatus: "IN_PROGRESS", toStatus: "RESOLVED", text: rng.pick(RESULTS), createdAt: p.resolvedAt });
        if (status === "CLOSED") {
          p.closedAt = later(rng.int(1, 5));
          p.closedById = assigner.id;
          p.responses.push({ authorId: assigner.id, authorName: assigner.displayName, side: assignSide, action: "CLOSE", fromStatus: "RESOLVED", toStatus: "CLOSED", text: rng.pick(VERIFICATIONS), createdAt: p.closedAt });
        }
      }
    }
    problems.push(p);
  });
  // Codes follow the report date; ties keep the plan order (the sort is stable).
  problems.sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime());
  const first = problems[0]!;
  // The marker is independent of `now`: a later run (another day) must find it too.
  if (await db.problem.findFirst({ where: { projectId: first.projectId, title: first.title, description: first.description }, select: { id: true } })) return { skipped: true, ...none };

  // ───────────── incentives ─────────────
  const incentives = Array.from({ length: DEMO_INCENTIVE_COUNT }, (_, i) => {
    const project = rng.pick(projects);
    const wording = i < FLAGGED_INCENTIVES.length ? FLAGGED_INCENTIVES[i]! : rng.pick(INCENTIVE_ITEMS);
    const promisedWan = rng.int(5, 200) * 10;
    const kind = i < FLAGGED_INCENTIVES.length ? "PROMISED" : rng.weighted([["PAID", 3], ["PARTIAL", 3], ["OVERDUE", 2], ["PROMISED", 3], ["CANCELLED", 1]] as const);
    const createdAt = days(rng.int(60, 300));
    const future = new Date(now.getTime() + rng.int(10, 200) * DAY_MS);
    const past = days(rng.int(5, 50));
    let dueAt: Date | null = future;
    let paidWan = 0;
    let paidAt: Date | null = null;
    let cancelledAt: Date | null = null;
    let cancelReason: string | null = null;
    if (kind === "PAID") { paidWan = promisedWan; paidAt = days(rng.int(5, 50)); dueAt = new Date(paidAt.getTime() + rng.int(0, 30) * DAY_MS); }
    if (kind === "PARTIAL") { paidWan = Math.round(promisedWan * rng.int(2, 7)) / 10; paidAt = days(rng.int(5, 50)); }
    if (kind === "OVERDUE") { dueAt = past; if (rng.chance(0.4)) { paidWan = Math.round(promisedWan * 3) / 10; paidAt = days(rng.int(60, 90)); } }
    if (kind === "CANCELLED") { cancelledAt = days(rng.int(5, 40)); cancelReason = "企业未达到协议约定的投资强度，经研究取消"; }
    const value = { item: wording.item, conditions: wording.conditions, note: null };
    const fairFlags = fairCompetitionFlagsOf([value.item, value.conditions, value.note], config).map((f) => f.ruleId).join(",");
    if (i < FLAGGED_INCENTIVES.length && !fairFlags) throw new Error(`seedDemoSupervision: "${wording.conditions}" is not flagged by the fair-competition rules`);
    return {
      id: randomUUID(), projectId: project.id, ...value, promisedWan, dueAt, paidWan, paidAt, cancelledAt, cancelReason,
      settled: cancelledAt !== null || paidWan >= promisedWan, fairFlags, createdById: officerOf(project).id, createdAt, updatedAt: paidAt ?? cancelledAt ?? createdAt,
    };
  });

  // ───────────── instructions ─────────────
  const officerProjects = projects.filter((p) => [hanyin.id, hanbin.id, city.id].includes(officerOf(p).id));
  const ordered = [...officerProjects.filter((p) => officerOf(p).id === hanyin.id), ...officerProjects.filter((p) => officerOf(p).id === hanbin.id), ...officerProjects.filter((p) => officerOf(p).id === city.id)];
  const instructionPlans = Array.from({ length: DEMO_INSTRUCTION_COUNT }, (_, i) => {
    // Round-robin over hanyin, hanbin and city so each has some; alternate rounds are replied, the others still open.
    const pool = [hanyin, hanbin, city].map((u) => ordered.filter((p) => officerOf(p).id === u.id)).filter((l) => l.length > 0);
    const list = pool[i % pool.length]!;
    const project = list[Math.floor(i / pool.length) % list.length]!;
    const recipient = officerOf(project);
    const issuedAt = days(rng.int(1, 40));
    const replyDueAt = instructionReplyDeadline(issuedAt, config);
    const replied = Math.floor(i / pool.length) % 2 === 1;
    const problem = problems.find((x) => x.projectId === project.id && x.status === "IN_PROGRESS");
    const repliedAt = replied ? clampPast(new Date(issuedAt.getTime() + rng.int(1, 4) * DAY_MS)) : null;
    return {
      id: randomUUID(), projectId: project.id, problemId: problem?.id ?? null, leaderId: leader.id, text: rng.pick(INSTRUCTION_TEXTS), issuedAt, replyDueAt,
      recipientId: recipient.id, repliedAt, replyText: replied ? rng.pick(INSTRUCTION_REPLIES) : null,
    };
  });

  // ───────────── aftercare visits ─────────────
  const landed = projects.filter((p) => p.stage === "PRODUCTION" || p.stage === "AT_CAPACITY");
  const visits = landed.length === 0 ? [] : Array.from({ length: DEMO_VISIT_COUNT }, (_, i) => {
    const project = landed[i % landed.length]!;
    const round = Math.floor(i / landed.length);
    const flags: readonly RedFlag[] = round === 0 && i % 4 === 1 ? FLAG_SETS[(i >> 2) % FLAG_SETS.length]! : [];
    const visitedAt = days(round * rng.int(40, 70) + rng.int(1, 30));
    const expansion = flags.length === 0 && rng.chance(0.15);
    return {
      id: randomUUID(), projectId: project.id, visitedAt, participants: `${officerOf(project).displayName}、企业负责人`,
      summary: flags.length ? flags.map((f) => FLAG_SUMMARIES[f]).join("；") : rng.pick(VISIT_SUMMARIES),
      flags: formatRedFlags(flags), flagLevel: worstLevel(...flags.map(redFlagLevel)),
      expansionNote: expansion ? "企业计划新建二期生产线，需新增用地约 30 亩" : null, expansionAmountWan: expansion ? rng.int(20, 80) * 100 : null,
      createdById: officerOf(project).id, createdAt: visitedAt, updatedAt: visitedAt,
    };
  });

  let responses = 0;
  await db.$transaction(
    async (tx) => {
      for (const p of problems) {
        const year = Number(shanghaiDay(p.reportedAt).slice(0, 4));
        const key = `problem-${year}`;
        const seq = await tx.codeSequence.upsert({ where: { key }, create: { key, value: 1 }, update: { value: { increment: 1 } } });
        const { responses: thread, ...row } = p;
        const updatedAt = thread.reduce((max, r) => (r.createdAt > max ? r.createdAt : max), p.reportedAt);
        await tx.problem.create({ data: { ...row, code: `WT-${year}-${String(seq.value).padStart(4, "0")}`, createdAt: p.reportedAt, updatedAt, version: 1 + thread.length } });
        await tx.problemResponse.createMany({ data: thread.map((r) => ({ ...r, id: randomUUID(), problemId: p.id })) });
        responses += thread.length;
      }
      await tx.incentive.createMany({ data: incentives });
      for (const ins of instructionPlans) {
        await tx.instruction.create({ data: { id: ins.id, projectId: ins.projectId, problemId: ins.problemId, leaderId: ins.leaderId, text: ins.text, issuedAt: ins.issuedAt, replyDueAt: ins.replyDueAt, createdAt: ins.issuedAt, updatedAt: ins.issuedAt } });
        await tx.instructionRecipient.create({ data: { instructionId: ins.id, userId: ins.recipientId, repliedAt: ins.repliedAt } });
        if (ins.repliedAt) await tx.instructionReply.create({ data: { id: randomUUID(), instructionId: ins.id, authorId: ins.recipientId, text: ins.replyText!, createdAt: ins.repliedAt } });
      }
      await tx.aftercareVisit.createMany({ data: visits });
    },
    { maxWait: 20_000, timeout: 60_000 },
  );
  return {
    skipped: false,
    problems: problems.length,
    responses,
    incentives: incentives.length,
    instructions: instructionPlans.length,
    replies: instructionPlans.filter((i) => i.repliedAt).length,
    visits: visits.length,
  };
}
