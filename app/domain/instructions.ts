// 领导批示 (DESIGN §4 Instruction): a leader's instruction on a project or a problem, to named
// recipients, with a reply deadline in 工作日. It stays at the top of the project page and on
// each recipient's 工作台 until that recipient has replied.
import { type MechanismConfig } from "#app/schemas/mechanism";
import { clockLevel, type WarningLevel } from "./warnings";
import { addWorkdays, workdaysBetween } from "./workdays";

/** The reply deadline: the leader's own, or the configured number of 工作日 after issue. */
export function instructionReplyDeadline(issuedAt: Date, config: MechanismConfig, replyDueAt?: Date | null): Date {
  return replyDueAt ?? addWorkdays(issuedAt, config.instructionReplyWorkdays);
}

export type InstructionRecipientSnapshot = { recipientId: string; repliedAt: Date | null };

/** Recipients still to reply; an instruction is open while any remains. */
export function unansweredRecipients(recipients: readonly InstructionRecipientSnapshot[]): string[] {
  return recipients.filter((r) => r.repliedAt === null).map((r) => r.recipientId);
}

export function isInstructionOpenFor(recipients: readonly InstructionRecipientSnapshot[], recipientId: string): boolean {
  return unansweredRecipients(recipients).includes(recipientId);
}

export type InstructionClock = {
  /** NONE once everyone replied. */
  level: WarningLevel;
  limitWorkdays: number;
  usedWorkdays: number;
  daysLeft: number;
  overdue: boolean;
};

/** The reply clock in 工作日, coloured like every other clock; it stops when the last recipient replies. */
export function instructionClock(args: {
  issuedAt: Date;
  replyDueAt: Date;
  recipients: readonly InstructionRecipientSnapshot[];
  now: Date;
  config: MechanismConfig;
}): InstructionClock {
  const limit = Math.max(0, workdaysBetween(args.issuedAt, args.replyDueAt));
  const used = Math.max(0, workdaysBetween(args.issuedAt, args.now));
  const open = unansweredRecipients(args.recipients).length > 0;
  return {
    level: open ? clockLevel(used, limit, args.config.warning.yellowRatio) : "NONE",
    limitWorkdays: limit,
    usedWorkdays: used,
    daysLeft: limit - used,
    overdue: open && used > limit,
  };
}
