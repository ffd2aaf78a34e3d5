// The six roles of DESIGN §1 and what each may do. Scope (which records) is decided in
// app/utils/permissions.server.ts; this file only says which kinds of action a role has.
// Admin, auditor and the business roles are kept apart (三权分立).

export const ROLES = ["COUNTY_OFFICER", "CITY_OFFICER", "DEPT_STAFF", "LEADER", "ADMIN", "AUDITOR"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "pipeline:read", // companies, projects, follow-ups within the region scope
  "pipeline:write", // create/edit companies, projects, follow-ups; move stages
  "pipeline:assign", // assign projects to counties, merge companies
  "instruction:write", // leaders' 批示
  "problem:handle", // department answers and closes assigned problems
  "cockpit:read",
  "target:edit", // the annual targets (目标任务) of the city and its counties
  "config:edit", // dictionaries and the mechanism's rules
  "user:manage",
  "audit:read",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  COUNTY_OFFICER: ["pipeline:read", "pipeline:write", "cockpit:read"],
  CITY_OFFICER: ["pipeline:read", "pipeline:write", "pipeline:assign", "cockpit:read", "target:edit"],
  DEPT_STAFF: ["problem:handle"],
  LEADER: ["pipeline:read", "instruction:write", "cockpit:read"],
  ADMIN: ["config:edit", "user:manage", "pipeline:assign"],
  AUDITOR: ["audit:read"],
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** Roles whose accounts must use a second factor (DESIGN §8). */
export function roleRequiresTotp(role: Role): boolean {
  return role === "ADMIN" || role === "AUDITOR";
}

/** Roles bound to one region (their scope) and roles bound to a department. */
export function roleNeedsRegion(role: Role): boolean {
  return role === "COUNTY_OFFICER" || role === "LEADER";
}
export function roleNeedsDepartment(role: Role): boolean {
  return role === "DEPT_STAFF";
}
