// Target companies (目标企业/客商) and their contacts, DESIGN §4 and §7.1.
//
// Visibility (issue 3): every user who reads the pipeline may learn that a company exists, its
// chain and link, its tags and which region reported it first (首报归属), so two counties do not
// chase one investor blind. Everything else (code, contacts, projects, description, history)
// stays within the owning region's scope; a write outside it is answered 404.
//
// Every write runs in one transaction with its audit row (before/after); editable rows carry a
// version and a stale save throws VersionConflict.
import { fillFromDuplicate, type MergeableCompany } from "#app/domain/company-fields";
import { normalizeCompanyName, parseCompanyTags, searchKeyFor, serializeCompanyTags, type CompanyTag } from "#app/domain/company-name";
import { parseUscc } from "#app/domain/uscc";
import { type MessageKey, type MessageParams } from "#app/i18n";
import { chainOptions, resolveChainChoice } from "#app/models/chain.server";
import { changedFields, listChanges, type ChangeEntry } from "#app/models/change-log.server";
import { getMechanism } from "#app/models/mechanism.server";
import { aggregate, landedCompanyIds, sqlContext } from "#app/models/metric-sql.server";
import { auditJson, writeAudit } from "#app/utils/audit.server";
import { now } from "#app/utils/clock";
import { prisma, isUniqueViolation, type DbTx, type Prisma } from "#app/utils/db.server";
import { type ListOrder, type ListParams } from "#app/utils/list-params";
import { inScope, notFound, regionScope, regionWhere, requirePermission, type RegionScope, type SessionUser } from "#app/utils/permissions.server";
import { type RequestMeta } from "#app/utils/request-meta.server";
import { VersionConflict } from "#app/utils/version-conflict.server";

// ───────────────────────────── shapes ─────────────────────────────

/** The columns an audit image of a company holds (derived search columns left out). */
const COMPANY_AUDIT_SELECT = {
  id: true,
  name: true,
  uscc: true,
  hqProvince: true,
  hqCity: true,
  chainId: true,
  linkId: true,
  tags: true,
  sourceChannel: true,
  ownerRegionId: true,
  description: true,
  deletedAt: true,
  version: true,
} as const;
type CompanyImage = Prisma.CompanyGetPayload<{ select: typeof COMPANY_AUDIT_SELECT }>;

const CONTACT_SELECT = { id: true, companyId: true, name: true, title: true, phone: true, email: true, notes: true, deletedAt: true, version: true } as const;
type ContactImage = Prisma.ContactGetPayload<{ select: typeof CONTACT_SELECT }>;

const PUBLIC_SELECT = {
  id: true,
  name: true,
  chainId: true,
  linkId: true,
  tags: true,
  ownerRegionId: true,
  chain: { select: { name: true } },
  link: { select: { name: true } },
  ownerRegion: { select: { name: true } },
} as const;

/** What anyone who reads the pipeline may know about any company. */
export type CompanyPublic = {
  id: string;
  name: string;
  chainId: string | null;
  chainName: string | null;
  linkId: string | null;
  linkName: string | null;
  tags: CompanyTag[];
  ownerRegionId: string;
  ownerRegionName: string;
};

function toPublic(row: Prisma.CompanyGetPayload<{ select: typeof PUBLIC_SELECT }>): CompanyPublic {
  return {
    id: row.id,
    name: row.name,
    chainId: row.chainId,
    chainName: row.chain?.name ?? null,
    linkId: row.linkId,
    linkName: row.link?.name ?? null,
    tags: parseCompanyTags(row.tags),
    ownerRegionId: row.ownerRegionId,
    ownerRegionName: row.ownerRegion.name,
  };
}

export type CompanyDetail = CompanyPublic & {
  uscc: string | null;
  hqProvince: string | null;
  hqCity: string | null;
  sourceChannel: string | null;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  version: number;
  createdByName: string | null;
};

export type CompanyView = { access: "full"; company: CompanyDetail } | { access: "public"; company: CompanyPublic };

export type ContactView = { id: string; name: string; title: string | null; phone: string | null; email: string | null; notes: string | null; version: number };

const DETAIL_SELECT = {
  ...PUBLIC_SELECT,
  uscc: true,
  hqProvince: true,
  hqCity: true,
  sourceChannel: true,
  description: true,
  createdAt: true,
  updatedAt: true,
  deletedAt: true,
  version: true,
  createdById: true,
} as const;

// ───────────────────────────── reads ─────────────────────────────

function companyScopeWhere(scope: RegionScope): Prisma.CompanyWhereInput {
  return regionWhere(scope, "ownerRegionId") as Prisma.CompanyWhereInput;
}

/** The public card of a live company, or null (the project form and search use it). */
export async function getCompanyPublic(id: string, db: DbTx = prisma): Promise<CompanyPublic | null> {
  const row = await db.company.findFirst({ where: { id, deletedAt: null }, select: PUBLIC_SELECT });
  return row ? toPublic(row) : null;
}

/**
 * A company as this user may see it: the whole record within the owning region's scope, the
 * public card outside it, null when it does not exist (or is deleted and out of scope).
 */
export async function getCompanyForUser(user: SessionUser, id: string): Promise<CompanyView | null> {
  const scope = await regionScope(user);
  const row = await prisma.company.findUnique({ where: { id }, select: DETAIL_SELECT });
  if (!row) return null;
  if (!inScope(scope, row.ownerRegionId)) return row.deletedAt ? null : { access: "public", company: toPublic(row) };
  const createdBy = row.createdById ? await prisma.user.findUnique({ where: { id: row.createdById }, select: { displayName: true } }) : null;
  return {
    access: "full",
    company: {
      ...toPublic(row),
      uscc: row.uscc,
      hqProvince: row.hqProvince,
      hqCity: row.hqCity,
      sourceChannel: row.sourceChannel,
      description: row.description,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      deletedAt: row.deletedAt,
      version: row.version,
      createdByName: createdBy?.displayName ?? null,
    },
  };
}

/** The live company, in the user's scope, or a thrown 404. */
async function requireCompanyInScope(user: SessionUser, id: string, db: DbTx, opts: { deleted?: boolean } = {}): Promise<CompanyImage> {
  const scope = await regionScope(user, db);
  const row = await db.company.findFirst({
    where: { id, deletedAt: opts.deleted ? { not: null } : null, ...companyScopeWhere(scope) },
    select: COMPANY_AUDIT_SELECT,
  });
  if (!row) throw notFound();
  return row;
}

export async function listContacts(user: SessionUser, companyId: string): Promise<ContactView[]> {
  await requireCompanyInScope(user, companyId, prisma);
  return prisma.contact.findMany({
    where: { companyId, deletedAt: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, name: true, title: true, phone: true, email: true, notes: true, version: true },
  });
}

export type CompanyProjectRow = { id: string; code: string; name: string; stage: string; plannedInvestment: number; regionName: string; updatedAt: Date };

/** The company's live projects that the user may see (by the project's own region). */
export async function listCompanyProjects(user: SessionUser, companyId: string): Promise<CompanyProjectRow[]> {
  await requireCompanyInScope(user, companyId, prisma);
  const scope = await regionScope(user);
  const rows = await prisma.project.findMany({
    where: { companyId, deletedAt: null, ...(regionWhere(scope) as Prisma.ProjectWhereInput) },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    take: 200,
    select: { id: true, code: true, name: true, stage: true, plannedInvestment: true, updatedAt: true, region: { select: { name: true } } },
  });
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, stage: r.stage, plannedInvestment: r.plannedInvestment, regionName: r.region.name, updatedAt: r.updatedAt }));
}

export type HistoryEntry = {
  id: number;
  at: Date;
  actorName: string | null;
  entity: "Company" | "Contact";
  action: string;
  detail: string | null;
  /** For a contact: its name, so the row says whose details changed. */
  subject: string | null;
  changes: ConflictChange[];
};

/**
 * The 变更记录 tab: the company's audit rows and those of its contacts, newest first, each with
 * its field changes (ids turned into names). A MERGE row shows what happened to this company.
 */
export async function companyHistory(user: SessionUser, companyId: string): Promise<HistoryEntry[]> {
  await requireCompanyInScope(user, companyId, prisma);
  const contacts = await prisma.contact.findMany({ where: { companyId }, select: { id: true, name: true } });
  const [own, ...perContact] = await Promise.all([listChanges("Company", companyId), ...contacts.map((c) => listChanges("Contact", c.id, 50))]);
  const names = new Map(contacts.map((c) => [c.id, c.name]));
  const rows: { entry: ChangeEntry; entity: "Company" | "Contact"; entityId: string }[] = [
    ...own.map((entry) => ({ entry, entity: "Company" as const, entityId: companyId })),
    ...perContact.flatMap((list, i) => list.map((entry) => ({ entry, entity: "Contact" as const, entityId: contacts[i]!.id }))),
  ].sort((a, b) => b.entry.id - a.entry.id);
  const ignored = new Set(["id", "version", "deletedAt", "companyId"]);
  const raw = rows.map(({ entry, entityId }) => {
    const before = imageOf(entry.before, entityId);
    const after = imageOf(entry.after, entityId);
    return entry.action === "DELETE" || entry.action === "RESTORE" ? [] : changedFields(before, after).filter((c) => !ignored.has(c.field));
  });
  const described = await describeChanges(raw.flat());
  let k = 0;
  return rows.map(({ entry, entity, entityId }, i) => ({
    id: entry.id,
    at: entry.at,
    actorName: entry.actorName,
    entity,
    action: entry.action,
    detail: entry.detail,
    subject: entity === "Contact" ? (names.get(entityId) ?? null) : null,
    changes: raw[i]!.map(() => described[k++]!),
  }));
}

export type CompanyFormOptions = {
  chains: Awaited<ReturnType<typeof chainOptions>>;
  /** Users who see the whole city choose the 首报区域; others report for their own region. */
  chooseOwner: boolean;
  regions: { id: string; name: string }[];
  ownRegionName: string | null;
};

export async function companyFormOptions(user: SessionUser): Promise<CompanyFormOptions> {
  const scope = await regionScope(user);
  const [chains, regions, own] = await Promise.all([
    chainOptions(),
    scope === null ? prisma.region.findMany({ orderBy: { sortOrder: "asc" }, select: { id: true, name: true } }) : Promise.resolve([]),
    user.regionId ? prisma.region.findUnique({ where: { id: user.regionId }, select: { name: true } }) : Promise.resolve(null),
  ]);
  return { chains, chooseOwner: scope === null, regions, ownRegionName: own?.name ?? null };
}

/** Regions for the list's filter: every region (every company is listed). */
export async function companyFilterOptions() {
  const [chains, regions] = await Promise.all([chainOptions(), prisma.region.findMany({ orderBy: { sortOrder: "asc" }, select: { id: true, name: true } })]);
  return { chains, regions };
}

// ───────────────────────────── list ─────────────────────────────

export const COMPANY_SORT_KEYS = ["name", "chain", "ownerRegion", "updatedAt", "createdAt"] as const;
export type CompanySortKey = (typeof COMPANY_SORT_KEYS)[number];
/** The company list's order when the address names none: the latest edited first. */
export const COMPANY_LIST_DEFAULTS = { sort: "updatedAt", dir: "desc" } as const satisfies ListOrder<CompanySortKey>;

export type CompanyFilters = {
  q?: string;
  chainId?: string;
  linkId?: string;
  tag?: string;
  ownerRegionId?: string;
  /** Only the companies this user registered. */
  mine?: boolean;
  /** Only the companies in the user's scope (本辖区). */
  ownScope?: boolean;
  /**
   * Only the companies with (true) or without (false) a project in the user's scope that has
   * landed in the statistics' sense (the chain map's 已落地 and 补链 targets).
   */
  landed?: boolean;
};

export type CompanyListRow = CompanyPublic & {
  /** Within the user's scope: the columns below are filled and the record may be edited. */
  inScope: boolean;
  uscc: string | null;
  projectCount: number | null;
  updatedAt: Date | null;
};

/** The text filter: name, pinyin initials or full pinyin (searchKey), and in scope the code. */
function companyTextWhere(q: string, scope: RegionScope): Prisma.CompanyWhereInput {
  const lowered = q.normalize("NFKC").trim().toLowerCase();
  const compact = lowered.replace(/\s+/gu, "");
  const or: Prisma.CompanyWhereInput[] = [{ searchKey: { contains: lowered } }, { normalizedName: { contains: compact } }];
  if (compact !== lowered) or.push({ searchKey: { contains: compact } });
  // A code search outside the scope would tell who holds a code; inside it is the quickest key.
  if (/^[0-9a-z]{4,18}$/u.test(compact)) or.push({ AND: [{ uscc: { contains: compact.toUpperCase() } }, companyScopeWhere(scope)] });
  return { OR: or };
}

/** The ids of the companies with a landed project in the scope (landedCompanyIds, read now). */
async function landedIds(scope: RegionScope): Promise<string[]> {
  const ctx = sqlContext(await getMechanism(), now());
  const rows = await aggregate<{ companyId: string }>(landedCompanyIds(ctx, scope === null ? null : [...scope]));
  return rows.map((r) => r.companyId);
}

function companyListWhere(user: SessionUser, scope: RegionScope, filters: CompanyFilters, landed: string[] | null): Prisma.CompanyWhereInput {
  const and: Prisma.CompanyWhereInput[] = [{ deletedAt: null }];
  if (filters.landed !== undefined && landed) and.push({ id: filters.landed ? { in: landed } : { notIn: landed } });
  if (filters.q) and.push(companyTextWhere(filters.q, scope));
  if (filters.chainId) and.push({ chainId: filters.chainId });
  if (filters.linkId) and.push({ linkId: filters.linkId });
  // Tag codes never contain one another (see COMPANY_TAGS), so a substring test is exact.
  if (filters.tag) and.push({ tags: { contains: filters.tag } });
  if (filters.ownerRegionId) and.push({ ownerRegionId: filters.ownerRegionId });
  if (filters.mine) and.push({ createdById: user.id });
  if (filters.ownScope) and.push(companyScopeWhere(scope));
  return { AND: and };
}

function companyOrderBy(sort: CompanySortKey, dir: "asc" | "desc"): Prisma.CompanyOrderByWithRelationInput[] {
  const tail: Prisma.CompanyOrderByWithRelationInput[] = [{ name: "asc" }, { id: "asc" }];
  switch (sort) {
    case "chain":
      return [{ chain: { sortOrder: dir } }, { link: { sortOrder: dir } }, ...tail];
    case "ownerRegion":
      return [{ ownerRegion: { sortOrder: dir } }, ...tail];
    case "updatedAt":
      return [{ updatedAt: dir }, { id: "asc" }];
    case "createdAt":
      return [{ createdAt: dir }, { id: "asc" }];
    default:
      return [{ name: dir }, { id: "asc" }];
  }
}

/** Every live company (public columns), with the scoped columns filled for the user's own. */
export async function listCompanies(
  user: SessionUser,
  filters: CompanyFilters,
  list: Pick<ListParams<CompanySortKey>, "sort" | "dir" | "skip" | "pageSize">,
): Promise<{ total: number; rows: CompanyListRow[] }> {
  const scope = await regionScope(user);
  const where = companyListWhere(user, scope, filters, filters.landed === undefined ? null : await landedIds(scope));
  const [total, rows] = await Promise.all([
    prisma.company.count({ where }),
    prisma.company.findMany({
      where,
      orderBy: companyOrderBy(list.sort, list.dir),
      skip: list.skip,
      take: list.pageSize,
      select: { ...PUBLIC_SELECT, uscc: true, updatedAt: true, _count: { select: { projects: { where: { deletedAt: null } } } } },
    }),
  ]);
  return {
    total,
    rows: rows.map((r) => {
      const visible = inScope(scope, r.ownerRegionId);
      return {
        ...toPublic(r),
        inScope: visible,
        uscc: visible ? r.uscc : null,
        projectCount: visible ? r._count.projects : null,
        updatedAt: visible ? r.updatedAt : null,
      };
    }),
  };
}

export type CompanyOption = { id: string; name: string; chainId: string | null; linkId: string | null };

/** Live companies in the user's scope, for the project form's company picker (name or pinyin). */
export async function companyOptionsForUser(user: SessionUser, q?: string, take = 50): Promise<CompanyOption[]> {
  const scope = await regionScope(user);
  const and: Prisma.CompanyWhereInput[] = [{ deletedAt: null }, companyScopeWhere(scope)];
  if (q?.trim()) and.push(companyTextWhere(q.trim().slice(0, 64), scope));
  return prisma.company.findMany({
    where: { AND: and },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take,
    select: { id: true, name: true, chainId: true, linkId: true },
  });
}

/** Deleted companies in the user's scope, newest deletion first (the 回收站). */
export async function listDeletedCompanies(user: SessionUser, take = 200): Promise<{ id: string; name: string; ownerRegionName: string; deletedAt: Date }[]> {
  const scope = await regionScope(user);
  const rows = await prisma.company.findMany({
    where: { deletedAt: { not: null }, ...companyScopeWhere(scope) },
    orderBy: [{ deletedAt: "desc" }, { id: "asc" }],
    take,
    select: { id: true, name: true, deletedAt: true, ownerRegion: { select: { name: true } } },
  });
  return rows.map((r) => ({ id: r.id, name: r.name, ownerRegionName: r.ownerRegion.name, deletedAt: r.deletedAt as Date }));
}

// ───────────────────────────── duplicates ─────────────────────────────

export type ExistingCompanyRef = { id: string; name: string; ownerRegionName: string; deleted: boolean; inScope: boolean };

async function companyRef(scope: RegionScope, where: Prisma.CompanyWhereUniqueInput, db: DbTx): Promise<ExistingCompanyRef | null> {
  const row = await db.company.findUnique({ where, select: { id: true, name: true, deletedAt: true, ownerRegionId: true, ownerRegion: { select: { name: true } } } });
  if (!row) return null;
  return { id: row.id, name: row.name, ownerRegionName: row.ownerRegion.name, deleted: row.deletedAt !== null, inScope: inScope(scope, row.ownerRegionId) };
}

/** Live companies whose normalised name equals this name's, except `exceptId`. */
export async function findSimilarCompanies(user: SessionUser, name: string, exceptId?: string, db: DbTx = prisma): Promise<ExistingCompanyRef[]> {
  const scope = await regionScope(user, db);
  const rows = await db.company.findMany({
    where: { normalizedName: normalizeCompanyName(name), deletedAt: null, ...(exceptId ? { id: { not: exceptId } } : {}) },
    orderBy: { createdAt: "asc" },
    take: 10,
    select: { id: true, name: true, ownerRegionId: true, ownerRegion: { select: { name: true } } },
  });
  return rows.map((r) => ({ id: r.id, name: r.name, ownerRegionName: r.ownerRegion.name, deleted: false, inScope: inScope(scope, r.ownerRegionId) }));
}

export type DuplicateGroup = { normalizedName: string; companies: MergeCard[] };

/**
 * Groups of live companies that share a normalised name: the merge page's worklist. Codes are
 * shown because only city officers and admins (pipeline:assign) merge.
 */
export async function listDuplicateGroups(take = 50): Promise<DuplicateGroup[]> {
  const groups = await prisma.company.groupBy({
    by: ["normalizedName"],
    where: { deletedAt: null },
    having: { normalizedName: { _count: { gt: 1 } } },
    orderBy: { normalizedName: "asc" },
    take,
  });
  if (groups.length === 0) return [];
  const rows = await prisma.company.findMany({
    where: { deletedAt: null, normalizedName: { in: groups.map((g) => g.normalizedName) } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: mergeCardSelect,
  });
  return groups.map((g) => ({ normalizedName: g.normalizedName, companies: rows.filter((r) => r.normalizedName === g.normalizedName).map(toMergeCard) }));
}

const mergeCardSelect = {
  ...PUBLIC_SELECT,
  normalizedName: true,
  uscc: true,
  createdAt: true,
  version: true,
  hqProvince: true,
  hqCity: true,
  sourceChannel: true,
  description: true,
  _count: { select: { projects: { where: { deletedAt: null } }, contacts: { where: { deletedAt: null } } } },
} as const;

export type MergeCard = CompanyPublic & {
  uscc: string | null;
  createdAt: Date;
  version: number;
  hqProvince: string | null;
  hqCity: string | null;
  sourceChannel: string | null;
  description: string | null;
  projectCount: number;
  contactCount: number;
};

function toMergeCard(r: Prisma.CompanyGetPayload<{ select: typeof mergeCardSelect }>): MergeCard {
  return {
    ...toPublic(r),
    uscc: r.uscc,
    createdAt: r.createdAt,
    version: r.version,
    hqProvince: r.hqProvince,
    hqCity: r.hqCity,
    sourceChannel: r.sourceChannel,
    description: r.description,
    projectCount: r._count.projects,
    contactCount: r._count.contacts,
  };
}

/** A live company as the merge page shows it (any region: merging is city-wide), or null. */
export async function getMergeCard(id: string): Promise<MergeCard | null> {
  const row = await prisma.company.findFirst({ where: { id, deletedAt: null }, select: mergeCardSelect });
  return row ? toMergeCard(row) : null;
}

/** Companies to pick from on the merge page: any live company matching the text. */
export async function searchCompaniesForMerge(q: string, take = 30): Promise<MergeCard[]> {
  if (!q.trim()) return [];
  const rows = await prisma.company.findMany({
    where: { AND: [{ deletedAt: null }, companyTextWhere(q.slice(0, 64), null)] },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take,
    select: mergeCardSelect,
  });
  return rows.map(toMergeCard);
}

// ───────────────────────────── writes ─────────────────────────────

export type CompanyInput = {
  name: string;
  uscc?: string | null;
  hqProvince?: string | null;
  hqCity?: string | null;
  chainId?: string | null;
  linkId?: string | null;
  tags?: readonly string[];
  sourceChannel?: string | null;
  /** Chosen by users who see the whole city; a county's own officers always report for it. */
  ownerRegionId?: string | null;
  description?: string | null;
  /** The user has seen the similar-name warning and saves anyway. */
  confirmDuplicate?: boolean;
};

type CompanyField = "name" | "uscc" | "chainId" | "linkId" | "ownerRegionId";

export type CompanyWriteOutcome =
  | { ok: true; id: string }
  | { ok: false; kind: "field"; field: CompanyField; message: MessageKey; params?: MessageParams }
  | { ok: false; kind: "usccTaken"; field: "uscc"; existing: ExistingCompanyRef }
  | { ok: false; kind: "similarName"; field: "name"; similar: ExistingCompanyRef[] };

const blank = (value: string | null | undefined) => value?.trim() || null;

/** 首报归属: a county's own officer reports for their region; city-wide users choose one. */
async function resolveOwnerRegion(user: SessionUser, scope: RegionScope, input: CompanyInput, current: string | null, db: DbTx): Promise<{ ok: true; id: string } | { ok: false; message: MessageKey }> {
  if (scope !== null) {
    if (current) return { ok: true, id: current };
    if (!user.regionId) return { ok: false, message: "companies.ownerRegionMissing" };
    return { ok: true, id: user.regionId };
  }
  const id = blank(input.ownerRegionId) ?? current;
  if (!id) return { ok: false, message: "companies.ownerRegionRequired" };
  const region = await db.region.findUnique({ where: { id }, select: { id: true } });
  return region ? { ok: true, id: region.id } : { ok: false, message: "companies.ownerRegionRequired" };
}

type Prepared = { ok: true; data: Omit<Prisma.CompanyUncheckedCreateInput, "createdById"> } | Exclude<CompanyWriteOutcome, { ok: true }>;

/** Validation and duplicate checks shared by create and update. */
async function prepareCompany(user: SessionUser, input: CompanyInput, current: CompanyImage | null, db: DbTx): Promise<Prepared> {
  const scope = await regionScope(user, db);
  const name = input.name.normalize("NFKC").trim().replace(/\s+/gu, " ");
  if (!name) return { ok: false, kind: "field", field: "name", message: "companies.nameRequired" };
  let uscc: string | null = null;
  if (blank(input.uscc)) {
    const parsed = parseUscc(input.uscc as string);
    if (!parsed.ok) return { ok: false, kind: "field", field: "uscc", message: parsed.message, params: parsed.params };
    uscc = parsed.value;
  }
  const chain = await resolveChainChoice(db, input, current ?? undefined);
  if (!chain.ok) return { ok: false, kind: "field", field: chain.field, message: chain.message };
  const owner = await resolveOwnerRegion(user, scope, input, current?.ownerRegionId ?? null, db);
  if (!owner.ok) return { ok: false, kind: "field", field: "ownerRegionId", message: owner.message };

  if (uscc && uscc !== current?.uscc) {
    const existing = await companyRef(scope, { uscc }, db);
    if (existing && existing.id !== current?.id) return { ok: false, kind: "usccTaken", field: "uscc", existing };
  }
  const normalizedName = normalizeCompanyName(name);
  if (!input.confirmDuplicate && (!current || normalizeCompanyName(current.name) !== normalizedName)) {
    const similar = await findSimilarCompanies(user, name, current?.id, db);
    if (similar.length > 0) return { ok: false, kind: "similarName", field: "name", similar };
  }
  return {
    ok: true,
    data: {
      name,
      normalizedName,
      searchKey: searchKeyFor(name),
      uscc,
      hqProvince: blank(input.hqProvince),
      hqCity: blank(input.hqCity),
      chainId: chain.chainId,
      linkId: chain.linkId,
      tags: serializeCompanyTags(input.tags ?? []),
      sourceChannel: blank(input.sourceChannel),
      ownerRegionId: owner.id,
      description: blank(input.description),
    },
  };
}

async function usccTakenOutcome(user: SessionUser, uscc: string | null | undefined): Promise<CompanyWriteOutcome | null> {
  if (!uscc) return null;
  const existing = await companyRef(await regionScope(user), { uscc }, prisma);
  return existing ? { ok: false, kind: "usccTaken", field: "uscc", existing } : null;
}

export async function createCompany(user: SessionUser, input: CompanyInput, meta?: RequestMeta): Promise<CompanyWriteOutcome> {
  requirePermission(user, "pipeline:write");
  const prepared = await prepareCompany(user, input, null, prisma);
  if (!prepared.ok) return prepared;
  try {
    return await prisma.$transaction(async (tx) => {
      const created = await tx.company.create({ data: { ...prepared.data, createdById: user.id }, select: COMPANY_AUDIT_SELECT });
      await writeAudit({ actor: user, action: "CREATE", entity: "Company", entityId: created.id, after: created, meta }, tx);
      return { ok: true as const, id: created.id };
    });
  } catch (error) {
    // Two officers registering one code at the same moment: the unique index decides.
    if (isUniqueViolation(error)) {
      const taken = await usccTakenOutcome(user, prepared.data.uscc);
      if (taken) return taken;
    }
    throw error;
  }
}

/** Saves an edit made from `version`; a stale version throws VersionConflict. */
export async function updateCompany(user: SessionUser, id: string, version: number, input: CompanyInput, meta?: RequestMeta): Promise<CompanyWriteOutcome> {
  requirePermission(user, "pipeline:write");
  const current = await requireCompanyInScope(user, id, prisma);
  const prepared = await prepareCompany(user, input, current, prisma);
  if (!prepared.ok) return prepared;
  try {
    return await prisma.$transaction(async (tx) => {
      const before = await tx.company.findUniqueOrThrow({ where: { id }, select: COMPANY_AUDIT_SELECT });
      const { count } = await tx.company.updateMany({ where: { id, version, deletedAt: null }, data: { ...prepared.data, version: { increment: 1 } } });
      if (count === 0) throw new VersionConflict("Company", before);
      const after = await tx.company.findUniqueOrThrow({ where: { id }, select: COMPANY_AUDIT_SELECT });
      await writeAudit({ actor: user, action: "UPDATE", entity: "Company", entityId: id, before, after, meta }, tx);
      return { ok: true as const, id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const taken = await usccTakenOutcome(user, prepared.data.uscc);
      if (taken) return taken;
    }
    throw error;
  }
}

export type SimpleOutcome = { ok: true } | { ok: false; message: MessageKey; params?: MessageParams };

/**
 * Moves the company to the recycle bin. A company with live projects stays: its projects would
 * lose their investor.
 */
export async function deleteCompany(user: SessionUser, id: string, version: number, meta?: RequestMeta): Promise<SimpleOutcome> {
  requirePermission(user, "pipeline:write");
  await requireCompanyInScope(user, id, prisma);
  return prisma.$transaction(async (tx) => {
    const projects = await tx.project.count({ where: { companyId: id, deletedAt: null } });
    if (projects > 0) return { ok: false as const, message: "companies.deleteHasProjects" as const, params: { count: projects } };
    const before = await tx.company.findUniqueOrThrow({ where: { id }, select: COMPANY_AUDIT_SELECT });
    const { count } = await tx.company.updateMany({ where: { id, version, deletedAt: null }, data: { deletedAt: now(), version: { increment: 1 } } });
    if (count === 0) throw new VersionConflict("Company", before);
    const after = await tx.company.findUniqueOrThrow({ where: { id }, select: COMPANY_AUDIT_SELECT });
    await writeAudit({ actor: user, action: "DELETE", entity: "Company", entityId: id, before, after, meta }, tx);
    return { ok: true as const };
  });
}

/** Takes a company out of the recycle bin (its owning region's officers, or the city). */
export async function restoreCompany(user: SessionUser, id: string, meta?: RequestMeta): Promise<SimpleOutcome> {
  requirePermission(user, "pipeline:write");
  await requireCompanyInScope(user, id, prisma, { deleted: true });
  return prisma.$transaction(async (tx) => {
    const before = await tx.company.findUniqueOrThrow({ where: { id }, select: COMPANY_AUDIT_SELECT });
    const { count } = await tx.company.updateMany({ where: { id, deletedAt: { not: null } }, data: { deletedAt: null, version: { increment: 1 } } });
    if (count === 0) return { ok: false as const, message: "companies.alreadyRestored" as const };
    const after = await tx.company.findUniqueOrThrow({ where: { id }, select: COMPANY_AUDIT_SELECT });
    await writeAudit({ actor: user, action: "RESTORE", entity: "Company", entityId: id, before, after, meta }, tx);
    return { ok: true as const };
  });
}

// ───────────────────────────── merge ─────────────────────────────

export type MergeInput = { survivorId: string; survivorVersion: number; duplicateId: string; duplicateVersion: number; ownerRegionId?: string | null };

/**
 * Merges a duplicate into the surviving company (DESIGN §7.1), in one transaction: the
 * duplicate's projects and contacts move over, the survivor's empty fields are filled from the
 * duplicate (tags united), the duplicate goes to the recycle bin, and a MERGE row with the
 * before/after of both is written under each id, so either one's history points to the other.
 * Merging is city-wide (pipeline:assign), so no region scope applies.
 */
export async function mergeCompanies(user: SessionUser, input: MergeInput, meta?: RequestMeta): Promise<SimpleOutcome> {
  requirePermission(user, "pipeline:assign");
  if (input.survivorId === input.duplicateId) return { ok: false, message: "companies.mergeSame" };
  return prisma.$transaction(async (tx) => {
    const [survivor, duplicate] = await Promise.all([
      tx.company.findFirst({ where: { id: input.survivorId, deletedAt: null }, select: COMPANY_AUDIT_SELECT }),
      tx.company.findFirst({ where: { id: input.duplicateId, deletedAt: null }, select: COMPANY_AUDIT_SELECT }),
    ]);
    if (!survivor || !duplicate) throw notFound();
    if (survivor.version !== input.survivorVersion) throw new VersionConflict("Company", survivor);
    if (duplicate.version !== input.duplicateVersion) throw new VersionConflict("Company", duplicate);
    const ownerRegionId = blank(input.ownerRegionId) ?? survivor.ownerRegionId;
    if (ownerRegionId !== survivor.ownerRegionId && ownerRegionId !== duplicate.ownerRegionId) return { ok: false as const, message: "companies.mergeOwnerInvalid" as const };

    const patch = fillFromDuplicate(survivor as MergeableCompany, duplicate as MergeableCompany);
    const at = now();
    const detail = `merge ${duplicate.id} → ${survivor.id}`;

    const projects = await tx.project.findMany({ where: { companyId: duplicate.id }, select: { id: true, companyId: true, version: true } });
    if (projects.length > 0) {
      await tx.project.updateMany({ where: { companyId: duplicate.id }, data: { companyId: survivor.id, version: { increment: 1 } } });
      for (const p of projects) {
        await writeAudit({ actor: user, action: "UPDATE", entity: "Project", entityId: p.id, before: { companyId: p.companyId, version: p.version }, after: { companyId: survivor.id, version: p.version + 1 }, detail, meta }, tx);
      }
    }
    const contacts = await tx.contact.findMany({ where: { companyId: duplicate.id }, select: CONTACT_SELECT });
    if (contacts.length > 0) {
      await tx.contact.updateMany({ where: { companyId: duplicate.id }, data: { companyId: survivor.id, version: { increment: 1 } } });
      for (const c of contacts) {
        await writeAudit({ actor: user, action: "UPDATE", entity: "Contact", entityId: c.id, before: c, after: { ...c, companyId: survivor.id, version: c.version + 1 }, detail, meta }, tx);
      }
    }
    // The code is unique: the duplicate gives it up before the survivor takes it.
    if (patch.uscc) await tx.company.update({ where: { id: duplicate.id }, data: { uscc: null } });
    await tx.company.update({ where: { id: duplicate.id }, data: { deletedAt: at, version: { increment: 1 } } });
    await tx.company.update({ where: { id: survivor.id }, data: { ...patch, ownerRegionId, version: { increment: 1 } } });

    const [survivorAfter, duplicateAfter] = await Promise.all([
      tx.company.findUniqueOrThrow({ where: { id: survivor.id }, select: COMPANY_AUDIT_SELECT }),
      tx.company.findUniqueOrThrow({ where: { id: duplicate.id }, select: COMPANY_AUDIT_SELECT }),
    ]);
    const moved = { projectIds: projects.map((p) => p.id), contactIds: contacts.map((c) => c.id) };
    const before = { survivor, duplicate };
    const after = { survivor: survivorAfter, duplicate: duplicateAfter, ...moved };
    await writeAudit({ actor: user, action: "MERGE", entity: "Company", entityId: survivor.id, before, after, detail: `mergedFrom=${duplicate.id}`, meta }, tx);
    await writeAudit({ actor: user, action: "MERGE", entity: "Company", entityId: duplicate.id, before, after, detail: `mergedInto=${survivor.id}`, meta }, tx);
    return { ok: true as const };
  });
}

// ───────────────────────────── contacts ─────────────────────────────

export type ContactInput = { name: string; title?: string | null; phone?: string | null; email?: string | null; notes?: string | null };

function contactData(input: ContactInput) {
  return { name: input.name.trim(), title: blank(input.title), phone: blank(input.phone), email: blank(input.email), notes: blank(input.notes) };
}

/** The live contact of a live company in the user's scope, or a thrown 404. */
async function requireContactInScope(user: SessionUser, contactId: string, db: DbTx): Promise<ContactImage> {
  const scope = await regionScope(user, db);
  const row = await db.contact.findFirst({
    where: { id: contactId, deletedAt: null, company: { deletedAt: null, ...companyScopeWhere(scope) } },
    select: CONTACT_SELECT,
  });
  if (!row) throw notFound();
  return row;
}

export async function createContact(user: SessionUser, companyId: string, input: ContactInput, meta?: RequestMeta): Promise<{ id: string }> {
  requirePermission(user, "pipeline:write");
  await requireCompanyInScope(user, companyId, prisma);
  return prisma.$transaction(async (tx) => {
    const created = await tx.contact.create({ data: { companyId, ...contactData(input) }, select: CONTACT_SELECT });
    await writeAudit({ actor: user, action: "CREATE", entity: "Contact", entityId: created.id, after: created, detail: `company=${companyId}`, meta }, tx);
    return { id: created.id };
  });
}

export async function updateContact(user: SessionUser, contactId: string, version: number, input: ContactInput, meta?: RequestMeta): Promise<void> {
  requirePermission(user, "pipeline:write");
  await requireContactInScope(user, contactId, prisma);
  await prisma.$transaction(async (tx) => {
    const before = await tx.contact.findUniqueOrThrow({ where: { id: contactId }, select: CONTACT_SELECT });
    const { count } = await tx.contact.updateMany({ where: { id: contactId, version, deletedAt: null }, data: { ...contactData(input), version: { increment: 1 } } });
    if (count === 0) throw new VersionConflict("Contact", before);
    const after = await tx.contact.findUniqueOrThrow({ where: { id: contactId }, select: CONTACT_SELECT });
    await writeAudit({ actor: user, action: "UPDATE", entity: "Contact", entityId: contactId, before, after, detail: `company=${before.companyId}`, meta }, tx);
  });
}

export async function deleteContact(user: SessionUser, contactId: string, version: number, meta?: RequestMeta): Promise<void> {
  requirePermission(user, "pipeline:write");
  await requireContactInScope(user, contactId, prisma);
  await prisma.$transaction(async (tx) => {
    const before = await tx.contact.findUniqueOrThrow({ where: { id: contactId }, select: CONTACT_SELECT });
    const { count } = await tx.contact.updateMany({ where: { id: contactId, version, deletedAt: null }, data: { deletedAt: now(), version: { increment: 1 } } });
    if (count === 0) throw new VersionConflict("Contact", before);
    const after = await tx.contact.findUniqueOrThrow({ where: { id: contactId }, select: CONTACT_SELECT });
    await writeAudit({ actor: user, action: "DELETE", entity: "Contact", entityId: contactId, before, after, detail: `company=${before.companyId}`, meta }, tx);
  });
}

/** The company a contact belongs to, if the contact is live and in the user's scope. */
export async function contactCompanyId(user: SessionUser, contactId: string): Promise<string> {
  return (await requireContactInScope(user, contactId, prisma)).companyId;
}

// ───────────────────────────── conflicts ─────────────────────────────

export type ConflictChange = { field: string; from: string; to: string };
export type ConflictReport = { version: number; changedBy: string | null; changedAt: Date | null; changes: ConflictChange[] };

type Image = Record<string, unknown>;

/** The image of one record in an audit row (a MERGE row holds both companies). */
function imageOf(image: Image | null, id: string): Image | null {
  if (!image) return null;
  if (image.id === id) return image;
  for (const key of ["survivor", "duplicate"]) {
    const inner = image[key] as Image | undefined;
    if (inner && inner.id === id) return inner;
  }
  return null;
}

const NAMED_IDS = ["chainId", "linkId", "ownerRegionId"] as const;

/** Field changes for display: values as text, chain/link/region ids as their names. */
async function describeChanges(raw: { field: string; from: unknown; to: unknown }[]): Promise<ConflictChange[]> {
  const wanted = (field: string) => [...new Set(raw.filter((c) => c.field === field).flatMap((c) => [c.from, c.to]).filter((v): v is string => typeof v === "string" && v !== ""))];
  const [chains, links, regions] = await Promise.all(
    NAMED_IDS.map(async (field) => {
      const ids = wanted(field);
      if (ids.length === 0) return new Map<string, string>();
      const where = { id: { in: ids } };
      const select = { id: true, name: true } as const;
      const rows =
        field === "chainId"
          ? await prisma.industryChain.findMany({ where, select })
          : field === "linkId"
            ? await prisma.chainLink.findMany({ where, select })
            : await prisma.region.findMany({ where, select });
      return new Map(rows.map((r) => [r.id, r.name]));
    }),
  );
  const maps: Record<string, Map<string, string>> = { chainId: chains!, linkId: links!, ownerRegionId: regions! };
  const text = (field: string, v: unknown) => (v === null || v === undefined ? "" : typeof v === "string" ? (maps[field]?.get(v) ?? v) : String(v));
  return raw.map((c) => ({ field: c.field, from: text(c.field, c.from), to: text(c.field, c.to) }));
}

/**
 * What others saved since `version`, the one the user's form started from: the audit image
 * that produced that version against the record as it now stands (`current`, from the
 * VersionConflict). Ids are turned into names for the 409 message.
 */
export async function changesSince(entity: "Company" | "Contact", id: string, version: number, current: Image | null): Promise<ConflictReport> {
  const history = await listChanges(entity, id, 200);
  const latest = history[0];
  // The image at `version`: the after-image of the save that made it, or (for a record created
  // outside the app, e.g. imported) the before-image of the save that replaced it.
  const base = history.flatMap((e) => [imageOf(e.after, id), imageOf(e.before, id)]).find((image) => image?.version === version) ?? null;
  const now = current ? (JSON.parse(auditJson(current) ?? "null") as Image | null) : imageOf(latest?.after ?? null, id);
  const ignored = new Set(["id", "companyId", "deletedAt"]);
  const changes = await describeChanges(base && now ? changedFields(base, now).filter((c) => !ignored.has(c.field)) : []);
  return {
    version: typeof now?.version === "number" ? now.version : version,
    changedBy: latest?.actorName ?? null,
    changedAt: latest?.at ?? null,
    changes,
  };
}
