// The demo supervision records (prisma/seed/demo-supervision.ts) on top of the demo projects, in
// a real database: problems in every status with some overdue and work for the zrzy account's
// department, open instructions for hanyin, a flagged incentive, visits on firms in production,
// and idempotence.
import { PROBLEM_STATUSES } from "#app/domain/problem-status";
import { ensureMechanism, invalidateMechanismCache } from "#app/models/mechanism.server";
import { seedDemoData } from "../../prisma/seed/demo-data";
import { seedDemoSupervision, type DemoSupervisionResult } from "../../prisma/seed/demo-supervision";
import { seedDemoUsers } from "../../prisma/seed/demo-users";
import { seedOrganisation } from "../../prisma/seed/organisation";
import { testDb } from "#tests/setup/db";

const db = testDb();
const NOW = new Date();
const SEED_TIMEOUT = 90_000;

let first: DemoSupervisionResult;

beforeAll(async () => {
  await seedOrganisation(db);
  await ensureMechanism(db);
  invalidateMechanismCache();
  await seedDemoUsers(db);
  await seedDemoData(db, { now: NOW });
  first = await seedDemoSupervision(db, { now: NOW });
}, SEED_TIMEOUT);

test("problems in every status, some overdue, codes from the sequence, threads that follow the status", async () => {
  expect(first.skipped).toBe(false);
  const problems = await db.problem.findMany({ include: { responses: { orderBy: { createdAt: "asc" } } } });
  expect(problems.length).toBe(first.problems);
  expect(problems.length).toBeGreaterThanOrEqual(50);
  expect(new Set(problems.map((p) => p.status))).toEqual(new Set(PROBLEM_STATUSES));
  expect(problems.filter((p) => p.status === "IN_PROGRESS" && p.deadlineAt! < NOW).length).toBeGreaterThan(0);
  for (const p of problems) {
    expect(p.code).toMatch(/^WT-\d{4}-\d{4}$/);
    if (p.status === "PENDING") expect(p.departmentId).toBeNull();
    else {
      expect(p.departmentId).not.toBeNull();
      expect(p.deadlineAt).not.toBeNull();
      expect(p.responses.length).toBeGreaterThanOrEqual(1);
      expect(p.responses.length).toBeLessThanOrEqual(3);
      expect(p.responses.at(-1)!.toStatus).toBe(p.status);
    }
  }
  const seq = await db.codeSequence.findMany({ where: { key: { startsWith: "problem-" } } });
  expect(seq.reduce((n, s) => n + s.value, 0)).toBe(problems.length);
});

test("zrzy's department has problems", async () => {
  const zrzy = await db.user.findUniqueOrThrow({ where: { username: "zrzy" } });
  expect(await db.problem.count({ where: { departmentId: zrzy.departmentId!, status: "IN_PROGRESS" } })).toBeGreaterThan(0);
});

test("open instructions for hanyin, replied ones elsewhere", async () => {
  const hanyin = await db.user.findUniqueOrThrow({ where: { username: "hanyin" } });
  expect(await db.instructionRecipient.count({ where: { userId: hanyin.id, repliedAt: null } })).toBeGreaterThan(0);
  expect(await db.instruction.count()).toBe(first.instructions);
  expect(await db.instructionReply.count()).toBe(first.replies);
  expect(first.replies).toBeGreaterThan(0);
  const leader = await db.user.findUniqueOrThrow({ where: { username: "leader" } });
  expect(await db.instruction.count({ where: { leaderId: { not: leader.id } } })).toBe(0);
});

test("incentives in every state, at least one flagged; visits on firms in production", async () => {
  const incentives = await db.incentive.findMany();
  expect(incentives.length).toBe(first.incentives);
  expect(incentives.filter((i) => i.fairFlags !== "").length).toBeGreaterThanOrEqual(1);
  expect(incentives.some((i) => i.settled && !i.cancelledAt)).toBe(true);
  expect(incentives.some((i) => !i.settled && i.paidWan > 0)).toBe(true);
  expect(incentives.some((i) => !i.settled && i.dueAt && i.dueAt < NOW)).toBe(true);
  const visits = await db.aftercareVisit.findMany({ include: { project: { select: { stage: true } } } });
  expect(visits.length).toBe(first.visits);
  for (const v of visits) expect(["PRODUCTION", "AT_CAPACITY"]).toContain(v.project.stage);
  expect(visits.some((v) => v.flagLevel === "RED")).toBe(true);
});

test("seeding twice adds nothing", async () => {
  const counts = async () => [await db.problem.count(), await db.problemResponse.count(), await db.incentive.count(), await db.instruction.count(), await db.aftercareVisit.count()];
  const before = await counts();
  const again = await seedDemoSupervision(db, { now: NOW });
  expect(again.skipped).toBe(true);
  expect(await counts()).toEqual(before);
}, SEED_TIMEOUT);
