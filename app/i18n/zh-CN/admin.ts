export const admin = {
  roleInvalid: "请选择有效的角色",
  regionRequired: "该角色必须指定所属区域",
  departmentRequired: "部门人员必须指定所属部门",
  usernameTaken: "用户名已存在",
  staleVersion: "该用户已被他人修改，请刷新后重试",
} as const;
