// DATABASE_URL=file:data/large.db npx tsx bench/chain-map.ts [runs=8]
// Times the 产业链图谱 (chainMap, every figure of /cockpit/chains) and the company list's landed
// filter it links to, on the database DATABASE_URL names (npm run seed:large builds the city ×10
// set), for a city leader and a county leader: median and worst of `runs` after one warm-up.
import { chainMap } from "#app/models/chain-map.server";
import { listCompanies } from "#app/models/company.server";
import { prisma } from "#app/utils/db.server";
import { type SessionUser } from "#app/utils/permissions.server";

const RUNS = Number(process.argv[2] ?? 8);

async function time(label: string, fn: () => Promise<unknown>) {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label.padEnd(48)} median ${ms[Math.floor(ms.length / 2)]!.toFixed(0).padStart(5)} ms   max ${ms[ms.length - 1]!.toFixed(0).padStart(5)} ms`);
}

function leader(regionId: string | null): SessionUser {
  return { id: "bench", username: "bench", displayName: "bench", title: null, role: "LEADER", regionId, departmentId: null, totpEnabled: false, sessionId: "bench" };
}

const city = await prisma.region.findFirstOrThrow({ where: { level: "CITY" } });
const county = await prisma.region.findFirstOrThrow({ where: { level: "COUNTY" }, orderBy: { sortOrder: "asc" } });
const map = await chainMap(leader(city.id));
const links = map.chains.flatMap((c) => c.links);
console.log(
  `${map.chains.length} chains, ${links.length} links, ${links.filter((l) => l.gap).length} gaps (city); ` +
    `${links.reduce((n, l) => n + l.companies.value, 0)} companies on links, ${links.reduce((n, l) => n + l.landed.value, 0)} landed`,
);
const countyMap = await chainMap(leader(county.id));
const countyLinks = countyMap.chains.flatMap((c) => c.links);
console.log(`${county.name}: ${countyLinks.filter((l) => l.gap).length} gaps, ${countyLinks.reduce((n, l) => n + (l.targetTotal?.value ?? 0), 0)} target companies`);
await time(`chainMap, city (${city.name})`, () => chainMap(leader(city.id)));
await time(`chainMap, county (${county.name})`, () => chainMap(leader(county.id)));
const link = links[0]!;
const chainId = map.chains[0]!.id;
const page = { sort: "name" as const, dir: "asc" as const, skip: 0, pageSize: 20 };
await time("company list, one link, landed=1 (city)", () => listCompanies(leader(city.id), { chainId, linkId: link.id, ownScope: true, landed: true }, page));
await time("company list, one link, landed=0 (county)", () => listCompanies(leader(county.id), { chainId, linkId: link.id, ownScope: true, landed: false }, page));
await prisma.$disconnect();
