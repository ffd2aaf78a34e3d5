// /import/:batchId — the preview of an uploaded ledger, then its result (issue 6 §2, §4, §5).
// A GET page: the sheet, region, column mapping, fixed cells and excluded rows are in the query
// string (app/schemas/ledger-import.ts), every change is a GET form, and the loader only reads.
// The preview, counts and errors come from previewLedgerImport, the same code the commit runs
// (/import/:batchId/commit), so what is shown is what would be written. The one action saves
// the confirmed mapping as a template.
import { parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { LedgerCommitForm, LedgerIgnoredRows, LedgerMappingForm, LedgerPreviewTable, LedgerTemplateForms, type PreviewRowView } from "#app/components/ledger-preview";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { cellText, columnLetter, valueAt } from "#app/domain/ledger/grid";
import { type LedgerIssue, type LedgerPreview, type LedgerValues } from "#app/domain/ledger/preview";
import { issueText } from "#app/domain/ledger/summary";
import { LEDGER_FIELDS, LEDGER_FIELD_KINDS, ledgerFieldLabelKey, type LedgerField } from "#app/domain/ledger/synonyms";
import { headerSignature, templateMappingOf } from "#app/domain/ledger/template";
import { type LedgerDate } from "#app/domain/ledger/values";
import { formatWanNumber } from "#app/domain/money";
import { isProjectNature, natureLabelKey } from "#app/domain/projects";
import { isStageCode, stageLabelKey } from "#app/domain/stages";
import { t } from "#app/i18n";
import {
  getImportBatchForUser,
  listImportRegions,
  previewLedgerImport,
  resolveImportChoices,
  saveImportTemplate,
  type ImportBatchView,
} from "#app/models/ledger-import.server";
import { applyPreviewEdits, importStateParams, parseImportState, SaveTemplateSchema, type ImportViewState } from "#app/schemas/ledger-import";
import { requireUser } from "#app/utils/auth.server";
import { prisma } from "#app/utils/db.server";
import { readUpload } from "#app/utils/import-files.server";
import { notFound } from "#app/utils/permissions.server";
import { requestMeta } from "#app/utils/request-meta.server";

export const meta: MetaFunction = () => [{ title: `${t("ledger.previewTitle")} - ${t("common.appName")}` }];

const PAGE_SIZE = 50;

function batchSummary(batch: ImportBatchView) {
  return {
    id: batch.id,
    fileName: batch.fileName,
    sha256: batch.sha256,
    status: batch.status,
    error: batch.error,
    rows: batch.rows,
    createdCompanies: batch.createdCompanies,
    createdProjects: batch.createdProjects,
    updatedCompanies: batch.updatedCompanies,
    updatedProjects: batch.updatedProjects,
  };
}

/** A parsed value as the preview shows it. */
function shownValue(field: LedgerField, value: LedgerValues[LedgerField]): string {
  if (value === null) return "";
  switch (LEDGER_FIELD_KINDS[field]) {
    case "amount":
      return `${formatWanNumber(value as number)}万元`;
    case "date": {
      const date = value as LedgerDate;
      return date.precision === "month" ? `${date.day.slice(0, 4)}年${Number(date.day.slice(5, 7))}月` : date.day;
    }
    case "stage":
      return isStageCode(value) ? t(stageLabelKey(value)) : String(value);
    case "nature":
      return isProjectNature(value) ? t(natureLabelKey(value)) : String(value);
    default:
      return String(value);
  }
}

function rowMatches(row: LedgerPreview["rows"][number], show: ImportViewState["show"]): boolean {
  if (show === "errors") return !row.excluded && row.issues.some((i) => i.severity === "error");
  if (show === "issues") return row.issues.length > 0;
  return true;
}

const issueView = (i: LedgerIssue) => ({ severity: i.severity, text: issueText(i) });
/** In its own cell an issue needs no column name in front. */
const cellIssueView = (i: LedgerIssue) => ({ severity: i.severity, text: issueText({ ...i, rowNumber: null }) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const batch = await getImportBatchForUser(user, params.batchId ?? "");
  if (!batch) throw notFound();
  const url = new URL(request.url);
  const parsed = parseImportState(url.searchParams);
  const edited = applyPreviewEdits(parsed, url.searchParams);
  // A fix or an exclusion goes into the state; the address becomes that state (reload-safe).
  if (edited) throw redirect(`${url.pathname}?${importStateParams(edited, { keepPage: true })}`);
  const notice = url.searchParams.get("notice");

  const regions = await listImportRegions(prisma);
  const regionName = (id: string | null) => regions.find((r) => r.id === id)?.name ?? null;
  if (batch.status !== "PREVIEWED") {
    return json({ kind: "done" as const, batch: batchSummary(batch), region: batch.regionId ? { id: batch.regionId, name: regionName(batch.regionId) } : null });
  }
  const bytes = await readUpload(batch.id);
  const choices = bytes ? await resolveImportChoices(user, batch, bytes, parsed) : null;
  if (!bytes || !choices) return json({ kind: "gone" as const, batch: batchSummary(batch) });

  const state: ImportViewState = { ...parsed, sheet: choices.sheetName, regionId: choices.regionId };
  const base = {
    kind: "preview" as const,
    batch: batchSummary(batch),
    notice,
    sheets: choices.sheets,
    sheetName: choices.sheetName,
    chooseRegion: user.role === "CITY_OFFICER",
    regionId: choices.regionId,
    regions: regions.filter((r) => r.level !== "CITY").map((r) => ({ id: r.id, name: r.name })),
    stateQuery: importStateParams(state).toString(),
    fields: LEDGER_FIELDS.map((f) => ({ value: f, label: t(ledgerFieldLabelKey(f)) })),
  };
  if (!choices.header) return json({ ...base, preview: null });

  const result = await previewLedgerImport(user, {
    fileBytes: bytes,
    fileName: batch.fileName,
    sheets: [{ name: choices.sheetName, mapping: choices.mapping, overrides: state.overrides }],
    regionId: choices.regionId,
    batchId: batch.id,
  });
  if (!result.ok) return json({ ...base, preview: null });
  const sheet = result.sheets[0]!;
  const { preview, grid } = sheet;

  const mappedColumns = (Object.entries(preview.mapping) as [LedgerField, number][]).sort((a, b) => a[1] - b[1]);
  const overridden = new Map(state.overrides.cells.map((c) => [`${c.row}|${c.field}`, c.value]));
  const shown = preview.rows.filter((r) => rowMatches(r, state.show));
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const page = Math.min(state.page, pages);
  const rows: PreviewRowView[] = shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((row) => ({
    rowNumber: row.rowNumber,
    excluded: row.excluded,
    stage: t(stageLabelKey(row.stage)),
    region: row.regionName ?? "",
    cells: mappedColumns.map(([field, column]) => {
      const raw = cellText(valueAt(grid, row.rowNumber, column));
      const fix = overridden.get(`${row.rowNumber}|${field}`);
      const issues = row.issues.filter((i) => i.field === field);
      return {
        field,
        column: columnLetter(column),
        shown: shownValue(field, row.values[field]) || (issues.some((i) => i.severity === "error") ? (fix ?? raw) : ""),
        input: fix ?? raw,
        fixedFrom: fix !== undefined ? raw : null,
        issues: issues.map(cellIssueView),
      };
    }),
  }));
  const counts = {
    rows: result.summary.rows,
    errors: result.summary.errors.length,
    warnings: [...preview.sheetIssues, ...preview.rows.filter((r) => !r.excluded).flatMap((r) => r.issues)].filter((i) => i.severity === "warning").length,
    skipped: result.summary.skipped.length,
  };
  const duplicateFields = duplicateMappingNotices(url.searchParams, preview.mapping);
  return json({
    ...base,
    preview: {
      header: {
        rows: preview.header.headerRows.join("–"),
        unit: preview.unit,
        reporter: preview.header.reporter,
      },
      columns: preview.header.columns.map((c) => {
        const proposal = sheet.proposals.find((p) => p.column === c.index);
        const mappedTo = mappedColumns.find(([, column]) => column === c.index)?.[0] ?? "";
        return { index: c.index, letter: c.letter, label: c.label, field: mappedTo, proposed: proposal?.field ?? null, confidence: proposal?.confidence ?? 0 };
      }),
      columnHeads: mappedColumns.map(([field, column]) => ({ field, label: t(ledgerFieldLabelKey(field)), letter: columnLetter(column) })),
      sheetIssues: [...preview.sheetIssues.map(issueView), ...duplicateFields.map((text) => ({ severity: "warning" as const, text }))],
      counts,
      plan: { created: result.summary.created, updated: result.summary.updated },
      rows,
      page,
      pages,
      shownCount: shown.length,
      show: state.show,
      ignored: preview.ignored.map((r) => ({ rowNumber: r.rowNumber, reason: t(r.reason), text: r.text })),
      templates: choices.templates.map((tpl) => ({ id: tpl.id, name: tpl.name })),
      applied: choices.applied
        ? { name: choices.applied.template.name, missing: choices.applied.missing.map((f) => t(ledgerFieldLabelKey(f))) }
        : null,
    },
  });
}

/** "c3=projectName&c5=projectName": the second choice of a field is dropped; say so. */
function duplicateMappingNotices(params: URLSearchParams, mapping: Partial<Record<LedgerField, number>>): string[] {
  if (params.get("map") !== "1") return [];
  const seen = new Map<string, number>();
  for (const [key, value] of params) if (/^c\d+$/u.test(key) && value) seen.set(value, (seen.get(value) ?? 0) + 1);
  return [...seen].flatMap(([field, count]) => {
    const column = mapping[field as LedgerField];
    return count > 1 && column !== undefined ? [t("ledger.mappingDuplicate", { field: t(ledgerFieldLabelKey(field as LedgerField)), column: columnLetter(column) })] : [];
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const batch = await getImportBatchForUser(user, params.batchId ?? "");
  if (!batch) throw notFound();
  const form = await request.formData();
  const submission = parseWithZod(form, { schema: SaveTemplateSchema.pick({ name: true }) });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const state = parseImportState(new URLSearchParams(String(form.get("state") ?? "")));
  const bytes = await readUpload(batch.id);
  const choices = bytes ? await resolveImportChoices(user, batch, bytes, state) : null;
  if (!choices?.header) throw redirect(`/import/${batch.id}`);
  await saveImportTemplate(
    user,
    { name: submission.value.name, headerSignature: headerSignature(choices.header.columns), mapping: templateMappingOf(choices.header.columns, choices.mapping) },
    requestMeta(request),
  );
  // The template now stands for this mapping: the address names it instead of the columns.
  const saved = await resolveImportChoices(user, batch, bytes!, { ...state, mapping: null, templateId: null });
  const next: ImportViewState = { ...state, mapping: saved?.applied ? null : choices.mapping, templateId: saved?.applied?.template.id ?? null };
  const query = importStateParams(next);
  query.set("notice", "templateSaved");
  throw redirect(`/import/${batch.id}?${query}`);
}

export default function ImportPreviewPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { batch } = data;

  if (data.kind === "done") {
    const committed = batch.status === "COMMITTED";
    return (
      <div className="mx-auto max-w-3xl space-y-4">
        <Breadcrumb />
        <section className={`card space-y-2 ${committed ? "border-green-300" : "border-red-300"}`} data-testid="import-result">
          <h1 className="text-xl font-semibold">{committed ? t("ledger.resultTitle") : t("ledger.failedTitle")}</h1>
          <p className="text-sm text-gray-700">{t("ledger.previewFile", { file: batch.fileName })}</p>
          {committed ? (
            <>
              <p>{t("ledger.resultLine", { rows: batch.rows, createdCompanies: batch.createdCompanies, createdProjects: batch.createdProjects, updatedCompanies: batch.updatedCompanies, updatedProjects: batch.updatedProjects })}</p>
              <p className="break-all text-xs text-gray-500">{t("ledger.resultSha", { sha256: batch.sha256 })}</p>
              <p className="flex flex-wrap gap-3 pt-2">
                <Link to={data.region ? `/projects?region=${data.region.id}` : "/projects"} className="btn-primary">
                  {data.region?.name ? t("ledger.resultProjectsIn", { region: data.region.name }) : t("ledger.resultProjects")}
                </Link>
                <Link to="/import" className="btn-secondary">
                  {t("ledger.importAnother")}
                </Link>
              </p>
            </>
          ) : (
            <>
              <p className="text-red-700" role="alert">
                {t("ledger.failedBody", { message: batch.error ?? "" })}
              </p>
              <Link to="/import" className="btn-secondary">
                {t("ledger.reupload")}
              </Link>
            </>
          )}
        </section>
      </div>
    );
  }

  if (data.kind === "gone") {
    return (
      <div className="mx-auto max-w-3xl space-y-4">
        <Breadcrumb />
        <p className="card" role="alert">
          {t("ledger.fileGone")}{" "}
          <Link to="/import" className="text-blue-700 hover:underline">
            {t("ledger.reupload")}
          </Link>
        </p>
      </div>
    );
  }

  const { preview } = data;
  const notice = data.notice === "templateSaved" ? t("ledger.templateSaved") : data.notice === "refused" ? t("ledger.commitRefused") : null;
  return (
    <div className="space-y-4">
      <Breadcrumb />
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold">{t("ledger.previewTitle")}</h1>
        <span className="text-sm text-gray-600">{t("ledger.previewFile", { file: batch.fileName })}</span>
      </div>
      {notice ? (
        <p className={`rounded-md px-3 py-2 text-sm ${data.notice === "refused" ? "bg-red-50 text-red-800" : "bg-green-50 text-green-800"}`} role="status">
          {notice}
        </p>
      ) : null}

      <form method="get" className="card flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="preview-sheet" className="label">
            {t("ledger.sheetLabel")}
          </label>
          <select id="preview-sheet" name="sheet" className="input" defaultValue={data.sheetName}>
            {data.sheets.map((s) => (
              <option key={s.name} value={s.name}>
                {s.hidden ? t("ledger.sheetHidden", { name: s.name }) : s.name}
              </option>
            ))}
          </select>
        </div>
        {data.chooseRegion ? (
          <div>
            <label htmlFor="preview-region" className="label">
              {t("ledger.uploadRegionLabel")}
            </label>
            <select id="preview-region" name="region" className="input" defaultValue={data.regionId ?? ""}>
              <option value="">{t("ledger.uploadRegionFromLedger")}</option>
              {data.regions.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <button type="submit" className="btn-secondary">
          {t("ledger.sheetSwitch")}
        </button>
      </form>

      {!preview ? (
        <p className="card text-red-700" role="alert">
          {t("ledger.noHeader")}
        </p>
      ) : (
        <>
          <section className="card space-y-1" aria-label={t("ledger.headerTitle")}>
            <h2 className="text-base font-semibold">{t("ledger.headerTitle")}</h2>
            <p className="text-sm text-gray-700" data-testid="detected-header">
              {t("ledger.headerInfo", { rows: preview.header.rows, unit: preview.header.unit, reporter: preview.header.reporter ?? t("ledger.reporterNone") })}
            </p>
          </section>

          <LedgerMappingForm stateQuery={data.stateQuery} columns={preview.columns} fields={data.fields} applied={preview.applied} />
          <LedgerTemplateForms stateQuery={data.stateQuery} templates={preview.templates} lastResult={actionData?.result} />

          <section className="card space-y-2" data-testid="preview-summary">
            <p className="text-sm">{t("ledger.summaryLine", preview.counts)}</p>
            <p className="text-sm text-gray-700">
              {t("ledger.planLine", {
                createdCompanies: preview.plan.created.companies,
                createdProjects: preview.plan.created.projects,
                updatedCompanies: preview.plan.updated.companies,
                updatedProjects: preview.plan.updated.projects,
              })}
            </p>
            {preview.sheetIssues.length > 0 ? (
              <div>
                <h2 className="text-sm font-semibold">{t("ledger.sheetIssuesTitle")}</h2>
                <ul className="space-y-1 text-sm">
                  {preview.sheetIssues.map((i, n) => (
                    <li key={n} className={i.severity === "error" ? "text-red-700" : "text-amber-700"}>
                      {i.text}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </section>

          <LedgerPreviewTable
            stateQuery={data.stateQuery}
            searchParams={searchParams.toString()}
            columnHeads={preview.columnHeads}
            rows={preview.rows}
            page={preview.page}
            pages={preview.pages}
            shownCount={preview.shownCount}
            show={preview.show}
          />
          <LedgerIgnoredRows rows={preview.ignored} />
          <LedgerCommitForm action={`/import/${batch.id}/commit`} stateQuery={data.stateQuery} errors={preview.counts.errors} />
        </>
      )}
    </div>
  );
}

function Breadcrumb() {
  return (
    <nav className="text-sm" aria-label="breadcrumb">
      <Link to="/import" className="text-blue-700 hover:underline">
        {t("ledger.pageTitle")}
      </Link>
      <span className="mx-1 text-gray-400">/</span>
      <span>{t("ledger.previewTitle")}</span>
    </nav>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
