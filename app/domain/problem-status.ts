// 问题交办和销号管理 (DESIGN §2, §4 Problem): a project's problem is assigned (交办) to the
// department that can solve it, with a deadline in 工作日; the department answers and reports it
// solved (办结); the side that reported it — or the city bureau — verifies and closes it (销号),
// or rejects the closure and sends it back with a reason. The department never closes its own
// problem. Pure: who may do what follows from the actor and the problem, never from the database.
import { type MessageKey, type MessageParams } from "#app/i18n";
import { type MechanismConfig } from "#app/schemas/mechanism";
import { type Role } from "./roles";
import { clockLevel, type WarningLevel } from "./warnings";
import { addWorkdays, workdaysBetween } from "./workdays";
import { type AlertKind, type RecipientKind } from "./alert-rules";

export const PROBLEM_STATUSES = ["PENDING", "IN_PROGRESS", "RESOLVED", "CLOSED"] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

export const PROBLEM_CATEGORIES = ["LAND", "FUNDING", "APPROVAL", "LABOUR", "UTILITIES", "LOGISTICS", "ENVIRONMENT", "INCENTIVE", "OTHER"] as const;
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];

/**
 * ASSIGN 交办, REASSIGN 改派, RETURN 退回 (not this department's remit), RESPOND 答复 (no status
 * change), RESOLVE 办结, CLOSE 销号, REJECT_CLOSURE 退回重办.
 */
export const PROBLEM_ACTIONS = ["ASSIGN", "REASSIGN", "RETURN", "RESPOND", "RESOLVE", "CLOSE", "REJECT_CLOSURE"] as const;
export type ProblemAction = (typeof PROBLEM_ACTIONS)[number];

/** REPORTING: an officer whose region scope holds the reporting region; CITY: the city bureau; DEPARTMENT: staff of the assigned department. */
export const PROBLEM_SIDES = ["REPORTING", "CITY", "DEPARTMENT"] as const;
export type ProblemSide = (typeof PROBLEM_SIDES)[number];

export function isProblemStatus(value: unknown): value is ProblemStatus {
  return typeof value === "string" && (PROBLEM_STATUSES as readonly string[]).includes(value);
}
export function isProblemCategory(value: unknown): value is ProblemCategory {
  return typeof value === "string" && (PROBLEM_CATEGORIES as readonly string[]).includes(value);
}
export function problemStatusLabelKey(status: ProblemStatus): MessageKey {
  return `landing.problemStatus_${status}`;
}
export function problemCategoryLabelKey(category: ProblemCategory): MessageKey {
  return `landing.problemCategory_${category}`;
}
export function problemActionLabelKey(action: ProblemAction): MessageKey {
  return `landing.problemAction_${action}`;
}

type ActionRule = {
  from: readonly ProblemStatus[];
  /** null: the status does not change. */
  to: ProblemStatus | null;
  sides: readonly ProblemSide[];
  /** The message asked for when the move needs text (a reason, the result, the verification). */
  textRequired: MessageKey | null;
};

const ACTION_RULES: Record<ProblemAction, ActionRule> = {
  ASSIGN: { from: ["PENDING"], to: "IN_PROGRESS", sides: ["CITY", "REPORTING"], textRequired: null },
  REASSIGN: { from: ["IN_PROGRESS"], to: "IN_PROGRESS", sides: ["CITY", "REPORTING"], textRequired: "landing.problemReasonRequiredReassign" },
  RETURN: { from: ["IN_PROGRESS"], to: "PENDING", sides: ["DEPARTMENT"], textRequired: "landing.problemReasonRequiredReturn" },
  RESPOND: { from: ["IN_PROGRESS", "RESOLVED"], to: null, sides: ["CITY", "REPORTING", "DEPARTMENT"], textRequired: "landing.problemResponseRequired" },
  RESOLVE: { from: ["IN_PROGRESS"], to: "RESOLVED", sides: ["DEPARTMENT"], textRequired: "landing.problemResultRequired" },
  CLOSE: { from: ["RESOLVED"], to: "CLOSED", sides: ["CITY", "REPORTING"], textRequired: "landing.problemVerificationRequired" },
  REJECT_CLOSURE: { from: ["RESOLVED"], to: "IN_PROGRESS", sides: ["CITY", "REPORTING"], textRequired: "landing.problemReasonRequiredReject" },
};

export type ProblemActor = {
  role: Role;
  /** The regions the actor's records come from; null: every region (app/utils/permissions.server.ts regionScope). */
  regionScope: readonly string[] | null;
  departmentId: string | null;
};

export type ProblemForRules = {
  status: ProblemStatus;
  /** The region that reported the problem (the project's region when it was reported). */
  reportingRegionId: string;
  /** The department it is assigned to, null while 待交办. */
  departmentId: string | null;
};

/**
 * The sides an actor stands on for a problem. Leaders, admins and auditors stand on none: leaders
 * act through 批示, not by moving problems.
 */
export function problemSidesOf(actor: ProblemActor, problem: ProblemForRules): ProblemSide[] {
  const sides: ProblemSide[] = [];
  if (actor.role === "CITY_OFFICER") sides.push("CITY");
  if (
    (actor.role === "COUNTY_OFFICER" || actor.role === "CITY_OFFICER") &&
    (actor.regionScope === null || actor.regionScope.includes(problem.reportingRegionId))
  ) {
    sides.push("REPORTING");
  }
  if (actor.role === "DEPT_STAFF" && actor.departmentId !== null && actor.departmentId === problem.departmentId) sides.push("DEPARTMENT");
  return sides;
}

/** The actions an actor may take on a problem now, in the order the page offers them. */
export function problemActionsFor(actor: ProblemActor, problem: ProblemForRules): ProblemAction[] {
  const sides = problemSidesOf(actor, problem);
  return PROBLEM_ACTIONS.filter((action) => {
    const rule = ACTION_RULES[action];
    return rule.from.includes(problem.status) && rule.sides.some((side) => sides.includes(side));
  });
}

export type ProblemMoveError = { field: "action" | "reason" | "departmentId" | "limitWorkdays"; message: MessageKey; params?: MessageParams };

export type ProblemUpdates = {
  status: ProblemStatus;
  departmentId?: string | null;
  assigneeId?: string | null;
  /** When the current department received it (reassignment too). */
  departmentAssignedAt?: Date | null;
  /** Start of the resolution clock: the first assignment; kept on reassignment. */
  assignedAt?: Date | null;
  deadlineAt?: Date | null;
  resolvedAt?: Date | null;
  closedAt?: Date | null;
  closedById?: string | null;
  closureRejectedAt?: Date;
};

export type ProblemMovePlan = {
  ok: true;
  action: ProblemAction;
  from: ProblemStatus;
  to: ProblemStatus;
  /** The side the move was made as (the city before the reporting side). */
  side: ProblemSide;
  /** The text to keep in the response thread, or null. */
  text: string | null;
  updates: ProblemUpdates;
};

export type ProblemMoveInput = {
  text?: string | null;
  departmentId?: string | null;
  assigneeId?: string | null;
  /** Limit for this problem in 工作日; default: the mechanism's problemLimitWorkdays. */
  limitWorkdays?: number | null;
};

/**
 * Whether the actor may take the action, and what the problem row takes. `actorId` is recorded
 * as the closer on 销号. Every error is collected.
 */
export function planProblemMove(args: {
  actor: ProblemActor & { id: string };
  problem: ProblemForRules & { assignedAt?: Date | null };
  action: ProblemAction;
  input?: ProblemMoveInput;
  config: MechanismConfig;
  now: Date;
}): ProblemMovePlan | { ok: false; errors: ProblemMoveError[] } {
  const { actor, problem, action, now } = args;
  const rule = ACTION_RULES[action];
  const sides = problemSidesOf(actor, problem);
  const side = rule.sides.find((s) => sides.includes(s));
  if (!side) return { ok: false, errors: [{ field: "action", message: refusalKey(action, problem, sides) }] };
  if (!rule.from.includes(problem.status)) {
    return { ok: false, errors: [{ field: "action", message: "landing.problemActionNotNow", params: { status: problem.status } }] };
  }

  const input = args.input ?? {};
  const text = cleanText(input.text);
  const departmentId = cleanText(input.departmentId);
  const errors: ProblemMoveError[] = [];
  if (rule.textRequired && !text) errors.push({ field: "reason", message: rule.textRequired });
  if ((action === "ASSIGN" || action === "REASSIGN") && !departmentId) {
    errors.push({ field: "departmentId", message: "landing.problemDepartmentRequired" });
  }
  if (action === "REASSIGN" && departmentId && departmentId === problem.departmentId) {
    errors.push({ field: "departmentId", message: "landing.problemSameDepartment" });
  }
  const limit = input.limitWorkdays ?? null;
  if (limit !== null && (!Number.isInteger(limit) || limit < 1)) errors.push({ field: "limitWorkdays", message: "landing.problemLimitInvalid" });
  if (errors.length > 0) return { ok: false, errors };

  const to = rule.to ?? problem.status;
  let updates: ProblemUpdates = { status: to };
  switch (action) {
    case "ASSIGN":
      updates = {
        status: to,
        departmentId,
        assigneeId: cleanText(input.assigneeId),
        assignedAt: now,
        departmentAssignedAt: now,
        deadlineAt: problemDeadline(now, args.config, limit),
        resolvedAt: null,
      };
      break;
    case "REASSIGN":
      // The firm has been waiting all along: the clock and the deadline stay unless a new limit is given.
      updates = {
        status: to,
        departmentId,
        assigneeId: cleanText(input.assigneeId),
        departmentAssignedAt: now,
        ...(limit !== null ? { deadlineAt: problemDeadline(now, args.config, limit) } : {}),
      };
      break;
    case "RETURN":
      updates = { status: to, departmentId: null, assigneeId: null, departmentAssignedAt: null, assignedAt: null, deadlineAt: null };
      break;
    case "RESOLVE":
      updates = { status: to, resolvedAt: now };
      break;
    case "CLOSE":
      updates = { status: to, closedAt: now, closedById: actor.id };
      break;
    case "REJECT_CLOSURE":
      updates = { status: to, resolvedAt: null, closureRejectedAt: now };
      break;
    case "RESPOND":
      break;
  }
  return { ok: true, action, from: problem.status, to, side, text, updates };
}

function refusalKey(action: ProblemAction, problem: ProblemForRules, sides: ProblemSide[]): MessageKey {
  // The rule users ask about most gets its own words: a department cannot 销号 its own work.
  if ((action === "CLOSE" || action === "REJECT_CLOSURE") && sides.includes("DEPARTMENT")) return "landing.problemDepartmentCannotClose";
  if (action === "RESOLVE" && problem.departmentId === null) return "landing.problemNotAssigned";
  return "landing.problemActionNotYours";
}

// ───────────────────────────── deadlines and levels ─────────────────────────────

/** The deadline of a problem assigned at `assignedAt`: `limit` 工作日 later (default from the config), 00:00 Shanghai of that day. */
export function problemDeadline(assignedAt: Date, config: MechanismConfig, limitWorkdays?: number | null): Date {
  return addWorkdays(assignedAt, limitWorkdays ?? config.problemLimitWorkdays);
}

export type ProblemClock = {
  /** NONE while 待交办 and once 办结 (the clock has stopped). */
  level: WarningLevel;
  limitWorkdays: number | null;
  /** 工作日 since assignment, up to now or to 办结. */
  usedWorkdays: number;
  /** 工作日 left; negative once overdue; null while 待交办. */
  daysLeft: number | null;
  overdue: boolean;
  /** Whether the clock has stopped (已办结 or 已销号). */
  stopped: boolean;
};

export type ProblemForClock = {
  status: ProblemStatus;
  assignedAt: Date | null;
  deadlineAt: Date | null;
  resolvedAt: Date | null;
};

/**
 * The resolution clock, in 工作日 from assignment to the deadline: blue, yellow from the
 * configured share of the limit, red past the deadline day (the deadline day itself is still
 * yellow, as for stage clocks). It stops at 办结; a rejected closure starts it again.
 */
export function problemClock(problem: ProblemForClock, now: Date, config: MechanismConfig): ProblemClock {
  if (problem.status === "PENDING" || !problem.assignedAt || !problem.deadlineAt) {
    return { level: "NONE", limitWorkdays: null, usedWorkdays: 0, daysLeft: null, overdue: false, stopped: false };
  }
  const stopped = problem.status === "RESOLVED" || problem.status === "CLOSED";
  const until = stopped && problem.resolvedAt ? problem.resolvedAt : now;
  const limit = Math.max(0, workdaysBetween(problem.assignedAt, problem.deadlineAt));
  const used = Math.max(0, workdaysBetween(problem.assignedAt, until));
  const overdue = used > limit;
  return {
    level: stopped ? "NONE" : clockLevel(used, limit, config.warning.yellowRatio),
    limitWorkdays: limit,
    usedWorkdays: used,
    daysLeft: limit - used,
    overdue,
    stopped,
  };
}

/** 诉求按期办结: 办结 on or before the deadline day (counted in 工作日, so a holiday after the deadline adds nothing). */
export function problemResolvedOnTime(problem: ProblemForClock, config: MechanismConfig): boolean | null {
  if (!problem.resolvedAt || !problem.assignedAt || !problem.deadlineAt) return null;
  return !problemClock({ ...problem, status: "RESOLVED" }, problem.resolvedAt, config).overdue;
}

export type ProblemEscalation = { alertKind: Extract<AlertKind, "PROBLEM_DUE_SOON" | "PROBLEM_OVERDUE"> | null; recipients: RecipientKind[] };

/**
 * Who is to be told at a clock's level (督办 escalation): near the deadline the department and
 * its handler; past it, by default also the reporter, the project's 包抓领导 and the city bureau.
 * The lists are the mechanism's alertRecipients.
 */
export function problemEscalation(level: WarningLevel, config: MechanismConfig): ProblemEscalation {
  if (level === "RED") return { alertKind: "PROBLEM_OVERDUE", recipients: [...config.alertRecipients.PROBLEM_OVERDUE] };
  if (level === "YELLOW") return { alertKind: "PROBLEM_DUE_SOON", recipients: [...config.alertRecipients.PROBLEM_DUE_SOON] };
  return { alertKind: null, recipients: [] };
}

function cleanText(value: string | null | undefined): string | null {
  const text = value?.trim() ?? "";
  return text === "" ? null : text;
}
