// 政策兑现 (DESIGN §2, §4 Incentive): what the bureau promised a project — an item, an amount,
// its conditions, a due date — against what has been paid. Promises are kept on time and in full
// (不打折扣): an item not fully paid after its due date is overdue, and a partial payment stays
// visible as partial. The wording check against the 公平竞争审查条例 is fair-competition.ts.
import { type MessageKey } from "#app/i18n";
import { type MechanismConfig } from "#app/schemas/mechanism";
import { roundWan } from "./contract-performance";
import { calendarDaysBetween, isLaterDay } from "./workdays";

/** 已承诺 / 部分兑现 / 已兑现 / 逾期 / 已取消 (conditions not met, or withdrawn with a reason). */
export const INCENTIVE_STATUSES = ["PROMISED", "PARTIAL", "PAID", "OVERDUE", "CANCELLED"] as const;
export type IncentiveStatus = (typeof INCENTIVE_STATUSES)[number];

export function incentiveStatusLabelKey(status: IncentiveStatus): MessageKey {
  return `landing.incentiveStatus_${status}`;
}

export type IncentiveForStatus = {
  promisedWan: number;
  /** Paid so far, 万元. */
  paidWan: number | null;
  dueAt: Date | null;
  cancelledAt?: Date | null;
};

export type IncentiveState = {
  status: IncentiveStatus;
  outstandingWan: number;
  /** Calendar days to the due date (0 on the day, negative once past); null without one. */
  daysToDue: number | null;
  /** Within the configured days before the due date, not fully paid, not overdue yet. */
  dueSoon: boolean;
  /** Calendar days past the due date while unpaid, else 0. */
  daysOverdue: number;
};

/**
 * An incentive's status on the Shanghai calendar: paid when the paid amount reaches the promise;
 * otherwise overdue from the day after the due date; otherwise partial or promised. A cancelled
 * item is neither due nor overdue.
 */
export function incentiveState(incentive: IncentiveForStatus, now: Date, config: MechanismConfig): IncentiveState {
  const paid = incentive.paidWan ?? 0;
  const outstandingWan = Math.max(0, roundWan(incentive.promisedWan - paid));
  const daysToDue = incentive.dueAt ? calendarDaysBetween(now, incentive.dueAt) : null;
  const base = { outstandingWan, daysToDue, dueSoon: false, daysOverdue: 0 };
  if (incentive.cancelledAt) return { ...base, status: "CANCELLED", outstandingWan: 0 };
  if (outstandingWan === 0) return { ...base, status: "PAID" };
  if (incentive.dueAt && isLaterDay(now, incentive.dueAt)) {
    return { ...base, status: "OVERDUE", daysOverdue: calendarDaysBetween(incentive.dueAt, now) };
  }
  const dueSoon = daysToDue !== null && daysToDue <= config.incentiveDueSoonDays;
  return { ...base, status: paid > 0 ? "PARTIAL" : "PROMISED", dueSoon };
}
