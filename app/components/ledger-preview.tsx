// The pieces of the ledger import preview (/import/:batchId): the column mapping, templates,
// the paged preview table with per-cell errors, fixes and exclusions, the rows not imported, and
// the commit button with its progress bar. Every change is a GET form carrying the page's state
// (its query string), so each works without script; the commit streams its progress when script
// runs and falls back to a plain POST and redirect when it does not.
import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, Link, useNavigate } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { Field } from "#app/components/ui/field";
import { t, type MessageKey } from "#app/i18n";

/** Hidden inputs for every parameter of a query string, except those a form sets itself. */
export function StateInputs({ query, omit = [] }: { query: string; omit?: string[] }) {
  const entries = [...new URLSearchParams(query)].filter(([key]) => !omit.includes(key));
  return (
    <>
      {entries.map(([key, value], i) => (
        <input key={`${key}-${i}`} type="hidden" name={key} value={value} />
      ))}
    </>
  );
}

// ───────────────────────────── mapping ─────────────────────────────

type ColumnView = { index: number; letter: string; label: string; field: string; proposed: string | null; confidence: number };
type FieldOption = { value: string; label: string };

function confidenceKey(confidence: number): MessageKey | null {
  if (confidence >= 0.9) return "ledger.confidenceHigh";
  if (confidence >= 0.65) return "ledger.confidenceMedium";
  if (confidence > 0) return "ledger.confidenceLow";
  return null;
}

export function LedgerMappingForm({ stateQuery, columns, fields, applied }: { stateQuery: string; columns: ColumnView[]; fields: FieldOption[]; applied: { name: string; missing: string[] } | null }) {
  // The mapping in the state is replaced by the selects; a new mapping starts on page 1.
  const omit = ["map", "tpl", "page", ...[...new URLSearchParams(stateQuery).keys()].filter((k) => /^c\d+$/u.test(k))];
  return (
    <Form method="get" className="card space-y-3" aria-labelledby="mapping-title">
      <StateInputs query={stateQuery} omit={omit} />
      <input type="hidden" name="map" value="1" />
      <div>
        <h2 id="mapping-title" className="text-base font-semibold">
          {t("ledger.mappingTitle")}
        </h2>
        <p className="text-sm text-gray-600">{t("ledger.mappingHint")}</p>
        {applied ? (
          <p className="mt-1 text-sm text-green-800" data-testid="template-applied">
            {t("ledger.templateApplied", { name: applied.name })}
            {applied.missing.length ? `；${t("ledger.templateMissingFields", { fields: applied.missing.join("、") })}` : ""}
          </p>
        ) : null}
      </div>
      <div className="overflow-x-auto">
        <table className="data-table" data-testid="mapping-table">
          <thead>
            <tr>
              <th scope="col">{t("ledger.mappingColumn")}</th>
              <th scope="col">{t("ledger.mappingHeader")}</th>
              <th scope="col">{t("ledger.mappingField")}</th>
              <th scope="col">{t("ledger.mappingConfidence")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {columns.map((c) => {
              const key = c.field && c.field === c.proposed ? confidenceKey(c.confidence) : null;
              return (
                <tr key={c.index}>
                  <td className="font-mono">{c.letter}</td>
                  <td>
                    <label htmlFor={`map-c${c.index}`}>{c.label}</label>
                  </td>
                  <td>
                    <select id={`map-c${c.index}`} name={`c${c.index}`} defaultValue={c.field} className="input min-w-48">
                      <option value="">{t("ledger.fieldNone")}</option>
                      {fields.map((f) => (
                        <option key={f.value} value={f.value}>
                          {f.label}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="text-xs text-gray-600">{key ? t(key) : ""}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <button type="submit" className="btn-secondary">
        {t("ledger.mappingApply")}
      </button>
    </Form>
  );
}

export function LedgerTemplateForms({ stateQuery, templates, lastResult }: { stateQuery: string; templates: { id: string; name: string }[]; lastResult?: SubmissionResult<string[]> }) {
  const [form, fields] = useForm<{ name: string }>({ id: "save-template", lastResult, shouldRevalidate: "onBlur" });
  const omit = ["map", "tpl", "page", ...[...new URLSearchParams(stateQuery).keys()].filter((k) => /^c\d+$/u.test(k))];
  return (
    <section className="card flex flex-wrap items-end gap-6">
      {templates.length > 0 ? (
        <Form method="get" className="flex items-end gap-2">
          <StateInputs query={stateQuery} omit={omit} />
          <div>
            <label htmlFor="template-choice" className="label">
              {t("ledger.templateChoose")}
            </label>
            <select id="template-choice" name="tpl" className="input">
              {templates.map((tpl) => (
                <option key={tpl.id} value={tpl.id}>
                  {tpl.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn-secondary">
            {t("ledger.templateApply")}
          </button>
        </Form>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="flex items-end gap-2">
        <input type="hidden" name="state" value={stateQuery} />
        <Field
          label={t("ledger.templateSaveLabel")}
          errors={fields.name.errors}
          inputProps={{ ...getInputProps(fields.name, { type: "text" }), placeholder: t("ledger.templateNamePlaceholder"), maxLength: 40 }}
        />
        <button type="submit" className="btn-secondary">
          {t("ledger.templateSave")}
        </button>
      </Form>
    </section>
  );
}

// ───────────────────────────── preview table ─────────────────────────────

export type CellView = { field: string; column: string; shown: string; input: string; fixedFrom: string | null; issues: { severity: "error" | "warning"; text: string }[] };
export type PreviewRowView = { rowNumber: number; excluded: boolean; stage: string; region: string; cells: CellView[] };

const SHOWS = ["all", "issues", "errors"] as const;

function withParams(query: string, set: Record<string, string | null>): string {
  const params = new URLSearchParams(query);
  for (const [key, value] of Object.entries(set)) {
    if (value === null) params.delete(key);
    else params.set(key, value);
  }
  return `?${params}`;
}

export function LedgerPreviewTable(props: {
  stateQuery: string;
  searchParams: string;
  columnHeads: { field: string; label: string; letter: string }[];
  rows: PreviewRowView[];
  page: number;
  pages: number;
  shownCount: number;
  show: string;
}) {
  const { stateQuery, columnHeads, rows, page, pages } = props;
  const pageQuery = page > 1 ? withParams(stateQuery, { page: String(page) }).slice(1) : stateQuery;
  return (
    <section className="space-y-2" aria-label={t("ledger.previewTitle")}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        {SHOWS.map((show) => (
          <Link
            key={show}
            to={withParams(stateQuery, { show: show === "all" ? null : show, page: null })}
            className={`rounded-md px-2 py-1 ${props.show === show ? "bg-gray-800 text-white" : "bg-white text-gray-700 ring-1 ring-gray-300"}`}
            aria-current={props.show === show ? "true" : undefined}
          >
            {t(`ledger.show_${show}`)}
          </Link>
        ))}
      </div>
      <div className="overflow-x-auto rounded-lg border border-gray-200 bg-white">
        <table className="data-table" data-testid="preview-table">
          <thead>
            <tr>
              <th scope="col">{t("ledger.colRow")}</th>
              {columnHeads.map((h) => (
                <th key={h.field} scope="col">
                  {h.label}
                  <span className="ml-1 font-mono text-xs text-gray-400">{h.letter}</span>
                </th>
              ))}
              <th scope="col">{t("ledger.colStage")}</th>
              <th scope="col">{t("ledger.colRegion")}</th>
              <th scope="col">{t("ledger.colActions")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {rows.length === 0 ? (
              <tr>
                <td colSpan={columnHeads.length + 4} className="text-center text-gray-500">
                  {t("ledger.noRowsShown")}
                </td>
              </tr>
            ) : (
              rows.map((row) => <PreviewRow key={row.rowNumber} row={row} pageQuery={pageQuery} columnHeads={columnHeads} />)
            )}
          </tbody>
        </table>
      </div>
      <nav className="flex items-center gap-3 text-sm" aria-label={t("ledger.pageOf", { page, pages, rows: props.shownCount })}>
        {page > 1 ? (
          <Link to={withParams(stateQuery, { page: String(page - 1) })} className="text-blue-700 hover:underline">
            {t("ledger.pagePrev")}
          </Link>
        ) : null}
        <span className="text-gray-600">{t("ledger.pageOf", { page, pages, rows: props.shownCount })}</span>
        {page < pages ? (
          <Link to={withParams(stateQuery, { page: String(page + 1) })} className="text-blue-700 hover:underline">
            {t("ledger.pageNext")}
          </Link>
        ) : null}
      </nav>
    </section>
  );
}

function cellClass(cell: CellView, excluded: boolean): string {
  if (excluded) return "text-gray-400 line-through";
  if (cell.issues.some((i) => i.severity === "error")) return "bg-red-50 text-red-900";
  if (cell.issues.length > 0) return "bg-amber-50";
  return "";
}

function PreviewRow({ row, pageQuery, columnHeads }: { row: PreviewRowView; pageQuery: string; columnHeads: { field: string; label: string }[] }) {
  const labelOf = (field: string) => columnHeads.find((h) => h.field === field)?.label ?? field;
  return (
    <tr data-row={row.rowNumber} className={row.excluded ? "bg-gray-50" : undefined}>
      <th scope="row" className="font-mono text-xs font-normal text-gray-500">
        {row.rowNumber}
        {row.excluded ? <span className="ml-1 rounded bg-gray-200 px-1 text-gray-700">{t("ledger.excludedBadge")}</span> : null}
      </th>
      {row.cells.map((cell) => {
        const hasError = cell.issues.some((i) => i.severity === "error");
        return (
          <td key={cell.field} className={`min-w-28 ${cellClass(cell, row.excluded)}`} data-field={cell.field} data-state={hasError ? "error" : cell.issues.length ? "warning" : "ok"}>
            <div>{cell.shown}</div>
            {cell.fixedFrom !== null ? <div className="text-xs text-gray-500">{t("ledger.fixedMark", { raw: cell.fixedFrom || "—" })}</div> : null}
            {!row.excluded && cell.issues.length > 0 ? (
              <ul className="mt-1 space-y-0.5 text-xs">
                {cell.issues.map((i, n) => (
                  <li key={n} className={i.severity === "error" ? "text-red-700" : "text-amber-700"}>
                    {i.text}
                  </li>
                ))}
              </ul>
            ) : null}
            {!row.excluded && hasError ? (
              <Form method="get" className="mt-1 flex gap-1">
                <StateInputs query={pageQuery} />
                <input type="hidden" name="fixRow" value={row.rowNumber} />
                <input type="hidden" name="fixField" value={cell.field} />
                <input
                  name="fixValue"
                  defaultValue={cell.input}
                  aria-label={t("ledger.fixLabel", { row: row.rowNumber, field: labelOf(cell.field) })}
                  className="w-32 rounded border border-gray-300 px-1 py-0.5 text-xs"
                  maxLength={1000}
                />
                <button type="submit" className="rounded bg-red-700 px-2 text-xs text-white hover:bg-red-800">
                  {t("ledger.fixSave")}
                </button>
              </Form>
            ) : null}
          </td>
        );
      })}
      <td className="whitespace-nowrap">{row.stage}</td>
      <td className="whitespace-nowrap">{row.region}</td>
      <td>
        <Form method="get">
          <StateInputs query={pageQuery} />
          <input type="hidden" name={row.excluded ? "include" : "exclude"} value={row.rowNumber} />
          <button type="submit" className="text-xs text-blue-700 hover:underline" aria-label={`${t(row.excluded ? "ledger.includeRow" : "ledger.excludeRow")} ${t("ledger.ignoredRow", { row: row.rowNumber })}`}>
            {t(row.excluded ? "ledger.includeRow" : "ledger.excludeRow")}
          </button>
        </Form>
      </td>
    </tr>
  );
}

export function LedgerIgnoredRows({ rows }: { rows: { rowNumber: number; reason: string; text: string }[] }) {
  return (
    <details className="card" data-testid="ignored-rows">
      <summary className="cursor-pointer text-sm font-semibold">{t("ledger.ignoredTitle", { count: rows.length })}</summary>
      <ul className="mt-2 space-y-1 text-sm">
        {rows.map((r) => (
          <li key={r.rowNumber}>
            <span className="font-mono text-gray-500">{t("ledger.ignoredRow", { row: r.rowNumber })}</span> <span className="text-gray-700">{r.reason}</span>
            {r.text ? <span className="ml-2 text-gray-500">{r.text}</span> : null}
          </li>
        ))}
      </ul>
    </details>
  );
}

// ───────────────────────────── commit ─────────────────────────────

type Progress = { phase: "read" | "check" | "write"; done: number; total: number };
type StreamEvent = ({ type: "progress" } & Progress) | { type: "done"; location: string } | { type: "refused"; location: string } | { type: "failed"; message: string; location: string };

/**
 * The commit. With script, the answer is read as it streams (one JSON object per line) so the
 * bar moves while a large file is written; without, the form posts and the server redirects.
 */
export function LedgerCommitForm({ action, stateQuery, errors }: { action: string; stateQuery: string; errors: number }) {
  const navigate = useNavigate();
  const [progress, setProgress] = useState<Progress | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const running = progress !== null;

  async function submit(event: FormEvent<HTMLFormElement>) {
    if (typeof ReadableStream === "undefined") return; // the plain POST does the job
    event.preventDefault();
    setFailure(null);
    setProgress({ phase: "read", done: 0, total: 1 });
    try {
      const response = await fetch(action, { method: "POST", body: new FormData(event.currentTarget), headers: { Accept: "application/x-ndjson" } });
      if (!response.ok || !response.body) throw new Error(String(response.status));
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        for (const line of lines) {
          if (!line.trim()) continue;
          const message = JSON.parse(line) as StreamEvent;
          if (message.type === "progress") setProgress(message);
          else if (message.type === "failed") {
            setProgress(null);
            setFailure(message.message);
          } else {
            navigate(message.location);
            return;
          }
        }
      }
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    }
    setProgress(null);
  }

  return (
    <Form method="post" action={action} onSubmit={submit} className="card space-y-3" data-testid="commit-form">
      <StateInputs query={stateQuery} />
      {errors > 0 ? (
        <p className="text-sm text-red-700" role="status">
          {t("ledger.commitBlocked", { count: errors })}
        </p>
      ) : null}
      {running ? (
        <div className="space-y-1" role="status" aria-live="polite">
          <label htmlFor="commit-progress" className="text-sm text-gray-700">
            {t("ledger.commitRunning")} {progress.phase === "write" ? t("ledger.progressPhase", { phase: t(`ledger.phase_${progress.phase}`), done: progress.done, total: progress.total }) : t(`ledger.phase_${progress.phase}`)}
          </label>
          {progress.phase === "write" && progress.total > 0 ? (
            <progress id="commit-progress" className="h-2 w-full" max={progress.total} value={progress.done} aria-label={t("ledger.progressLabel")} />
          ) : (
            <progress id="commit-progress" className="h-2 w-full" aria-label={t("ledger.progressLabel")} />
          )}
        </div>
      ) : null}
      {failure ? (
        <p className="text-sm text-red-700" role="alert">
          {t("ledger.commitFailed", { message: failure })}
        </p>
      ) : null}
      <button type="submit" className="btn-primary" disabled={errors > 0 || running}>
        {t("ledger.commitButton")}
      </button>
    </Form>
  );
}
