// Sets up the issue 4 journey (tests/e2e/landing.spec.ts) in the e2e server's database through
// the app's own models, as the 汉阴县 demo officer would: a company, project A moved to 签约
// (8,000万元 正式合同, which records its contract), project B still in 洽谈, and two fresh
// standard factories in 汉阴县 sized so that only they fit the needs given to both projects —
// the journey then finds them among the suggestions whatever the demo carriers are.
//
//   DATABASE_URL=file:tests/.tmp/e2e.db tsx tests/e2e/support/create-landing-projects.ts <stamp>
//
// Prints {"projectA":{…},"projectB":{…},"sites":[…]} on success; exits 1 with the reason otherwise.
import { normalizeCompanyName, searchKeyFor } from "#app/domain/company-name";
import { isRole } from "#app/domain/roles";
import { startOfShanghaiDay } from "#app/domain/workdays";
import { createProject } from "#app/models/project.server";
import { moveProjectToStage } from "#app/models/stage.server";
import { prisma } from "#app/utils/db.server";
import { type SessionUser } from "#app/utils/permissions.server";

const stamp = process.argv[2] ?? String(Date.now()).slice(-6);
const daysAgo = (n: number) => startOfShanghaiDay(new Date(Date.now() - n * 86_400_000));

try {
  const row = await prisma.user.findUniqueOrThrow({ where: { username: "hanyin" } });
  if (!isRole(row.role)) throw new Error("hanyin has no role");
  const officer: SessionUser = { ...row, role: row.role, sessionId: "e2e-setup" };
  const region = await prisma.region.findUniqueOrThrow({ where: { name: "汉阴县" }, select: { id: true } });

  const companyName = `汉阴落地测试${stamp}玩具有限公司`;
  const company = await prisma.company.create({
    data: { name: companyName, normalizedName: normalizeCompanyName(companyName), searchKey: searchKeyFor(companyName), ownerRegionId: region.id, createdById: officer.id },
  });
  const project = async (name: string) => {
    const created = await createProject(officer, { name, companyId: company.id, plannedInvestment: 8_600, nature: "NEW" });
    if (!created.ok) throw new Error(`createProject: ${JSON.stringify(created.errors)}`);
    return created;
  };
  const a = await project(`绒梦落地${stamp}毛绒玩具生产基地项目`);
  const b = await project(`绒梦落地${stamp}电商仓储项目`);

  const signed = await moveProjectToStage(officer, a.id, {
    version: a.version,
    to: "SIGNED",
    fields: { firstContactAt: daysAgo(60), signedAt: daysAgo(10), contractAmount: 8_000, contractType: "FORMAL" },
  });
  if (!signed.ok) throw new Error(`move A to 签约: ${JSON.stringify(signed.errors)}`);
  const negotiating = await moveProjectToStage(officer, b.id, { version: b.version, to: "NEGOTIATION", fields: { firstContactAt: daysAgo(40) } });
  if (!negotiating.ok) throw new Error(`move B to 洽谈: ${JSON.stringify(negotiating.errors)}`);

  // Larger and better powered than any demo carrier, so they are the only ones that fit.
  const sites = [];
  for (const [i, name] of [`汉阴绒梦${stamp}一号标准化厂房`, `汉阴绒梦${stamp}二号标准化厂房`].entries()) {
    sites.push(
      await prisma.site.create({
        data: {
          name,
          kind: "STANDARD_FACTORY",
          regionId: region.id,
          address: `汉阴县城关镇产业园${i + 1}号`,
          areaSqm: 60_000,
          areaMu: 90,
          floors: 4,
          powerKva: 6_300,
          maxEiaCategory: "EIA_REPORT",
          status: "VACANT",
          rentYuanPerSqmMonth: 8,
          createdById: officer.id,
        },
        select: { id: true, name: true },
      }),
    );
  }
  for (const projectId of [a.id, b.id]) {
    await prisma.projectSiteNeeds.create({ data: { projectId, floorSqm: 50_000, powerKva: 5_000, regionIds: region.id } });
  }

  const names = await prisma.project.findMany({ where: { id: { in: [a.id, b.id] } }, select: { id: true, code: true, name: true } });
  const view = (id: string) => names.find((p) => p.id === id)!;
  console.log(JSON.stringify({ projectA: view(a.id), projectB: view(b.id), sites }));
} catch (error) {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
