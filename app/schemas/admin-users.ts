// Forms of 用户管理, shared by the browser and the server. Role-dependent rules that need the
// database (which region may hold which role) are checked in app/models/user.server.ts.
import { z } from "zod";
import { ROLES, isRole, type Role } from "#app/domain/roles";
import { t } from "#app/i18n";

/** Login names: a letter, then letters, digits, `_`, `.` or `-`; 3–32 characters. */
export const USERNAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{2,31}$/;

const role = z.enum(ROLES, { errorMap: () => ({ message: t("admin.roleInvalid") }) });
const displayName = z.string({ required_error: t("admin.displayNameRequired") }).trim().min(1, t("admin.displayNameRequired")).max(64);
const title = z.string().trim().max(64).optional();
const optionalId = z.string().trim().max(64).optional();

export const UserCreateSchema = z.object({
  username: z
    .string({ required_error: t("admin.usernameRequired") })
    .trim()
    .regex(USERNAME_PATTERN, t("admin.usernameFormat")),
  displayName,
  title,
  role,
  regionId: optionalId,
  departmentId: optionalId,
  // The full rule (classes, common passwords, not the username) is applied by the model.
  password: z.string({ required_error: t("admin.passwordRequired") }).min(1, t("admin.passwordRequired")).max(256),
});

export const UserEditSchema = z.object({
  intent: z.literal("save"),
  version: z.number().int().min(1),
  displayName,
  title,
  role,
  regionId: optionalId,
  departmentId: optionalId,
});

export const ResetPasswordSchema = z.object({
  intent: z.literal("resetPassword"),
  password: z.string({ required_error: t("admin.passwordRequired") }).min(1, t("admin.passwordRequired")).max(256),
});

/** 正常 / 已停用 / 已锁定 (locked = too many failed logins, until the lock runs out). */
export const USER_STATUSES = ["active", "disabled", "locked"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** The list page's filters, read leniently from the URL: an unknown value means "any". */
export function readUserFilters(params: URLSearchParams) {
  const roleParam = params.get("role");
  const status = params.get("status");
  return {
    role: isRole(roleParam) ? (roleParam as Role) : undefined,
    regionId: params.get("region")?.trim() || undefined,
    status: (USER_STATUSES as readonly string[]).includes(status ?? "") ? (status as UserStatus) : undefined,
    q: params.get("q")?.trim().slice(0, 64) || undefined,
  };
}
