// 载体 carriers and 选址 site selection (DESIGN §4 Site/SiteCandidate, §7.4; issue 4 items 1–2):
// the one place that reads and writes sites, a project's needs, candidates and 踏勘 visits.
//
// - Scope: a carrier belongs to a county or park; every query puts regionScope(user) in its
//   `where` (a county officer asking for another county's carrier gets 404). A project's
//   candidates are reached through getProjectForUser, so they share the project's scope.
// - Reservation: the moves are planned by app/domain/site-reservation.ts from the candidates
//   as they stand and written in one transaction with their audit rows. Every write that
//   changes a candidate's status bumps the carrier's version with a version check, so two
//   officers reserving one carrier at once are serialised; the partial unique indexes of
//   migration 0003 (one 确定 per carrier, one per project, one open offer per pair) stop any
//   race that slips past. Both surface as SiteSelectionConflict, answered 409.
// - Who holds a carrier is told only as far as the user's scope reaches: a project outside it
//   is "已被其他项目预留", never its name.
import { regionLineage } from "#app/domain/projects";
import { candidatesAbandonedByDeletion, siteDeletionBlock, siteStatusAfterEdit } from "#app/domain/site-inventory";
import {
  candidateMoveTargets,
  candidateStatusAfterVisit,
  isCandidateStatus,
  isEiaCategory,
  isSiteKind,
  isSiteStatus,
  planCandidateMove,
  planCandidateProposal,
  RESERVING_STATUSES,
  siteFits,
  siteReservationFor,
  suggestSites,
  type CandidateSnapshot,
  type CandidateStatus,
  type FitCriterion,
  type SiteFit,
  type SiteForFit,
  type SiteKind,
  type SiteReservation,
  type SiteSnapshot,
  type SiteStatus,
} from "#app/domain/site-reservation";
import { shanghaiDay } from "#app/domain/workdays";
import { t, type MessageKey } from "#app/i18n";
import { getProjectForUser, WRITE_TX_OPTIONS } from "#app/models/project.server";
import { type SiteFilters, type SiteFormValue } from "#app/schemas/site";
import { writeAudit } from "#app/utils/audit.server";
import { now } from "#app/utils/clock";
import { isUniqueViolation, prisma, type DbTx, type Prisma } from "#app/utils/db.server";
import { type ListParams } from "#app/utils/list-params";
import { hasPermission, inScope, notFound, regionScope, requirePermission, type RegionScope, type SessionUser } from "#app/utils/permissions.server";
import { type RequestMeta } from "#app/utils/request-meta.server";
import {
  candidateStatusLabel,
  eiaLabel,
  formatPower,
  formatQuantity,
  formatSiteArea,
  siteKindLabel,
  siteStatusLabel,
  type AvailabilityView,
  type CandidateView,
  type FitView,
  type MoveOptionView,
  type ProjectRefView,
  type ReservationView,
  type SiteNeedsView,
  type SitesPanelData,
  type SiteSummaryView,
  type SuggestionView,
} from "#app/utils/site-display";
import { VersionConflict } from "#app/utils/version-conflict.server";

export type FieldErrors = Record<string, string[]>;

/**
 * A reservation lost to another officer's save between loading and writing (a stale version or
 * one of the partial unique indexes). The route answers 409 with `message`.
 */
export class SiteSelectionConflict extends Error {
  constructor(readonly messageKey: MessageKey) {
    super(t(messageKey));
  }
}

// ───────────────────────────── scope and regions ─────────────────────────────

function siteScopeWhere(scope: RegionScope): Prisma.SiteWhereInput {
  return scope === null ? { deletedAt: null } : { deletedAt: null, regionId: { in: [...scope] } };
}

type RegionRow = { id: string; name: string; parentId: string | null; level: string; sortOrder: number };

async function regionRows(db: DbTx = prisma): Promise<RegionRow[]> {
  return db.region.findMany({ orderBy: [{ sortOrder: "asc" }, { name: "asc" }], select: { id: true, name: true, parentId: true, level: true, sortOrder: true } });
}

function descendantsOf(rootId: string, rows: readonly RegionRow[]): string[] {
  const ids = [rootId];
  for (let i = 0; i < ids.length; i++) for (const r of rows) if (r.parentId === ids[i]) ids.push(r.id);
  return ids;
}

/** Regions a carrier may be filed under by this user: counties and parks in scope. */
function siteRegionsFor(scope: RegionScope, rows: readonly RegionRow[]) {
  return rows.filter((r) => r.level !== "CITY" && inScope(scope, r.id)).map((r) => ({ id: r.id, name: r.name }));
}

function projectRef(p: { id: string; code: string; name: string }): ProjectRefView {
  return { id: p.id, code: p.code, name: p.name };
}

type HolderRow = { projectId: string; status: string; project: { id: string; code: string; name: string; regionId: string; deletedAt: Date | null } };

/** Who holds a carrier, as far as the user's scope reaches (DESIGN §7.4). */
function availabilityOf(
  scope: RegionScope,
  site: { status: string; occupantName: string | null; holderProject: { id: string; code: string; name: string; regionId: string } | null },
  holders: readonly HolderRow[],
): AvailabilityView {
  const status: SiteStatus = isSiteStatus(site.status) ? site.status : "VACANT";
  const visible: AvailabilityView["holders"] = [];
  let heldByOthers = false;
  const add = (p: { id: string; code: string; name: string; regionId: string }, role: CandidateStatus | "HOLDER") => {
    if (visible.some((v) => v.id === p.id)) return;
    if (inScope(scope, p.regionId)) visible.push({ ...projectRef(p), status: role });
    else heldByOthers = true;
  };
  for (const h of holders) if (RESERVING_STATUSES.includes(h.status as CandidateStatus)) add(h.project, h.status as CandidateStatus);
  if (site.holderProject) add(site.holderProject, "HOLDER");
  return { status, label: siteStatusLabel(status), holders: visible, heldByOthers, occupantName: site.occupantName };
}

// ───────────────────────────── audit images ─────────────────────────────

const SITE_AUDIT_SELECT = {
  id: true,
  name: true,
  kind: true,
  regionId: true,
  address: true,
  areaSqm: true,
  areaMu: true,
  floors: true,
  powerKva: true,
  waterTonsPerDay: true,
  maxEiaCategory: true,
  status: true,
  holderProjectId: true,
  occupantName: true,
  landPriceWanPerMu: true,
  rentYuanPerSqmMonth: true,
  notes: true,
  deletedAt: true,
  version: true,
} as const satisfies Prisma.SiteSelect;

export type SiteImage = Prisma.SiteGetPayload<{ select: typeof SITE_AUDIT_SELECT }>;

const CANDIDATE_AUDIT_SELECT = {
  id: true,
  projectId: true,
  siteId: true,
  status: true,
  overrideReason: true,
  statusReason: true,
  statusAutoKey: true,
  statusAt: true,
  notes: true,
  version: true,
} as const satisfies Prisma.SiteCandidateSelect;

async function siteImage(id: string, db: DbTx): Promise<SiteImage | null> {
  return db.site.findUnique({ where: { id }, select: SITE_AUDIT_SELECT });
}

async function candidateImage(id: string, db: DbTx) {
  return db.siteCandidate.findUnique({ where: { id }, select: CANDIDATE_AUDIT_SELECT });
}

// ───────────────────────────── the inventory ─────────────────────────────

export const SITE_SORT_KEYS = ["name", "kind", "region", "areaSqm", "areaMu", "powerKva", "status", "updatedAt"] as const;
export type SiteSortKey = (typeof SITE_SORT_KEYS)[number];

function orderFor(sort: SiteSortKey, dir: "asc" | "desc"): Prisma.SiteOrderByWithRelationInput[] {
  const nullsLast = (field: "areaSqm" | "areaMu" | "powerKva") => ({ [field]: { sort: dir, nulls: "last" } }) as Prisma.SiteOrderByWithRelationInput;
  const tail: Prisma.SiteOrderByWithRelationInput[] = [{ name: "asc" }, { id: "asc" }];
  switch (sort) {
    case "name":
      return [{ name: dir }, { id: "asc" }];
    case "kind":
      return [{ kind: dir }, ...tail];
    case "region":
      return [{ region: { sortOrder: dir } }, ...tail];
    case "status":
      return [{ status: dir }, ...tail];
    case "updatedAt":
      return [{ updatedAt: dir }, { id: "asc" }];
    default:
      return [nullsLast(sort), ...tail];
  }
}

const HOLDER_SELECT = {
  where: { status: { in: [...RESERVING_STATUSES] } },
  orderBy: { statusAt: "asc" },
  select: { projectId: true, status: true, project: { select: { id: true, code: true, name: true, regionId: true, deletedAt: true } } },
} as const satisfies Prisma.Site$candidatesArgs;

const HOLDER_PROJECT_SELECT = { select: { id: true, code: true, name: true, regionId: true } } as const;

export type SiteListRow = {
  id: string;
  name: string;
  kind: string;
  kindLabel: string;
  regionName: string;
  address: string | null;
  area: string;
  floors: number | null;
  power: string;
  price: string | null;
  availability: AvailabilityView;
  updatedAt: string;
};

function priceText(site: { kind: string; landPriceWanPerMu: number | null; rentYuanPerSqmMonth: number | null }): string | null {
  if (site.landPriceWanPerMu !== null) return t("sites.priceLand", { value: formatQuantity(site.landPriceWanPerMu) });
  if (site.rentYuanPerSqmMonth !== null) return t("sites.priceRent", { value: formatQuantity(site.rentYuanPerSqmMonth) });
  return null;
}

/** /sites: the carriers in the user's scope, filtered, sorted and paged. */
export async function listSites(user: SessionUser, filters: SiteFilters, list: ListParams<SiteSortKey>): Promise<{ total: number; rows: SiteListRow[] }> {
  requirePermission(user, "pipeline:read");
  const scope = await regionScope(user);
  const and: Prisma.SiteWhereInput[] = [siteScopeWhere(scope)];
  if (filters.regionId) and.push({ regionId: { in: descendantsOf(filters.regionId, await regionRows()) } });
  if (filters.kind) and.push({ kind: filters.kind });
  if (filters.status) and.push({ status: filters.status });
  if (filters.minSqm) and.push({ areaSqm: { gte: filters.minSqm } });
  if (filters.minMu) and.push({ areaMu: { gte: filters.minMu } });
  if (filters.minPowerKva) and.push({ powerKva: { gte: filters.minPowerKva } });
  if (filters.q) and.push({ OR: [{ name: { contains: filters.q } }, { address: { contains: filters.q } }, { notes: { contains: filters.q } }] });
  const where: Prisma.SiteWhereInput = { AND: and };
  const [total, rows] = await Promise.all([
    prisma.site.count({ where }),
    prisma.site.findMany({
      where,
      orderBy: orderFor(list.sort, list.dir),
      skip: list.skip,
      take: list.pageSize,
      select: {
        id: true,
        name: true,
        kind: true,
        region: { select: { name: true } },
        address: true,
        areaSqm: true,
        areaMu: true,
        floors: true,
        powerKva: true,
        status: true,
        occupantName: true,
        landPriceWanPerMu: true,
        rentYuanPerSqmMonth: true,
        updatedAt: true,
        holderProject: HOLDER_PROJECT_SELECT,
        candidates: HOLDER_SELECT,
      },
    }),
  ]);
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      kindLabel: siteKindLabel(r.kind),
      regionName: r.region.name,
      address: r.address,
      area: formatSiteArea(r),
      floors: r.floors,
      power: formatPower(r.powerKva),
      price: priceText(r),
      availability: availabilityOf(scope, r, r.candidates),
      updatedAt: shanghaiDay(r.updatedAt),
    })),
  };
}

/** The /sites filter choices: counties and parks in the user's scope. */
export async function siteFilterOptions(user: SessionUser) {
  const scope = await regionScope(user);
  return { regions: siteRegionsFor(scope, await regionRows()) };
}

/** The site forms' choices, and the region a county officer's carriers go under. */
export async function siteFormOptions(user: SessionUser) {
  const scope = await regionScope(user);
  const regions = siteRegionsFor(scope, await regionRows());
  return { regions, fixedRegion: regions.length === 1 ? regions[0]! : null };
}

const SITE_DETAIL_SELECT = {
  ...SITE_AUDIT_SELECT,
  region: { select: { id: true, name: true } },
  createdAt: true,
  updatedAt: true,
  holderProject: HOLDER_PROJECT_SELECT,
  candidates: {
    orderBy: [{ statusAt: "desc" }, { id: "asc" }],
    select: {
      id: true,
      projectId: true,
      status: true,
      statusAt: true,
      overrideReason: true,
      statusReason: true,
      statusAutoKey: true,
      proposedBy: { select: { displayName: true } },
      project: { select: { id: true, code: true, name: true, regionId: true, deletedAt: true } },
      visits: { where: { deletedAt: null }, orderBy: [{ visitedAt: "desc" }, { id: "asc" }], select: { id: true, visitedAt: true, participants: true, impressions: true } },
    },
  },
} as const satisfies Prisma.SiteSelect;

/** The carrier's page; a 404 Response when it is missing, deleted or outside the user's scope. */
export async function getSiteForUser(user: SessionUser, id: string) {
  requirePermission(user, "pipeline:read");
  const scope = await regionScope(user);
  const site = await prisma.site.findFirst({ where: { AND: [{ id }, siteScopeWhere(scope)] }, select: SITE_DETAIL_SELECT });
  if (!site) throw notFound();
  const reasonText = (c: { statusReason: string | null; statusAutoKey: string | null }) => c.statusReason ?? autoReasonText(c.statusAutoKey);
  return {
    site,
    availability: availabilityOf(scope, site, site.candidates),
    // A candidacy of a project outside the scope shows only that it exists and its status.
    candidacies: site.candidates.map((c) => {
      const visible = inScope(scope, c.project.regionId) && !c.project.deletedAt;
      return {
        id: c.id,
        status: c.status,
        statusLabel: candidateStatusLabel(c.status),
        statusAt: shanghaiDay(c.statusAt),
        project: visible ? projectRef(c.project) : null,
        overrideReason: visible ? c.overrideReason : null,
        statusReason: visible ? reasonText(c) : null,
        proposedBy: visible ? (c.proposedBy?.displayName ?? null) : null,
        visits: visible ? c.visits.map((v) => ({ id: v.id, visitedAt: shanghaiDay(v.visitedAt), participants: v.participants, impressions: v.impressions })) : [],
      };
    }),
  };
}

function autoReasonText(key: string | null): string | null {
  if (key === "landing.autoAbandonedOtherConfirmed") return t("landing.autoAbandonedOtherConfirmed");
  if (key === "sites.autoAbandonedSiteDeleted") return t("sites.autoAbandonedSiteDeleted");
  return null;
}

function cleanText(value: string | null | undefined): string | null {
  const s = value?.trim() ?? "";
  return s === "" ? null : s;
}

function siteData(value: SiteFormValue, regionId: string) {
  return {
    name: value.name.trim(),
    kind: value.kind,
    regionId,
    address: cleanText(value.address),
    areaSqm: value.areaSqm ?? null,
    areaMu: value.areaMu ?? null,
    floors: value.floors ?? null,
    powerKva: value.powerKva ?? null,
    waterTonsPerDay: value.waterTonsPerDay ?? null,
    maxEiaCategory: value.maxEiaCategory ?? null,
    landPriceWanPerMu: value.landPriceWanPerMu ?? null,
    rentYuanPerSqmMonth: value.rentYuanPerSqmMonth ?? null,
    notes: cleanText(value.notes),
  };
}

export type SiteWriteResult = { ok: true; id: string; version: number } | { ok: false; errors: FieldErrors };

/** The region a carrier goes under: the one chosen, or the county officer's only region. */
function resolveRegion(value: SiteFormValue, regions: { id: string }[], current: string | null): { regionId: string } | { error: MessageKey } {
  const chosen = value.regionId || current || (regions.length === 1 ? regions[0]!.id : "");
  if (!chosen) return { error: "sites.regionRequired" };
  if (chosen !== current && !regions.some((r) => r.id === chosen)) return { error: "sites.regionNotAllowed" };
  return { regionId: chosen };
}

/** Adds a carrier in a county or park of the user's scope (县区专员: their own). */
export async function createSite(user: SessionUser, value: SiteFormValue, meta?: RequestMeta): Promise<SiteWriteResult> {
  requirePermission(user, "pipeline:write");
  const { regions } = await siteFormOptions(user);
  const region = resolveRegion(value, regions, null);
  if ("error" in region) return { ok: false, errors: { regionId: [t(region.error)] } };
  return prisma.$transaction(async (tx) => {
    const created = await tx.site.create({ data: { ...siteData(value, region.regionId), createdById: user.id }, select: { id: true, version: true } });
    await writeAudit({ actor: user, action: "CREATE", entity: "Site", entityId: created.id, after: await siteImage(created.id, tx), meta }, tx);
    return { ok: true as const, id: created.id, version: created.version };
  }, WRITE_TX_OPTIONS);
}

async function siteInScope(user: SessionUser, id: string, db: DbTx = prisma): Promise<SiteImage> {
  const scope = await regionScope(user, db);
  const site = await db.site.findFirst({ where: { AND: [{ id }, siteScopeWhere(scope)] }, select: SITE_AUDIT_SELECT });
  if (!site) throw notFound();
  return site;
}

/** The carrier as its edit form starts from; 404 outside the scope. */
export async function getSiteForEdit(user: SessionUser, id: string): Promise<SiteImage> {
  requirePermission(user, "pipeline:write");
  return siteInScope(user, id);
}

async function candidatesOfSite(siteId: string, db: DbTx): Promise<CandidateSnapshot[]> {
  const rows = await db.siteCandidate.findMany({ where: { siteId }, select: { id: true, projectId: true, siteId: true, status: true } });
  return rows.filter((r): r is typeof r & { status: CandidateStatus } => isCandidateStatus(r.status));
}

/**
 * Saves an edit made from `version`: VersionConflict (with the record as it stands) when
 * someone saved in between, including a candidate move on the carrier. 已入驻 is the only
 * status set by hand (siteStatusAfterEdit).
 */
export async function updateSite(user: SessionUser, id: string, version: number, value: SiteFormValue, meta?: RequestMeta): Promise<SiteWriteResult> {
  requirePermission(user, "pipeline:write");
  const before = await siteInScope(user, id);
  if (before.version !== version) throw new VersionConflict("Site", before);
  const { regions } = await siteFormOptions(user);
  const errors: FieldErrors = {};
  const region = resolveRegion(value, regions, before.regionId);
  if ("error" in region) errors.regionId = [t(region.error)];
  return prisma.$transaction(async (tx) => {
    const status = siteStatusAfterEdit({ occupied: value.occupied ?? false, occupantName: value.occupantName, candidatesOfSite: await candidatesOfSite(id, tx) });
    if (!status.ok) errors[status.field] = [t(status.message)];
    if (Object.keys(errors).length > 0 || !status.ok || "error" in region) return { ok: false as const, errors };
    const { count } = await tx.site.updateMany({
      where: { id, version, deletedAt: null },
      data: { ...siteData(value, region.regionId), status: status.status, holderProjectId: status.holderProjectId, occupantName: status.occupantName, version: { increment: 1 } },
    });
    if (count === 0) throw new VersionConflict("Site", await siteImage(id, tx));
    const after = await siteImage(id, tx);
    await writeAudit({ actor: user, action: "UPDATE", entity: "Site", entityId: id, before, after, meta }, tx);
    return { ok: true as const, id, version: after?.version ?? version + 1 };
  }, WRITE_TX_OPTIONS);
}

/**
 * Soft delete. Refused while a project holds the carrier at 意向 or 确定; offers still at 推荐
 * or 踏勘 are abandoned with it, so no project keeps a candidate it can no longer open.
 */
export async function deleteSite(user: SessionUser, id: string, version: number | null, meta?: RequestMeta): Promise<{ ok: true } | { ok: false; message: string }> {
  requirePermission(user, "pipeline:write");
  const before = await siteInScope(user, id);
  if (version !== null && before.version !== version) throw new VersionConflict("Site", before);
  return prisma.$transaction(async (tx) => {
    const candidates = await candidatesOfSite(id, tx);
    const blocked = siteDeletionBlock(candidates);
    if (blocked) return { ok: false as const, message: t(blocked) };
    const { count } = await tx.site.updateMany({ where: { id, version: before.version, deletedAt: null }, data: { deletedAt: now(), version: { increment: 1 } } });
    if (count === 0) throw new VersionConflict("Site", await siteImage(id, tx));
    for (const c of candidatesAbandonedByDeletion(candidates)) {
      const cBefore = await candidateImage(c.id, tx);
      await tx.siteCandidate.update({
        where: { id: c.id },
        data: { status: "ABANDONED", statusAt: now(), statusReason: null, statusAutoKey: "sites.autoAbandonedSiteDeleted", version: { increment: 1 } },
      });
      await writeAudit({ actor: user, action: "UPDATE", entity: "SiteCandidate", entityId: c.id, before: cBefore, after: await candidateImage(c.id, tx), detail: "site deleted", meta }, tx);
    }
    await writeAudit({ actor: user, action: "DELETE", entity: "Site", entityId: id, before, after: await siteImage(id, tx), meta }, tx);
    return { ok: true as const };
  }, WRITE_TX_OPTIONS);
}

/** Region names for ids in site images (409 comparisons). */
export async function regionNames(ids: string[]): Promise<Record<string, string>> {
  if (ids.length === 0) return {};
  const rows = await prisma.region.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}

// ───────────────────────────── site selection for a project ─────────────────────────────

function splitList(value: string | null | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

type NeedsRow = { landMu: number | null; floorSqm: number | null; powerKva: number | null; eiaCategory: string | null; regionIds: string; siteKinds: string; notes: string | null; version: number };

function needsForFit(row: NeedsRow | null) {
  return {
    landMu: row?.landMu ?? null,
    floorSqm: row?.floorSqm ?? null,
    powerKva: row?.powerKva ?? null,
    eiaCategory: row?.eiaCategory && isEiaCategory(row.eiaCategory) ? row.eiaCategory : null,
    regionIds: splitList(row?.regionIds),
    kinds: splitList(row?.siteKinds).filter(isSiteKind),
  };
}

const FIT_SITE_SELECT = {
  id: true,
  name: true,
  kind: true,
  regionId: true,
  region: { select: { name: true } },
  areaSqm: true,
  areaMu: true,
  powerKva: true,
  maxEiaCategory: true,
  status: true,
  holderProjectId: true,
  deletedAt: true,
  version: true,
} as const satisfies Prisma.SiteSelect;

type FitSiteRow = Prisma.SiteGetPayload<{ select: typeof FIT_SITE_SELECT }>;
type FitSite = SiteForFit & SiteSnapshot & { row: FitSiteRow };

function toFitSite(row: FitSiteRow, regions: readonly RegionRow[]): FitSite {
  return {
    row,
    id: row.id,
    kind: isSiteKind(row.kind) ? row.kind : "STANDARD_FACTORY",
    regionId: row.regionId,
    regionAncestorIds: regionLineage(row.regionId, regions).slice(1),
    areaMu: row.areaMu,
    areaSqm: row.areaSqm,
    powerKva: row.powerKva,
    maxEiaCategory: row.maxEiaCategory && isEiaCategory(row.maxEiaCategory) ? row.maxEiaCategory : null,
    status: isSiteStatus(row.status) ? row.status : "VACANT",
    projectId: row.holderProjectId,
  };
}

function fitView(fit: SiteFit, checked: boolean): FitView {
  const criteria = fit.unknown.map((c: FitCriterion) => t(`landing.fitCriterion_${c}`)).join("、");
  return {
    fits: fit.fits,
    checked,
    misfits: fit.misfits.map((m) => t(m.message.key, m.message.params ? formatParams(m.message.params) : undefined)),
    unknown: fit.unknown.length ? t("landing.fitUnknown", { criteria }) : null,
  };
}

function formatParams(params: Record<string, string | number>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === "number" ? formatQuantity(v) : v]));
}

type ProjectNames = Map<string, { id: string; code: string; name: string; regionId: string }>;

function reservationView(reservation: SiteReservation, scope: RegionScope, names: ProjectNames): ReservationView {
  const holders: ProjectRefView[] = [];
  let heldByOthers = false;
  for (const id of reservation.byProjectIds) {
    const p = names.get(id);
    if (p && inScope(scope, p.regionId)) holders.push(projectRef(p));
    else heldByOthers = true;
  }
  const text = reservation.level === "NONE" ? null : t(reservation.level === "SIGNED" ? "landing.reservedSignedWarning" : "landing.reservedIntendedWarning");
  return { level: reservation.level, text, holders, heldByOthers };
}

function summaryOf(site: FitSite, scope: RegionScope): SiteSummaryView {
  const row = site.row;
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    kindLabel: siteKindLabel(row.kind),
    regionName: row.region.name,
    area: formatSiteArea(row),
    power: formatPower(row.powerKva),
    eia: eiaLabel(row.maxEiaCategory),
    statusLabel: siteStatusLabel(row.status),
    deleted: row.deletedAt !== null,
    inScope: inScope(scope, row.regionId),
  };
}

function needsView(row: NeedsRow | null, regions: readonly RegionRow[]): SiteNeedsView {
  const needs = needsForFit(row);
  const regionName = (id: string) => regions.find((r) => r.id === id)?.name ?? id;
  const summary = [
    needs.landMu ? t("sites.needLand", { value: formatQuantity(needs.landMu) }) : null,
    needs.floorSqm ? t("sites.needFloor", { value: formatQuantity(needs.floorSqm) }) : null,
    needs.powerKva ? t("sites.needPower", { value: formatQuantity(needs.powerKva) }) : null,
    needs.eiaCategory ? t("sites.needEia", { value: eiaLabel(needs.eiaCategory) }) : null,
    needs.kinds.length ? t("sites.needKinds", { value: needs.kinds.map(siteKindLabel).join("、") }) : null,
    needs.regionIds.length ? t("sites.needRegions", { value: needs.regionIds.map(regionName).join("、") }) : null,
  ].filter((s): s is string => s !== null);
  return {
    version: row?.version ?? 0,
    landMu: needs.landMu,
    floorSqm: needs.floorSqm,
    powerKva: needs.powerKva,
    eiaCategory: needs.eiaCategory,
    regionIds: needs.regionIds,
    siteKinds: needs.kinds,
    notes: row?.notes ?? null,
    summary,
  };
}

const MOVE_CONFIRM: Record<CandidateStatus, MessageKey> = {
  RECOMMENDED: "sites.moveConfirm_RECOMMENDED",
  VISITED: "sites.moveConfirm_VISITED",
  INTENDED: "sites.moveConfirm_INTENDED",
  CONFIRMED: "sites.moveConfirm_CONFIRMED",
  ABANDONED: "sites.moveConfirm_ABANDONED",
};

/** What the candidate may do next, each move tried without a reason to learn whether it needs one. */
function moveOptions(candidate: CandidateSnapshot, candidates: CandidateSnapshot[], sites: SiteSnapshot[], backwards: boolean): MoveOptionView[] {
  return candidateMoveTargets(candidate.status).map((to) => {
    const plan = planCandidateMove({ candidateId: candidate.id, to, candidates, sites });
    const error = plan.ok ? null : plan.errors[0];
    const refused = error && error.field !== "reason" ? t(error.message, error.params) : null;
    const isBack = backwards && to === "VISITED";
    return {
      to,
      label: isBack ? t("sites.moveBack_VISITED") : t(`sites.moveTo_${to}`),
      refused,
      needsReason: !!error && error.field === "reason",
      reasonHint: error && error.field === "reason" ? t(error.message, error.params) : null,
      confirmText: t(MOVE_CONFIRM[to]),
      tone: to === "ABANDONED" ? "danger" : to === "CONFIRMED" ? "primary" : "secondary",
    };
  });
}

/** Every candidate of the project and every candidate on the carriers those touch (planCandidateMove's input). */
async function planningState(projectId: string, db: DbTx, extraSiteIds: string[] = []) {
  const own = await db.siteCandidate.findMany({ where: { projectId }, select: { siteId: true } });
  const siteIds = [...new Set([...own.map((c) => c.siteId), ...extraSiteIds])];
  const rows = await db.siteCandidate.findMany({
    where: { OR: [{ projectId }, { siteId: { in: siteIds } }] },
    select: { id: true, projectId: true, siteId: true, status: true, version: true },
  });
  const sites = await db.site.findMany({ where: { id: { in: siteIds } }, select: { id: true, status: true, holderProjectId: true, version: true } });
  const candidates: CandidateSnapshot[] = rows.filter((r) => isCandidateStatus(r.status)).map((r) => ({ id: r.id, projectId: r.projectId, siteId: r.siteId, status: r.status as CandidateStatus }));
  const snapshots: SiteSnapshot[] = sites.map((s) => ({ id: s.id, status: isSiteStatus(s.status) ? s.status : "VACANT", projectId: s.holderProjectId }));
  return { candidates, sites: snapshots, candidateVersions: new Map(rows.map((r) => [r.id, r.version])), siteVersions: new Map(sites.map((s) => [s.id, s.version])) };
}

const SUGGESTION_LIMIT = 12;
const OTHERS_LIMIT = 40;

/**
 * Everything the 选址 panel shows for a project (SitesPanelData): its needs, its candidates with
 * their fit, reservation and next moves, and the carriers to suggest (those that fit first,
 * the rest with the reasons they do not). 404 when the project is not the user's.
 */
export async function loadSitesForProject(user: SessionUser, projectId: string): Promise<SitesPanelData> {
  requirePermission(user, "pipeline:read");
  const project = await getProjectForUser(user, projectId);
  const scope = await regionScope(user);
  const [regions, needsRow, ownRows, projectRow] = await Promise.all([
    regionRows(),
    prisma.projectSiteNeeds.findUnique({ where: { projectId }, select: { landMu: true, floorSqm: true, powerKva: true, eiaCategory: true, regionIds: true, siteKinds: true, notes: true, version: true } }),
    prisma.siteCandidate.findMany({
      where: { projectId },
      orderBy: [{ statusAt: "desc" }, { id: "asc" }],
      select: {
        id: true,
        status: true,
        statusAt: true,
        version: true,
        overrideReason: true,
        statusReason: true,
        statusAutoKey: true,
        proposedBy: { select: { displayName: true } },
        site: { select: FIT_SITE_SELECT },
        visits: {
          where: { deletedAt: null },
          orderBy: [{ visitedAt: "desc" }, { createdAt: "desc" }],
          select: { id: true, visitedAt: true, participants: true, impressions: true, createdById: true },
        },
      },
    }),
    prisma.project.findUniqueOrThrow({ where: { id: projectId }, select: { siteId: true, site: { select: { name: true } } } }),
  ]);
  const state = await planningState(projectId, prisma);
  const needs = needsForFit(needsRow);
  const needsGiven = !!(needs.landMu || needs.floorSqm || needs.powerKva || needs.eiaCategory || needs.regionIds.length || needs.kinds.length);

  // Carriers to suggest: in the user's scope, not deleted, not already an open candidate here.
  const openSiteIds = new Set(ownRows.filter((c) => c.status !== "ABANDONED").map((c) => c.site.id));
  const pool = (await prisma.site.findMany({ where: siteScopeWhere(scope), select: FIT_SITE_SELECT })).filter((s) => !openSiteIds.has(s.id));
  const poolHolders = await prisma.siteCandidate.findMany({
    where: { siteId: { in: pool.map((s) => s.id) }, status: { in: [...RESERVING_STATUSES] } },
    select: { id: true, projectId: true, siteId: true, status: true },
  });
  const allCandidates: CandidateSnapshot[] = [
    ...state.candidates,
    ...poolHolders.filter((c) => isCandidateStatus(c.status)).map((c) => ({ ...c, status: c.status as CandidateStatus })),
  ];

  const holderIds = new Set<string>([...allCandidates.map((c) => c.projectId), ...pool.map((s) => s.holderProjectId ?? ""), ...ownRows.map((c) => c.site.holderProjectId ?? "")]);
  holderIds.delete("");
  const names: ProjectNames = new Map(
    (await prisma.project.findMany({ where: { id: { in: [...holderIds] } }, select: { id: true, code: true, name: true, regionId: true, deletedAt: true } }))
      .filter((p) => !p.deletedAt)
      .map((p) => [p.id, p]),
  );

  const visitAuthors = new Map(
    (
      await prisma.user.findMany({
        where: { id: { in: [...new Set(ownRows.flatMap((c) => c.visits.map((v) => v.createdById ?? "")).filter(Boolean))] } },
        select: { id: true, displayName: true },
      })
    ).map((u) => [u.id, u.displayName]),
  );

  const canWrite = hasPermission(user, "pipeline:write");
  const candidates: CandidateView[] = ownRows
    .filter((c) => isCandidateStatus(c.status))
    .map((c) => {
      const status = c.status as CandidateStatus;
      const site = toFitSite(c.site, regions);
      const snapshot = { id: c.id, projectId, siteId: c.site.id, status };
      return {
        id: c.id,
        version: c.version,
        status,
        statusLabel: candidateStatusLabel(status),
        statusAt: shanghaiDay(c.statusAt),
        open: status !== "ABANDONED",
        site: summaryOf(site, scope),
        fit: fitView(siteFits(needs, site), needsGiven),
        reservation: reservationView(siteReservationFor(site, state.candidates, projectId), scope, names),
        overrideReason: c.overrideReason,
        statusReason: c.statusReason ?? autoReasonText(c.statusAutoKey),
        proposedBy: c.proposedBy?.displayName ?? null,
        // A deleted carrier can only be let go.
        moves: canWrite ? moveOptions(snapshot, state.candidates, state.sites, status === "INTENDED").filter((m) => !site.row.deletedAt || m.to === "ABANDONED") : [],
        visits: c.visits.map((v) => ({
          id: v.id,
          visitedAt: shanghaiDay(v.visitedAt),
          participants: v.participants,
          impressions: v.impressions,
          author: v.createdById ? (visitAuthors.get(v.createdById) ?? null) : null,
        })),
      };
    })
    // Open candidates first, furthest along first; abandoned ones last.
    .sort((a, b) => CANDIDATE_ORDER.indexOf(a.status) - CANDIDATE_ORDER.indexOf(b.status));

  const suggestions = suggestSites({ projectId, needs, sites: pool.map((s) => toFitSite(s, regions)), candidates: allCandidates }).map<SuggestionView>((s) => ({
    site: summaryOf(s.site, scope),
    fit: fitView(s.fit, needsGiven),
    reservation: reservationView(s.reservation, scope, names),
  }));

  return {
    project: { id: project.id, code: project.code, name: project.name, siteId: projectRow.siteId, siteName: projectRow.site?.name ?? null },
    canWrite,
    today: shanghaiDay(now()),
    needs: needsView(needsRow, regions),
    regions: regions.filter((r) => r.level !== "CITY").map((r) => ({ id: r.id, name: r.name })),
    candidates,
    // Suggested: carriers that fit and no other project has signed; the rest, with the reasons, below.
    suggestions: suggestions.filter((s) => s.fit.fits && s.reservation.level !== "SIGNED").slice(0, SUGGESTION_LIMIT),
    others: suggestions.filter((s) => !s.fit.fits || s.reservation.level === "SIGNED").slice(0, OTHERS_LIMIT),
  };
}

const CANDIDATE_ORDER: CandidateStatus[] = ["CONFIRMED", "INTENDED", "VISITED", "RECOMMENDED", "ABANDONED"];

// ───────────────────────────── site selection writes ─────────────────────────────

export type SiteNeedsInput = {
  landMu?: number | null;
  floorSqm?: number | null;
  powerKva?: number | null;
  eiaCategory?: string | null;
  regionIds?: string[];
  siteKinds?: SiteKind[];
  notes?: string | null;
};

const NEEDS_AUDIT_SELECT = { projectId: true, landMu: true, floorSqm: true, powerKva: true, eiaCategory: true, regionIds: true, siteKinds: true, notes: true, version: true } as const;

/** Saves the project's 选址需求 from `version` (0: none recorded yet); VersionConflict when stale. */
export async function saveSiteNeeds(user: SessionUser, projectId: string, version: number, input: SiteNeedsInput, meta?: RequestMeta): Promise<{ ok: true; version: number } | { ok: false; errors: FieldErrors }> {
  requirePermission(user, "pipeline:write");
  await getProjectForUser(user, projectId);
  const regions = await regionRows();
  const regionIds = [...new Set(input.regionIds ?? [])];
  if (regionIds.some((id) => !regions.some((r) => r.id === id && r.level !== "CITY"))) return { ok: false, errors: { regionIds: [t("sites.optionInvalid")] } };
  const data = {
    landMu: input.landMu ?? null,
    floorSqm: input.floorSqm ?? null,
    powerKva: input.powerKva ?? null,
    eiaCategory: input.eiaCategory && isEiaCategory(input.eiaCategory) ? input.eiaCategory : null,
    regionIds: regionIds.join(","),
    siteKinds: [...new Set(input.siteKinds ?? [])].join(","),
    notes: cleanText(input.notes),
  };
  try {
    return await prisma.$transaction(async (tx) => {
      const before = await tx.projectSiteNeeds.findUnique({ where: { projectId }, select: NEEDS_AUDIT_SELECT });
      if ((before?.version ?? 0) !== version) throw new VersionConflict("ProjectSiteNeeds", before);
      if (before) {
        const { count } = await tx.projectSiteNeeds.updateMany({ where: { projectId, version }, data: { ...data, version: { increment: 1 } } });
        if (count === 0) throw new VersionConflict("ProjectSiteNeeds", await tx.projectSiteNeeds.findUnique({ where: { projectId }, select: NEEDS_AUDIT_SELECT }));
      } else {
        await tx.projectSiteNeeds.create({ data: { projectId, ...data } });
      }
      const after = await tx.projectSiteNeeds.findUniqueOrThrow({ where: { projectId }, select: NEEDS_AUDIT_SELECT });
      await writeAudit({ actor: user, action: before ? "UPDATE" : "CREATE", entity: "ProjectSiteNeeds", entityId: projectId, before, after, meta }, tx);
      return { ok: true as const, version: after.version };
    }, WRITE_TX_OPTIONS);
  } catch (error) {
    // Two first saves at once: the loser's create meets the winner's row.
    if (isUniqueViolation(error)) throw new VersionConflict("ProjectSiteNeeds", null);
    throw error;
  }
}

type ReservationOutcome = { ok: true; warning: string | null; candidateId: string } | { ok: false; errors: FieldErrors };

function reservationErrors(errors: { field: string; message: MessageKey; params?: Record<string, string | number> }[]): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) (out[e.field] ??= []).push(t(e.message, e.params));
  return out;
}

/** Bumps a carrier's version from the one the plan was made on: the serialising point of reservations. */
async function claimSite(tx: DbTx, siteId: string, version: number | undefined, data: Prisma.SiteUncheckedUpdateManyInput = {}) {
  if (version === undefined) throw new SiteSelectionConflict("sites.raceLost");
  const { count } = await tx.site.updateMany({ where: { id: siteId, version }, data: { ...data, version: { increment: 1 } } });
  if (count === 0) throw new SiteSelectionConflict("sites.raceLost");
}

/** Runs a reservation write; a unique index refusing it means another officer got there first. */
async function reservationTx<T>(work: (tx: DbTx) => Promise<T>): Promise<T> {
  try {
    return await prisma.$transaction(work, WRITE_TX_OPTIONS);
  } catch (error) {
    if (isUniqueViolation(error)) throw new SiteSelectionConflict("sites.raceLost");
    throw error;
  }
}

/**
 * 推荐: offers a carrier in the user's scope to the project. A carrier another project holds
 * needs a reason (kept on the candidate) and comes back with a warning.
 */
export async function proposeSite(user: SessionUser, projectId: string, input: { siteId: string; reason?: string | null }, meta?: RequestMeta): Promise<ReservationOutcome> {
  requirePermission(user, "pipeline:write");
  await getProjectForUser(user, projectId);
  await siteInScope(user, input.siteId);
  return reservationTx(async (tx) => {
    const state = await planningState(projectId, tx, [input.siteId]);
    const site = state.sites.find((s) => s.id === input.siteId);
    if (!site) throw notFound();
    const plan = planCandidateProposal({ projectId, site, candidates: state.candidates, reason: input.reason });
    if (!plan.ok) return { ok: false as const, errors: reservationErrors(plan.errors) };
    await claimSite(tx, site.id, state.siteVersions.get(site.id));
    const created = await tx.siteCandidate.create({
      data: { projectId, siteId: site.id, status: "RECOMMENDED", overrideReason: plan.candidate.overrideReason, proposedById: user.id, statusAt: now() },
      select: { id: true },
    });
    await writeAudit({ actor: user, action: "CREATE", entity: "SiteCandidate", entityId: created.id, after: await candidateImage(created.id, tx), detail: `project=${projectId}`, meta }, tx);
    return { ok: true as const, candidateId: created.id, warning: plan.warning ? t(plan.warning.key, plan.warning.params) : null };
  });
}

/** The candidate, if it is this project's; else 404. */
async function candidateOfProject(projectId: string, candidateId: string, db: DbTx) {
  const row = await db.siteCandidate.findFirst({ where: { id: candidateId, projectId }, select: { id: true, status: true, siteId: true, version: true } });
  if (!row || !isCandidateStatus(row.status)) throw notFound();
  return row;
}

/**
 * Moves a candidate (推荐 → 踏勘 → 意向 → 确定 / 放弃) as planCandidateMove plans it, in one
 * transaction: the candidate, the project's other candidates a 确定 abandons, every carrier whose
 * status follows (意向 reserves, 确定 signs out, 放弃 releases), Project.siteId, and an audit row
 * for each. `version` is the candidate's as the user saw it.
 */
export async function moveCandidate(
  user: SessionUser,
  projectId: string,
  input: { candidateId: string; to: CandidateStatus; reason?: string | null; version: number },
  meta?: RequestMeta,
): Promise<ReservationOutcome> {
  requirePermission(user, "pipeline:write");
  await getProjectForUser(user, projectId);
  return reservationTx(async (tx) => {
    const current = await candidateOfProject(projectId, input.candidateId, tx);
    if (current.version !== input.version) throw new SiteSelectionConflict("sites.candidateStale");
    const state = await planningState(projectId, tx);
    const plan = planCandidateMove({ candidateId: current.id, to: input.to, reason: input.reason, candidates: state.candidates, sites: state.sites });
    if (!plan.ok) {
      // Signed out to another project: the carrier is taken, whoever was first (409, not a form error).
      if (plan.errors.some((e) => e.message === "landing.confirmRefusedSignedElsewhere")) throw new SiteSelectionConflict("landing.confirmRefusedSignedElsewhere");
      return { ok: false as const, errors: reservationErrors(plan.errors) };
    }
    const at = now();

    // The carriers first: their versions serialise concurrent reservations of one carrier.
    const touchedSites = new Set([current.siteId, ...plan.siteUpdates.map((u) => u.siteId)]);
    for (const siteId of touchedSites) {
      const update = plan.siteUpdates.find((u) => u.siteId === siteId);
      const before = update ? await siteImage(siteId, tx) : null;
      await claimSite(tx, siteId, state.siteVersions.get(siteId), update ? { status: update.to, holderProjectId: update.projectId } : undefined);
      if (update) await writeAudit({ actor: user, action: "UPDATE", entity: "Site", entityId: siteId, before, after: await siteImage(siteId, tx), detail: `candidate=${current.id}`, meta }, tx);
    }

    for (const u of plan.candidateUpdates) {
      const before = await candidateImage(u.id, tx);
      const { count } = await tx.siteCandidate.updateMany({
        where: { id: u.id, status: u.from, version: state.candidateVersions.get(u.id) ?? -1 },
        data: { status: u.to, statusAt: at, statusReason: u.reason, statusAutoKey: u.autoReason, version: { increment: 1 } },
      });
      if (count === 0) throw new SiteSelectionConflict("sites.raceLost");
      await writeAudit(
        { actor: user, action: "UPDATE", entity: "SiteCandidate", entityId: u.id, before, after: await candidateImage(u.id, tx), detail: u.autoReason ? `auto: ${u.autoReason}` : undefined, meta },
        tx,
      );
    }

    if (plan.projectSiteId !== undefined) {
      const before = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { id: true, siteId: true } });
      await tx.project.update({ where: { id: projectId }, data: { siteId: plan.projectSiteId } });
      await writeAudit({ actor: user, action: "UPDATE", entity: "Project", entityId: projectId, before, after: { id: projectId, siteId: plan.projectSiteId }, detail: `site selection: candidate=${current.id}`, meta }, tx);
    }
    return { ok: true as const, candidateId: current.id, warning: plan.warning ? t(plan.warning.key, plan.warning.params) : null };
  });
}

/**
 * Logs a 踏勘 visit on a candidate (date, who went, impressions); a 推荐 candidate becomes
 * 踏勘 with it (candidateStatusAfterVisit). Not on an abandoned offer, not in the future.
 */
export async function logSiteVisit(
  user: SessionUser,
  projectId: string,
  input: { candidateId: string; visitedAt: Date; participants: string; impressions?: string | null },
  meta?: RequestMeta,
): Promise<{ ok: true; visitId: string } | { ok: false; errors: FieldErrors }> {
  requirePermission(user, "pipeline:write");
  await getProjectForUser(user, projectId);
  if (shanghaiDay(input.visitedAt) > shanghaiDay(now())) return { ok: false, errors: { visitedAt: [t("sites.visitInFuture")] } };
  return reservationTx(async (tx) => {
    const candidate = await candidateOfProject(projectId, input.candidateId, tx);
    if (candidate.status === "ABANDONED") return { ok: false as const, errors: { candidateId: [t("sites.visitOnAbandoned")] } };
    const visit = await tx.siteVisit.create({
      data: { candidateId: candidate.id, visitedAt: input.visitedAt, participants: input.participants.trim(), impressions: cleanText(input.impressions), createdById: user.id },
      select: { id: true, candidateId: true, visitedAt: true, participants: true, impressions: true, version: true },
    });
    await writeAudit({ actor: user, action: "CREATE", entity: "SiteVisit", entityId: visit.id, after: visit, detail: `project=${projectId}`, meta }, tx);
    const next = candidateStatusAfterVisit(candidate.status as CandidateStatus);
    if (next !== candidate.status) {
      const site = await tx.site.findUniqueOrThrow({ where: { id: candidate.siteId }, select: { version: true } });
      await claimSite(tx, candidate.siteId, site.version);
      const before = await candidateImage(candidate.id, tx);
      const { count } = await tx.siteCandidate.updateMany({
        where: { id: candidate.id, status: candidate.status, version: candidate.version },
        data: { status: next, statusAt: now(), statusReason: null, statusAutoKey: null, version: { increment: 1 } },
      });
      if (count === 0) throw new SiteSelectionConflict("sites.raceLost");
      await writeAudit({ actor: user, action: "UPDATE", entity: "SiteCandidate", entityId: candidate.id, before, after: await candidateImage(candidate.id, tx), detail: `visit=${visit.id}`, meta }, tx);
    }
    return { ok: true as const, visitId: visit.id };
  });
}
