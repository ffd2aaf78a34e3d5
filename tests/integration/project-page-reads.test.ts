// The project page's reads in raw SQL (project detail, follow-ups, participant options, 统计口径)
// against what the Prisma model API gives for the same rows, on SQLite and PostgreSQL: the
// shape and types the page used before (Date, boolean, number, null relations), the order of
// members and follow-ups, soft-deleted rows left out, and the scope's 404.
import { randomBytes } from "node:crypto";
import { normalizeCompanyName, searchKeyFor } from "#app/domain/company-name";
import { createFollowUp, deleteFollowUp, followUpParticipantOptions, listFollowUpsForProject } from "#app/models/follow-up.server";
import { getCountingStatus } from "#app/models/metrics.server";
import { PROJECT_DETAIL_FIELDS, createProject, deleteProject, getProjectForUser } from "#app/models/project.server";
import { type SessionUser } from "#app/utils/permissions.server";
import { createTestUser, sessionUserOf, testDb } from "#tests/setup/db";
import { responseOf } from "#tests/setup/session";

const db = testDb();

const PERSON = { select: { id: true, displayName: true, title: true, role: true } } as const;

/**
 * What getProjectForUser returned when it was a Prisma `select` with relations: the project's
 * own columns (PROJECT_DETAIL_FIELDS, the same list the raw read selects) and its relations.
 */
function prismaDetail(id: string) {
  return db.project.findFirstOrThrow({
    where: { id },
    select: {
      ...PROJECT_DETAIL_FIELDS,
      company: { select: { id: true, name: true, deletedAt: true } },
      region: { select: { id: true, name: true } },
      chain: { select: { id: true, name: true } },
      link: { select: { id: true, name: true } },
      leadLeader: PERSON,
      officer: PERSON,
      members: { select: { role: true, user: PERSON }, orderBy: { user: { displayName: "asc" } } },
    },
  });
}

type TestUser = Awaited<ReturnType<typeof createTestUser>>;
let officer: SessionUser;
let otherCounty: SessionUser;
let cityLeader: TestUser;
let countyLeader: TestUser;
let liaisonA: TestUser;
let liaisonB: TestUser;
let companyId: string;
let chainId: string;
let linkId: string;

const suffix = randomBytes(3).toString("hex");

async function newProject(input: Partial<Parameters<typeof createProject>[1]> = {}) {
  const result = await createProject(officer, { name: `页面读取测试项目${suffix}`, companyId, plannedInvestment: 6_000, ...input });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.id;
}

function idOf(result: Awaited<ReturnType<typeof createFollowUp>>): string {
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.id;
}

beforeAll(async () => {
  const hanyin = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉阴县", displayName: "汉阴读取专员" });
  officer = await sessionUserOf(hanyin.id);
  otherCounty = await sessionUserOf((await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉滨区" })).id);
  cityLeader = await createTestUser(db, { role: "LEADER", regionName: "安康市", displayName: "赵副市长" });
  countyLeader = await createTestUser(db, { role: "LEADER", regionName: "汉阴县", displayName: "钱县长" });
  // Names out of insertion order, to see the members sorted.
  liaisonB = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉阴县", displayName: "孙联络" });
  liaisonA = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉阴县", displayName: "李联络" });
  const name = `安康读取测试有限公司${suffix}`;
  companyId = (await db.company.create({ data: { name, normalizedName: normalizeCompanyName(name), searchKey: searchKeyFor(name), ownerRegionId: hanyin.regionId! } })).id;
  chainId = (await db.industryChain.create({ data: { name: `读取测试链${suffix}` } })).id;
  linkId = (await db.chainLink.create({ data: { chainId, name: "读取测试环节" } })).id;
});

describe("getProjectForUser", () => {
  test("gives what the Prisma select gave: names of company, region, chain, link and people, members by name, typed values", async () => {
    const id = await newProject({
      chainId,
      linkId,
      leadLeaderId: cityLeader.id,
      officerId: officer.id,
      liaisonIds: [liaisonB.id, liaisonA.id],
      expectedJobs: 120,
      expectedOutput: 3_500.5,
      keyManual: true,
      description: "读取测试",
    });
    const detail = await getProjectForUser(officer, id);
    expect(detail).toEqual(await prismaDetail(id));
    expect(detail.members.map((m) => m.user.displayName)).toEqual(["孙联络", "李联络"].sort());
    expect(detail.stageEnteredAt).toBeInstanceOf(Date);
    expect(detail.isKey).toBe(true);
    expect(typeof detail.plannedInvestment).toBe("number");
    expect(detail.chain).toEqual({ id: chainId, name: `读取测试链${suffix}` });
  });

  test("null relations stay null; another county and a deleted project answer 404", async () => {
    const id = await newProject();
    const detail = await getProjectForUser(officer, id);
    expect(detail).toEqual(await prismaDetail(id));
    expect(detail).toMatchObject({ chain: null, link: null, leadLeader: null, officer: null, members: [] });
    expect((await responseOf(() => getProjectForUser(otherCounty, id))).status).toBe(404);
    await deleteProject(officer, id, detail.version);
    expect((await responseOf(() => getProjectForUser(officer, id))).status).toBe(404);
  });
});

describe("listFollowUpsForProject", () => {
  test("newest day first, then the later entry of a day; deleted ones left out; participants leaders first; author and dates", async () => {
    const id = await newProject({ liaisonIds: [liaisonA.id] });
    const day = (d: string) => new Date(`${d}T00:00:00+08:00`);
    const older = idOf(await createFollowUp(officer, id, { kind: "PHONE", date: day("2026-01-05"), summary: "较早", participants: [] }));
    const first = idOf(
      await createFollowUp(officer, id, {
        kind: "VISIT",
        date: day("2026-02-10"),
        summary: "同日先记",
        nextAction: "寄资料",
        nextActionDue: day("2026-02-20"),
        participants: [{ userId: liaisonA.id }, { userId: countyLeader.id, capacity: "MEET" }],
      }),
    );
    const second = idOf(await createFollowUp(officer, id, { kind: "PHONE", date: day("2026-02-10"), summary: "同日后记", participants: [] }));
    const gone = idOf(await createFollowUp(officer, id, { kind: "PHONE", date: day("2026-03-01"), summary: "删除", participants: [] }));
    // The same day's two entries: the one created later comes first.
    await db.followUp.update({ where: { id: first }, data: { createdAt: new Date("2026-02-10T01:00:00Z") } });
    await db.followUp.update({ where: { id: second }, data: { createdAt: new Date("2026-02-10T02:00:00Z") } });
    await deleteFollowUp(officer, gone);
    // An author who is no longer known reads as none.
    await db.followUp.update({ where: { id: older }, data: { createdById: null } });

    const list = await listFollowUpsForProject(id);
    expect(list.map((f) => f.id)).toEqual([second, first, older]);
    expect(list[1]).toEqual({
      id: first,
      kind: "VISIT",
      date: day("2026-02-10"),
      summary: "同日先记",
      nextAction: "寄资料",
      nextActionDue: day("2026-02-20"),
      createdAt: new Date("2026-02-10T01:00:00Z"),
      version: 1,
      author: "汉阴读取专员",
      participants: [
        { userId: countyLeader.id, displayName: "钱县长", title: null, role: "LEADER", capacity: "MEET" },
        { userId: liaisonA.id, displayName: "李联络", title: null, role: "COUNTY_OFFICER", capacity: null },
      ],
    });
    expect(list[2]).toMatchObject({ author: null, participants: [], nextAction: null, nextActionDue: null });
    expect((await listFollowUpsForProject(id, 2)).map((f) => f.id)).toEqual([second, first]);
  });
});

describe("followUpParticipantOptions", () => {
  test("leaders and officers who may take the project, its members even when disabled, and those already on the follow-up", async () => {
    const id = await newProject({ liaisonIds: [liaisonA.id] });
    await db.user.update({ where: { id: liaisonA.id }, data: { disabled: true } });
    try {
      const project = await getProjectForUser(officer, id);
      const disabledOther = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉阴县", disabled: true });
      const options = await followUpParticipantOptions(project);
      const ids = options.map((o) => o.id);
      expect(ids).toEqual(expect.arrayContaining([cityLeader.id, countyLeader.id, officer.id, liaisonA.id]));
      expect(ids).not.toContain(otherCounty.id);
      expect(ids).not.toContain(disabledOther.id);
      expect(options.findIndex((o) => o.role !== "LEADER")).toBeGreaterThan(options.findLastIndex((o) => o.role === "LEADER"));
      expect(options.find((o) => o.id === liaisonA.id)).toEqual({ id: liaisonA.id, displayName: "李联络", title: null, role: "COUNTY_OFFICER" });
      expect((await followUpParticipantOptions(project, [disabledOther.id])).map((o) => o.id)).toContain(disabledOther.id);
    } finally {
      await db.user.update({ where: { id: liaisonA.id }, data: { disabled: false } });
    }
  });
});

describe("getCountingStatus", () => {
  test("a formal contract that is deleted, a framework contract and a 注册 without its 统一社会信用代码 do not land a project", async () => {
    const id = await newProject({ plannedInvestment: 20_000 });
    const status = async () => getCountingStatus(await getProjectForUser(officer, id));
    const missing = (await status()).landedMissing;
    expect(missing).toEqual(expect.arrayContaining(["NOT_SIGNED", "NO_FORMAL_CONTRACT", "NO_LOCAL_COMPANY"]));

    await db.contract.create({ data: { projectId: id, type: "FORMAL", signedAt: new Date("2026-01-10T00:00:00Z"), deletedAt: new Date() } });
    await db.contract.create({ data: { projectId: id, type: "FRAMEWORK", signedAt: new Date("2026-01-11T00:00:00Z") } });
    await db.milestone.create({ data: { projectId: id, kind: "REGISTERED", actualAt: new Date("2026-01-12T00:00:00Z"), localCompanyUscc: "" } });
    const before = await status();
    expect(before.landedMissing).toEqual(missing);

    await db.contract.create({ data: { projectId: id, type: "FORMAL", signedAt: new Date("2026-01-13T00:00:00Z") } });
    await db.contract.create({ data: { projectId: id, type: "FORMAL", signedAt: new Date("2026-01-14T00:00:00Z") } });
    await db.milestone.update({ where: { projectId_kind: { projectId: id, kind: "REGISTERED" } }, data: { localCompanyUscc: "91610900MA70000000" } });
    const after = await status();
    expect(after.landedMissing).not.toContain("NO_FORMAL_CONTRACT");
    expect(after.landedMissing).not.toContain("NO_LOCAL_COMPANY");
    expect(after.counted).toBe(true);
  });
});
