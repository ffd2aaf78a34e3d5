// The one rule module for alerts (issue 4 §10, DESIGN §7.2 "escalation that fires by itself").
// Given snapshots of what is open — problems, incentives, instructions, stage clocks, aftercare —
// and the mechanism in force, it returns the alerts due now: kind, level, the kinds of people to
// tell, and a dedupe key. The scheduled command (`npm run alerts`) and the change hooks call the
// same function; whoever delivers keeps the keys already sent per recipient, so running it again
// (every hour, or after each change) tells nobody twice. Pure: no clock, no database.
import { t, type MessageKey, type MessageParams } from "#app/i18n";
import { type MechanismConfig } from "#app/schemas/mechanism";
import { aftercareVisitClock, currentRedFlags, redFlagLabelKey, type AftercareVisitSnapshot } from "./aftercare";
import { incentiveState, type IncentiveForStatus } from "./incentives";
import { instructionClock, unansweredRecipients, type InstructionRecipientSnapshot } from "./instructions";
import { problemClock, problemEscalation, type ProblemForClock } from "./problem-status";
import { stageLabelKey, type StageCode } from "./stages";
import { stageClock, type WarningLevel } from "./warnings";
import { shanghaiDay } from "./workdays";

export const ALERT_KINDS = [
  "PROBLEM_ASSIGNED",
  "PROBLEM_DUE_SOON",
  "PROBLEM_OVERDUE",
  "PROBLEM_RESOLVED",
  "PROBLEM_CLOSURE_REJECTED",
  "INCENTIVE_DUE_SOON",
  "INCENTIVE_OVERDUE",
  "INSTRUCTION_ISSUED",
  "INSTRUCTION_REPLY_DUE_SOON",
  "INSTRUCTION_REPLY_OVERDUE",
  "STAGE_DUE_SOON",
  "STAGE_OVERDUE",
  "AFTERCARE_VISIT_DUE",
  "AFTERCARE_RED_FLAG",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * Kinds of people an alert goes to; the delivering model resolves them to accounts:
 * ASSIGNEE the problem's handler; DEPARTMENT its department's staff; REPORTER who reported it;
 * PROJECT_OFFICER the project's officer; LEAD_LEADER its 包抓领导; CITY the city bureau's
 * officers; INSTRUCTION_RECIPIENTS the recipients still to reply (Alert.recipientIds);
 * INSTRUCTION_LEADER the leader who wrote the 批示.
 */
export const RECIPIENT_KINDS = [
  "ASSIGNEE",
  "DEPARTMENT",
  "REPORTER",
  "PROJECT_OFFICER",
  "LEAD_LEADER",
  "CITY",
  "INSTRUCTION_RECIPIENTS",
  "INSTRUCTION_LEADER",
] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

export function alertKindLabelKey(kind: AlertKind): MessageKey {
  return `landing.alertKind_${kind}`;
}
export function recipientKindLabelKey(kind: RecipientKind): MessageKey {
  return `landing.recipient_${kind}`;
}

export type AlertSubject = { type: "PROBLEM" | "INCENTIVE" | "INSTRUCTION" | "PROJECT"; id: string; projectId: string | null };

export type Alert = {
  kind: AlertKind;
  level: Exclude<WarningLevel, "NONE">;
  recipients: RecipientKind[];
  /** For instruction alerts: the recipients still to reply, whom INSTRUCTION_RECIPIENTS means. */
  recipientIds?: string[];
  /** Same key, same alert: deliver once per recipient. The key changes when the thing alerted on changes (a new deadline, a new assignment). */
  dedupeKey: string;
  subject: AlertSubject;
  /** The inbox line: `landing.alert_<KIND>` with {label, days, deadline}. */
  message: { key: MessageKey; params: MessageParams };
};

type Labelled = { /** Shown in the message: the project's or the item's name. */ label?: string };

export type ProblemAlertSnapshot = ProblemForClock &
  Labelled & {
    id: string;
    projectId: string | null;
    departmentId: string | null;
    /** When the current department received it. */
    departmentAssignedAt: Date | null;
    /** The last time a closure was rejected, if it is back in 办理中 because of it. */
    closureRejectedAt?: Date | null;
  };

export type IncentiveAlertSnapshot = IncentiveForStatus & Labelled & { id: string; projectId: string | null };

export type InstructionAlertSnapshot = Labelled & {
  id: string;
  projectId: string | null;
  issuedAt: Date;
  replyDueAt: Date;
  recipients: readonly InstructionRecipientSnapshot[];
};

export type StageClockSnapshot = Labelled & { projectId: string; stage: StageCode; stageEnteredAt: Date };

export type AftercareAlertSnapshot = Labelled & {
  projectId: string;
  stage: StageCode;
  isKey: boolean;
  /** When the firm entered aftercare (its 投产 date). */
  since: Date;
  visits: readonly AftercareVisitSnapshot[];
};

export type AlertSnapshots = {
  problems?: readonly ProblemAlertSnapshot[];
  incentives?: readonly IncentiveAlertSnapshot[];
  instructions?: readonly InstructionAlertSnapshot[];
  stageClocks?: readonly StageClockSnapshot[];
  aftercare?: readonly AftercareAlertSnapshot[];
};

/**
 * Every alert due at `now`. A kind the mechanism gives no recipients is silenced. Each thing
 * alerted on yields at most one alert per kind, and a clock only its current colour's alert
 * (red replaces yellow, under a different key, so both reach the people each names).
 */
export function alertsDue(snapshots: AlertSnapshots, now: Date, config: MechanismConfig): Alert[] {
  const alerts: Alert[] = [];
  const push = (alert: Omit<Alert, "recipients"> & { recipients?: RecipientKind[] }) => {
    const recipients = alert.recipients ?? [...config.alertRecipients[alert.kind]];
    if (recipients.length === 0) return;
    if (alert.recipientIds && alert.recipientIds.length === 0) return;
    alerts.push({ ...alert, recipients });
  };

  for (const problem of snapshots.problems ?? []) {
    const subject: AlertSubject = { type: "PROBLEM", id: problem.id, projectId: problem.projectId };
    const label = problem.label ?? "";
    if (problem.status === "IN_PROGRESS") {
      if (problem.departmentAssignedAt) {
        push({
          kind: "PROBLEM_ASSIGNED",
          level: "BLUE",
          dedupeKey: key("PROBLEM_ASSIGNED", problem.id, problem.departmentId ?? "", instant(problem.departmentAssignedAt)),
          subject,
          message: message("PROBLEM_ASSIGNED", { label, deadline: problem.deadlineAt ? shanghaiDay(problem.deadlineAt) : "" }),
        });
      }
      if (problem.closureRejectedAt) {
        push({
          kind: "PROBLEM_CLOSURE_REJECTED",
          level: "YELLOW",
          dedupeKey: key("PROBLEM_CLOSURE_REJECTED", problem.id, instant(problem.closureRejectedAt)),
          subject,
          message: message("PROBLEM_CLOSURE_REJECTED", { label }),
        });
      }
      const clock = problemClock(problem, now, config);
      const escalation = problemEscalation(clock.level, config);
      if (escalation.alertKind && problem.deadlineAt && clock.level !== "NONE") {
        push({
          kind: escalation.alertKind,
          level: clock.level,
          recipients: escalation.recipients,
          dedupeKey: key(escalation.alertKind, problem.id, shanghaiDay(problem.deadlineAt)),
          subject,
          message: message(escalation.alertKind, { label, deadline: shanghaiDay(problem.deadlineAt), days: Math.abs(clock.daysLeft ?? 0) }),
        });
      }
    }
    if (problem.status === "RESOLVED" && problem.resolvedAt) {
      push({
        kind: "PROBLEM_RESOLVED",
        level: "BLUE",
        dedupeKey: key("PROBLEM_RESOLVED", problem.id, instant(problem.resolvedAt)),
        subject,
        message: message("PROBLEM_RESOLVED", { label }),
      });
    }
  }

  for (const incentive of snapshots.incentives ?? []) {
    if (!incentive.dueAt) continue;
    const state = incentiveState(incentive, now, config);
    const kind: AlertKind | null = state.status === "OVERDUE" ? "INCENTIVE_OVERDUE" : state.dueSoon ? "INCENTIVE_DUE_SOON" : null;
    if (!kind) continue;
    push({
      kind,
      level: kind === "INCENTIVE_OVERDUE" ? "RED" : "YELLOW",
      dedupeKey: key(kind, incentive.id, shanghaiDay(incentive.dueAt)),
      subject: { type: "INCENTIVE", id: incentive.id, projectId: incentive.projectId },
      message: message(kind, {
        label: incentive.label ?? "",
        deadline: shanghaiDay(incentive.dueAt),
        days: kind === "INCENTIVE_OVERDUE" ? state.daysOverdue : (state.daysToDue ?? 0),
      }),
    });
  }

  for (const instruction of snapshots.instructions ?? []) {
    const pending = unansweredRecipients(instruction.recipients);
    if (pending.length === 0) continue;
    const subject: AlertSubject = { type: "INSTRUCTION", id: instruction.id, projectId: instruction.projectId };
    const label = instruction.label ?? "";
    const deadline = shanghaiDay(instruction.replyDueAt);
    push({
      kind: "INSTRUCTION_ISSUED",
      level: "BLUE",
      recipientIds: pending,
      dedupeKey: key("INSTRUCTION_ISSUED", instruction.id),
      subject,
      message: message("INSTRUCTION_ISSUED", { label, deadline }),
    });
    const clock = instructionClock({ ...instruction, now, config });
    const kind: AlertKind | null = clock.level === "RED" ? "INSTRUCTION_REPLY_OVERDUE" : clock.level === "YELLOW" ? "INSTRUCTION_REPLY_DUE_SOON" : null;
    if (kind && clock.level !== "NONE") {
      push({
        kind,
        level: clock.level,
        recipientIds: pending,
        dedupeKey: key(kind, instruction.id, deadline),
        subject,
        message: message(kind, { label, deadline, days: Math.abs(clock.daysLeft) }),
      });
    }
  }

  for (const project of snapshots.stageClocks ?? []) {
    const clock = stageClock({ stage: project.stage, stageEnteredAt: project.stageEnteredAt, now, config });
    const kind: AlertKind | null = clock.level === "RED" ? "STAGE_OVERDUE" : clock.level === "YELLOW" ? "STAGE_DUE_SOON" : null;
    if (!kind || clock.level === "NONE") continue;
    push({
      kind,
      level: clock.level,
      dedupeKey: key(kind, project.projectId, project.stage, instant(project.stageEnteredAt)),
      subject: { type: "PROJECT", id: project.projectId, projectId: project.projectId },
      message: message(kind, { label: project.label ?? "", days: Math.abs(clock.daysLeft ?? 0), stage: t(stageLabelKey(project.stage)) }),
    });
  }

  for (const firm of snapshots.aftercare ?? []) {
    const subject: AlertSubject = { type: "PROJECT", id: firm.projectId, projectId: firm.projectId };
    const label = firm.label ?? "";
    const lastVisit = [...firm.visits].sort((a, b) => b.visitedAt.getTime() - a.visitedAt.getTime())[0];
    const clock = aftercareVisitClock({ stage: firm.stage, isKey: firm.isKey, lastVisitAt: lastVisit?.visitedAt ?? null, since: firm.since, now, config });
    if (clock.level === "YELLOW" || clock.level === "RED") {
      // One reminder per cadence cycle: the key is the visit (or start) the cycle runs from.
      push({
        kind: "AFTERCARE_VISIT_DUE",
        level: clock.level,
        dedupeKey: key("AFTERCARE_VISIT_DUE", firm.projectId, shanghaiDay(lastVisit?.visitedAt ?? firm.since)),
        subject,
        message: message("AFTERCARE_VISIT_DUE", { label, days: clock.daysSince }),
      });
    }
    const flags = currentRedFlags(firm.visits);
    if (flags.flags.length > 0 && flags.level !== "NONE") {
      // One alert per run of flags: a new flag, or a flag back after a clean visit, alerts again.
      const run = flags.flags.map((flag) => `${flag}@${shanghaiDay(flags.since[flag] as Date)}`).join("+");
      push({
        kind: "AFTERCARE_RED_FLAG",
        level: flags.level,
        dedupeKey: key("AFTERCARE_RED_FLAG", firm.projectId, run),
        subject,
        message: message("AFTERCARE_RED_FLAG", { label, flags: flags.flags.map((flag) => t(redFlagLabelKey(flag))).join("、") }),
      });
    }
  }

  return alerts;
}

function key(...parts: string[]): string {
  return parts.join(":");
}

function instant(date: Date): string {
  return date.toISOString();
}

function message(kind: AlertKind, params: MessageParams): Alert["message"] {
  return { key: `landing.alert_${kind}`, params };
}
