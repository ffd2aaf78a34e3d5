// Accounts: the user's own password and second factor, and the admin's management of users.
// Every change is audited; changes that matter for security end the user's sessions.
import { isRole, roleNeedsDepartment, roleNeedsRegion, roleRequiresTotp, type Role } from "#app/domain/roles";
import { type MessageKey } from "#app/i18n";
import { type UserStatus } from "#app/schemas/admin-users";
import { writeAudit } from "#app/utils/audit.server";
import { endUserSessions } from "#app/utils/auth.server";
import { now } from "#app/utils/clock";
import { prisma, isUniqueViolation, type DbTx } from "#app/utils/db.server";
import { hashPassword, validateNewPassword, verifyPassword } from "#app/utils/password.server";
import { type SessionUser } from "#app/utils/permissions.server";
import { type RequestMeta } from "#app/utils/request-meta.server";
import { containsText } from "#app/utils/text-search.server";
import { type ListParams } from "#app/utils/list-params";
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
  const passwordHash = await hashPassword(newPassword);
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, passwordChangedAt: now(), version: { increment: 1 } } });
    await writeAudit({ actor: user, action: "PASSWORD_CHANGE", entity: "User", entityId: user.id, meta }, tx);
  });
  await endUserSessions(user.id);
  return { ok: true };
}

/** A fresh secret for the enrolment page; stored only once the user proves a code. */
export function proposeTotpSecret(): string {
  return newTotpSecret();
}

export async function enableTotp(user: SessionUser, secret: string, code: string, meta: RequestMeta): Promise<Outcome<"totp">> {
  if (!verifyTotp(secret, code)) return { ok: false, field: "totp", message: "auth.totpInvalid" };
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { totpSecret: secret, totpEnabled: true, version: { increment: 1 } } });
    await writeAudit({ actor: user, action: "TOTP_ENROL", entity: "User", entityId: user.id, after: { totpEnabled: true }, meta }, tx);
  });
  return { ok: true };
}

export async function disableTotp(user: SessionUser, code: string, meta: RequestMeta): Promise<Outcome<"totp">> {
  if (roleRequiresTotp(user.role)) return { ok: false, field: "totp", message: "auth.totpCannotDisable" };
  const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpSecret: true } });
  if (!row.totpSecret || !verifyTotp(row.totpSecret, code)) return { ok: false, field: "totp", message: "auth.totpInvalid" };
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { totpSecret: null, totpEnabled: false, version: { increment: 1 } } });
    await writeAudit({ actor: user, action: "UPDATE", entity: "User", entityId: user.id, before: { totpEnabled: true }, after: { totpEnabled: false }, meta }, tx);
  });
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

type Assignment = { ok: true; regionId: string | null; departmentId: string | null } | { ok: false; field: "role" | "regionId" | "departmentId"; message: MessageKey };

/**
 * Role-dependent links (DESIGN §1): county officers sit in a county or park, leaders at the
 * city or in a county, city officers at the city (their scope is the whole city), department
 * staff in a department. Admin and auditor belong to neither.
 */
async function resolveAssignment(input: Pick<UserInput, "role" | "regionId" | "departmentId">, db: DbTx): Promise<Assignment> {
  if (!isRole(input.role)) return { ok: false, field: "role", message: "admin.roleInvalid" };
  let regionId: string | null = null;
  if (roleNeedsRegion(input.role)) {
    if (!input.regionId) return { ok: false, field: "regionId", message: "admin.regionRequired" };
    const region = await db.region.findUnique({ where: { id: input.regionId }, select: { id: true, level: true } });
    if (!region) return { ok: false, field: "regionId", message: "admin.regionNotFound" };
    if (input.role === "COUNTY_OFFICER" && region.level === "CITY") return { ok: false, field: "regionId", message: "admin.regionMustBeCounty" };
    regionId = region.id;
  } else if (input.role === "CITY_OFFICER") {
    const city = await db.region.findFirst({ where: { level: "CITY", parentId: null }, orderBy: { sortOrder: "asc" }, select: { id: true } });
    regionId = city?.id ?? null;
  }
  let departmentId: string | null = null;
  if (roleNeedsDepartment(input.role)) {
    if (!input.departmentId) return { ok: false, field: "departmentId", message: "admin.departmentRequired" };
    const department = await db.department.findUnique({ where: { id: input.departmentId }, select: { id: true } });
    if (!department) return { ok: false, field: "departmentId", message: "admin.departmentNotFound" };
    departmentId = department.id;
  }
  return { ok: true, regionId, departmentId };
}

export async function createUser(
  actor: SessionUser | null,
  input: UserInput & { password: string },
  meta?: RequestMeta,
  db: DbTx = prisma,
): Promise<Outcome<UserField> & { id?: string }> {
  const assignment = await resolveAssignment(input, db);
  if (!assignment.ok) return assignment;
  const check = validateNewPassword(input.password, input.username);
  if (!check.ok) return { ok: false, field: "password", message: check.message };
  // Hashed before the transaction: Argon2id takes tens of milliseconds, and on SQLite every
  // other statement waits while a transaction is open (ADR 002).
  const passwordHash = await hashPassword(input.password);
  // The user and its audit row commit together (a killed server must not leave one without
  // the other); a caller that passes its own transaction gets the same.
  const write = async (tx: DbTx) => {
    const user = await tx.user.create({
      data: {
        username: input.username.trim(),
        displayName: input.displayName.trim(),
        title: input.title?.trim() || null,
        role: input.role,
        regionId: assignment.regionId,
        departmentId: assignment.departmentId,
        passwordHash,
      },
      select: USER_AUDIT_SELECT,
    });
    await writeAudit({ actor, action: "CREATE", entity: "User", entityId: user.id, after: user, meta }, tx);
    return user;
  };
  try {
    const user = db === prisma ? await prisma.$transaction(write) : await write(db);
    return { ok: true, id: user.id };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, field: "username", message: "admin.usernameTaken" };
    throw error;
  }
}

export type UpdateUserOutcome =
  | { ok: true }
  | { ok: false; field: Exclude<UserField, "version">; message: MessageKey }
  | { ok: false; field: "version"; message: MessageKey; current: AdminUserView | null };

/**
 * Updates role, region, department and names; a stale version is refused (optimistic lock)
 * and the record as it now stands is returned so the form can show both. An admin cannot
 * change their own role: that would let the last admin lock everyone out.
 */
export async function updateUser(
  actor: SessionUser,
  userId: string,
  version: number,
  input: Omit<UserInput, "username">,
  meta: RequestMeta,
): Promise<UpdateUserOutcome> {
  const before = await prisma.user.findUnique({ where: { id: userId }, select: USER_AUDIT_SELECT });
  if (!before) return { ok: false, field: "version", message: "common.notFoundBody", current: null };
  if (actor.id === userId && input.role !== before.role) return { ok: false, field: "role", message: "admin.cannotDemoteSelf" };
  const assignment = await resolveAssignment(input, prisma);
  if (!assignment.ok) return assignment;
  // The change and its audit row commit together; `before` is re-read inside for the audit image.
  const saved = await prisma.$transaction(async (tx) => {
    const current = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: USER_AUDIT_SELECT });
    const { count } = await tx.user.updateMany({
      where: { id: userId, version },
      data: {
        displayName: input.displayName.trim(),
        title: input.title?.trim() || null,
        role: input.role,
        regionId: assignment.regionId,
        departmentId: assignment.departmentId,
        version: { increment: 1 },
      },
    });
    if (count === 0) return null;
    const after = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: USER_AUDIT_SELECT });
    await writeAudit({ actor, action: "UPDATE", entity: "User", entityId: userId, before: current, after, meta }, tx);
    return { before: current, after };
  });
  if (!saved) return { ok: false, field: "version", message: "admin.staleVersion", current: await getUserForAdmin(userId) };
  // A new role or scope takes effect at once: the user signs in again.
  const { before: was, after } = saved;
  if (was.role !== after.role || was.regionId !== after.regionId || was.departmentId !== after.departmentId) {
    await endUserSessions(userId);
  }
  return { ok: true };
}

async function adminChange(actor: SessionUser, userId: string, data: Parameters<typeof prisma.user.update>[0]["data"], meta: RequestMeta, detail: string, endSessions: boolean) {
  const found = await prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId }, select: USER_AUDIT_SELECT });
    if (!before) return false;
    const after = await tx.user.update({ where: { id: userId }, data: { ...data, version: { increment: 1 } }, select: USER_AUDIT_SELECT });
    await writeAudit({ actor, action: "UPDATE", entity: "User", entityId: userId, before, after, detail, meta }, tx);
    return true;
  });
  if (found && endSessions) await endUserSessions(userId);
  return found;
}

/** Disabling ends every session of the user at once. Nobody can disable their own account. */
export async function setUserDisabled(actor: SessionUser, userId: string, disabled: boolean, meta: RequestMeta): Promise<Outcome<"disabled">> {
  if (disabled && actor.id === userId) return { ok: false, field: "disabled", message: "admin.cannotDisableSelf" };
  const found = await adminChange(actor, userId, { disabled }, meta, disabled ? "disable" : "enable", disabled);
  return found ? { ok: true } : { ok: false, field: "disabled", message: "common.notFoundBody" };
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

/**
 * For a user who lost their authenticator: clears the second factor and ends their sessions.
 * Admin and auditor accounts are then asked to enrol again at their next sign-in.
 */
export function resetUserTotp(actor: SessionUser, userId: string, meta: RequestMeta) {
  return adminChange(actor, userId, { totpSecret: null, totpEnabled: false, totpLastStep: null }, meta, "reset-totp", true);
}

export async function endSessionsFor(actor: SessionUser, userId: string, meta: RequestMeta) {
  await endUserSessions(userId);
  await writeAudit({ actor, action: "SESSIONS_END", entity: "User", entityId: userId, meta });
}

// ───────────────────────────── admin reads ─────────────────────────────

export const USER_SORT_KEYS = ["username", "displayName", "role", "region", "createdAt"] as const;
export type UserSortKey = (typeof USER_SORT_KEYS)[number];

export type UserListFilters = { role?: Role; regionId?: string; status?: UserStatus; q?: string };

const ADMIN_USER_SELECT = {
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
  createdAt: true,
  version: true,
  region: { select: { name: true } },
  department: { select: { name: true } },
} as const;

type AdminUserRow = {
  id: string;
  username: string;
  displayName: string;
  title: string | null;
  role: string;
  regionId: string | null;
  departmentId: string | null;
  disabled: boolean;
  lockedUntil: Date | null;
  totpEnabled: boolean;
  createdAt: Date;
  version: number;
  region: { name: string } | null;
  department: { name: string } | null;
};

export type AdminUserView = Omit<AdminUserRow, "region" | "department" | "lockedUntil"> & {
  regionName: string | null;
  departmentName: string | null;
  status: UserStatus;
  /** Set only while the lock is in force. */
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
};

function userStatus(row: Pick<AdminUserRow, "disabled" | "lockedUntil">, at: Date): UserStatus {
  if (row.disabled) return "disabled";
  if (row.lockedUntil && row.lockedUntil > at) return "locked";
  return "active";
}

function toView(row: AdminUserRow, lastLoginAt: Date | null, at: Date): AdminUserView {
  const { region, department, ...rest } = row;
  const status = userStatus(row, at);
  return { ...rest, regionName: region?.name ?? null, departmentName: department?.name ?? null, status, lockedUntil: status === "locked" ? row.lockedUntil : null, lastLoginAt };
}

function userListWhere(filters: UserListFilters, at: Date) {
  const and: Record<string, unknown>[] = [];
  if (filters.role) and.push({ role: filters.role });
  if (filters.regionId) and.push({ regionId: filters.regionId });
  if (filters.status === "disabled") and.push({ disabled: true });
  if (filters.status === "locked") and.push({ disabled: false, lockedUntil: { gt: at } });
  if (filters.status === "active") and.push({ disabled: false, OR: [{ lockedUntil: null }, { lockedUntil: { lte: at } }] });
  const q = filters.q?.trim();
  if (q) and.push({ OR: [{ username: containsText(q) }, { displayName: containsText(q) }, { title: containsText(q) }] });
  return { AND: and };
}

function userOrderBy(sort: UserSortKey, dir: "asc" | "desc") {
  const primary = sort === "region" ? { region: { sortOrder: dir } } : { [sort]: dir };
  return [primary, { username: "asc" as const }];
}

/** Last successful login per user, read from the audit trail in one grouped query. */
async function lastLogins(userIds: string[]): Promise<Map<string, Date>> {
  if (userIds.length === 0) return new Map();
  const rows = await prisma.auditLog.groupBy({
    by: ["actorId"],
    where: { action: "LOGIN_SUCCESS", actorId: { in: userIds } },
    _max: { at: true },
  });
  return new Map(rows.flatMap((r) => (r.actorId && r._max.at ? [[r.actorId, r._max.at] as const] : [])));
}

/** One page of users for 用户管理, with total, status and last login. */
export async function listUsers(filters: UserListFilters, list: Pick<ListParams<UserSortKey>, "sort" | "dir" | "skip" | "pageSize">) {
  const at = now();
  const where = userListWhere(filters, at);
  const [total, rows] = await Promise.all([
    prisma.user.count({ where }),
    prisma.user.findMany({ where, orderBy: userOrderBy(list.sort, list.dir), skip: list.skip, take: list.pageSize, select: ADMIN_USER_SELECT }),
  ]);
  const logins = await lastLogins(rows.map((r) => r.id));
  return { total, users: rows.map((r) => toView(r, logins.get(r.id) ?? null, at)) };
}

/** One user as the admin edit page shows it, or null. */
export async function getUserForAdmin(userId: string): Promise<(AdminUserView & { activeSessions: number }) | null> {
  const at = now();
  const row = await prisma.user.findUnique({ where: { id: userId }, select: ADMIN_USER_SELECT });
  if (!row) return null;
  const [logins, activeSessions] = await Promise.all([
    lastLogins([row.id]),
    prisma.session.count({ where: { userId, mfaPending: false, expiresAt: { gt: at } } }),
  ]);
  return { ...toView(row, logins.get(row.id) ?? null, at), activeSessions };
}

/** Regions and departments offered by the user form, in their configured order. */
export async function userFormOptions() {
  const [regions, departments] = await Promise.all([
    prisma.region.findMany({ orderBy: { sortOrder: "asc" }, select: { id: true, name: true, level: true } }),
    prisma.department.findMany({ orderBy: { sortOrder: "asc" }, select: { id: true, name: true } }),
  ]);
  return { regions, departments };
}
