// The city's industry chains (产业链) and their links (环节), the dictionary that target companies
// and projects are tagged with (产业链定向招商, DESIGN §2). Admins edit it at /admin/chains, so the
// seed fills an empty dictionary only: re-running it never brings back a chain the admin renamed
// or retired.
import type { DbTx } from "#app/utils/db.server";

export const DEFAULT_CHAINS: readonly { name: string; links: readonly string[] }[] = [
  { name: "毛绒玩具文创", links: ["创意设计", "面料与PP棉等原辅料", "生产加工", "电商与国际贸易", "物流仓储"] },
  { name: "富硒食品", links: ["富硒种养基地", "精深加工", "富硒茶饮", "检测认证", "品牌营销与电商"] },
  { name: "新材料", links: ["矿产资源开发", "新型建材", "先进功能材料", "高分子与复合材料"] },
  { name: "生物医药", links: ["中药材种植", "中药饮片与提取", "化学药与制剂", "医疗器械", "康养服务"] },
  { name: "装备制造", links: ["零部件加工", "整机制造", "电子信息", "智能装备"] },
  { name: "纺织服装", links: ["纺纱织造", "印染整理", "服装加工", "品牌设计与电商"] },
  { name: "现代物流", links: ["仓储配送", "冷链物流", "多式联运", "电商快递"] },
  { name: "文化旅游", links: ["景区开发", "酒店民宿", "文创产品", "演艺与节会"] },
  { name: "新能源", links: ["光伏发电", "水电", "储能", "新能源汽车配套"] },
];

/** Idempotent: creates the default chains and links when the dictionary is still empty. */
export async function seedChains(db: DbTx): Promise<void> {
  if ((await db.industryChain.count()) > 0) return;
  for (const [i, chain] of DEFAULT_CHAINS.entries()) {
    await db.industryChain.create({
      data: {
        name: chain.name,
        sortOrder: i + 1,
        links: { create: chain.links.map((name, j) => ({ name, sortOrder: j + 1 })) },
      },
    });
  }
}
