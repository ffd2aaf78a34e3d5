// 月度通报 (issue 5 item 5): the cockpit of the user's scope for the year up to a month's end,
// written as a government 通报 .docx — title and date, summary numbers, the county ranking,
// 红黑榜, key projects, overdue items. The numbers are cockpitData's (app/models/cockpit.server.ts)
// and regionMetrics' for the month itself; nothing is recomputed here.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IParagraphOptions,
} from "docx";
import { monthPeriod } from "#app/domain/metrics";
import { formatWan } from "#app/domain/money";
import { isStageCode, stageLabelKey } from "#app/domain/stages";
import { shanghaiDay } from "#app/domain/workdays";
import { t, type MessageKey } from "#app/i18n";
import { now as clockNow } from "#app/utils/clock";
import { type SessionUser } from "#app/utils/permissions.server";
import { cockpitData, type CockpitData } from "./cockpit.server";
import { overdueProblemsByDepartment, regionMetrics, type DepartmentOverdue, type RegionMetrics } from "./metrics.server";

export type BulletinData = {
  month: string;
  year: number;
  monthNumber: number;
  /** The day the bulletin is dated (today, or the month's last day for a past month). */
  date: string;
  cockpit: CockpitData;
  /** The month on its own (本月新签约). */
  monthTotal: RegionMetrics;
  /** Overdue problems by the department handling them. */
  byDepartment: DepartmentOverdue[];
};

export async function bulletinData(user: SessionUser, month: string, opts: { now?: Date } = {}): Promise<BulletinData> {
  const real = opts.now ?? clockNow();
  const period = monthPeriod(month);
  // A past month is read as it stood at its end; the current month as of now.
  const at = real.getTime() < period.to.getTime() ? real : new Date(period.to.getTime() - 1);
  const year = Number(month.slice(0, 4));
  const cockpit = await cockpitData(user, { year, now: at, until: period.to });
  const [monthReport, byDepartment] = await Promise.all([regionMetrics(user, { period, now: at, config: cockpit.config }), overdueProblemsByDepartment(user, { now: at, config: cockpit.config })]);
  return { month, year, monthNumber: Number(month.slice(5, 7)), date: shanghaiDay(at), cockpit, monthTotal: monthReport.total, byDepartment };
}

// ───────────────────────────── layout ─────────────────────────────

// Fonts of a 通报 (GB/T 9704): 标题 二号 方正小标宋简体, 正文 三号 仿宋_GB2312, 一级标题 黑体;
// Word falls back to the next installed font of the same family hint.
const TITLE_FONT = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "方正小标宋简体" };
const HEADING_FONT = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "黑体" };
const BODY_FONT = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "仿宋_GB2312" };
const SIZE_TITLE = 44; // 二号, half-points
const SIZE_BODY = 32; // 三号
const SIZE_TABLE = 24; // 小四
const LINE = { line: 560, lineRule: "exact" as const }; // 28磅 fixed line spacing

function para(text: string, opts: Omit<IParagraphOptions, "children"> & { font?: typeof BODY_FONT; size?: number; bold?: boolean } = {}): Paragraph {
  const { font = BODY_FONT, size = SIZE_BODY, bold, ...rest } = opts;
  return new Paragraph({ spacing: LINE, ...rest, children: [new TextRun({ text, font, size, bold })] });
}

const body = (text: string) => para(text, { indent: { firstLine: 640 } });
const heading = (text: string) => para(text, { font: HEADING_FONT, indent: { firstLine: 640 } });

/** 一、二、… section headings, numbered in the order they appear. */
function sectionCounter() {
  let i = 0;
  return (key: MessageKey) => heading(t("bulletin.sectionHeading", { n: [...t("bulletin.numerals")][i++] ?? String(i), title: t(key) }));
}

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
const BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER };

function table(header: string[], rows: string[][]): Table {
  const cell = (text: string, bold = false) =>
    new TableCell({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, font: bold ? HEADING_FONT : BODY_FONT, size: SIZE_TABLE })] })] });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: BORDERS,
    rows: [new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }), ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) }))],
  });
}

function change(n: number | null): string {
  if (n === null) return t("bulletin.changeNone");
  if (n > 0) return t("bulletin.changeUp", { n });
  if (n < 0) return t("bulletin.changeDown", { n: -n });
  return t("bulletin.changeSame");
}

function chineseDate(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return t("bulletin.longDate", { year: y, month: m, day: d });
}

/** The bulletin's file name without extension, e.g. 2026年10月招商引资工作通报. */
export function bulletinFileName(month: string): string {
  return t("bulletin.fileName", { year: Number(month.slice(0, 4)), month: Number(month.slice(5, 7)) });
}

/** The document's blocks, in order (exported for tests of the text). */
export function bulletinBlocks(data: BulletinData): (Paragraph | Table)[] {
  const c = data.cockpit;
  const total = c.report.total;
  const scope = c.scopeName;
  const m = data.monthNumber;
  const section = sectionCounter();
  const range = m === 1 ? t("bulletin.rangeJanuary") : t("bulletin.range", { month: m });
  const blocks: (Paragraph | Table)[] = [
    para(t("bulletin.title", { year: data.year, month: m, scope }), { font: TITLE_FONT, size: SIZE_TITLE, alignment: AlignmentType.CENTER, spacing: { before: 400, after: 400 } }),
    body(t("bulletin.intro", { year: data.year, range, scope })),
    section("bulletin.sectionSummary"),
    body(
      t("bulletin.summarySigned", {
        range,
        signed: total.signed.value,
        amount: formatWan(total.signedAmount.value),
        monthSigned: data.monthTotal.signed.value,
        monthAmount: formatWan(data.monthTotal.signedAmount.value),
      }),
    ),
    body(t("bulletin.summaryLanding", { started: total.started.value, produced: total.produced.value, firms: total.newFirms.value, funds: formatWan(total.funds.value) })),
    body(t("bulletin.summaryWork", { inTalks: total.inTalksLarge.value, key: c.keyProjects.total.value, red: c.keyProjects.red.value, yellow: c.keyProjects.yellow.value })),
    section("bulletin.sectionRanking"),
  ];

  if (c.ranking.length === 0) blocks.push(body(t("bulletin.rankingNone")));
  else
    blocks.push(
      table(
        [t("bulletin.colRank"), t("bulletin.colRegion"), t("bulletin.colScore"), t("bulletin.colSigned"), t("bulletin.colSignedAmount"), t("bulletin.colStarted"), t("bulletin.colFunds"), t("bulletin.colChange")],
        c.ranking.map((r) => [
          String(r.rank),
          r.regionName,
          r.score.toFixed(1),
          String(r.metrics.signed.value),
          formatWan(r.metrics.signedAmount.value),
          String(r.metrics.started.value),
          formatWan(r.metrics.funds.value),
          change(c.hasPreviousRanking ? r.change : null),
        ]),
      ),
    );

  const names = (list: { regionName: string }[]) => (list.length ? list.map((e) => e.regionName).join("、") : t("bulletin.namedNone"));
  if (c.ranking.length > 0) {
    blocks.push(section("bulletin.sectionNamed"), body(t("bulletin.namedAhead", { names: names(c.redBlack.red) })), body(t("bulletin.namedBehind", { names: names(c.redBlack.black) })));
  }

  const n = (k: string) => t(k as MessageKey);
  blocks.push(section("bulletin.sectionKey"));
  if (c.keyProjects.items.length === 0) blocks.push(body(t("bulletin.keyNone")));
  else
    blocks.push(
      table(
        [t("bulletin.colProject"), t("bulletin.colRegion"), t("bulletin.colStage"), t("bulletin.colAmount"), t("bulletin.colDaysInStage"), t("bulletin.colWarning")],
        c.keyProjects.items.map((p) => [p.name, p.regionName, t(stageLabelKey(p.stage)), formatWan(p.amountWan), String(p.daysInStage), n(`bulletin.warning_${p.warning}`)]),
      ),
    );

  blocks.push(section("bulletin.sectionOverdue"), para(t("bulletin.overdueByRegion"), { indent: { firstLine: 640 } }));
  const overdueRow = (u: RegionMetrics) => [u.regionName, String(u.stageOverdue.value), String(u.problemsOverdue.value), String(u.incentivesOverdue.value), String(u.instructionsOverdue.value)];
  blocks.push(
    table(
      [t("bulletin.colRegion"), t("bulletin.colStageOverdue"), t("bulletin.colProblemsOverdue"), t("bulletin.colIncentivesOverdue"), t("bulletin.colInstructionsOverdue")],
      [...c.report.units.map(overdueRow), [t("bulletin.total"), ...overdueRow(total).slice(1)]],
    ),
  );
  blocks.push(para(t("bulletin.overdueByDepartment"), { indent: { firstLine: 640 } }));
  if (data.byDepartment.length === 0) blocks.push(body(t("bulletin.overdueNone")));
  else
    blocks.push(
      table(
        [t("bulletin.colDepartment"), t("bulletin.colProblemsOverdue")],
        [...data.byDepartment.map((d) => [d.departmentName ?? t("bulletin.noDepartment"), String(d.problems)]), [t("bulletin.total"), String(data.byDepartment.reduce((sum, d) => sum + d.problems, 0))]],
      ),
    );
  blocks.push(para(t("bulletin.overdueByKind"), { indent: { firstLine: 640 } }));
  const items = Object.values(c.overdue).flat();
  if (items.length === 0) blocks.push(body(t("bulletin.overdueNone")));
  else
    blocks.push(
      table(
        [t("bulletin.colKind"), t("bulletin.colRegion"), t("bulletin.colProject"), t("bulletin.colItem"), t("bulletin.colDueAt")],
        items.map((o) => [n(`bulletin.kind_${o.kind}`), o.regionName, o.projectName, o.kind === "STAGE" && isStageCode(o.label) ? t(stageLabelKey(o.label)) : o.label, o.kind === "STAGE" ? t("bulletin.since", { date: chineseDate(shanghaiDay(o.dueAt)) }) : chineseDate(shanghaiDay(o.dueAt))]),
      ),
    );

  blocks.push(section("bulletin.sectionRequire"), body(t("bulletin.requireText")));
  blocks.push(
    para(t("bulletin.issuer", { scope }), { alignment: AlignmentType.RIGHT, spacing: { before: 600, ...LINE } }),
    para(t("bulletin.date", { date: chineseDate(data.date) }), { alignment: AlignmentType.RIGHT }),
  );
  return blocks;
}

export async function bulletinDocx(data: BulletinData): Promise<Buffer> {
  const doc = new Document({
    creator: t("bulletin.issuer", { scope: data.cockpit.scopeName }),
    title: bulletinFileName(data.month),
    styles: { default: { document: { run: { font: BODY_FONT, size: SIZE_BODY } } } },
    sections: [
      {
        // A4, margins of GB/T 9704: top 37mm, bottom 35mm, left 28mm, right 26mm (in twips).
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 2098, bottom: 1984, left: 1587, right: 1474 } } },
        children: bulletinBlocks(data),
      },
    ],
  });
  return Packer.toBuffer(doc);
}
