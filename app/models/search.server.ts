// Global search (DESIGN §5): names, codes and pinyin initials (`qbrq` finds 秦巴绒趣) over the
// projects in the user's scope and over all companies. Every officer may learn that a company
// exists, its chain and which region owns it (issue 3: two counties must not chase one
// investor blind); anything more about an out-of-scope company stays hidden.
import { projectTextWhere } from "#app/models/project-list.server";
import { projectScopeWhere } from "#app/models/project.server";
import { prisma, type Prisma } from "#app/utils/db.server";
import { inScope, regionScope, type SessionUser } from "#app/utils/permissions.server";
import { containsText } from "#app/utils/text-search.server";

export const SEARCH_QUERY_MAX = 64;

export type ProjectHit = {
  id: string;
  code: string;
  name: string;
  stage: string;
  plannedInvestment: number;
  regionName: string;
  companyName: string;
};

export type CompanyHit = {
  id: string;
  name: string;
  chainName: string | null;
  ownerRegionName: string;
  /** Within the user's scope: the company page opens and the code may be shown. */
  inScope: boolean;
  uscc: string | null;
};

export type SearchResult = {
  q: string;
  projects: { total: number; hits: ProjectHit[] };
  companies: { total: number; hits: CompanyHit[] };
};

function normalise(q: string): string {
  return q.normalize("NFKC").trim().slice(0, SEARCH_QUERY_MAX);
}

function companyTextWhere(q: string): Prisma.CompanyWhereInput {
  const lowered = q.toLowerCase();
  const compact = lowered.replace(/\s+/gu, "");
  return {
    OR: [
      { name: containsText(q) },
      { normalizedName: { contains: compact } },
      { searchKey: { contains: lowered } },
      ...(compact !== lowered ? [{ searchKey: { contains: compact } }] : []),
      // 统一社会信用代码 are stored in upper case.
      ...(/^[0-9a-z]{4,18}$/iu.test(compact) ? [{ uscc: { contains: compact.toUpperCase() } }] : []),
    ],
  };
}

export async function globalSearch(user: SessionUser, rawQuery: string, take = 20): Promise<SearchResult> {
  const q = normalise(rawQuery);
  if (!q) return { q, projects: { total: 0, hits: [] }, companies: { total: 0, hits: [] } };
  const [scope, projectScope] = await Promise.all([regionScope(user), projectScopeWhere(user)]);
  const projectWhere: Prisma.ProjectWhereInput = { AND: [projectScope, projectTextWhere(q)] };
  const companyWhere: Prisma.CompanyWhereInput = { AND: [{ deletedAt: null }, companyTextWhere(q)] };
  const [projectTotal, projects, companyTotal, companies] = await Promise.all([
    prisma.project.count({ where: projectWhere }),
    prisma.project.findMany({
      where: projectWhere,
      orderBy: [{ updatedAt: "desc" }, { code: "asc" }],
      take,
      select: { id: true, code: true, name: true, stage: true, plannedInvestment: true, region: { select: { name: true } }, company: { select: { name: true } } },
    }),
    prisma.company.count({ where: companyWhere }),
    prisma.company.findMany({
      where: companyWhere,
      orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
      take,
      select: { id: true, name: true, uscc: true, ownerRegionId: true, chain: { select: { name: true } }, ownerRegion: { select: { name: true } } },
    }),
  ]);
  return {
    q,
    projects: {
      total: projectTotal,
      hits: projects.map((p) => ({
        id: p.id,
        code: p.code,
        name: p.name,
        stage: p.stage,
        plannedInvestment: p.plannedInvestment,
        regionName: p.region.name,
        companyName: p.company.name,
      })),
    },
    companies: {
      total: companyTotal,
      hits: companies.map((c) => {
        const visible = inScope(scope, c.ownerRegionId);
        return {
          id: c.id,
          name: c.name,
          chainName: c.chain?.name ?? null,
          ownerRegionName: c.ownerRegion.name,
          inScope: visible,
          uscc: visible ? c.uscc : null,
        };
      }),
    },
  };
}
