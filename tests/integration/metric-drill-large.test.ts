// A cockpit drill-down behind a large number: 1 200 projects signed this year in one county. The
// list filters them by id, which passes SQLite's historical 999 bound values (the adapter reports
// the real limit) — the number, the list's total and its first page agree on both databases.
import { shanghaiYear, yearPeriod } from "#app/domain/metrics";
import { ensureMechanism, invalidateMechanismCache } from "#app/models/mechanism.server";
import { regionMetrics } from "#app/models/metrics.server";
import { listProjects } from "#app/models/project-list.server";
import { readProjectFilters } from "#app/schemas/project-list";
import { type Role } from "#app/domain/roles";
import { type SessionUser } from "#app/utils/permissions.server";
import { createTestUser, testDb } from "#tests/setup/db";

const db = testDb();
const COUNT = 1_200;

test("a metric with more than 999 projects lists them all", async () => {
  await ensureMechanism(db);
  invalidateMechanismCache();
  const region = await db.region.findUniqueOrThrow({ where: { name: "汉阴县" } });
  const company = await db.company.create({ data: { name: "大批量测试企业", normalizedName: "大批量测试企业", searchKey: "dpl", ownerRegionId: region.id } });
  const now = new Date();
  const signedAt = new Date(yearPeriod(shanghaiYear(now)).from.getTime() + 3_600_000);
  await db.project.createMany({
    data: Array.from({ length: COUNT }, (_, i) => ({
      code: `AK-T-${String(i).padStart(5, "0")}`,
      name: `批量项目${i}`,
      searchKey: `plxm${i}`,
      companyId: company.id,
      regionId: region.id,
      plannedInvestment: 2_000,
      contractAmount: 2_000,
      contractType: "FORMAL",
      signedAt,
      stage: "SIGNED",
      stageEnteredAt: signedAt,
    })),
  });
  const row = await createTestUser(db, { role: "LEADER" });
  const user: SessionUser = { id: row.id, username: row.username, displayName: row.displayName, title: null, role: row.role as Role, regionId: row.regionId, departmentId: null, totpEnabled: false, sessionId: "t" };

  const report = await regionMetrics(user, { period: yearPeriod(shanghaiYear(now)), now });
  const hanyin = report.units.find((u) => u.regionId === region.id)!;
  expect(hanyin.signed.value).toBe(COUNT);
  const list = await listProjects(user, readProjectFilters(new URL(hanyin.signed.href, "http://x").searchParams), { sort: "code", dir: "asc", skip: 0, pageSize: 50 });
  expect(list.total).toBe(COUNT);
  expect(list.rows[0]?.code).toBe("AK-T-00000");
}, 60_000);
