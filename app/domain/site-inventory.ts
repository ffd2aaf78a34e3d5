// The carrier inventory's own rules (DESIGN §4 Site, issue 4 item 1), beside the reservation
// rules of ./site-reservation.ts: what a hand edit may say about a carrier's status, when a
// carrier may be deleted, and how much of a carrier a list filter on area asks for. Pure.
import { type MessageKey } from "#app/i18n";
import { siteStatusFromCandidates, type CandidateSnapshot, type SiteStatus } from "./site-reservation";

export type SiteEditStatus =
  | { ok: true; status: SiteStatus; holderProjectId: string | null; occupantName: string | null }
  | { ok: false; field: "occupied" | "occupantName"; message: MessageKey };

/**
 * The status a carrier has after an officer edits it. Only 已入驻 is set by hand (a firm moved
 * in); 意向 and 已签 follow the candidates (planCandidateMove), so a hand edit cannot free a
 * carrier a project holds. Moving in is the 确定 project's, or else a firm outside the system,
 * whose name is then required; it is refused while projects hold the carrier at 意向.
 */
export function siteStatusAfterEdit(args: { occupied: boolean; occupantName?: string | null; candidatesOfSite: readonly CandidateSnapshot[] }): SiteEditStatus {
  const occupant = args.occupantName?.trim() || null;
  const confirmed = args.candidatesOfSite.find((c) => c.status === "CONFIRMED");
  if (args.occupied) {
    if (confirmed) return { ok: true, status: "OCCUPIED", holderProjectId: confirmed.projectId, occupantName: occupant };
    if (args.candidatesOfSite.some((c) => c.status === "INTENDED")) return { ok: false, field: "occupied", message: "sites.occupiedWhileIntended" };
    if (!occupant) return { ok: false, field: "occupantName", message: "sites.occupantRequired" };
    return { ok: true, status: "OCCUPIED", holderProjectId: null, occupantName: occupant };
  }
  return { ok: true, status: siteStatusFromCandidates("VACANT", args.candidatesOfSite), holderProjectId: confirmed?.projectId ?? null, occupantName: null };
}

/**
 * Why a carrier may not be deleted, or null: a carrier a project holds at 意向 or 确定 stays
 * until those projects let it go (放弃), so no project loses its site to a deletion. Offers
 * still at 推荐 or 踏勘 are abandoned with it (candidatesAbandonedByDeletion).
 */
export function siteDeletionBlock(candidatesOfSite: readonly CandidateSnapshot[]): MessageKey | null {
  return candidatesOfSite.some((c) => c.status === "INTENDED" || c.status === "CONFIRMED") ? "sites.deleteRefusedHeld" : null;
}

export function candidatesAbandonedByDeletion(candidatesOfSite: readonly CandidateSnapshot[]): CandidateSnapshot[] {
  return candidatesOfSite.filter((c) => c.status === "RECOMMENDED" || c.status === "VISITED");
}
