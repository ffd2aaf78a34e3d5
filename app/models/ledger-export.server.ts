// 台账导出 (issue 5 item 6): the project ledger in the layout the bureaus file (Chinese headers,
// amounts in 万元, dates as date cells, frozen header, column widths), and the company, problem
// and funds lists, each with exactly the scope and filters of its list page. Rows are read in
// batches and written through the streaming workbook (app/utils/xlsx.server.ts), so a 10 000-row
// ledger never sits in memory; every cell goes through safeCell (formula neutralisation).
import { type Writable } from "node:stream";
import ExcelJS from "exceljs";
import {
  fundsSourceLabelKey,
  isFundsSource,
} from "#app/domain/contract-performance";
import { isProjectNature, natureLabelKey } from "#app/domain/projects";
import { isStageCode, stageLabelKey } from "#app/domain/stages";
import { t } from "#app/i18n";
import {
  listCompanies,
  type CompanyFilters,
  type CompanySortKey,
} from "#app/models/company.server";
import { listProblems } from "#app/models/problem.server";
import {
  countProjectList,
  orderedProjectIds,
  projectListCondition,
  regionNames,
} from "#app/models/project-list.server";
import { type ProblemFilters } from "#app/schemas/problem";
import {
  PROJECT_LIST_DEFAULTS,
  type ProjectFilters,
  type ProjectSortKey,
} from "#app/schemas/project-list";
import { shanghaiWallClock } from "#app/utils/datetime";
import { type ListOrder } from "#app/utils/list-params";
import { num, Prisma, prisma } from "#app/utils/db.server";
import { type SessionUser } from "#app/utils/permissions.server";
import {
  XLSX_DATETIME,
  addRow,
  addSheet,
  type XlsxWorkbook,
} from "#app/utils/xlsx.server";

/** Rows read from the database per query (and handed to the stream between queries). */
export const LEDGER_BATCH = 1000;
export const XLSX_DATE = "yyyy-mm-dd";
/** 万元 with thousands separators and up to two decimals. */
export const XLSX_WAN = "#,##0.00";

type Flush = () => Promise<void>;

const day = (d: Date | null | undefined) => (d ? shanghaiWallClock(d) : null);

const PROJECT_LEDGER_SELECT = {
  id: true,
  code: true,
  name: true,
  regionId: true,
  nature: true,
  plannedInvestment: true,
  contractAmount: true,
  stage: true,
  isKey: true,
  responsibleUnit: true,
  firstContactAt: true,
  signedAt: true,
  startedAt: true,
  completedAt: true,
  producedAt: true,
  stageEnteredAt: true,
  lastFollowUpAt: true,
  expectedJobs: true,
  expectedOutput: true,
  expectedTax: true,
  company: { select: { name: true } },
  chain: { select: { name: true } },
  leadLeader: { select: { displayName: true } },
  officer: { select: { displayName: true } },
} as const satisfies Prisma.ProjectSelect;

/** The projects of `ids`, in that order, LEDGER_BATCH at a time. */
async function* projectBatches(ids: readonly string[]) {
  for (let i = 0; i < ids.length; i += LEDGER_BATCH) {
    const slice = ids.slice(i, i + LEDGER_BATCH);
    const rows = await prisma.project.findMany({
      where: { id: { in: slice } },
      select: PROJECT_LEDGER_SELECT,
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    yield slice.flatMap((id) => byId.get(id) ?? []);
  }
}

/** How many projects the ledger for these filters holds (for the audit row). */
export async function countProjectLedger(
  user: SessionUser,
  filters: ProjectFilters
): Promise<number> {
  return countProjectList(user, filters);
}

/** Adds the 项目台账 sheet: the projects /projects shows for the filters, in its order. */
export async function writeProjectLedger(
  workbook: XlsxWorkbook,
  flush: Flush,
  user: SessionUser,
  filters: ProjectFilters,
  order: ListOrder<ProjectSortKey> = PROJECT_LIST_DEFAULTS
): Promise<number> {
  const [ids, regions] = await Promise.all([
    orderedProjectIds(user, filters, order),
    regionNames(),
  ]);
  const sheet = addSheet(workbook, t("exports.projectSheet"), [
    { header: t("exports.index"), width: 6 },
    { header: t("exports.projectCode"), width: 14 },
    { header: t("exports.projectName"), width: 32 },
    { header: t("exports.company"), width: 28 },
    { header: t("exports.region"), width: 10 },
    { header: t("exports.chain"), width: 14 },
    { header: t("exports.nature"), width: 8 },
    { header: t("exports.plannedInvestment"), width: 14, numFmt: XLSX_WAN },
    { header: t("exports.contractAmount"), width: 14, numFmt: XLSX_WAN },
    { header: t("exports.stage"), width: 10 },
    { header: t("exports.isKey"), width: 8 },
    { header: t("exports.leadLeader"), width: 10 },
    { header: t("exports.officer"), width: 10 },
    { header: t("exports.responsibleUnit"), width: 18 },
    { header: t("exports.firstContactAt"), width: 12, numFmt: XLSX_DATE },
    { header: t("exports.signedAt"), width: 12, numFmt: XLSX_DATE },
    { header: t("exports.startedAt"), width: 12, numFmt: XLSX_DATE },
    { header: t("exports.completedAt"), width: 12, numFmt: XLSX_DATE },
    { header: t("exports.producedAt"), width: 12, numFmt: XLSX_DATE },
    { header: t("exports.stageEnteredAt"), width: 14, numFmt: XLSX_DATE },
    { header: t("exports.lastFollowUpAt"), width: 14, numFmt: XLSX_DATE },
    { header: t("exports.expectedJobs"), width: 12 },
    { header: t("exports.expectedOutput"), width: 16, numFmt: XLSX_WAN },
    { header: t("exports.expectedTax"), width: 16, numFmt: XLSX_WAN },
  ]);
  let n = 0;
  for await (const batch of projectBatches(ids)) {
    for (const p of batch) {
      n += 1;
      addRow(sheet, [
        n,
        p.code,
        p.name,
        p.company.name,
        regions.get(p.regionId) ?? "",
        p.chain?.name ?? null,
        p.nature && isProjectNature(p.nature)
          ? t(natureLabelKey(p.nature))
          : null,
        p.plannedInvestment,
        p.contractAmount,
        isStageCode(p.stage) ? t(stageLabelKey(p.stage)) : p.stage,
        p.isKey ? t("common.yes") : t("common.no"),
        p.leadLeader?.displayName ?? null,
        p.officer?.displayName ?? null,
        p.responsibleUnit,
        day(p.firstContactAt),
        day(p.signedAt),
        day(p.startedAt),
        day(p.completedAt),
        day(p.producedAt),
        day(p.stageEnteredAt),
        day(p.lastFollowUpAt),
        p.expectedJobs,
        p.expectedOutput,
        p.expectedTax,
      ]);
    }
    await flush();
  }
  sheet.commit();
  return n;
}

/**
 * The project ledger as a whole .xlsx written to `stream` (a file, a benchmark's sink); resolves
 * with the row count once the workbook is complete.
 */
export async function writeProjectLedgerTo(
  stream: Writable,
  user: SessionUser,
  filters: ProjectFilters,
  order: ListOrder<ProjectSortKey> = PROJECT_LIST_DEFAULTS
): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: false,
  });
  const rows = await writeProjectLedger(
    workbook,
    async () => {},
    user,
    filters,
    order
  );
  await workbook.commit();
  return rows;
}

/** Funds entries `f` (not deleted) of the projects `p` the filters select. */
const FUNDS_FROM = Prisma.sql`"FundsInPlace" f JOIN "Project" p ON p."id" = f."projectId"`;

/** How many funds entries the 到位资金 export holds (for the audit row). */
export async function countFundsLedger(
  user: SessionUser,
  filters: ProjectFilters
): Promise<number> {
  const condition = await projectListCondition(user, filters);
  const [row] = await prisma.$queryRaw<{ n: unknown }[]>(
    Prisma.sql`SELECT COUNT(*) AS "n" FROM ${FUNDS_FROM} WHERE f."deletedAt" IS NULL AND ${condition}`
  );
  return num(row?.n);
}

type FundsRow = {
  receivedAt: Date;
  amountWan: number;
  source: string;
  note: string | null;
  code: string;
  name: string;
  regionId: string;
};

/** Adds the 到位资金 sheet: funds entries of the projects the filters select. */
export async function writeFundsLedger(
  workbook: XlsxWorkbook,
  flush: Flush,
  user: SessionUser,
  filters: ProjectFilters
): Promise<number> {
  const [condition, regions] = await Promise.all([
    projectListCondition(user, filters),
    regionNames(),
  ]);
  const sheet = addSheet(workbook, t("exports.fundsSheet"), [
    { header: t("exports.index"), width: 6 },
    { header: t("exports.projectCode"), width: 14 },
    { header: t("exports.projectName"), width: 32 },
    { header: t("exports.region"), width: 10 },
    { header: t("exports.receivedAt"), width: 12, numFmt: XLSX_DATE },
    { header: t("exports.amountWan"), width: 16, numFmt: XLSX_WAN },
    { header: t("exports.source"), width: 10 },
    { header: t("exports.note"), width: 30 },
  ]);
  let n = 0;
  for (let skip = 0; ; skip += LEDGER_BATCH) {
    const rows = await prisma.$queryRaw<FundsRow[]>(Prisma.sql`
      SELECT f."receivedAt" AS "receivedAt", f."amountWan" AS "amountWan", f."source" AS "source", f."note" AS "note",
        p."code" AS "code", p."name" AS "name", p."regionId" AS "regionId"
      FROM ${FUNDS_FROM}
      WHERE f."deletedAt" IS NULL AND ${condition}
      ORDER BY p."code" ASC, f."receivedAt" ASC, f."id" ASC
      LIMIT ${LEDGER_BATCH} OFFSET ${skip}`);
    for (const f of rows) {
      n += 1;
      addRow(sheet, [
        n,
        f.code,
        f.name,
        regions.get(f.regionId) ?? "",
        day(f.receivedAt),
        f.amountWan,
        isFundsSource(f.source) ? t(fundsSourceLabelKey(f.source)) : f.source,
        f.note,
      ]);
    }
    await flush();
    if (rows.length < LEDGER_BATCH) break;
  }
  sheet.commit();
  return n;
}

/** Adds the 企业台账 sheet: the company list's rows (out-of-scope companies as their public card). */
export async function writeCompanyLedger(
  workbook: XlsxWorkbook,
  flush: Flush,
  user: SessionUser,
  filters: CompanyFilters,
  order: ListOrder<CompanySortKey>
): Promise<number> {
  const sheet = addSheet(workbook, t("exports.companySheet"), [
    { header: t("exports.index"), width: 6 },
    { header: t("exports.companyName"), width: 34 },
    { header: t("exports.uscc"), width: 22 },
    { header: t("exports.chain"), width: 14 },
    { header: t("exports.link"), width: 14 },
    { header: t("exports.ownerRegion"), width: 10 },
    { header: t("exports.projectCount"), width: 8 },
    { header: t("exports.updatedAt"), width: 20, numFmt: XLSX_DATETIME },
  ]);
  let n = 0;
  for (let skip = 0; ; skip += LEDGER_BATCH) {
    const { rows } = await listCompanies(user, filters, {
      ...order,
      skip,
      pageSize: LEDGER_BATCH,
    });
    for (const c of rows) {
      n += 1;
      addRow(sheet, [
        n,
        c.name,
        c.uscc,
        c.chainName,
        c.linkName,
        c.ownerRegionName,
        c.projectCount,
        day(c.updatedAt),
      ]);
    }
    await flush();
    if (rows.length < LEDGER_BATCH) break;
  }
  sheet.commit();
  return n;
}

/** Adds the 问题台账 sheet: the problem list's rows in its order (办理中, most overdue first). */
export async function writeProblemLedger(
  workbook: XlsxWorkbook,
  flush: Flush,
  user: SessionUser,
  filters: ProblemFilters
): Promise<number> {
  const sheet = addSheet(workbook, t("exports.problemSheet"), [
    { header: t("exports.index"), width: 6 },
    { header: t("exports.problemCode"), width: 14 },
    { header: t("exports.problemTitle"), width: 36 },
    { header: t("exports.category"), width: 10 },
    { header: t("exports.status"), width: 8 },
    { header: t("exports.projectCode"), width: 14 },
    { header: t("exports.projectName"), width: 28 },
    { header: t("exports.company"), width: 24 },
    { header: t("exports.region"), width: 10 },
    { header: t("exports.reportedOn"), width: 12 },
    { header: t("exports.deadline"), width: 12 },
    { header: t("exports.department"), width: 16 },
    { header: t("exports.assignee"), width: 10 },
    { header: t("exports.daysLeft"), width: 10 },
    { header: t("exports.overdue"), width: 8 },
  ]);
  let n = 0;
  for (let skip = 0; ; skip += LEDGER_BATCH) {
    const { rows } = await listProblems(user, filters, {
      skip,
      take: LEDGER_BATCH,
      byDepartment: false,
    });
    for (const p of rows) {
      n += 1;
      addRow(sheet, [
        n,
        p.code,
        p.title,
        p.categoryLabel,
        p.statusLabel,
        p.project.code,
        p.project.name,
        p.project.companyName,
        p.project.regionName,
        p.reportedOn,
        p.deadline,
        p.department,
        p.assignee,
        p.daysLeft,
        p.overdue ? t("common.yes") : t("common.no"),
      ]);
    }
    await flush();
    if (rows.length < LEDGER_BATCH) break;
  }
  sheet.commit();
  return n;
}
