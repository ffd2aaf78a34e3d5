// What committing a ledger writes (issue 6 §5), worked out before anything is written: the rows
// of each planned company and project (app/domain/ledger/plan.ts) turned into records to create
// and changes to make, against the records already in the database. The model
// (app/models/ledger-import.server.ts) loads those records in a few queries, calls this, and
// applies the result in one transaction; conflicts found here block the commit like any cell
// error, so the user sees them in the preview first.
//
// Rules, all chosen so that importing the same ledger again writes nothing new:
// - a value the ledger gives replaces the recorded one; a blank cell never clears anything;
// - the stage changes only when the row states one (progress, or an actual date), with a
//   StageTransition (source IMPORT, note 导入); a 终止 project keeps its stage; a stage earlier
//   on the ladder than the recorded one (an older ledger) is not taken, with a warning on the row;
// - 签约: a ledger signing date creates one contract (note 导入, type to be checked by the
//   officer: the project's own type if it has one, else 框架协议) when the project has none,
//   updates that import-made contract later, and never touches contracts entered by hand; the
//   project's signing fields follow the contract (as signingFromContracts has it for one);
// - 到位资金 is a cumulative figure: when the ledger's total is higher than the entries recorded,
//   one entry "导入累计" adds the difference; equal or lower adds nothing (records already
//   there may be more detailed than the ledger, and are never deleted by an import);
// - actual 开工/竣工/投产 dates are kept on the landing milestones too (one truth, issue 4).
import { searchKeyFor } from "#app/domain/company-name";
import { isContractType, MILESTONE_PROJECT_FIELD, roundWan, type ContractType, type FundsSource, type MilestoneKind } from "#app/domain/contract-performance";
import { canLeadProject, type RegionRef as RegionTreeRef } from "#app/domain/projects";
import { checkProjectDates, isEarlierLadderStage, isKeyProject, isLadderStage, isStageCode, stageLabelKey, DATE_SEQUENCE, type DateField, type StageCode, type StageFieldValues } from "#app/domain/stages";
import { isLaterDay, startOfShanghaiDay } from "#app/domain/workdays";
import { t, type MessageKey, type MessageParams } from "#app/i18n";
import { type MechanismConfig } from "#app/schemas/mechanism";
import { compactText, columnLetter } from "./grid";
import { type ImportPlan, type PlannedCompany, type PlannedProject } from "./plan";
import { companyNameKey, DATE_OF_STAGE, statedStage, type IssueSeverity, type LedgerIssue, type LedgerPreview, type LedgerValues, type PreviewRow } from "./preview";
import { ledgerFieldLabelKey, type LedgerField } from "./synonyms";

/** The StageTransition note and exit reason of a move made by an import. */
export const IMPORT_NOTE = "导入";
/** Marks a contract the import made, which a later import may update. */
export const IMPORT_CONTRACT_NOTE = "导入（合同类型待核实）";
/** The note of the 到位资金 entry that brings the recorded total up to the ledger's. */
export const IMPORT_FUNDS_NOTE = "导入累计";

// ───────────────────────────── what is recorded ─────────────────────────────

export type RecordedContract = { id: string; type: string; signedAt: Date; amountWan: number | null; note: string | null };
export type RecordedMilestone = { id: string; kind: string; actualAt: Date | null };

export type RecordedProject = {
  id: string;
  companyId: string;
  regionId: string;
  name: string;
  stage: string;
  stageEnteredAt: Date;
  resumeStage: string | null;
  version: number;
  plannedInvestment: number;
  keyManual: boolean;
  isKey: boolean;
  nature: string | null;
  chainId: string | null;
  leadLeaderId: string | null;
  responsibleUnit: string | null;
  expectedJobs: number | null;
  expectedOutput: number | null;
  expectedTax: number | null;
  firstContactAt: Date | null;
  signedAt: Date | null;
  contractAmount: number | null;
  contractType: string | null;
  startedAt: Date | null;
  completedAt: Date | null;
  producedAt: Date | null;
  description: string | null;
  holdReason: string | null;
  terminateReason: string | null;
  contracts: RecordedContract[];
  /** Sum of the live 到位资金 entries, 万元. */
  fundsTotalWan: number;
  milestones: RecordedMilestone[];
};

export type RecordedContact = { id: string; name: string; phone: string | null };
export type RecordedCompany = {
  id: string;
  ownerRegionId: string;
  uscc: string | null;
  hqProvince: string | null;
  hqCity: string | null;
  chainId: string | null;
  version: number;
  contacts: RecordedContact[];
};

export type LeaderRef = { id: string; displayName: string; role: string; regionId: string | null };

export type CommitContext = {
  now: Date;
  actor: { id: string | null; name: string };
  config: MechanismConfig;
  chains: readonly { id: string; name: string }[];
  /** Users who may be 包抓领导, matched by the name written in the ledger. */
  leaders: readonly LeaderRef[];
  regions: readonly RegionTreeRef[];
  companies: ReadonlyMap<string, RecordedCompany>;
  projects: ReadonlyMap<string, RecordedProject>;
  /** 统一社会信用代码 held by companies in the recycle bin (code → name): the code is unique. */
  deletedUsccs: ReadonlyMap<string, string>;
  /**
   * Whether the importing user may change a company of this owning region. A ledger row may
   * name a company another county reported first: its project joins that one company record
   * (DESIGN §7.1), but the record itself is only filled in by users whose scope holds it.
   */
  mayEditCompany: (ownerRegionId: string) => boolean;
  newId: () => string;
};

// ───────────────────────────── what to write ─────────────────────────────

export type CompanyCreate = {
  id: string;
  name: string;
  normalizedName: string;
  searchKey: string;
  uscc: string | null;
  hqCity: string | null;
  chainId: string | null;
  ownerRegionId: string;
  createdById: string | null;
};
export type CompanyFill = { id: string; version: number; data: { uscc?: string; hqCity?: string; chainId?: string } };

export type ProjectFields = {
  name: string;
  companyId: string;
  regionId: string;
  chainId: string | null;
  nature: string | null;
  plannedInvestment: number;
  isKey: boolean;
  stage: StageCode;
  stageEnteredAt: Date;
  resumeStage: string | null;
  holdReason: string | null;
  terminateReason: string | null;
  leadLeaderId: string | null;
  responsibleUnit: string | null;
  expectedJobs: number | null;
  expectedOutput: number | null;
  expectedTax: number | null;
  firstContactAt: Date | null;
  signedAt: Date | null;
  contractAmount: number | null;
  contractType: string | null;
  startedAt: Date | null;
  completedAt: Date | null;
  producedAt: Date | null;
  description: string | null;
};
/** A new project; the model gives it its code (CodeSequence) and search key. */
export type ProjectCreate = ProjectFields & { id: string; createdById: string | null };
export type ProjectChange = { id: string; version: number; data: Partial<ProjectFields> };

export type TransitionCreate = {
  id: string;
  projectId: string;
  fromStage: string | null;
  toStage: StageCode;
  at: Date;
  actorId: string | null;
  actorName: string;
  note: string;
  source: "IMPORT";
};
export type ContractCreate = { id: string; projectId: string; type: ContractType; signedAt: Date; amountWan: number | null; note: string; createdById: string | null };
export type ContractChange = { id: string; data: { signedAt?: Date; amountWan?: number | null } };
export type FundsCreate = { id: string; projectId: string; receivedAt: Date; amountWan: number; source: FundsSource; note: string; createdById: string | null };
export type MilestoneCreate = { id: string; projectId: string; kind: MilestoneKind; actualAt: Date; updatedById: string | null };
export type MilestoneChange = { id: string; actualAt: Date };
export type ContactCreate = { id: string; companyId: string; name: string; phone: string | null };
export type ContactFill = { id: string; phone: string };

export type LedgerWrites = {
  companies: { create: CompanyCreate[]; fill: CompanyFill[] };
  contacts: { create: ContactCreate[]; fill: ContactFill[] };
  projects: { create: ProjectCreate[]; change: ProjectChange[] };
  transitions: TransitionCreate[];
  contracts: { create: ContractCreate[]; change: ContractChange[] };
  funds: FundsCreate[];
  milestones: { create: MilestoneCreate[]; change: MilestoneChange[] };
};

/** A problem found against the records: blocks the commit like a cell error. */
export type CommitConflict = { row: PreviewRow; issue: LedgerIssue };

export type CommitPlan = { writes: LedgerWrites; conflicts: CommitConflict[] };

/** How many rows each table gains or changes: the progress bar's total and the result's detail. */
export function writeCount(writes: LedgerWrites): number {
  return (
    writes.companies.create.length +
    writes.companies.fill.length +
    writes.contacts.create.length +
    writes.contacts.fill.length +
    writes.projects.create.length +
    writes.projects.change.length +
    writes.transitions.length +
    writes.contracts.create.length +
    writes.contracts.change.length +
    writes.funds.length +
    writes.milestones.create.length +
    writes.milestones.change.length
  );
}

// ───────────────────────────── planning ─────────────────────────────

/**
 * The writes that carry out `plan`, and the conflicts with what is recorded. `preview`s give
 * the mapping of each row's sheet, for the column letter a conflict is shown in.
 */
export function planLedgerWrites(plan: ImportPlan, context: CommitContext, columnOf: (row: PreviewRow, field: LedgerField) => string | null = () => null): CommitPlan {
  const writes: LedgerWrites = {
    companies: { create: [], fill: [] },
    contacts: { create: [], fill: [] },
    projects: { create: [], change: [] },
    transitions: [],
    contracts: { create: [], change: [] },
    funds: [],
    milestones: { create: [], change: [] },
  };
  const conflicts: CommitConflict[] = [];
  const conflict: Conflict = (row, field, message, params, severity = "error") =>
    conflicts.push({ row, issue: { rowNumber: row.rowNumber, field, column: columnOf(row, field), severity, message, ...(params ? { params } : {}) } });

  const companyIds = new Map<string, string>();
  for (const company of plan.companies) {
    companyIds.set(company.key, planCompany(company, context, writes, conflict));
  }
  for (const project of plan.projects) {
    const companyId = companyIds.get(project.companyKey);
    if (!companyId) throw new Error(`Planned project without its company: ${project.companyKey}`);
    planProject(project, companyId, context, writes, conflict);
  }
  return { writes, conflicts };
}

/** An issue found against the records: an error blocks the commit, a warning is shown. */
type Conflict = (row: PreviewRow, field: LedgerField, message: MessageKey, params?: MessageParams, severity?: IssueSeverity) => void;

/** The first non-null value a field has among the rows. */
function firstValue<F extends LedgerField>(rows: readonly PreviewRow[], field: F): LedgerValues[F] | null {
  for (const row of rows) if (row.values[field] !== null) return row.values[field];
  return null;
}

function planCompany(company: PlannedCompany, ctx: CommitContext, writes: LedgerWrites, conflict: Conflict): string {
  const recorded = company.existingId ? ctx.companies.get(company.existingId) : undefined;
  const hqCity = firstValue(company.rows, "hqLocation");
  const chainId = chainFor(firstValue(company.rows, "chain"), ctx.chains);
  if (company.uscc && ctx.deletedUsccs.has(company.uscc) && recorded?.uscc !== company.uscc) {
    const row = company.rows.find((r) => r.values.uscc === company.uscc) ?? company.rows[0]!;
    conflict(row, "uscc", "ledger.conflictDeletedUscc", { uscc: company.uscc, name: ctx.deletedUsccs.get(company.uscc)! });
  }

  let id: string;
  if (!recorded) {
    id = ctx.newId();
    writes.companies.create.push({
      id,
      name: company.name.trim(),
      normalizedName: companyNameKey(company.name),
      searchKey: searchKeyFor(company.name),
      uscc: company.uscc,
      hqCity,
      chainId,
      ownerRegionId: company.rows.find((r) => r.regionId)?.regionId ?? "",
      createdById: ctx.actor.id,
    });
  } else {
    id = recorded.id;
    if (!ctx.mayEditCompany(recorded.ownerRegionId)) return id;
    const data: CompanyFill["data"] = {};
    if (!recorded.uscc && company.uscc) data.uscc = company.uscc;
    if (!recorded.hqProvince && !recorded.hqCity && hqCity) data.hqCity = hqCity;
    if (!recorded.chainId && chainId) data.chainId = chainId;
    if (Object.keys(data).length > 0) writes.companies.fill.push({ id, version: recorded.version, data });
  }
  planContacts(id, company.rows, recorded?.contacts ?? [], ctx, writes);
  return id;
}

function planContacts(companyId: string, rows: readonly PreviewRow[], recorded: readonly RecordedContact[], ctx: CommitContext, writes: LedgerWrites): void {
  const known = new Map(recorded.map((c) => [compactText(c.name), c]));
  for (const row of rows) {
    const phone = row.values.contactPhone;
    const name = row.values.contactName ?? (phone ? t("ledger.contactUnnamed") : null);
    if (!name) continue;
    const key = compactText(name);
    const existing = known.get(key);
    if (!existing) {
      const created = { id: ctx.newId(), companyId, name, phone };
      writes.contacts.create.push(created);
      known.set(key, { id: created.id, name, phone });
    } else if (!existing.phone && phone) {
      writes.contacts.fill.push({ id: existing.id, phone });
      existing.phone = phone;
    }
  }
}

/** A chain named in the ledger: its exact name, else the one chain whose name contains it or is contained in it. */
export function chainFor(text: string | null, chains: readonly { id: string; name: string }[]): string | null {
  if (!text) return null;
  const written = compactText(text);
  const exact = chains.find((c) => compactText(c.name) === written);
  if (exact) return exact.id;
  const near = chains.filter((c) => {
    const name = compactText(c.name);
    return name.includes(written) || written.includes(name);
  });
  return near.length === 1 ? near[0]!.id : null;
}

/**
 * The 包抓领导 a ledger names ("王建国", "王建国副县长"): the one leader allowed to lead a project
 * of this region whose display name the text contains. Titles alone ("王副县长") name nobody.
 */
export function leaderFor(text: string | null, regionId: string, ctx: Pick<CommitContext, "leaders" | "regions">): string | null {
  if (!text) return null;
  const written = compactText(text);
  const found = ctx.leaders.filter((l) => written.includes(compactText(l.displayName)) && canLeadProject(l, regionId, ctx.regions));
  return found.length === 1 ? found[0]!.id : null;
}

// Where the money comes from, read off where the investor is (DESIGN §6 splits 到位资金 by
// 市外/省外/外资). An investor whose location the ledger does not give counts as 市外: the
// bureau's 到位资金 is money brought in from outside the city by definition.
const LOCAL_PLACES = /安康|汉滨|汉阴|石泉|宁陕|紫阳|岚皋|平利|镇坪|旬阳|白河|恒口|瀛湖/u;
const PROVINCE_PLACES = /陕西|西安|宝鸡|咸阳|渭南|延安|汉中|榆林|商洛|铜川|杨凌/u;
const FOREIGN_PLACES = /香港|澳门|台湾|境外|国外|外资|美国|日本|韩国|新加坡|德国|英国|法国|意大利|加拿大|澳大利亚/u;

export function fundsSourceOf(location: string | null): FundsSource {
  const text = location ?? "";
  if (FOREIGN_PLACES.test(text)) return "FOREIGN";
  if (LOCAL_PLACES.test(text)) return "LOCAL";
  if (PROVINCE_PLACES.test(text)) return "OUT_OF_CITY";
  return text.trim() ? "OUT_OF_PROVINCE" : "OUT_OF_CITY";
}

function dateOf(values: LedgerValues, field: DateField): Date | null {
  const date = values[field];
  return date ? startOfShanghaiDay(date.day) : null;
}

/** Site, yearly plan, an unmatched 包抓领导, problems and remarks: kept on the project as text. */
function descriptionOf(values: LedgerValues, unmatchedLeader: string | null): string | null {
  const line = (field: LedgerField, value: string | number | null) => (value === null || value === "" ? null : `${t(ledgerFieldLabelKey(field))}：${value}`);
  const lines = [
    values.description,
    line("site", values.site),
    line("annualInvestment", values.annualInvestment),
    line("leadLeader", unmatchedLeader),
    line("problems", values.problems),
    line("remark", values.remark),
  ].filter((l): l is string => !!l);
  return lines.length ? lines.join("\n") : null;
}

type StageEntry = Pick<ProjectFields, "stage" | "stageEnteredAt" | "resumeStage" | "holdReason" | "terminateReason">;

/** Where a new project starts: the preview's stage, entered on its own date when the ledger gives it. */
function initialStage(row: PreviewRow, now: Date): StageEntry {
  const field = DATE_OF_STAGE[row.stage];
  const at = (field && dateOf(row.values, field)) ?? now;
  return {
    stage: row.stage,
    stageEnteredAt: at,
    resumeStage: null,
    holdReason: row.stage === "ON_HOLD" ? IMPORT_NOTE : null,
    terminateReason: row.stage === "TERMINATED" ? IMPORT_NOTE : null,
  };
}

/** A recorded project's move to the stage its row states, or null when it stays where it is. */
function stageMove(recorded: RecordedProject, row: PreviewRow, now: Date): StageEntry | null {
  const to = statedStage(row.values);
  const from = recorded.stage;
  if (!to || to === from || from === "TERMINATED" || !isStageCode(from)) return null;
  const field = DATE_OF_STAGE[to];
  const date = field ? dateOf(row.values, field) : null;
  // The day the row gives, unless the project entered its current stage after it.
  const at = date && !isLaterDay(recorded.stageEnteredAt, date) ? date : now;
  const resume = from === "ON_HOLD" ? recorded.resumeStage : isLadderStage(from) ? from : null;
  return {
    stage: to,
    stageEnteredAt: at,
    resumeStage: to === "ON_HOLD" ? resume : null,
    holdReason: to === "ON_HOLD" ? IMPORT_NOTE : null,
    terminateReason: to === "TERMINATED" ? IMPORT_NOTE : recorded.terminateReason,
  };
}

function planProject(project: PlannedProject, companyId: string, ctx: CommitContext, writes: LedgerWrites, conflict: Conflict): void {
  const row = project.rows[project.rows.length - 1]!; // the last row naming the project wins
  const v = row.values;
  const recorded = project.existingId ? ctx.projects.get(project.existingId) : undefined;
  const regionId = recorded?.regionId ?? project.regionId ?? row.regionId ?? "";
  const leaderId = leaderFor(v.leadLeader, regionId, ctx);
  const description = descriptionOf(v, leaderId ? null : v.leadLeader);
  const given = {
    chainId: chainFor(v.chain, ctx.chains),
    nature: v.nature,
    plannedInvestment: v.plannedInvestment,
    leadLeaderId: leaderId,
    responsibleUnit: v.responsibleUnit,
    expectedJobs: v.expectedJobs,
    expectedOutput: v.expectedOutput,
    expectedTax: v.expectedTax,
    firstContactAt: dateOf(v, "firstContactAt"),
    signedAt: dateOf(v, "signedAt"),
    startedAt: dateOf(v, "startedAt"),
    completedAt: dateOf(v, "completedAt"),
    producedAt: dateOf(v, "producedAt"),
    description,
  };

  if (!recorded) {
    const id = ctx.newId();
    const stage = initialStage(row, ctx.now);
    const signing = planSigning(id, null, v, given.signedAt, ctx, writes);
    const plannedInvestment = given.plannedInvestment ?? 0;
    writes.projects.create.push({
      id,
      name: project.name.trim(),
      companyId,
      regionId,
      ...given,
      plannedInvestment,
      isKey: isKeyProject(plannedInvestment, false, ctx.config),
      ...stage,
      signedAt: signing.signedAt,
      contractAmount: signing.contractAmount,
      contractType: signing.contractType,
      createdById: ctx.actor.id,
    });
    writes.transitions.push(transitionOf(id, null, stage, ctx));
    planFunds(id, 0, v, investorLocation(project, companyId, ctx), ctx, writes);
    planMilestones(id, [], given, ctx, writes);
    return;
  }

  // A value the ledger gives replaces the recorded one; a blank leaves it.
  const next: ProjectFields = { ...pickFields(recorded) };
  for (const [key, value] of Object.entries(given) as [keyof typeof given, unknown][]) {
    if (value !== null) (next as Record<string, unknown>)[key] = value;
  }
  const signing = planSigning(recorded.id, recorded, v, given.signedAt, ctx, writes);
  next.signedAt = signing.signedAt;
  next.contractAmount = signing.contractAmount;
  next.contractType = signing.contractType;
  next.isKey = isKeyProject(next.plannedInvestment, recorded.keyManual, ctx.config);
  const stated = statedStage(row.values);
  const olderLedger = stated !== null && isStageCode(recorded.stage) && isEarlierLadderStage(ctx.config, stated, recorded.stage);
  if (olderLedger) conflict(row, "progress", "ledger.stageBehindRecorded", { stage: t(stageLabelKey(stated)), recorded: t(stageLabelKey(recorded.stage as StageCode)) }, "warning");
  const move = olderLedger ? null : stageMove(recorded, row, ctx.now);
  if (move) Object.assign(next, move);

  for (const issue of newDateIssues(recorded, next, ctx.now)) conflict(row, issue.field, "ledger.conflictDates", { detail: t(issue.message, issue.params) });

  const data = changedFields(pickFields(recorded), next);
  if (Object.keys(data).length > 0) writes.projects.change.push({ id: recorded.id, version: recorded.version, data });
  if (move) writes.transitions.push(transitionOf(recorded.id, recorded.stage, move, ctx));
  planFunds(recorded.id, recorded.fundsTotalWan, v, investorLocation(project, companyId, ctx), ctx, writes);
  planMilestones(recorded.id, recorded.milestones, next, ctx, writes);
}

/** Where the investor is: the ledger's 投资方所在地, else the company's recorded location. */
function investorLocation(project: PlannedProject, companyId: string, ctx: CommitContext): string | null {
  for (const row of project.rows) if (row.values.hqLocation) return row.values.hqLocation;
  const company = ctx.companies.get(companyId);
  const recorded = [company?.hqProvince, company?.hqCity].filter(Boolean).join("");
  return recorded || null;
}

const PROJECT_FIELD_KEYS = [
  "name", "companyId", "regionId", "chainId", "nature", "plannedInvestment", "isKey", "stage", "stageEnteredAt", "resumeStage",
  "holdReason", "terminateReason", "leadLeaderId", "responsibleUnit", "expectedJobs", "expectedOutput", "expectedTax",
  "firstContactAt", "signedAt", "contractAmount", "contractType", "startedAt", "completedAt", "producedAt", "description",
] as const satisfies readonly (keyof ProjectFields)[];

function pickFields(p: RecordedProject): ProjectFields {
  const out: Record<string, unknown> = {};
  for (const key of PROJECT_FIELD_KEYS) out[key] = p[key];
  return out as ProjectFields;
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

function changedFields(before: ProjectFields, after: ProjectFields): Partial<ProjectFields> {
  const data: Record<string, unknown> = {};
  for (const key of PROJECT_FIELD_KEYS) if (!same(before[key], after[key])) data[key] = after[key];
  return data as Partial<ProjectFields>;
}

/** Date errors the import would introduce: those of the merged dates that the recorded ones did not already have. */
function newDateIssues(recorded: RecordedProject, next: ProjectFields, now: Date) {
  const key = (e: { field: string; message: string }) => `${e.field}|${e.message}`;
  const before = new Set(checkProjectDates(recorded as StageFieldValues, now).map(key));
  return checkProjectDates(next as StageFieldValues, now)
    .filter((e) => !before.has(key(e)))
    .filter((e): e is typeof e & { field: DateField } => (DATE_SEQUENCE as readonly string[]).includes(e.field));
}

type Signing = { signedAt: Date | null; contractAmount: number | null; contractType: string | null };

function planSigning(projectId: string, recorded: RecordedProject | null, v: LedgerValues, signedAt: Date | null, ctx: CommitContext, writes: LedgerWrites): Signing {
  const current: Signing = recorded
    ? { signedAt: recorded.signedAt, contractAmount: recorded.contractAmount, contractType: recorded.contractType }
    : { signedAt: null, contractAmount: null, contractType: null };
  const contracts = recorded?.contracts ?? [];
  if (!signedAt) {
    // Without a date no contract can be recorded; an amount still fills a project that has none.
    return contracts.length === 0 && v.contractAmount !== null ? { ...current, contractAmount: v.contractAmount } : current;
  }
  if (contracts.length === 0) {
    // A project signed before contracts were recorded keeps its own type and amount.
    const amountWan = v.contractAmount ?? current.contractAmount;
    const type = isContractType(current.contractType) ? current.contractType : "FRAMEWORK";
    writes.contracts.create.push({ id: ctx.newId(), projectId, type, signedAt, amountWan, note: IMPORT_CONTRACT_NOTE, createdById: ctx.actor.id });
    return { signedAt, contractAmount: amountWan, contractType: type };
  }
  const only = contracts.length === 1 ? contracts[0]! : null;
  if (!only || only.note !== IMPORT_CONTRACT_NOTE) return current; // contracts entered by hand are the truth
  const amountWan = v.contractAmount ?? only.amountWan;
  const data: ContractChange["data"] = {};
  if (only.signedAt.getTime() !== signedAt.getTime()) data.signedAt = signedAt;
  if (amountWan !== only.amountWan) data.amountWan = amountWan;
  if (Object.keys(data).length > 0) writes.contracts.change.push({ id: only.id, data });
  return { signedAt, contractAmount: amountWan, contractType: only.type };
}

function planFunds(projectId: string, recordedWan: number, v: LedgerValues, location: string | null, ctx: CommitContext, writes: LedgerWrites): void {
  if (v.fundsInPlace === null) return;
  const missing = roundWan(v.fundsInPlace - recordedWan);
  if (missing <= 0) return;
  writes.funds.push({
    id: ctx.newId(),
    projectId,
    receivedAt: startOfShanghaiDay(ctx.now),
    amountWan: missing,
    source: fundsSourceOf(location),
    note: IMPORT_FUNDS_NOTE,
    createdById: ctx.actor.id,
  });
}

function planMilestones(projectId: string, recorded: readonly RecordedMilestone[], dates: Partial<Record<DateField, Date | null>>, ctx: CommitContext, writes: LedgerWrites): void {
  for (const [kind, field] of Object.entries(MILESTONE_PROJECT_FIELD) as [MilestoneKind, DateField][]) {
    const actualAt = dates[field];
    if (!actualAt) continue;
    const milestone = recorded.find((m) => m.kind === kind);
    if (!milestone) writes.milestones.create.push({ id: ctx.newId(), projectId, kind, actualAt, updatedById: ctx.actor.id });
    else if (milestone.actualAt?.getTime() !== actualAt.getTime()) writes.milestones.change.push({ id: milestone.id, actualAt });
  }
}

function transitionOf(projectId: string, from: string | null, entry: StageEntry, ctx: CommitContext): TransitionCreate {
  return {
    id: ctx.newId(),
    projectId,
    fromStage: from,
    toStage: entry.stage,
    at: entry.stageEnteredAt,
    actorId: ctx.actor.id,
    actorName: ctx.actor.name,
    note: IMPORT_NOTE,
    source: "IMPORT",
  };
}

// ───────────────────────────── scope ─────────────────────────────

export type RegionRule = {
  /** Whether the importing user may write in the region. */
  allowed: (regionId: string) => boolean;
  /** Regions by id, with their level (projects belong to a county or a park, never the city). */
  regions: ReadonlyMap<string, { name: string; level: string }>;
  /** The user's own region name, for the message. */
  ownRegionName: string | null;
};

/**
 * Regions the rows may not go to: outside the user's scope (a county officer imports into their
 * own county only) or not a project region. A region the whole sheet shares is reported once,
 * on the sheet; a 县区 column's on each row.
 */
export function regionIssues(preview: LedgerPreview, rule: RegionRule): { sheet: LedgerIssue[]; rows: CommitConflict[] } {
  const issueFor = (regionId: string): { message: MessageKey; params: MessageParams } | null => {
    const region = rule.regions.get(regionId);
    if (!region) return null;
    if (region.level === "CITY") return { message: "ledger.regionNotProjectLevel", params: { name: region.name } };
    if (!rule.allowed(regionId)) return { message: "ledger.regionNotAllowed", params: { name: region.name, own: rule.ownRegionName ?? "" } };
    return null;
  };
  if (preview.mapping.region === undefined) {
    const regionId = preview.rows.find((r) => r.regionId)?.regionId;
    const problem = regionId ? issueFor(regionId) : null;
    return { sheet: problem ? [{ rowNumber: null, field: "region", column: null, severity: "error", ...problem }] : [], rows: [] };
  }
  const column = columnLetter(preview.mapping.region);
  const rows: CommitConflict[] = [];
  for (const row of preview.rows) {
    if (row.excluded || !row.regionId) continue;
    const problem = issueFor(row.regionId);
    if (problem) rows.push({ row, issue: { rowNumber: row.rowNumber, field: "region", column, severity: "error", ...problem } });
  }
  return { sheet: [], rows };
}
