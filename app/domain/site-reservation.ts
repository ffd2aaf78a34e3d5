// Site selection with reservation (DESIGN §4 Site/SiteCandidate, §7.4): carriers (载体) offered
// to projects, each offer a candidate moving 推荐 → 踏勘 → 意向 → 确定 / 放弃. A carrier held at
// 意向 or 确定 by one project shows as reserved to every other project; offering it elsewhere
// needs a reason. 确定 signs the carrier out (已签) and records the project's site. Pure: the
// model loads the candidates involved, asks for a plan, and writes it in one transaction.
import { type MessageKey, type MessageParams } from "#app/i18n";

export const SITE_KINDS = ["STANDARD_FACTORY", "INDUSTRIAL_LAND", "BUILDING", "COMMUNITY_FACTORY"] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

/** 空置 / 意向 / 已签 / 已入驻. */
export const SITE_STATUSES = ["VACANT", "RESERVED", "SIGNED_OUT", "OCCUPIED"] as const;
export type SiteStatus = (typeof SITE_STATUSES)[number];

export const CANDIDATE_STATUSES = ["RECOMMENDED", "VISITED", "INTENDED", "CONFIRMED", "ABANDONED"] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];

/** Candidate statuses that hold the carrier against every other project. */
export const RESERVING_STATUSES: readonly CandidateStatus[] = ["INTENDED", "CONFIRMED"];

/** 环评类别, lightest first: a carrier admits projects up to the heaviest category it allows. */
export const EIA_CATEGORIES = ["EIA_REGISTRATION", "EIA_TABLE", "EIA_REPORT"] as const;
export type EiaCategory = (typeof EIA_CATEGORIES)[number];

export function isSiteKind(value: unknown): value is SiteKind {
  return typeof value === "string" && (SITE_KINDS as readonly string[]).includes(value);
}
export function isSiteStatus(value: unknown): value is SiteStatus {
  return typeof value === "string" && (SITE_STATUSES as readonly string[]).includes(value);
}
export function isCandidateStatus(value: unknown): value is CandidateStatus {
  return typeof value === "string" && (CANDIDATE_STATUSES as readonly string[]).includes(value);
}
export function isEiaCategory(value: unknown): value is EiaCategory {
  return typeof value === "string" && (EIA_CATEGORIES as readonly string[]).includes(value);
}

export function siteKindLabelKey(kind: SiteKind): MessageKey {
  return `landing.siteKind_${kind}`;
}
export function siteStatusLabelKey(status: SiteStatus): MessageKey {
  return `landing.siteStatus_${status}`;
}
export function candidateStatusLabelKey(status: CandidateStatus): MessageKey {
  return `landing.candidateStatus_${status}`;
}
export function eiaCategoryLabelKey(category: EiaCategory): MessageKey {
  return `landing.eia_${category}`;
}

export type Message = { key: MessageKey; params?: MessageParams };

// ───────────────────────────── fit ─────────────────────────────

/** 1 亩 = 10000/15 ㎡. */
export const SQM_PER_MU = 10_000 / 15;

export type SiteNeeds = {
  landMu?: number | null;
  floorSqm?: number | null;
  powerKva?: number | null;
  /** Preferred regions; a carrier in one of them or in a sub-region of one fits. Empty: anywhere. */
  regionIds?: readonly string[] | null;
  /** The project's 环评类别. */
  eiaCategory?: EiaCategory | null;
  /** Kinds of carrier the project would take. Empty: any. */
  kinds?: readonly SiteKind[] | null;
};

export type SiteForFit = {
  kind: SiteKind;
  regionId: string;
  /** The region's ancestors (county of a park, the city), for preferred regions higher up. */
  regionAncestorIds?: readonly string[];
  areaMu?: number | null;
  areaSqm?: number | null;
  powerKva?: number | null;
  /** The heaviest 环评类别 the carrier admits; null when not recorded. */
  maxEiaCategory?: EiaCategory | null;
};

export const FIT_CRITERIA = ["KIND", "REGION", "LAND", "FLOOR", "POWER", "EIA"] as const;
export type FitCriterion = (typeof FIT_CRITERIA)[number];

export type SiteFit = {
  fits: boolean;
  /** Why the carrier does not fit, one line per criterion missed. */
  misfits: { criterion: FitCriterion; message: Message }[];
  /** Needs the carrier cannot be checked against because its record lacks the value. */
  unknown: FitCriterion[];
};

/**
 * Whether a carrier meets a project's needs, and each reason it does not. A need left empty is
 * no constraint; a carrier value left empty is reported as unknown, not as a misfit, so an
 * incomplete inventory does not hide carriers that may well fit.
 */
export function siteFits(needs: SiteNeeds, site: SiteForFit): SiteFit {
  const misfits: SiteFit["misfits"] = [];
  const unknown: FitCriterion[] = [];

  const kinds = needs.kinds ?? [];
  if (kinds.length > 0 && !kinds.includes(site.kind)) {
    misfits.push({ criterion: "KIND", message: { key: "landing.fitWrongKind" } });
  }

  const regions = needs.regionIds ?? [];
  if (regions.length > 0) {
    const siteRegions = [site.regionId, ...(site.regionAncestorIds ?? [])];
    if (!siteRegions.some((id) => regions.includes(id))) {
      misfits.push({ criterion: "REGION", message: { key: "landing.fitOutsideRegions" } });
    }
  }

  const capacities: [FitCriterion, number | null | undefined, number | null | undefined, MessageKey][] = [
    ["LAND", needs.landMu, site.areaMu, "landing.fitLandTooSmall"],
    ["FLOOR", needs.floorSqm, site.areaSqm, "landing.fitFloorTooSmall"],
    ["POWER", needs.powerKva, site.powerKva, "landing.fitPowerTooLow"],
  ];
  for (const [criterion, need, have, key] of capacities) {
    if (!isPositive(need)) continue;
    if (!isKnown(have)) unknown.push(criterion);
    else if (have < need) misfits.push({ criterion, message: { key, params: { need, have } } });
  }

  if (needs.eiaCategory) {
    if (!site.maxEiaCategory) unknown.push("EIA");
    else if (EIA_CATEGORIES.indexOf(needs.eiaCategory) > EIA_CATEGORIES.indexOf(site.maxEiaCategory)) {
      misfits.push({ criterion: "EIA", message: { key: "landing.fitEiaNotAdmitted" } });
    }
  }

  return { fits: misfits.length === 0, misfits, unknown };
}

function isPositive(value: number | null | undefined): value is number {
  return typeof value === "number" && Number.isFinite(value) && value > 0;
}
function isKnown(value: number | null | undefined): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

// ───────────────────────────── reservation ─────────────────────────────

export type CandidateSnapshot = { id: string; projectId: string; siteId: string; status: CandidateStatus };

export type SiteSnapshot = {
  id: string;
  status: SiteStatus;
  /** The project the carrier is signed out to or occupied by, when recorded. */
  projectId?: string | null;
};

export type SiteReservation = {
  /** NONE: free for this project; INTENDED: another project's 意向; SIGNED: signed out or occupied by another. */
  level: "NONE" | "INTENDED" | "SIGNED";
  /** Other projects holding the carrier, in the order of their candidates. */
  byProjectIds: string[];
};

/** How a carrier stands for `forProjectId` (null: for a project not yet chosen, e.g. the inventory). */
export function siteReservationFor(site: SiteSnapshot, candidates: readonly CandidateSnapshot[], forProjectId: string | null): SiteReservation {
  const holders = candidates.filter((c) => c.siteId === site.id && c.projectId !== forProjectId && RESERVING_STATUSES.includes(c.status));
  const byProjectIds = unique(holders.map((c) => c.projectId));
  const ownConfirmed = candidates.some((c) => c.siteId === site.id && c.projectId === forProjectId && c.status === "CONFIRMED");
  const signedByStatus = site.status === "SIGNED_OUT" || site.status === "OCCUPIED";
  const signedToOther =
    holders.some((c) => c.status === "CONFIRMED") || (signedByStatus && !ownConfirmed && (site.projectId ?? null) !== forProjectId);
  if (signedToOther) {
    if (site.projectId && site.projectId !== forProjectId && !byProjectIds.includes(site.projectId)) byProjectIds.push(site.projectId);
    return { level: "SIGNED", byProjectIds };
  }
  return { level: holders.length > 0 ? "INTENDED" : "NONE", byProjectIds };
}

/**
 * The carrier's status once its candidates are as given: 已入驻 stays (a firm moved in, set by
 * hand or by the site-delivered milestone), otherwise a 确定 candidate signs it out, an 意向
 * candidate reserves it, and with neither it is free again.
 */
export function siteStatusFromCandidates(current: SiteStatus, candidatesOfSite: readonly CandidateSnapshot[]): SiteStatus {
  if (current === "OCCUPIED") return "OCCUPIED";
  if (candidatesOfSite.some((c) => c.status === "CONFIRMED")) return "SIGNED_OUT";
  if (candidatesOfSite.some((c) => c.status === "INTENDED")) return "RESERVED";
  return "VACANT";
}

export type ReservationError = { field: "reason" | "site" | "status"; message: MessageKey; params?: MessageParams };

export type ProposalPlan = {
  ok: true;
  candidate: { projectId: string; siteId: string; status: "RECOMMENDED"; overrideReason: string | null };
  reservation: SiteReservation;
  /** Shown with the new candidate when the carrier is held elsewhere. */
  warning: Message | null;
};

/**
 * Offering a carrier to a project (推荐). Refused when the project already has an open candidate
 * on it; when another project holds it, allowed only with a reason, which is kept on the
 * candidate and told to the holders.
 */
export function planCandidateProposal(args: {
  projectId: string;
  site: SiteSnapshot;
  /** Every candidate on the carrier. */
  candidates: readonly CandidateSnapshot[];
  reason?: string | null;
}): ProposalPlan | { ok: false; errors: ReservationError[] } {
  const { projectId, site } = args;
  const open = args.candidates.find((c) => c.siteId === site.id && c.projectId === projectId && c.status !== "ABANDONED");
  if (open) return { ok: false, errors: [{ field: "site", message: "landing.candidateAlreadyOpen" }] };
  const reservation = siteReservationFor(site, args.candidates, projectId);
  const reason = cleanText(args.reason);
  if (reservation.level !== "NONE" && !reason) {
    return { ok: false, errors: [{ field: "reason", message: reservedReasonKey(reservation) }] };
  }
  return {
    ok: true,
    candidate: { projectId, siteId: site.id, status: "RECOMMENDED", overrideReason: reservation.level === "NONE" ? null : reason },
    reservation,
    warning: reservation.level === "NONE" ? null : { key: reservedWarningKey(reservation) },
  };
}

function reservedReasonKey(reservation: SiteReservation): MessageKey {
  return reservation.level === "SIGNED" ? "landing.reservedSignedNeedsReason" : "landing.reservedIntendedNeedsReason";
}
function reservedWarningKey(reservation: SiteReservation): MessageKey {
  return reservation.level === "SIGNED" ? "landing.reservedSignedWarning" : "landing.reservedIntendedWarning";
}

/**
 * The moves a candidate may make. Forward one step at a time; 放弃 from any open status; back
 * from 意向 to 踏勘 (the firm cools off) and reopening an abandoned offer need a reason, as
 * does abandoning a carrier already 确定.
 */
const CANDIDATE_MOVES: Record<CandidateStatus, readonly CandidateStatus[]> = {
  RECOMMENDED: ["VISITED", "ABANDONED"],
  VISITED: ["INTENDED", "ABANDONED"],
  INTENDED: ["CONFIRMED", "VISITED", "ABANDONED"],
  CONFIRMED: ["ABANDONED"],
  ABANDONED: ["RECOMMENDED"],
};

export function candidateMoveTargets(from: CandidateStatus): readonly CandidateStatus[] {
  return CANDIDATE_MOVES[from];
}

function moveNeedsReason(from: CandidateStatus, to: CandidateStatus): boolean {
  return (to === "ABANDONED" && from === "CONFIRMED") || (from === "INTENDED" && to === "VISITED") || from === "ABANDONED";
}

/** Logging a 踏勘 visit moves a 推荐 candidate to 踏勘; any other status is kept. */
export function candidateStatusAfterVisit(status: CandidateStatus): CandidateStatus {
  return status === "RECOMMENDED" ? "VISITED" : status;
}

export type CandidateUpdate = {
  id: string;
  from: CandidateStatus;
  to: CandidateStatus;
  /** The reason typed by the user, or null. */
  reason: string | null;
  /** Set when the system made the move (another carrier was 确定). */
  autoReason: MessageKey | null;
};
export type SiteUpdate = { siteId: string; from: SiteStatus; to: SiteStatus; projectId: string | null };

export type CandidateMovePlan = {
  ok: true;
  candidateUpdates: CandidateUpdate[];
  siteUpdates: SiteUpdate[];
  /** The project's site after the move: a carrier id once 确定, null when its 确定 carrier is abandoned, undefined: unchanged. */
  projectSiteId?: string | null;
  /** Other projects holding the carrier, told of the move (意向 taken over a reservation, or 确定). */
  notifyProjectIds: string[];
  warning: Message | null;
};

/**
 * Plans a candidate's move and its consequences.
 *
 * - 意向 on a carrier another project holds needs a reason (a warning, not a refusal: the
 *   leaders decide); 确定 is refused while the carrier is signed out to another project.
 * - 确定 signs the carrier out to the project, records it as the project's site and abandons
 *   the project's other open candidates, releasing their carriers unless another project
 *   still holds them.
 * - 放弃 (or stepping back from 意向) releases the carrier unless another reservation remains.
 *
 * `candidates` must hold every candidate of the project and every candidate on the carriers
 * those touch; `sites` every carrier involved.
 */
export function planCandidateMove(args: {
  candidateId: string;
  to: CandidateStatus;
  reason?: string | null;
  candidates: readonly CandidateSnapshot[];
  sites: readonly SiteSnapshot[];
}): CandidateMovePlan | { ok: false; errors: ReservationError[] } {
  const candidate = args.candidates.find((c) => c.id === args.candidateId);
  if (!candidate) throw new Error(`candidate ${args.candidateId} not among the candidates given`);
  const site = findSite(args.sites, candidate.siteId);
  const { to } = args;
  const from = candidate.status;
  const reason = cleanText(args.reason);

  if (!CANDIDATE_MOVES[from].includes(to)) {
    return { ok: false, errors: [{ field: "status", message: "landing.candidateMoveNotAllowed", params: { from, to } }] };
  }
  const reservation = siteReservationFor(site, args.candidates, candidate.projectId);
  if (to === "CONFIRMED" && reservation.level === "SIGNED") {
    return { ok: false, errors: [{ field: "status", message: "landing.confirmRefusedSignedElsewhere" }] };
  }
  const takesOver = (to === "INTENDED" || to === "CONFIRMED" || to === "RECOMMENDED") && reservation.level !== "NONE";
  if (!reason && (moveNeedsReason(from, to) || takesOver)) {
    const key: MessageKey = takesOver ? reservedReasonKey(reservation) : "landing.candidateMoveNeedsReason";
    return { ok: false, errors: [{ field: "reason", message: key }] };
  }

  const updates: CandidateUpdate[] = [{ id: candidate.id, from, to, reason, autoReason: null }];
  if (to === "CONFIRMED") {
    for (const other of args.candidates) {
      if (other.projectId !== candidate.projectId || other.id === candidate.id) continue;
      if (other.status === "ABANDONED") continue;
      updates.push({ id: other.id, from: other.status, to: "ABANDONED", reason: null, autoReason: "landing.autoAbandonedOtherConfirmed" });
    }
  }

  const after = args.candidates.map((c) => {
    const update = updates.find((u) => u.id === c.id);
    return update ? { ...c, status: update.to } : c;
  });
  const siteUpdates: SiteUpdate[] = [];
  for (const siteId of unique(updates.map((u) => after.find((c) => c.id === u.id)?.siteId ?? ""))) {
    const touched = findSite(args.sites, siteId);
    const onSite = after.filter((c) => c.siteId === siteId);
    const status = siteStatusFromCandidates(touched.status, onSite);
    const holder = onSite.find((c) => c.status === "CONFIRMED")?.projectId ?? (status === "OCCUPIED" ? (touched.projectId ?? null) : null);
    if (status !== touched.status || holder !== (touched.projectId ?? null)) {
      siteUpdates.push({ siteId, from: touched.status, to: status, projectId: holder });
    }
  }

  let projectSiteId: string | null | undefined;
  if (to === "CONFIRMED") projectSiteId = candidate.siteId;
  else if (from === "CONFIRMED") projectSiteId = null;

  return {
    ok: true,
    candidateUpdates: updates,
    siteUpdates,
    ...(projectSiteId === undefined ? {} : { projectSiteId }),
    notifyProjectIds: takesOver || to === "CONFIRMED" ? reservation.byProjectIds : [],
    warning: takesOver ? { key: reservedWarningKey(reservation) } : null,
  };
}

function findSite(sites: readonly SiteSnapshot[], id: string): SiteSnapshot {
  const site = sites.find((s) => s.id === id);
  if (!site) throw new Error(`site ${id} not among the sites given`);
  return site;
}

// ───────────────────────────── suggestions ─────────────────────────────

export type SiteSuggestion<S> = { site: S; fit: SiteFit; reservation: SiteReservation };

/**
 * Carriers for a project, best first: those that fit before those that do not, free before
 * reserved before signed, then fewer unknowns, then the smallest carrier that meets the need
 * (so a 5亩 need is not offered a 200亩 plot first).
 */
export function suggestSites<S extends SiteForFit & SiteSnapshot>(args: {
  projectId: string | null;
  needs: SiteNeeds;
  sites: readonly S[];
  candidates: readonly CandidateSnapshot[];
}): SiteSuggestion<S>[] {
  const rank = { NONE: 0, INTENDED: 1, SIGNED: 2 } as const;
  const size = (s: SiteForFit) => (s.areaMu ?? 0) * SQM_PER_MU + (s.areaSqm ?? 0);
  return args.sites
    .map((site) => ({ site, fit: siteFits(args.needs, site), reservation: siteReservationFor(site, args.candidates, args.projectId) }))
    .sort(
      (a, b) =>
        Number(b.fit.fits) - Number(a.fit.fits) ||
        rank[a.reservation.level] - rank[b.reservation.level] ||
        a.fit.unknown.length - b.fit.unknown.length ||
        size(a.site) - size(b.site),
    );
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function cleanText(value: string | null | undefined): string | null {
  const text = value?.trim() ?? "";
  return text === "" ? null : text;
}
