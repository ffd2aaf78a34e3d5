// One truth between the landing records and the project row (issue 4 §3–§4): contracts decide
// what the project says about 签约, and the actual dates of the landing milestones decide the
// landing dates and the stage they put the project in. The models apply these rules inside the
// transaction that writes a contract, a milestone or a stage move.
import { type LadderStage } from "./stages";
import { isLaterDay } from "./workdays";
import { MILESTONE_KINDS, MILESTONE_PROJECT_FIELD, MILESTONE_STAGE, termsInForce, type ContractTerms, type ContractType, type MilestoneKind } from "./contract-performance";

export type ProjectSigning = { signedAt: Date | null; contractAmount: number | null; contractType: ContractType | null };

/**
 * What the project row says about 签约, from its contracts in force: the earliest signing date,
 * the amount in force (termsInForce), and 正式合同 once one exists (else 框架协议, else 补充协议).
 * No contract: nothing signed.
 */
export function signingFromContracts(contracts: readonly ContractTerms[]): ProjectSigning {
  if (contracts.length === 0) return { signedAt: null, contractAmount: null, contractType: null };
  const earliest = contracts.reduce((a, b) => (b.signedAt.getTime() < a.signedAt.getTime() ? b : a));
  const has = (type: ContractType) => contracts.some((c) => c.type === type);
  return {
    signedAt: earliest.signedAt,
    contractAmount: termsInForce(contracts).amountWan,
    contractType: has("FORMAL") ? "FORMAL" : has("FRAMEWORK") ? "FRAMEWORK" : "SUPPLEMENT",
  };
}

export function sameSigning(a: ProjectSigning, b: ProjectSigning): boolean {
  return (a.signedAt?.getTime() ?? null) === (b.signedAt?.getTime() ?? null) && a.contractAmount === b.contractAmount && a.contractType === b.contractType;
}

export type MirroredKind = keyof typeof MILESTONE_PROJECT_FIELD;
export type MirroredField = (typeof MILESTONE_PROJECT_FIELD)[MirroredKind];
export const MIRRORED_KINDS = Object.keys(MILESTONE_PROJECT_FIELD) as MirroredKind[];

export function isMirroredKind(kind: MilestoneKind): kind is MirroredKind {
  return kind in MILESTONE_PROJECT_FIELD;
}

/**
 * The furthest landing stage the actual dates reach: 落地 once the local company is registered
 * and the site delivered, then 在建, 建成, 投产, 达效 by their own milestone. Null when none.
 */
export function stageReachedByMilestones(actual: Partial<Record<MilestoneKind, Date | null>>): LadderStage | null {
  for (const kind of [...MILESTONE_KINDS].reverse()) {
    if (kind === "REGISTERED" || kind === "SITE_DELIVERED") continue;
    if (actual[kind]) return MILESTONE_STAGE[kind];
  }
  return actual.REGISTERED && actual.SITE_DELIVERED ? "LANDED" : null;
}

/** DONE: happened; OVERDUE: planned day passed without it; PLANNED: planned ahead; NONE: nothing recorded. */
export type MilestoneStatus = "DONE" | "OVERDUE" | "PLANNED" | "NONE";

export function milestoneStatus(plannedAt: Date | null, actualAt: Date | null, now: Date): MilestoneStatus {
  if (actualAt) return "DONE";
  if (!plannedAt) return "NONE";
  return isLaterDay(now, plannedAt) ? "OVERDUE" : "PLANNED";
}
