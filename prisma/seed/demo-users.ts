// Demo accounts (README: 演示账户). Created only when demo mode is asked for.
import { type Role } from "#app/domain/roles";
import type { DbTx } from "#app/utils/db.server";
import { hashPassword } from "#app/utils/password.server";
import { CITY } from "./organisation";

export const DEMO_PASSWORD = "Zhaoshang@2026";
/** Published in the README so tests and evaluators can pass the second factor. */
export const DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP";

type DemoUser = { username: string; displayName: string; title?: string; role: Role; region?: string; department?: string; totp?: boolean };

export const DEMO_USERS: DemoUser[] = [
  { username: "admin", displayName: "系统管理员", role: "ADMIN", totp: true },
  { username: "auditor", displayName: "安全审计员", role: "AUDITOR", totp: true },
  { username: "city", displayName: "周明（市招商局）", role: "CITY_OFFICER", region: CITY.name },
  { username: "hanbin", displayName: "李娜（汉滨区）", role: "COUNTY_OFFICER", region: "汉滨区" },
  { username: "hanyin", displayName: "王强（汉阴县）", role: "COUNTY_OFFICER", region: "汉阴县" },
  { username: "leader", displayName: "陈建国", title: "副市长", role: "LEADER", region: CITY.name },
  { username: "zrzy", displayName: "赵磊（市自然资源局）", role: "DEPT_STAFF", department: "自然资源局" },
];

export async function seedDemoUsers(db: DbTx): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const u of DEMO_USERS) {
    const region = u.region ? await db.region.findUniqueOrThrow({ where: { name: u.region }, select: { id: true } }) : null;
    const department = u.department ? await db.department.findUniqueOrThrow({ where: { name: u.department }, select: { id: true } }) : null;
    await db.user.upsert({
      where: { username: u.username },
      update: {},
      create: {
        username: u.username,
        displayName: u.displayName,
        title: u.title ?? null,
        role: u.role,
        regionId: region?.id ?? null,
        departmentId: department?.id ?? null,
        passwordHash,
        totpSecret: u.totp ? DEMO_TOTP_SECRET : null,
        totpEnabled: !!u.totp,
      },
    });
  }
}
