// The ledger import against the database (issue 6, DESIGN §8 "imports are one transaction"):
// what a ledger would do (preview, dry run) and doing it (commit). Both go through
// prepareLedgerImport, so the browser, `npm run import` and its --dry-run read a file the same
// way. The commit reads what is recorded and writes everything inside ONE transaction: a bad
// row refuses the whole file, an error rolls everything back, a killed process leaves nothing,
// and importing the same file again matches every row and creates nothing.
import { createHash, randomUUID } from "node:crypto";
import { formatProjectCode, projectCodeSequenceKey } from "#app/domain/projects";
import { type SheetGrid } from "#app/domain/ledger/grid";
import {
  planLedgerWrites,
  regionIssues,
  writeCount,
  type CommitConflict,
  type CommitContext,
  type LedgerWrites,
  type RecordedCompany,
  type RecordedProject,
  type RegionRule,
} from "#app/domain/ledger/commit";
import { NO_CHANGES, planLedgerImport, type ExistingRecords, type ImportCounts, type ImportPlan } from "#app/domain/ledger/plan";
import { companyNameKey, prepareLedgerSheet, type LedgerOverrides, type LedgerPreview, type PreviewRow } from "#app/domain/ledger/preview";
import { type RegionRef } from "#app/domain/ledger/region";
import { summarizeImport, type ImportSummary } from "#app/domain/ledger/summary";
import { columnLetter } from "#app/domain/ledger/grid";
import { detectLedgerHeader, type LedgerHeader } from "#app/domain/ledger/header";
import { mappingFromProposals, proposeColumnMapping, type ColumnProposal, type LedgerField, type LedgerMapping } from "#app/domain/ledger/synonyms";
import { headerSignature, mappingFromTemplate, type TemplateMapping } from "#app/domain/ledger/template";
import { TemplateMappingSchema, type ImportViewState } from "#app/schemas/ledger-import";
import { shanghaiDay } from "#app/domain/workdays";
import { t, type MessageKey, type MessageParams } from "#app/i18n";
import { getMechanism } from "#app/models/mechanism.server";
import { projectSearchKey } from "#app/models/project.server";
import { writeAudit } from "#app/utils/audit.server";
import { now as clockNow } from "#app/utils/clock";
import { bulkInsert, type BulkColumns } from "#app/utils/bulk-insert.server";
import { prisma, type Db, type DbTx } from "#app/utils/db.server";
import { readLedgerWorkbook } from "#app/utils/ledger-read.server";
import { inScope, regionScope, type RegionScope, type SessionUser } from "#app/utils/permissions.server";
import { type RequestMeta } from "#app/utils/request-meta.server";

// Well under every database's limit on bound parameters, and small enough for index lookups.
const LOOKUP_CHUNK = 500;
// Rows per INSERT statement (app/utils/bulk-insert.server.ts): one progress step each.
const WRITE_CHUNK = 1000;
// One transaction holds the whole file; 10 000 rows take a few seconds, so Prisma's 5 s default
// is too tight on a slow disk. maxWait: the SQLite write queue or a PostgreSQL pool connection.
const IMPORT_TX_OPTIONS = { maxWait: 30_000, timeout: 300_000 } as const;

function chunks<T>(items: readonly T[], size = LOOKUP_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// ───────────────────────────── who imports ─────────────────────────────

/** `npm run import` writes as the system, recorded under this name (no user account). */
export type SystemActor = { kind: "system"; displayName: string };
export type ImportActor = SessionUser | SystemActor;

export function cliActor(): SystemActor {
  return { kind: "system", displayName: t("ledger.cliActorName") };
}

function isSystem(actor: ImportActor): actor is SystemActor {
  return "kind" in actor && actor.kind === "system";
}

async function scopeOf(actor: ImportActor, db: DbTx): Promise<RegionScope> {
  return isSystem(actor) ? null : regionScope(actor, db);
}

// ───────────────────────────── reads ─────────────────────────────

export type ImportRegion = RegionRef & { level: string; parentId: string | null };

/** Every region, for matching 县区 names written in a ledger or given on the command line. */
export async function listImportRegions(db: DbTx): Promise<ImportRegion[]> {
  return db.region.findMany({ select: { id: true, name: true, level: true, parentId: true }, orderBy: [{ sortOrder: "asc" }, { name: "asc" }] });
}

/**
 * Live companies with a code or normalised name the rows use, and their live projects.
 * Companies are looked up across all regions: one company record per firm (DESIGN §7.1).
 */
export async function loadExistingRecords(db: DbTx, rows: readonly PreviewRow[]): Promise<ExistingRecords> {
  const usable = rows.filter((r) => !r.excluded && r.values.companyName);
  const usccs = [...new Set(usable.flatMap((r) => (r.values.uscc ? [r.values.uscc] : [])))];
  const names = [...new Set(usable.map((r) => companyNameKey(r.values.companyName!)))];

  const companies = new Map<string, ExistingRecords["companies"][number]>();
  const select = { id: true, uscc: true, normalizedName: true } as const;
  for (const part of chunks(usccs)) {
    for (const c of await db.company.findMany({ where: { deletedAt: null, uscc: { in: part } }, select })) companies.set(c.id, c);
  }
  for (const part of chunks(names)) {
    for (const c of await db.company.findMany({ where: { deletedAt: null, normalizedName: { in: part } }, select, orderBy: { createdAt: "asc" } })) {
      companies.set(c.id, c);
    }
  }

  const projects: ExistingRecords["projects"][number][] = [];
  for (const part of chunks([...companies.keys()])) {
    projects.push(
      ...(await db.project.findMany({
        where: { deletedAt: null, companyId: { in: part } },
        select: { id: true, companyId: true, regionId: true, name: true },
        orderBy: { createdAt: "asc" },
      })),
    );
  }
  return { companies: [...companies.values()], projects };
}

const RECORDED_PROJECT_SELECT = {
  id: true,
  companyId: true,
  regionId: true,
  name: true,
  stage: true,
  stageEnteredAt: true,
  resumeStage: true,
  version: true,
  plannedInvestment: true,
  keyManual: true,
  isKey: true,
  nature: true,
  chainId: true,
  leadLeaderId: true,
  responsibleUnit: true,
  expectedJobs: true,
  expectedOutput: true,
  expectedTax: true,
  firstContactAt: true,
  signedAt: true,
  contractAmount: true,
  contractType: true,
  startedAt: true,
  completedAt: true,
  producedAt: true,
  description: true,
  holdReason: true,
  terminateReason: true,
  contracts: { where: { deletedAt: null }, select: { id: true, type: true, signedAt: true, amountWan: true, note: true } },
  milestones: { select: { id: true, kind: true, actualAt: true } },
} as const;

/** Everything the write plan compares against, for the companies and projects the plan matched. */
async function loadCommitContext(db: DbTx, plan: ImportPlan, actor: ImportActor, scope: RegionScope, at: Date): Promise<CommitContext> {
  const companyIds = plan.companies.flatMap((c) => (c.existingId ? [c.existingId] : []));
  const projectIds = plan.projects.flatMap((p) => (p.existingId ? [p.existingId] : []));
  const usccs = plan.companies.flatMap((c) => (c.uscc ? [c.uscc] : []));

  const companies = new Map<string, RecordedCompany>();
  for (const part of chunks(companyIds)) {
    const rows = await db.company.findMany({
      where: { id: { in: part } },
      select: { id: true, ownerRegionId: true, uscc: true, hqProvince: true, hqCity: true, chainId: true, version: true, contacts: { where: { deletedAt: null }, select: { id: true, name: true, phone: true } } },
    });
    for (const c of rows) companies.set(c.id, c);
  }
  const projects = new Map<string, RecordedProject>();
  for (const part of chunks(projectIds)) {
    const [rows, funds] = await Promise.all([
      db.project.findMany({ where: { id: { in: part } }, select: RECORDED_PROJECT_SELECT }),
      db.fundsInPlace.groupBy({ by: ["projectId"], where: { projectId: { in: part }, deletedAt: null }, _sum: { amountWan: true } }),
    ]);
    const totals = new Map(funds.map((f) => [f.projectId, f._sum.amountWan ?? 0]));
    for (const p of rows) projects.set(p.id, { ...p, fundsTotalWan: totals.get(p.id) ?? 0 });
  }
  const deletedUsccs = new Map<string, string>();
  for (const part of chunks(usccs)) {
    for (const c of await db.company.findMany({ where: { deletedAt: { not: null }, uscc: { in: part } }, select: { uscc: true, name: true } })) {
      if (c.uscc) deletedUsccs.set(c.uscc, c.name);
    }
  }
  const [config, chains, leaders, regions] = await Promise.all([
    getMechanism(db),
    db.industryChain.findMany({ where: { deletedAt: null }, select: { id: true, name: true } }),
    db.user.findMany({ where: { role: "LEADER", disabled: false }, select: { id: true, displayName: true, role: true, regionId: true } }),
    db.region.findMany({ select: { id: true, parentId: true, level: true } }),
  ]);
  return {
    now: at,
    actor: isSystem(actor) ? { id: null, name: actor.displayName } : { id: actor.id, name: actor.displayName },
    config,
    chains,
    leaders,
    regions,
    companies,
    projects,
    deletedUsccs,
    mayEditCompany: (ownerRegionId) => inScope(scope, ownerRegionId),
    newId: randomUUID,
  };
}

// ───────────────────────────── preparing a file ─────────────────────────────

/** A sheet to import with the user's choices; without a mapping, the proposed one is used. */
export type SheetChoice = { name: string; mapping?: LedgerMapping; overrides?: LedgerOverrides };

export type LedgerImportInput = {
  fileBytes: Uint8Array;
  fileName: string;
  /** The sheets and the choices made in the preview; omitted: every visible sheet, as proposed. */
  sheets?: SheetChoice[];
  /** The region the user chose (beats the ledger's 填报单位; a 县区 column beats both). */
  regionId?: string | null;
  /** The same by name, as `--region 汉阴县` gives it. */
  regionName?: string | null;
  /** The ImportBatch of a browser upload (PREVIEWED); the command line has none. */
  batchId?: string | null;
};

export type PreparedSheet = { preview: LedgerPreview; proposals: ColumnProposal[]; grid: SheetGrid };

export type PreparedImport =
  | { ok: true; sha256: string; sheets: PreparedSheet[]; skippedSheets: { sheet: string; reason: string }[]; regions: ImportRegion[] }
  | { ok: false; sha256: string; message: MessageKey; params?: MessageParams };

export function sha256Of(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

// Parsing a 10 000-row workbook takes about two seconds; the preview page re-reads the upload
// after every change of mapping, fix or page, so the last few parsed files are kept (by hash).
const GRID_CACHE_SIZE = 2;
const gridCache = new Map<string, SheetGrid[]>();

async function sheetsOf(bytes: Uint8Array, sha256: string): Promise<{ ok: true; sheets: SheetGrid[] } | { ok: false; message: MessageKey; params?: MessageParams }> {
  const cached = gridCache.get(sha256);
  if (cached) {
    gridCache.delete(sha256);
    gridCache.set(sha256, cached);
    return { ok: true, sheets: cached };
  }
  const workbook = await readLedgerWorkbook(bytes);
  if (!workbook.ok) return workbook;
  gridCache.set(sha256, workbook.sheets);
  while (gridCache.size > GRID_CACHE_SIZE) gridCache.delete(gridCache.keys().next().value!);
  return { ok: true, sheets: workbook.sheets };
}

/** Drops the parsed files kept in memory (the bench measures reading from cold). */
export function forgetParsedLedgers(): void {
  gridCache.clear();
}

/** The names of a workbook's sheets, with whether each is hidden (the sheet choice). */
export async function workbookSheets(bytes: Uint8Array): Promise<{ name: string; hidden: boolean }[] | null> {
  const read = await sheetsOf(bytes, sha256Of(bytes));
  return read.ok ? read.sheets.map((s) => ({ name: s.name, hidden: s.hidden })) : null;
}

/** A sheet's detected header and the proposed mapping, without building the preview (choosing a template). */
export async function sheetHeader(bytes: Uint8Array, sheetName: string): Promise<{ header: LedgerHeader; proposals: ColumnProposal[] } | null> {
  const read = await sheetsOf(bytes, sha256Of(bytes));
  const grid = read.ok ? read.sheets.find((s) => s.name === sheetName) : undefined;
  const header = grid ? detectLedgerHeader(grid) : null;
  return header ? { header, proposals: proposeColumnMapping(header.columns) } : null;
}

/**
 * The upload check, the reading, header detection, mapping and preview of each chosen sheet,
 * with the regions the actor may not import into marked as errors. Reads only regions.
 */
export async function prepareLedgerImport(db: DbTx, actor: ImportActor, input: LedgerImportInput, at: Date): Promise<PreparedImport> {
  const sha256 = sha256Of(input.fileBytes);
  const read = await sheetsOf(input.fileBytes, sha256);
  if (!read.ok) return { ok: false, sha256, message: read.message, ...(read.params ? { params: read.params } : {}) };

  const choices = input.sheets ?? read.sheets.filter((s) => !s.hidden).map((s) => ({ name: s.name }));
  const grids: { grid: SheetGrid; choice: SheetChoice }[] = [];
  for (const choice of choices) {
    const grid = read.sheets.find((s) => s.name.trim() === choice.name.trim());
    if (!grid) return { ok: false, sha256, message: "ledger.cliNoSheet", params: { sheet: choice.name } };
    grids.push({ grid, choice });
  }

  const regions = await listImportRegions(db);
  const scope = await scopeOf(actor, db);
  const regionName = await chosenRegionName(actor, input, regions);
  const rule = regionRule(actor, scope, regions);
  const sheets: PreparedSheet[] = [];
  const skippedSheets: { sheet: string; reason: string }[] = [];
  for (const { grid, choice } of grids) {
    const prepared = prepareLedgerSheet(grid, { now: at, regionName, regions, ...(choice.mapping ? { mapping: choice.mapping } : {}), ...(choice.overrides ? { overrides: choice.overrides } : {}) });
    if (!prepared.ok) {
      skippedSheets.push({ sheet: grid.name, reason: t(prepared.message) });
      continue;
    }
    const { sheet, rows } = regionIssues(prepared.preview, rule);
    prepared.preview.sheetIssues.push(...sheet);
    addConflicts(rows);
    sheets.push({ preview: prepared.preview, proposals: prepared.proposals, grid });
  }
  if (sheets.length === 0) return { ok: false, sha256, message: "ledger.noHeader" };
  return { ok: true, sha256, sheets, skippedSheets, regions };
}

/** The user's region choice by id or name; a county officer imports for their own county unless they say otherwise. */
async function chosenRegionName(actor: ImportActor, input: LedgerImportInput, regions: readonly ImportRegion[]): Promise<string | null> {
  if (input.regionId) return regions.find((r) => r.id === input.regionId)?.name ?? input.regionId;
  if (input.regionName?.trim()) return input.regionName.trim();
  if (!isSystem(actor) && actor.role === "COUNTY_OFFICER" && actor.regionId) return regions.find((r) => r.id === actor.regionId)?.name ?? null;
  return null;
}

function regionRule(actor: ImportActor, scope: RegionScope, regions: readonly ImportRegion[]): RegionRule {
  const own = isSystem(actor) ? null : regions.find((r) => r.id === actor.regionId)?.name ?? null;
  return { allowed: (id) => inScope(scope, id), regions: new Map(regions.map((r) => [r.id, r])), ownRegionName: own };
}

function addConflicts(conflicts: readonly CommitConflict[]): void {
  for (const { row, issue } of conflicts) row.issues.push(issue);
}

/** The rows a commit would import: those of sheets whose mapping and region are sound. */
function importableRows(sheets: readonly PreparedSheet[]): PreviewRow[] {
  return sheets.filter((s) => !s.preview.sheetIssues.some((i) => i.severity === "error")).flatMap((s) => s.preview.rows);
}

function columnFinder(sheets: readonly PreparedSheet[]) {
  const mappingOf = new Map<PreviewRow, LedgerMapping>();
  for (const s of sheets) for (const r of s.preview.rows) mappingOf.set(r, s.preview.mapping);
  return (row: PreviewRow, field: LedgerField) => {
    const column = mappingOf.get(row)?.[field];
    return column === undefined ? null : columnLetter(column);
  };
}

/**
 * Matching and the write plan against the records, read-only: the counts a commit would give and
 * the conflicts it would refuse (added to the rows' issues so the preview shows them).
 */
async function planAgainstRecords(db: DbTx, actor: ImportActor, sheets: readonly PreparedSheet[], at: Date): Promise<{ plan: ImportPlan; writes: LedgerWrites }> {
  const rows = importableRows(sheets);
  const plan = planLedgerImport(rows, await loadExistingRecords(db, rows));
  const context = await loadCommitContext(db, plan, actor, await scopeOf(actor, db), at);
  const { writes, conflicts } = planLedgerWrites(plan, context, columnFinder(sheets));
  addConflicts(conflicts);
  return { plan, writes };
}

export type LedgerPreviewResult =
  | { ok: true; sha256: string; sheets: PreparedSheet[]; skippedSheets: { sheet: string; reason: string }[]; summary: ImportSummary; regions: ImportRegion[] }
  | { ok: false; sha256: string; message: MessageKey; params?: MessageParams; summary: ImportSummary };

/** Everything a commit would do, without writing: the preview page and `--dry-run`. */
export async function previewLedgerImport(actor: ImportActor, input: LedgerImportInput, opts: { db?: DbTx; now?: Date } = {}): Promise<LedgerPreviewResult> {
  const db = opts.db ?? prisma;
  const at = opts.now ?? clockNow();
  const prepared = await prepareLedgerImport(db, actor, input, at);
  if (!prepared.ok) return { ...prepared, summary: fileErrorSummary(t(prepared.message, prepared.params)) };
  const { plan } = await planAgainstRecords(db, actor, prepared.sheets, at);
  const previews = prepared.sheets.map((s) => s.preview);
  return { ...prepared, summary: summarizeImport(previews, plan.counts) };
}

export function fileErrorSummary(message: string): ImportSummary {
  return { rows: 0, ...structuredClone(NO_CHANGES), skipped: [], errors: [{ sheet: "", row: 0, column: "", message }] };
}

// ───────────────────────────── commit ─────────────────────────────

export type ImportPhase = "read" | "check" | "write";
export type ImportProgress = { phase: ImportPhase; done: number; total: number };

export type CommitOptions = {
  onProgress?: (progress: ImportProgress) => void;
  /** Tests and the command line pass their own client and clock; the app uses the defaults. */
  db?: Db;
  now?: Date;
};

/** The sheets as read (for a report) and those skipped for having no header. */
export type CommitSheets = { previews: LedgerPreview[]; skippedSheets: { sheet: string; reason: string }[] };

export type CommitOutcome =
  | ({ ok: true; batchId: string; sha256: string; summary: ImportSummary; regionIds: string[]; writes: WriteTotals } & CommitSheets)
  | ({ ok: false; kind: "refused"; summary: ImportSummary } & CommitSheets)
  | ({ ok: false; kind: "failed"; batchId: string; message: string; summary: ImportSummary } & CommitSheets);

/** Rows written per table, for the audit entry and the result page. */
export type WriteTotals = { transitions: number; contracts: number; funds: number; milestones: number; contacts: number };

/** Thrown inside the transaction to roll it back when the records show a conflict. */
class ImportRefused extends Error {
  constructor(readonly summary: ImportSummary) {
    super("ledger import refused");
  }
}

/**
 * Imports a ledger. Refuses, writing nothing, while any error remains (the summary lists each
 * with its sheet, Excel row and column). Otherwise reads the records and writes every company,
 * project, stage transition, contract, fund entry, milestone and contact in one transaction,
 * with the ImportBatch (COMMITTED) and one IMPORT audit entry carrying the file's SHA-256 and the
 * counts. Any error rolls all of it back and is recorded as a FAILED batch.
 */
export async function commitLedgerImport(actor: ImportActor, input: LedgerImportInput, meta?: RequestMeta, opts: CommitOptions = {}): Promise<CommitOutcome> {
  const db = opts.db ?? prisma;
  const at = opts.now ?? clockNow();
  const progress = opts.onProgress ?? (() => {});
  progress({ phase: "read", done: 0, total: 1 });
  const prepared = await prepareLedgerImport(db, actor, input, at);
  if (!prepared.ok) return { ok: false, kind: "refused", summary: fileErrorSummary(t(prepared.message, prepared.params)), previews: [], skippedSheets: [] };
  const previews = prepared.sheets.map((s) => s.preview);
  const sheets: CommitSheets = { previews, skippedSheets: prepared.skippedSheets };
  progress({ phase: "check", done: 0, total: 1 });
  const early = summarizeImport(previews);
  if (early.errors.length > 0) return { ok: false, kind: "refused", summary: early, ...sheets };

  const batchId = input.batchId ?? randomUUID();
  try {
    return await db.$transaction(async (tx) => {
      const { plan, writes } = await planAgainstRecords(tx, actor, prepared.sheets, at);
      const summary = summarizeImport(previews, plan.counts);
      if (summary.errors.length > 0) throw new ImportRefused(summary);
      const regionIds = [...new Set(plan.projects.flatMap((p) => (p.regionId ? [p.regionId] : [])))];
      const totals = await applyWrites(tx, writes, at, progress);
      await recordBatch(tx, actor, input, { batchId, sha256: prepared.sha256, summary, counts: plan.counts, regionId: regionIds.length === 1 ? regionIds[0]! : null, at });
      await writeAudit(
        {
          actor: isSystem(actor) ? { id: null, displayName: actor.displayName } : actor,
          action: "IMPORT",
          entity: "ImportBatch",
          entityId: batchId,
          after: { fileName: input.fileName, sha256: prepared.sha256, sheets: previews.map((p) => p.sheetName), rows: summary.rows, skipped: summary.skipped.length, created: plan.counts.created, updated: plan.counts.updated, written: totals },
          detail: t("ledger.auditDetail", { file: input.fileName, sha256: prepared.sha256 }),
          meta,
        },
        tx,
      );
      return { ok: true as const, batchId, sha256: prepared.sha256, summary, regionIds, writes: totals, ...sheets };
    }, IMPORT_TX_OPTIONS);
  } catch (error) {
    if (error instanceof ImportRefused) return { ok: false, kind: "refused", summary: error.summary, ...sheets };
    const message = error instanceof Error ? error.message : String(error);
    await recordFailure(db, actor, input, { batchId, sha256: prepared.sha256, message, at });
    return { ok: false, kind: "failed", batchId, message, summary: summarizeImport(previews), ...sheets };
  }
}

/** The next `count` project codes of the year, reserved with one bump of the CodeSequence row (as nextProjectCode does one). */
async function reserveProjectCodes(tx: DbTx, at: Date, count: number): Promise<string[]> {
  if (count === 0) return [];
  const year = Number(shanghaiDay(at).slice(0, 4));
  const key = projectCodeSequenceKey(year);
  const row = await tx.codeSequence.upsert({ where: { key }, create: { key, value: count }, update: { value: { increment: count } } });
  return Array.from({ length: count }, (_, i) => formatProjectCode(year, row.value - count + 1 + i));
}

const COMPANY_COLUMNS = {
  id: "text", name: "text", normalizedName: "text", searchKey: "text", uscc: "text", hqCity: "text", chainId: "text",
  ownerRegionId: "text", createdById: "text", createdAt: "datetime", updatedAt: "datetime",
} as const;
const CONTACT_COLUMNS = { id: "text", companyId: "text", name: "text", phone: "text", createdAt: "datetime", updatedAt: "datetime" } as const;
const PROJECT_COLUMNS = {
  id: "text", code: "text", name: "text", searchKey: "text", companyId: "text", regionId: "text", chainId: "text", nature: "text",
  plannedInvestment: "float", stage: "text", stageEnteredAt: "datetime", resumeStage: "text", keyManual: "bool", isKey: "bool",
  leadLeaderId: "text", responsibleUnit: "text", expectedJobs: "int", expectedOutput: "float", expectedTax: "float",
  firstContactAt: "datetime", signedAt: "datetime", contractAmount: "float", contractType: "text", startedAt: "datetime",
  completedAt: "datetime", producedAt: "datetime", holdReason: "text", terminateReason: "text", description: "text",
  createdById: "text", createdAt: "datetime", updatedAt: "datetime",
} as const;
const TRANSITION_COLUMNS = { id: "text", projectId: "text", fromStage: "text", toStage: "text", at: "datetime", actorId: "text", actorName: "text", note: "text", source: "text" } as const;
const CONTRACT_COLUMNS = { id: "text", projectId: "text", type: "text", signedAt: "datetime", amountWan: "float", note: "text", createdById: "text", createdAt: "datetime", updatedAt: "datetime" } as const;
const FUNDS_COLUMNS = { id: "text", projectId: "text", receivedAt: "datetime", amountWan: "float", source: "text", note: "text", createdById: "text", createdAt: "datetime", updatedAt: "datetime" } as const;
const MILESTONE_COLUMNS = { id: "text", projectId: "text", kind: "text", actualAt: "datetime", updatedById: "text", updatedAt: "datetime" } as const;

async function applyWrites(tx: DbTx, writes: LedgerWrites, at: Date, progress: (p: ImportProgress) => void): Promise<WriteTotals> {
  const total = writeCount(writes);
  let done = 0;
  const step = (n: number) => {
    done += n;
    progress({ phase: "write", done, total });
  };
  step(0);
  const stamps = { createdAt: at, updatedAt: at };
  // In batches: a few statements per table instead of one per row, and a progress step each.
  const insert = async <T extends Record<string, unknown>>(table: string, columns: BulkColumns<T>, rows: readonly T[]) => {
    for (const batch of chunks(rows, WRITE_CHUNK)) {
      await bulkInsert(tx, table, columns, batch);
      step(batch.length);
    }
  };

  await insert("Company", COMPANY_COLUMNS, writes.companies.create.map((c) => ({ ...c, ...stamps })));
  for (const fill of writes.companies.fill) {
    const { count } = await tx.company.updateMany({ where: { id: fill.id, version: fill.version, deletedAt: null }, data: { ...fill.data, version: { increment: 1 } } });
    if (count === 0) throw new Error(t("ledger.changedDuringImport", { entity: t("ledger.entityCompany") }));
    step(1);
  }
  await insert("Contact", CONTACT_COLUMNS, writes.contacts.create.map((c) => ({ ...c, ...stamps })));
  for (const fill of writes.contacts.fill) {
    await tx.contact.update({ where: { id: fill.id }, data: { phone: fill.phone, version: { increment: 1 } } });
    step(1);
  }

  const codes = await reserveProjectCodes(tx, at, writes.projects.create.length);
  const projects = writes.projects.create.map((p, i) => ({ ...p, code: codes[i]!, searchKey: projectSearchKey(p.name, codes[i]!), keyManual: false, ...stamps }));
  await insert("Project", PROJECT_COLUMNS, projects);
  for (const change of writes.projects.change) {
    const { count } = await tx.project.updateMany({ where: { id: change.id, version: change.version, deletedAt: null }, data: { ...change.data, version: { increment: 1 } } });
    if (count === 0) throw new Error(t("ledger.changedDuringImport", { entity: t("ledger.entityProject") }));
    step(1);
  }
  await insert("StageTransition", TRANSITION_COLUMNS, writes.transitions);
  await insert("Contract", CONTRACT_COLUMNS, writes.contracts.create.map((c) => ({ ...c, ...stamps })));
  for (const change of writes.contracts.change) {
    await tx.contract.update({ where: { id: change.id }, data: { ...change.data, version: { increment: 1 } } });
    step(1);
  }
  await insert("FundsInPlace", FUNDS_COLUMNS, writes.funds.map((f) => ({ ...f, ...stamps })));
  await insert("Milestone", MILESTONE_COLUMNS, writes.milestones.create.map((m) => ({ ...m, updatedAt: at })));
  for (const change of writes.milestones.change) {
    await tx.milestone.update({ where: { id: change.id }, data: { actualAt: change.actualAt, version: { increment: 1 } } });
    step(1);
  }
  return {
    transitions: writes.transitions.length,
    contracts: writes.contracts.create.length + writes.contracts.change.length,
    funds: writes.funds.length,
    milestones: writes.milestones.create.length + writes.milestones.change.length,
    contacts: writes.contacts.create.length + writes.contacts.fill.length,
  };
}

type BatchRecord = { batchId: string; sha256: string; summary: ImportSummary; counts: ImportCounts; regionId: string | null; at: Date };

function actorColumns(actor: ImportActor) {
  return isSystem(actor) ? { actorId: null, actorName: actor.displayName } : { actorId: actor.id, actorName: actor.displayName };
}

async function recordBatch(tx: DbTx, actor: ImportActor, input: LedgerImportInput, r: BatchRecord): Promise<void> {
  const data = {
    sha256: r.sha256,
    regionId: input.regionId ?? r.regionId,
    rows: r.summary.rows,
    skippedRows: r.summary.skipped.length,
    createdCompanies: r.counts.created.companies,
    createdProjects: r.counts.created.projects,
    updatedCompanies: r.counts.updated.companies,
    updatedProjects: r.counts.updated.projects,
    status: "COMMITTED",
    error: null,
    filePath: null,
    committedAt: r.at,
  };
  if (input.batchId) {
    // The browser's batch: still PREVIEWED, or someone committed it in another tab meanwhile.
    const { count } = await tx.importBatch.updateMany({ where: { id: r.batchId, status: "PREVIEWED" }, data });
    if (count === 0) throw new Error(t("ledger.batchNotPending"));
  } else {
    await tx.importBatch.create({ data: { id: r.batchId, fileName: input.fileName, ...actorColumns(actor), createdAt: r.at, ...data } });
  }
}

/** A failed commit, recorded after its transaction rolled back (so the record itself survives). */
async function recordFailure(db: Db, actor: ImportActor, input: LedgerImportInput, r: { batchId: string; sha256: string; message: string; at: Date }): Promise<void> {
  const error = r.message.slice(0, 2000);
  if (input.batchId) {
    await db.importBatch.updateMany({ where: { id: r.batchId, status: "PREVIEWED" }, data: { status: "FAILED", error, filePath: null } });
  } else {
    await db.importBatch.create({ data: { id: r.batchId, fileName: input.fileName, sha256: r.sha256, ...actorColumns(actor), status: "FAILED", error, createdAt: r.at } });
  }
}

// ───────────────────────────── browser batches ─────────────────────────────

export type ImportBatchView = {
  id: string;
  fileName: string;
  sha256: string;
  status: "PREVIEWED" | "COMMITTED" | "FAILED";
  regionId: string | null;
  rows: number;
  skippedRows: number;
  createdCompanies: number;
  createdProjects: number;
  updatedCompanies: number;
  updatedProjects: number;
  error: string | null;
  createdAt: Date;
  committedAt: Date | null;
};

const BATCH_SELECT = {
  id: true,
  fileName: true,
  sha256: true,
  status: true,
  regionId: true,
  rows: true,
  skippedRows: true,
  createdCompanies: true,
  createdProjects: true,
  updatedCompanies: true,
  updatedProjects: true,
  error: true,
  createdAt: true,
  committedAt: true,
} as const;

/** Records an upload that passed the check, before its preview (the file is stored by the caller). */
export async function createImportBatch(user: SessionUser, r: { id: string; fileName: string; sha256: string; filePath: string; regionId: string | null }, db: DbTx = prisma): Promise<void> {
  await db.importBatch.create({ data: { ...r, status: "PREVIEWED", actorId: user.id, actorName: user.displayName } });
}

/** A batch of this user's own uploads; null when it is not theirs (the route answers 404). */
export async function getImportBatchForUser(user: SessionUser, id: string, db: DbTx = prisma): Promise<ImportBatchView | null> {
  const row = await db.importBatch.findFirst({ where: { id, actorId: user.id }, select: BATCH_SELECT });
  return row as ImportBatchView | null;
}

/** The user's recent uploads, newest first (the import page lists them). */
export async function listRecentImportBatches(user: SessionUser, take = 10, db: DbTx = prisma): Promise<ImportBatchView[]> {
  return (await db.importBatch.findMany({ where: { actorId: user.id }, orderBy: { createdAt: "desc" }, take, select: BATCH_SELECT })) as ImportBatchView[];
}

// ───────────────────────────── mapping templates ─────────────────────────────

export type ImportTemplateView = { id: string; name: string; regionId: string | null; mapping: TemplateMapping; updatedAt: Date };

/**
 * Templates saved for this header layout that the user may use: the city's (no region) and
 * those of regions in the user's scope, most recently saved first. A stored mapping that no
 * longer validates (a field since renamed) is left out rather than half applied.
 */
export async function templatesForHeader(user: SessionUser, headerSignature: string, db: DbTx = prisma): Promise<ImportTemplateView[]> {
  const scope = await regionScope(user, db);
  const rows = await db.importTemplate.findMany({
    where: { headerSignature, OR: [{ regionId: null }, ...(scope === null ? [{ regionId: { not: null } }] : [{ regionId: { in: [...scope] } }])] },
    orderBy: { updatedAt: "desc" },
    take: 20,
    select: { id: true, name: true, regionId: true, mapping: true, updatedAt: true },
  });
  return rows.flatMap((r) => {
    const parsed = TemplateMappingSchema.safeParse(safeJson(r.mapping));
    return parsed.success ? [{ ...r, mapping: parsed.data }] : [];
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Saves a confirmed mapping under a name: a county officer's for their county, a city officer's
 * for the whole city. The same name again replaces that template's mapping.
 */
export async function saveImportTemplate(user: SessionUser, input: { name: string; headerSignature: string; mapping: TemplateMapping }, meta?: RequestMeta): Promise<{ id: string }> {
  const regionId = user.role === "CITY_OFFICER" ? null : user.regionId;
  const mapping = JSON.stringify(input.mapping);
  return prisma.$transaction(async (tx) => {
    const existing = await tx.importTemplate.findFirst({ where: { regionId, name: input.name }, select: { id: true, name: true, headerSignature: true, mapping: true } });
    const saved = existing
      ? await tx.importTemplate.update({ where: { id: existing.id }, data: { headerSignature: input.headerSignature, mapping }, select: { id: true } })
      : await tx.importTemplate.create({ data: { name: input.name, regionId, headerSignature: input.headerSignature, mapping, createdById: user.id }, select: { id: true } });
    const after = { name: input.name, regionId, headerSignature: input.headerSignature, mapping: input.mapping };
    await writeAudit({ actor: user, action: existing ? "UPDATE" : "CREATE", entity: "ImportTemplate", entityId: saved.id, before: existing ?? undefined, after, meta }, tx);
    return saved;
  });
}

// ───────────────────────────── the preview page's choices ─────────────────────────────

export type ImportChoices = {
  sheets: { name: string; hidden: boolean }[];
  sheetName: string;
  /** The region the user chose: a county officer's own; a city officer's choice, else the upload's. */
  regionId: string | null;
  header: LedgerHeader | null;
  proposals: ColumnProposal[];
  mapping: LedgerMapping;
  /** Saved templates for this header layout. */
  templates: ImportTemplateView[];
  /** The template the mapping came from, and its fields this header has no column for. */
  applied: { template: ImportTemplateView; missing: LedgerField[] } | null;
};

/**
 * What the preview of an upload uses, from the page's state: the sheet, the region, and the
 * mapping — the user's own, else the template they picked, else the latest template saved for
 * this header layout, else the proposal. The commit resolves the state the same way, so it
 * imports exactly what the preview showed. Null when the stored file cannot be read.
 */
export async function resolveImportChoices(user: SessionUser, batch: Pick<ImportBatchView, "regionId">, bytes: Uint8Array, state: ImportViewState): Promise<ImportChoices | null> {
  const sheets = await workbookSheets(bytes);
  if (!sheets || sheets.length === 0) return null;
  const sheetName = sheets.find((s) => s.name === state.sheet)?.name ?? sheets.find((s) => !s.hidden)?.name ?? sheets[0]!.name;
  const regionId = user.role === "CITY_OFFICER" ? (state.regionId ?? batch.regionId) : user.regionId;
  const detected = await sheetHeader(bytes, sheetName);
  if (!detected) return { sheets, sheetName, regionId, header: null, proposals: [], mapping: {}, templates: [], applied: null };
  const { header, proposals } = detected;
  const templates = await templatesForHeader(user, headerSignature(header.columns));
  let applied: ImportChoices["applied"] = null;
  let mapping: LedgerMapping;
  if (state.mapping) {
    const columns = new Set(header.columns.map((c) => c.index));
    mapping = Object.fromEntries(Object.entries(state.mapping).filter(([, column]) => columns.has(column))) as LedgerMapping;
  } else {
    const template = state.templateId ? templates.find((tpl) => tpl.id === state.templateId) : templates[0];
    if (template) {
      const fromTemplate = mappingFromTemplate(header.columns, template.mapping);
      mapping = fromTemplate.mapping;
      applied = { template, missing: fromTemplate.missing };
    } else {
      mapping = mappingFromProposals(proposals);
    }
  }
  return { sheets, sheetName, regionId, header, proposals, mapping, templates, applied };
}
