// Accounts: the user's own password and second factor, and the admin's management of users.
// Every change is audited; changes that matter for security end the user's sessions.
import { isRole, roleNeedsDepartment, roleNeedsRegion, roleRequiresTotp, type Role } from "#app/domain/roles";
import { type MessageKey } from "#app/i18n";
import { writeAudit } from "#app/utils/audit.server";
import { endUserSessions } from "#app/utils/auth.server";
import { now } from "#app/utils/clock";
import { prisma, isUniqueViolation, type DbTx } from "#app/utils/db.server";
import { hashPassword, validateNewPassword, verifyPassword } from "#app/utils/password.server";
import { type SessionUser } from "#app/utils/permissions.server";
import { type RequestMeta } from "#app/utils/request-meta.server";
import { newTotpSecret, verifyTotp } from "#app/utils/totp.server";

export type Outcome<F extends string = string> = { ok: true } | { ok: false; field: F; message: MessageKey };

const USER_AUDIT_SELECT = {
  id: true,
  username: true,
  displayName: true,
  title: true,
  role: true,
  regionId: true,
  departmentId: true,
  disabled: true,
  lockedUntil: true,
  totpEnabled: true,
  version: true,
} as const;

export async function changeOwnPassword(
  user: SessionUser,
  currentPassword: string,
  newPassword: string,
  meta: RequestMeta,
): Promise<Outcome<"currentPassword" | "newPassword">> {
  const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(row.passwordHash, currentPassword))) return { ok: false, field: "currentPassword", message: "auth.currentPasswordWrong" };
  const check = validateNewPassword(newPassword, user.username);
  if (!check.ok) return { ok: false, field: "newPassword", message: check.message };
  await prisma.user.update({
    where: { id: user.id },
    data: { passwordHash: await hashPassword(newPassword), passwordChangedAt: now(), version: { increment: 1 } },
  });
  await endUserSessions(user.id);
  await writeAudit({ actor: user, action: "PASSWORD_CHANGE", entity: "User", entityId: user.id, meta });
  return { ok: true };
}

/** A fresh secret for the enrolment page; stored only once the user proves a code. */
export function proposeTotpSecret(): string {
  return newTotpSecret();
}

export async function enableTotp(user: SessionUser, secret: string, code: string, meta: RequestMeta): Promise<Outcome<"totp">> {
  if (!verifyTotp(secret, code)) return { ok: false, field: "totp", message: "auth.totpInvalid" };
  await prisma.user.update({ where: { id: user.id }, data: { totpSecret: secret, totpEnabled: true, version: { increment: 1 } } });
  await writeAudit({ actor: user, action: "TOTP_ENROL", entity: "User", entityId: user.id, after: { totpEnabled: true }, meta });
  return { ok: true };
}

export async function disableTotp(user: SessionUser, code: string, meta: RequestMeta): Promise<Outcome<"totp">> {
  if (roleRequiresTotp(user.role)) return { ok: false, field: "totp", message: "auth.totpCannotDisable" };
  const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpSecret: true } });
  if (!row.totpSecret || !verifyTotp(row.totpSecret, code)) return { ok: false, field: "totp", message: "auth.totpInvalid" };
  await prisma.user.update({ where: { id: user.id }, data: { totpSecret: null, totpEnabled: false, version: { increment: 1 } } });
  await writeAudit({ actor: user, action: "UPDATE", entity: "User", entityId: user.id, before: { totpEnabled: true }, after: { totpEnabled: false }, meta });
  return { ok: true };
}

// ───────────────────────────── administration ─────────────────────────────

export type UserInput = {
  username: string;
  displayName: string;
  title?: string | null;
  role: Role;
  regionId?: string | null;
  departmentId?: string | null;
};

type UserField = "username" | "password" | "role" | "regionId" | "departmentId" | "version";

/** Role-dependent links: county officers and leaders need a region, department staff a department. */
function checkAssignment(input: UserInput): Outcome<UserField> {
  if (!isRole(input.role)) return { ok: false, field: "role", message: "admin.roleInvalid" };
  if (roleNeedsRegion(input.role) && !input.regionId) return { ok: false, field: "regionId", message: "admin.regionRequired" };
  if (roleNeedsDepartment(input.role) && !input.departmentId) return { ok: false, field: "departmentId", message: "admin.departmentRequired" };
  return { ok: true };
}

function normaliseAssignment(input: UserInput) {
  return {
    regionId: roleNeedsRegion(input.role) || input.role === "CITY_OFFICER" ? (input.regionId ?? null) : null,
    departmentId: roleNeedsDepartment(input.role) ? (input.departmentId ?? null) : null,
  };
}

export async function createUser(
  actor: SessionUser | null,
  input: UserInput & { password: string },
  meta?: RequestMeta,
  db: DbTx = prisma,
): Promise<Outcome<UserField> & { id?: string }> {
  const assignment = checkAssignment(input);
  if (!assignment.ok) return assignment;
  const check = validateNewPassword(input.password, input.username);
  if (!check.ok) return { ok: false, field: "password", message: check.message };
  try {
    const user = await db.user.create({
      data: {
        username: input.username.trim(),
        displayName: input.displayName.trim(),
        title: input.title ?? null,
        role: input.role,
        ...normaliseAssignment(input),
        passwordHash: await hashPassword(input.password),
      },
      select: USER_AUDIT_SELECT,
    });
    await writeAudit({ actor, action: "CREATE", entity: "User", entityId: user.id, after: user, meta }, db);
    return { ok: true, id: user.id };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, field: "username", message: "admin.usernameTaken" };
    throw error;
  }
}

/** Updates role, region, department and names; a stale version is refused (optimistic lock). */
export async function updateUser(
  actor: SessionUser,
  userId: string,
  version: number,
  input: Omit<UserInput, "username">,
  meta: RequestMeta,
): Promise<Outcome<UserField>> {
  const assignment = checkAssignment({ ...input, username: "" });
  if (!assignment.ok) return assignment;
  const before = await prisma.user.findUnique({ where: { id: userId }, select: USER_AUDIT_SELECT });
  if (!before) return { ok: false, field: "version", message: "common.notFoundBody" };
  const { count } = await prisma.user.updateMany({
    where: { id: userId, version },
    data: {
      displayName: input.displayName.trim(),
      title: input.title ?? null,
      role: input.role,
      ...normaliseAssignment({ ...input, username: "" }),
      version: { increment: 1 },
    },
  });
  if (count === 0) return { ok: false, field: "version", message: "admin.staleVersion" };
  const after = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: USER_AUDIT_SELECT });
  // A new role or scope takes effect at once: the user signs in again.
  if (before.role !== after.role || before.regionId !== after.regionId || before.departmentId !== after.departmentId) {
    await endUserSessions(userId);
  }
  await writeAudit({ actor, action: "UPDATE", entity: "User", entityId: userId, before, after, meta });
  return { ok: true };
}

async function adminChange(actor: SessionUser, userId: string, data: Parameters<typeof prisma.user.update>[0]["data"], meta: RequestMeta, detail: string, endSessions: boolean) {
  const before = await prisma.user.findUnique({ where: { id: userId }, select: USER_AUDIT_SELECT });
  if (!before) return false;
  const after = await prisma.user.update({ where: { id: userId }, data: { ...data, version: { increment: 1 } }, select: USER_AUDIT_SELECT });
  if (endSessions) await endUserSessions(userId);
  await writeAudit({ actor, action: "UPDATE", entity: "User", entityId: userId, before, after, detail, meta });
  return true;
}

export function setUserDisabled(actor: SessionUser, userId: string, disabled: boolean, meta: RequestMeta) {
  return adminChange(actor, userId, { disabled }, meta, disabled ? "disable" : "enable", disabled);
}

export function unlockUser(actor: SessionUser, userId: string, meta: RequestMeta) {
  return adminChange(actor, userId, { lockedUntil: null, failedLoginCount: 0 }, meta, "unlock", false);
}

export async function resetUserPassword(actor: SessionUser, userId: string, password: string, meta: RequestMeta): Promise<Outcome<"password">> {
  const target = await prisma.user.findUnique({ where: { id: userId }, select: { username: true } });
  if (!target) return { ok: false, field: "password", message: "common.notFoundBody" };
  const check = validateNewPassword(password, target.username);
  if (!check.ok) return { ok: false, field: "password", message: check.message };
  await adminChange(actor, userId, { passwordHash: await hashPassword(password), passwordChangedAt: now(), lockedUntil: null, failedLoginCount: 0 }, meta, "reset-password", true);
  return { ok: true };
}

export async function endSessionsFor(actor: SessionUser, userId: string, meta: RequestMeta) {
  await endUserSessions(userId);
  await writeAudit({ actor, action: "SESSIONS_END", entity: "User", entityId: userId, meta });
}
