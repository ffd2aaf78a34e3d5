// How carriers read on screen (/sites, the site page and the project's 选址 panel): labels of
// stored codes, areas and capacities with their units, and the shapes the loaders hand to the
// components. Shared by server and browser; no rules here (app/domain/site-*.ts has them).
import { formatNumber } from "#app/domain/money";
import {
  candidateStatusLabelKey,
  eiaCategoryLabelKey,
  isCandidateStatus,
  isEiaCategory,
  isSiteKind,
  isSiteStatus,
  siteKindLabelKey,
  siteStatusLabelKey,
  type CandidateStatus,
  type SiteStatus,
} from "#app/domain/site-reservation";
import { t } from "#app/i18n";

export function siteKindLabel(kind: string): string {
  return isSiteKind(kind) ? t(siteKindLabelKey(kind)) : kind;
}
export function siteStatusLabel(status: string): string {
  return isSiteStatus(status) ? t(siteStatusLabelKey(status)) : status;
}
export function candidateStatusLabel(status: string): string {
  return isCandidateStatus(status) ? t(candidateStatusLabelKey(status)) : status;
}
export function eiaLabel(category: string | null | undefined): string {
  return category && isEiaCategory(category) ? t(eiaCategoryLabelKey(category)) : t("sites.none");
}

/** 5,000.5 — at most two decimals, thousands separated. */
export function formatQuantity(value: number | null | undefined): string {
  return typeof value === "number" && Number.isFinite(value) ? formatNumber(value, 2) : "";
}

function withUnit(value: number | null | undefined, unit: string): string | null {
  return typeof value === "number" && Number.isFinite(value) ? `${formatQuantity(value)} ${unit}` : null;
}

/** "30 亩 · 12,000 ㎡", or "—" when neither is recorded. */
export function formatSiteArea(site: { areaMu?: number | null; areaSqm?: number | null }): string {
  return [withUnit(site.areaMu, t("sites.unitMu")), withUnit(site.areaSqm, t("sites.unitSqm"))].filter(Boolean).join(" · ") || t("sites.none");
}

export function formatPower(kva: number | null | undefined): string {
  return withUnit(kva, "kVA") ?? t("sites.none");
}

/** A site-field value as the 409 comparison and the detail page show it. */
export function siteValueText(field: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return t("sites.none");
  if (field === "kind") return siteKindLabel(String(value));
  if (field === "status") return siteStatusLabel(String(value));
  if (field === "maxEiaCategory") return eiaLabel(String(value));
  if (typeof value === "boolean") return value ? t("common.yes") : t("common.no");
  if (typeof value === "number") return formatQuantity(value);
  return String(value);
}

export function siteFieldLabel(field: string): string {
  switch (field) {
    case "name":
      return t("sites.field_name");
    case "kind":
      return t("sites.field_kind");
    case "regionId":
      return t("sites.field_regionId");
    case "address":
      return t("sites.field_address");
    case "areaSqm":
      return t("sites.field_areaSqm");
    case "areaMu":
      return t("sites.field_areaMu");
    case "floors":
      return t("sites.field_floors");
    case "powerKva":
      return t("sites.field_powerKva");
    case "waterTonsPerDay":
      return t("sites.field_waterTonsPerDay");
    case "maxEiaCategory":
      return t("sites.field_maxEiaCategory");
    case "landPriceWanPerMu":
      return t("sites.field_landPriceWanPerMu");
    case "rentYuanPerSqmMonth":
      return t("sites.field_rentYuanPerSqmMonth");
    case "notes":
      return t("sites.field_notes");
    case "status":
      return t("sites.field_status");
    case "occupantName":
      return t("sites.field_occupantName");
    default:
      return field;
  }
}

// ───────────────────────────── view shapes ─────────────────────────────

/** A project named on a carrier: shown only to users whose scope holds the project. */
export type ProjectRefView = { id: string; code: string; name: string };

/**
 * A carrier's availability as one user may see it: its status, the holding projects in the
 * user's scope, and whether projects outside it hold it too (then only "已被其他项目预留").
 */
export type AvailabilityView = {
  status: SiteStatus;
  label: string;
  holders: (ProjectRefView & { status: CandidateStatus | "HOLDER" })[];
  heldByOthers: boolean;
  occupantName: string | null;
};

export type ReservationView = {
  /** NONE: free for this project; INTENDED: another project's 意向; SIGNED: signed out or occupied. */
  level: "NONE" | "INTENDED" | "SIGNED";
  text: string | null;
  holders: ProjectRefView[];
  heldByOthers: boolean;
};

/** `checked`: the project has needs to check against (without, every carrier "fits" trivially). */
export type FitView = { fits: boolean; checked: boolean; misfits: string[]; unknown: string | null };

export type SiteSummaryView = {
  id: string;
  name: string;
  kind: string;
  kindLabel: string;
  regionName: string;
  area: string;
  power: string;
  eia: string;
  statusLabel: string;
  deleted: boolean;
  inScope: boolean;
};

export type MoveOptionView = {
  to: CandidateStatus;
  label: string;
  /** The move is refused as things stand (the message says why). */
  refused: string | null;
  needsReason: boolean;
  /** The message under the reason box (e.g. the carrier is held elsewhere). */
  reasonHint: string | null;
  /** 确定 and 放弃 ask before they act. */
  confirmText: string;
  tone: "primary" | "danger" | "secondary";
};

export type CandidateView = {
  id: string;
  version: number;
  status: CandidateStatus;
  statusLabel: string;
  statusAt: string;
  open: boolean;
  site: SiteSummaryView;
  fit: FitView;
  reservation: ReservationView;
  overrideReason: string | null;
  statusReason: string | null;
  proposedBy: string | null;
  moves: MoveOptionView[];
  visits: { id: string; visitedAt: string; participants: string; impressions: string | null; author: string | null }[];
};

export type SuggestionView = { site: SiteSummaryView; fit: FitView; reservation: ReservationView };

export type SiteNeedsView = {
  version: number;
  landMu: number | null;
  floorSqm: number | null;
  powerKva: number | null;
  eiaCategory: string | null;
  regionIds: string[];
  siteKinds: string[];
  notes: string | null;
  summary: string[];
};

export type SitesPanelData = {
  project: { id: string; code: string; name: string; siteId: string | null; siteName: string | null };
  canWrite: boolean;
  today: string;
  needs: SiteNeedsView;
  regions: { id: string; name: string }[];
  candidates: CandidateView[];
  suggestions: SuggestionView[];
  others: SuggestionView[];
};

/** The answer of /projects/:id/sites to each intent, read by the panel's forms. */
export type SiteSelectionAnswer = {
  intent: string;
  ok: boolean;
  notice?: string | null;
  warning?: string | null;
  formError?: string | null;
  fieldErrors?: Record<string, string[]>;
  /** Which candidate or site the answer is about, so only that form shows it. */
  target?: string | null;
  /** For a move: the status asked for. */
  move?: string | null;
};
