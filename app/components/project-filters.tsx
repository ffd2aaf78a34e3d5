// The filter bar of the project table and board: a plain GET form, so every filtered view is
// a URL (bookmarks, saved views, the back button) and works without JavaScript.
import { Form, Link, useLocation, useSearchParams, useSubmit } from "@remix-run/react";
import { type ReactNode } from "react";
import { WARNING_LEVELS, warningLabelKey } from "#app/domain/warnings";
import { stageLabelKey, type StageCode } from "#app/domain/stages";
import { t } from "#app/i18n";
import { METRIC_DRILL_PARAMS } from "#app/schemas/metric-drill-params";
import { WarningDot } from "./warning-dot";

export type Option = { value: string; label: string };

export type ProjectFilterOptions = {
  regions: Option[];
  chains: Option[];
  leaders: Option[];
  officers: Option[];
  stages: StageCode[];
};

function Select({ name, label, options, anyLabel, value }: { name: string; label: string; options: Option[]; anyLabel: string; value: string }) {
  const id = `filter-${name}`;
  return (
    <div className="min-w-36">
      <label htmlFor={id} className="label">
        {label}
      </label>
      <select id={id} name={name} className="input" defaultValue={value}>
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A drop-down of checkboxes for a multi-valued parameter (stage=…&stage=…). */
function CheckboxMenu({ name, label, summary, children }: { name: string; label: string; summary: string; children: ReactNode }) {
  return (
    <div className="min-w-36">
      <span className="label" id={`filter-${name}-label`}>
        {label}
      </span>
      <details className="relative">
        <summary className="input cursor-pointer list-none select-none" aria-labelledby={`filter-${name}-label`}>
          {summary}
        </summary>
        <fieldset className="absolute z-20 mt-1 max-h-80 w-56 overflow-auto rounded-md border border-gray-200 bg-white p-2 shadow-lg">
          <legend className="sr-only">{label}</legend>
          {children}
        </fieldset>
      </details>
    </div>
  );
}

function DayRangeInputs({ label, fromName, toName, params }: { label: string; fromName: string; toName: string; params: URLSearchParams }) {
  return (
    <fieldset>
      <legend className="label">{label}</legend>
      <div className="flex items-center gap-1">
        <input type="date" name={fromName} className="input" aria-label={`${label}${t("lists.filterFrom")}`} defaultValue={params.get(fromName) ?? ""} />
        <span className="text-gray-500">{t("lists.filterTo")}</span>
        <input type="date" name={toName} className="input" aria-label={`${label}${t("lists.filterTo")}`} defaultValue={params.get(toName) ?? ""} />
      </div>
    </fieldset>
  );
}

const MORE_PARAMS = ["amountMin", "amountMax", "createdFrom", "createdTo", "signedFrom", "signedTo", "enteredFrom", "enteredTo"];

export function ProjectFilterBar({ options, kanban }: { options: ProjectFilterOptions; kanban: boolean }) {
  const [params] = useSearchParams();
  const { search } = useLocation();
  const stages = params.getAll("stage");
  const warnings = params.getAll("warning");
  const moreOpen = MORE_PARAMS.some((p) => params.get(p));
  const submit = useSubmit();
  return (
    // Re-mounted when the URL changes (a saved view applied, 重置), so the fields show it.
    // With script, empty fields are left out of the URL; without, the plain GET works too.
    <Form
      key={search}
      method="get"
      action="/projects"
      className="no-print card space-y-3"
      role="search"
      aria-label={t("lists.filtersLabel")}
      onSubmit={(event) => {
        event.preventDefault();
        const query = new URLSearchParams();
        for (const [name, value] of new FormData(event.currentTarget)) {
          if (typeof value === "string" && value.trim() !== "") query.append(name, value.trim());
        }
        submit(query, { method: "get", action: "/projects" });
      }}
    >
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-56 flex-1">
          <label htmlFor="filter-q" className="label">
            {t("lists.filterQ")}
          </label>
          <input id="filter-q" name="q" type="search" className="input" defaultValue={params.get("q") ?? ""} placeholder={t("lists.filterQPlaceholder")} />
        </div>
        <Select name="region" label={t("lists.filterRegion")} options={options.regions} anyLabel={t("lists.filterAll")} value={params.get("region") ?? ""} />
        <Select name="chain" label={t("lists.filterChain")} options={options.chains} anyLabel={t("lists.filterAll")} value={params.get("chain") ?? ""} />
        <CheckboxMenu
          name="stage"
          label={t("lists.filterStage")}
          summary={stages.length === 0 ? t("lists.filterStageAny") : stages.length === 1 ? t(stageLabelKey(stages[0] as StageCode)) : t("lists.filterStageCount", { count: stages.length })}
        >
          {options.stages.map((stage) => (
            <label key={stage} className="flex items-center gap-2 rounded px-1 py-0.5 text-sm hover:bg-gray-50">
              <input type="checkbox" name="stage" value={stage} defaultChecked={stages.includes(stage)} />
              {t(stageLabelKey(stage))}
            </label>
          ))}
        </CheckboxMenu>
        <CheckboxMenu
          name="warning"
          label={t("lists.filterWarning")}
          summary={
            warnings.length === 0
              ? t("lists.filterWarningAny")
              : warnings.length === 1 && (WARNING_LEVELS as readonly string[]).includes(warnings[0]!)
                ? t(warningLabelKey(warnings[0] as (typeof WARNING_LEVELS)[number]))
                : t("lists.filterWarningCount", { count: warnings.length })
          }
        >
          {[...WARNING_LEVELS].reverse().map((level) => (
            <label key={level} className="flex items-center gap-2 rounded px-1 py-0.5 text-sm hover:bg-gray-50">
              <input type="checkbox" name="warning" value={level} defaultChecked={warnings.includes(level)} />
              <WarningDot level={level} />
              {t(warningLabelKey(level))}
            </label>
          ))}
        </CheckboxMenu>
        <Select name="leader" label={t("lists.filterLeader")} options={options.leaders} anyLabel={t("lists.filterAll")} value={params.get("leader") ?? ""} />
        <Select name="officer" label={t("lists.filterOfficer")} options={options.officers} anyLabel={t("lists.filterAll")} value={params.get("officer") ?? ""} />
        <Select
          name="key"
          label={t("lists.filterKey")}
          options={[
            { value: "1", label: t("lists.filterKeyOnly") },
            { value: "0", label: t("lists.filterKeyNot") },
          ]}
          anyLabel={t("lists.filterAll")}
          value={params.get("key") ?? ""}
        />
      </div>
      <details open={moreOpen}>
        <summary className="cursor-pointer text-sm text-blue-700">{t("lists.filterMore")}</summary>
        <div className="mt-2 flex flex-wrap items-end gap-4">
          <fieldset>
            <legend className="label">{t("lists.filterAmount")}</legend>
            <div className="flex items-center gap-1">
              <input
                type="number"
                name="amountMin"
                min={0}
                step="any"
                inputMode="decimal"
                className="input w-28"
                aria-label={`${t("lists.filterAmount")}${t("lists.filterAmountMin")}`}
                placeholder={t("lists.filterAmountMin")}
                defaultValue={params.get("amountMin") ?? ""}
              />
              <span className="text-gray-500">{t("lists.filterTo")}</span>
              <input
                type="number"
                name="amountMax"
                min={0}
                step="any"
                inputMode="decimal"
                className="input w-28"
                aria-label={`${t("lists.filterAmount")}${t("lists.filterAmountMax")}`}
                placeholder={t("lists.filterAmountMax")}
                defaultValue={params.get("amountMax") ?? ""}
              />
            </div>
          </fieldset>
          <DayRangeInputs label={t("lists.filterCreated")} fromName="createdFrom" toName="createdTo" params={params} />
          <DayRangeInputs label={t("lists.filterSigned")} fromName="signedFrom" toName="signedTo" params={params} />
          <DayRangeInputs label={t("lists.filterEntered")} fromName="enteredFrom" toName="enteredTo" params={params} />
        </div>
      </details>
      {/* The view, sorting, page size, a chain link and a cockpit metric survive a new filter; the page goes back to 1. */}
      {kanban ? <input type="hidden" name="view" value="kanban" /> : null}
      {["sort", "dir", "pageSize", "link", ...METRIC_DRILL_PARAMS].map((name) => (params.get(name) ? <input key={name} type="hidden" name={name} value={params.get(name) ?? ""} /> : null))}
      <div className="flex gap-2">
        <button type="submit" className="btn-primary">
          {t("lists.filterSubmit")}
        </button>
        <Link to={kanban ? "/projects?view=kanban" : "/projects"} className="btn-secondary">
          {t("common.reset")}
        </Link>
      </div>
    </Form>
  );
}
