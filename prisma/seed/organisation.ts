// The organisation every installation starts with: 安康市, its 13 county-level units and the
// city departments that receive 交办 problems. Idempotent (upserts by code).
import type { DbTx } from "#app/utils/db.server";
import { seedChains } from "./chains";

export const CITY = { code: "610900", name: "安康市" } as const;

export const COUNTIES = [
  { code: "610902", name: "汉滨区", level: "COUNTY" },
  { code: "610921", name: "汉阴县", level: "COUNTY" },
  { code: "610922", name: "石泉县", level: "COUNTY" },
  { code: "610923", name: "宁陕县", level: "COUNTY" },
  { code: "610924", name: "紫阳县", level: "COUNTY" },
  { code: "610925", name: "岚皋县", level: "COUNTY" },
  { code: "610926", name: "平利县", level: "COUNTY" },
  { code: "610927", name: "镇坪县", level: "COUNTY" },
  { code: "610981", name: "旬阳市", level: "COUNTY" },
  { code: "610929", name: "白河县", level: "COUNTY" },
  { code: "610990", name: "安康高新区", level: "PARK" },
  { code: "610991", name: "恒口示范区", level: "PARK" },
  { code: "610992", name: "瀛湖生态旅游区", level: "PARK" },
] as const;

export const DEPARTMENTS = [
  { code: "FGW", name: "发改委" },
  { code: "GXJ", name: "工信局" },
  { code: "ZRZYJ", name: "自然资源局" },
  { code: "SWJ", name: "商务局" },
  { code: "RSJ", name: "人社局" },
  { code: "CZJ", name: "财政局" },
  { code: "STHJJ", name: "生态环境局" },
  { code: "ZJJ", name: "住建局" },
  { code: "SPJ", name: "市场监管局" },
  { code: "SWJU", name: "税务局" },
  { code: "SLJ", name: "水利局" },
  { code: "GDGS", name: "供电公司" },
] as const;

export async function seedOrganisation(db: DbTx): Promise<void> {
  const city = await db.region.upsert({
    where: { code: CITY.code },
    update: {},
    create: { code: CITY.code, name: CITY.name, level: "CITY", sortOrder: 0 },
  });
  for (const [i, county] of COUNTIES.entries()) {
    await db.region.upsert({
      where: { code: county.code },
      update: {},
      create: { code: county.code, name: county.name, level: county.level, parentId: city.id, sortOrder: i + 1 },
    });
  }
  for (const [i, dept] of DEPARTMENTS.entries()) {
    await db.department.upsert({
      where: { code: dept.code },
      update: {},
      create: { code: dept.code, name: dept.name, sortOrder: i + 1 },
    });
  }
  await seedChains(db);
}
