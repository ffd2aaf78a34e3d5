// 产业链图谱 (chain map, issue 5 item 4): for each live chain in the admin's order and each of its
// live links, the scope's companies, landed companies and 链主, its projects by stage, whether
// the link is a gap (补链) and, for a gap, the companies to target. The rules are in
// app/domain/chain-map.ts (ADR 012), "landed" is the counting rules' (landedNow of
// metric-sql.server.ts).
//
// Three grouped queries whatever the number of links: companies per link (with the landed ones
// from one pass over the projects), projects per link and stage, the 链主 of every link; and a
// fourth, when there are gaps with companies, for their targets with their projects' stages. Every number is a Figure whose
// href is the company or project list that shows exactly those records to the same user: the
// company list with 本辖区 (`own=1`) and the link, tag or landed filter, the project list with the
// link and stage; those lists apply the user's scope themselves, so the links carry no region.
import { GAP_TARGET_CAP, LEADER_NAME_CAP, furthestStage, isGap, pickTargets, type GapTarget } from "#app/domain/chain-map";
import { ladderStages, type StageCode } from "#app/domain/stages";
import { getMechanism } from "#app/models/mechanism.server";
import { aggregate, alive, hasLandedProject, landedCompanyIds, regionFilter, sqlContext, type Sql } from "#app/models/metric-sql.server";
import { listHref, scopeUnits, type Figure } from "#app/models/metrics.server";
import { regionNames } from "#app/models/project-list.server";
import { now as clockNow } from "#app/utils/clock";
import { num, Prisma, prisma } from "#app/utils/db.server";
import { type SessionUser } from "#app/utils/permissions.server";

const sql = Prisma.sql;
const join = Prisma.join;

export type NamedCompany = { id: string; name: string; regionName: string };
export type ChainLeader = NamedCompany & { landed: boolean };
export type Target = NamedCompany & { chainLeader: boolean; stage: StageCode | null };

export type ChainMapLink = {
  id: string;
  name: string;
  companies: Figure;
  landed: Figure;
  leaders: Figure;
  /** The first 链主 by name, landed ones first (the count links to all of them). */
  leaderNames: ChainLeader[];
  /** Every live project on the link in the scope, whatever its stage. */
  projects: Figure;
  /** Projects per ladder stage, in the configured order. */
  stages: { stage: StageCode; count: Figure }[];
  /** No landed company on the link in the scope (补链). */
  gap: boolean;
  /** For a gap: the first targets in listing order. */
  targets: Target[];
  /** For a gap: every target, as the company list of the link's companies not landed. */
  targetTotal: Figure | null;
};

export type ChainMapChain = {
  id: string;
  name: string;
  isTarget: boolean;
  companies: Figure;
  projects: Figure;
  gapCount: number;
  links: ChainMapLink[];
};

export type ChainMap = { scopeName: string; stages: StageCode[]; chains: ChainMapChain[] };

function figure(value: number, href: string): Figure {
  return { value, listTotal: value, href };
}

/** `/companies?…&own=1`: the company list within the user's own scope (本辖区). */
export function companiesHref(filters: Record<string, string>): string {
  return `/companies?${new URLSearchParams({ ...filters, own: "1" }).toString()}`;
}

function ownerFilter(regionIds: readonly string[] | null): Sql {
  if (regionIds === null) return sql`1 = 1`;
  return regionIds.length === 0 ? sql`1 = 0` : sql`co."ownerRegionId" IN (${join([...regionIds])})`;
}

const CHAIN_LEADER_TAG = sql`(',' || co."tags" || ',') LIKE '%,CHAIN_LEADER,%'`;

const key = (chainId: unknown, linkId: unknown) => `${String(chainId)}|${linkId === null || linkId === undefined ? "" : String(linkId)}`;

/** The chain map of the user's scope, read now. */
export async function chainMap(user: SessionUser, opts: { now?: Date } = {}): Promise<ChainMap> {
  const [config, units, names] = await Promise.all([getMechanism(), scopeUnits(user), regionNames()]);
  const ctx = sqlContext(config, opts.now ?? clockNow());
  const ids = units.regionIds;
  const stages = ladderStages(config).map((s) => s.code);
  const chains = await prisma.industryChain.findMany({
    where: { deletedAt: null },
    orderBy: [{ sortOrder: "asc" }, { name: "asc" }],
    select: { id: true, name: true, isTarget: true, links: { where: { deletedAt: null }, orderBy: [{ sortOrder: "asc" }, { name: "asc" }], select: { id: true, name: true } } },
  });
  if (chains.length === 0) return { scopeName: units.scopeName, stages, chains: [] };

  // Landed companies: joined from one pass over the projects for the counts; looked up per
  // company for the few 链主 (a join there was planned as a nested loop on PostgreSQL).
  const landedSet = landedCompanyIds(ctx, ids);
  const landed = hasLandedProject(ctx, ids);
  const [companyRows, projectRows, leaderRows] = await Promise.all([
    aggregate<{ chainId: string; linkId: string | null; n: unknown; leaders: unknown; landed: unknown }>(sql`
      SELECT co."chainId" AS "chainId", co."linkId" AS "linkId", COUNT(*) AS "n",
        SUM(CASE WHEN ${CHAIN_LEADER_TAG} THEN 1 ELSE 0 END) AS "leaders",
        SUM(CASE WHEN l."companyId" IS NOT NULL THEN 1 ELSE 0 END) AS "landed"
      FROM "Company" co LEFT JOIN (${landedSet}) l ON l."companyId" = co."id"
      WHERE co."deletedAt" IS NULL AND co."chainId" IS NOT NULL AND ${ownerFilter(ids)}
      GROUP BY co."chainId", co."linkId"`),
    aggregate<{ chainId: string | null; linkId: string | null; stage: string; n: unknown }>(sql`
      SELECT p."chainId" AS "chainId", p."linkId" AS "linkId", p."stage" AS "stage", COUNT(*) AS "n"
      FROM "Project" p WHERE ${alive} AND p."chainId" IS NOT NULL AND ${regionFilter(ids)}
      GROUP BY p."chainId", p."linkId", p."stage"`),
    aggregate<{ id: string; name: string; chainId: string; linkId: string; ownerRegionId: string; landed: unknown }>(sql`
      SELECT co."id" AS "id", co."name" AS "name", co."chainId" AS "chainId", co."linkId" AS "linkId", co."ownerRegionId" AS "ownerRegionId",
        CASE WHEN ${landed} THEN 1 ELSE 0 END AS "landed"
      FROM "Company" co
      WHERE co."deletedAt" IS NULL AND co."chainId" IS NOT NULL AND co."linkId" IS NOT NULL AND ${CHAIN_LEADER_TAG} AND ${ownerFilter(ids)}`),
  ]);

  const companiesBy = new Map(companyRows.map((r) => [key(r.chainId, r.linkId), { n: num(r.n), leaders: num(r.leaders), landed: num(r.landed) }]));
  const chainCompanies = new Map<string, number>();
  for (const r of companyRows) chainCompanies.set(String(r.chainId), (chainCompanies.get(String(r.chainId)) ?? 0) + num(r.n));
  const linkStages = new Map<string, Map<string, number>>();
  const chainProjects = new Map<string, number>();
  for (const r of projectRows) {
    if (!r.chainId) continue;
    chainProjects.set(r.chainId, (chainProjects.get(r.chainId) ?? 0) + num(r.n));
    if (!r.linkId) continue;
    const k = key(r.chainId, r.linkId);
    const byStage = linkStages.get(k) ?? new Map<string, number>();
    byStage.set(r.stage, (byStage.get(r.stage) ?? 0) + num(r.n));
    linkStages.set(k, byStage);
  }
  const leadersBy = new Map<string, ChainLeader[]>();
  for (const r of leaderRows) {
    const k = key(r.chainId, r.linkId);
    const list = leadersBy.get(k) ?? [];
    list.push({ id: r.id, name: r.name, regionName: names.get(r.ownerRegionId) ?? "", landed: num(r.landed) > 0 });
    leadersBy.set(k, list);
  }

  // Links by id with their company counts; the gaps among them get their targets in one query.
  const linkCounts = new Map<string, { n: number; leaders: number; landed: number }>();
  for (const chain of chains) for (const link of chain.links) linkCounts.set(key(chain.id, link.id), companiesBy.get(key(chain.id, link.id)) ?? { n: 0, leaders: 0, landed: 0 });
  const gaps = chains.flatMap((chain) => chain.links.filter((link) => {
    const c = linkCounts.get(key(chain.id, link.id));
    return !!c && c.n > 0 && isGap({ landedCompanies: c.landed });
  }).map((link) => ({ chainId: chain.id, linkId: link.id })));
  const targetsBy = await gapTargets(gaps, ids, names);

  const collator = new Intl.Collator("zh-CN");
  return {
    scopeName: units.scopeName,
    stages,
    chains: chains.map((chain) => {
      const links = chain.links.map((link): ChainMapLink => {
        const c = linkCounts.get(key(chain.id, link.id)) ?? { n: 0, leaders: 0, landed: 0 };
        const byStage = linkStages.get(key(chain.id, link.id)) ?? new Map<string, number>();
        const on = { chain: chain.id, link: link.id };
        const gap = isGap({ landedCompanies: c.landed });
        const targets = gap ? pickTargets(targetsBy.get(key(chain.id, link.id)) ?? [], GAP_TARGET_CAP) : null;
        const leaders = (leadersBy.get(key(chain.id, link.id)) ?? []).sort((a, b) => Number(b.landed) - Number(a.landed) || collator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1));
        return {
          id: link.id,
          name: link.name,
          companies: figure(c.n, companiesHref(on)),
          landed: figure(c.landed, companiesHref({ ...on, landed: "1" })),
          leaders: figure(c.leaders, companiesHref({ ...on, tag: "CHAIN_LEADER" })),
          leaderNames: leaders.slice(0, LEADER_NAME_CAP),
          projects: figure([...byStage.values()].reduce((a, b) => a + b, 0), listHref(on, null)),
          stages: stages.map((stage) => ({ stage, count: figure(byStage.get(stage) ?? 0, listHref({ ...on, stage }, null)) })),
          gap,
          targets: targets?.shown ?? [],
          targetTotal: targets ? figure(targets.total, companiesHref({ ...on, landed: "0" })) : null,
        };
      });
      return {
        id: chain.id,
        name: chain.name,
        isTarget: chain.isTarget,
        companies: figure(chainCompanies.get(chain.id) ?? 0, companiesHref({ chain: chain.id })),
        projects: figure(chainProjects.get(chain.id) ?? 0, listHref({ chain: chain.id }, null)),
        gapCount: links.filter((l) => l.gap).length,
        links,
      };
    }),
  };
}

/**
 * The scope's companies on the gap links (none of them landed, by the gap's definition), each
 * with the furthest stage of its live projects in the scope.
 */
async function gapTargets(gaps: { chainId: string; linkId: string }[], regionIds: readonly string[] | null, names: Map<string, string>): Promise<Map<string, Target[]>> {
  const byLink = new Map<string, Target[]>();
  if (gaps.length === 0) return byLink;
  const rows = await aggregate<{ id: string; name: string; chainId: string; linkId: string; ownerRegionId: string; leader: unknown; stage: string | null }>(sql`
    SELECT co."id" AS "id", co."name" AS "name", co."chainId" AS "chainId", co."linkId" AS "linkId", co."ownerRegionId" AS "ownerRegionId",
      CASE WHEN ${CHAIN_LEADER_TAG} THEN 1 ELSE 0 END AS "leader", p."stage" AS "stage"
    FROM "Company" co LEFT JOIN "Project" p ON p."companyId" = co."id" AND ${alive} AND ${regionFilter(regionIds)}
    WHERE co."deletedAt" IS NULL AND co."linkId" IN (${join(gaps.map((g) => g.linkId))}) AND ${ownerFilter(regionIds)}`);
  const wanted = new Set(gaps.map((g) => key(g.chainId, g.linkId)));
  const companies = new Map<string, { row: (typeof rows)[number]; stages: (string | null)[] }>();
  for (const r of rows) {
    const entry = companies.get(r.id) ?? { row: r, stages: [] };
    entry.stages.push(r.stage);
    companies.set(r.id, entry);
  }
  for (const { row, stages } of companies.values()) {
    const k = key(row.chainId, row.linkId);
    if (!wanted.has(k)) continue;
    const target: Target & GapTarget = { id: row.id, name: row.name, regionName: names.get(row.ownerRegionId) ?? "", chainLeader: num(row.leader) > 0, stage: furthestStage(stages) };
    const list = byLink.get(k) ?? [];
    list.push(target);
    byLink.set(k, list);
  }
  return byLink;
}
