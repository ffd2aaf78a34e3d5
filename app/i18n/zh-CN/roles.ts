// Role names as users know them (DESIGN §1).
export const roles = {
  COUNTY_OFFICER: "县区专员",
  CITY_OFFICER: "市局专员",
  DEPT_STAFF: "部门人员",
  LEADER: "领导",
  ADMIN: "管理员",
  AUDITOR: "审计员",
} as const;
