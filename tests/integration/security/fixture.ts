// The security suite's one fixture: two counties (A = 汉阴县, B = 汉滨区) with one record of each
// kind in each, and a signed-in user of every role. County officer and county leader sit in A;
// the department user belongs to 自然资源局, the department A's problem is assigned to (B's goes to
// 供电公司). "own" in the access matrix means A's record, "other" means B's.
import { normalizeCompanyName, searchKeyFor } from "#app/domain/company-name";
import { getUser } from "#app/utils/auth.server";
import type { SessionUser } from "#app/utils/permissions.server";
import { newTotpSecret } from "#app/utils/totp.server";
import { createTestUser, testDb } from "#tests/setup/db";
import { sessionCookieFor, testRequest } from "#tests/setup/session";

/** Who calls: anonymous, or a signed-in user of one role (leaders at city and at county level). */
export const PRINCIPALS = ["anon", "cityOfficer", "countyOfficer", "cityLeader", "countyLeader", "deptStaff", "admin", "auditor"] as const;
export type Principal = (typeof PRINCIPALS)[number];

export type Signed = { cookie: string; user: SessionUser };

/** One county's records; every id a route's `$param` can name. */
export type Records = {
  regionId: string;
  companyId: string;
  contactId: string;
  projectId: string;
  siteId: string;
  problemId: string;
  instructionId: string;
  batchId: string;
  /** The county officer on the project (an instruction's recipient). */
  officerId: string;
  /** Another user account of this county, for admin.users.$userId (the admin may disable it). */
  userId: string;
};

export type Fixture = {
  own: Records;
  other: Records;
  signed: Record<Exclude<Principal, "anon">, Signed>;
  deptStaffDepartmentId: string;
};

let sequence = 0;

async function countyRecords(regionName: string, departmentName: string, leaderId: string): Promise<Records> {
  const db = testDb();
  sequence += 1;
  const region = await db.region.findUniqueOrThrow({ where: { name: regionName }, select: { id: true } });
  const department = await db.department.findUniqueOrThrow({ where: { name: departmentName }, select: { id: true } });
  const officer = await createTestUser(db, { role: "COUNTY_OFFICER", regionName, displayName: `${regionName}档案专员` });
  const name = `${regionName}安全测试新材料有限公司`;
  const company = await db.company.create({
    data: { name, normalizedName: normalizeCompanyName(name), searchKey: searchKeyFor(name), ownerRegionId: region.id, description: "矩阵测试企业" },
  });
  const contact = await db.contact.create({ data: { companyId: company.id, name: "王经理", phone: "13800000000" } });
  const producedAt = new Date(Date.now() - 120 * 86_400_000);
  const project = await db.project.create({
    data: {
      code: `AK-2026-09${String(sequence).padStart(2, "0")}`,
      name: `${regionName}新材料生产基地`,
      searchKey: "xcl",
      companyId: company.id,
      regionId: region.id,
      plannedInvestment: 8000,
      stage: "PRODUCTION",
      stageEnteredAt: producedAt,
      producedAt,
      officerId: officer.id,
      leadLeaderId: leaderId,
    },
  });
  const site = await db.site.create({ data: { name: `${regionName}标准化厂房3号`, kind: "STANDARD_FACTORY", regionId: region.id, areaSqm: 3000 } });
  const problem = await db.problem.create({
    data: {
      code: `WT-2026-09${String(sequence).padStart(2, "0")}`,
      projectId: project.id,
      title: `${regionName}用电增容未落实`,
      category: "UTILITIES",
      status: "IN_PROGRESS",
      reportingRegionId: region.id,
      reportedById: officer.id,
      departmentId: department.id,
      assignedAt: new Date(),
      departmentAssignedAt: new Date(),
      deadlineAt: new Date(Date.now() + 10 * 86_400_000),
    },
  });
  const instruction = await db.instruction.create({
    data: {
      projectId: project.id,
      problemId: problem.id,
      leaderId,
      text: "请抓紧协调解决用电增容",
      replyDueAt: new Date(Date.now() + 5 * 86_400_000),
      recipients: { create: [{ userId: officer.id }] },
    },
  });
  const batch = await db.importBatch.create({
    data: { fileName: "台账.xlsx", sha256: `${sequence}`.repeat(64).slice(0, 64), regionId: region.id, status: "COMMITTED", actorId: officer.id, actorName: officer.displayName, committedAt: new Date() },
  });
  return {
    regionId: region.id,
    companyId: company.id,
    contactId: contact.id,
    projectId: project.id,
    siteId: site.id,
    problemId: problem.id,
    instructionId: instruction.id,
    batchId: batch.id,
    officerId: officer.id,
    userId: (await createTestUser(db, { role: "COUNTY_OFFICER", regionName, displayName: `${regionName}账户测试` })).id,
  };
}

async function signIn(username: string): Promise<Signed> {
  const cookie = await sessionCookieFor(username);
  const user = await getUser(testRequest("/", { cookie }));
  if (!user) throw new Error(`no session for ${username}`);
  return { cookie, user };
}

/** Builds the two counties and signs in one user per principal (sessions made once per file). */
export async function buildFixture(): Promise<Fixture> {
  const db = testDb();
  const made = {
    cityOfficer: await createTestUser(db, { role: "CITY_OFFICER" }),
    countyOfficer: await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉阴县" }),
    cityLeader: await createTestUser(db, { role: "LEADER", regionName: "安康市", displayName: "王副市长" }),
    countyLeader: await createTestUser(db, { role: "LEADER", regionName: "汉阴县", displayName: "汉阴县李县长" }),
    deptStaff: await createTestUser(db, { role: "DEPT_STAFF", departmentName: "自然资源局" }),
    admin: await createTestUser(db, { role: "ADMIN", totpSecret: newTotpSecret() }),
    auditor: await createTestUser(db, { role: "AUDITOR", totpSecret: newTotpSecret() }),
  };
  const own = await countyRecords("汉阴县", "自然资源局", made.cityLeader.id);
  const other = await countyRecords("汉滨区", "供电公司", made.cityLeader.id);
  // The signed-in county officer is also asked to answer A's instruction (only recipients reply).
  await db.instructionRecipient.create({ data: { instructionId: own.instructionId, userId: made.countyOfficer.id } });
  // The fixture's A-side batch belongs to the signed-in county officer (imports are the uploader's own).
  await db.importBatch.update({ where: { id: own.batchId }, data: { actorId: made.countyOfficer.id, actorName: made.countyOfficer.displayName } });
  const signed = {} as Fixture["signed"];
  for (const [key, user] of Object.entries(made) as [keyof typeof made, (typeof made)[keyof typeof made]][]) {
    signed[key] = await signIn(user.username);
  }
  const dept = await db.department.findUniqueOrThrow({ where: { name: "自然资源局" }, select: { id: true } });
  return { own, other, signed, deptStaffDepartmentId: dept.id };
}
