// /problems — 问题督办 (DESIGN §5): problems by status, 办理中 first with the most overdue on top;
// filters (status, category, department, region, overdue level, text), paging and counts; for
// officers and leaders a line per department (督办 by department). Department staff get their
// department's inbox here and nothing else.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { Badge, Notice, useDoneNotice, workdaysLeftText } from "#app/components/problem-ui";
import { EmptyState, Pager, ResultCount } from "#app/components/ui/list-controls";
import { WarningDot } from "#app/components/warning-dot";
import { PROBLEM_CATEGORIES, PROBLEM_STATUSES, problemCategoryLabelKey, problemStatusLabelKey, type ProblemStatus } from "#app/domain/problem-status";
import { warningLabelKey, type WarningLevel } from "#app/domain/warnings";
import { t } from "#app/i18n";
import { canSeeProblems, listProblems, problemListOptions } from "#app/models/problem.server";
import { PROBLEM_LEVEL_FILTERS, readProblemFilters } from "#app/schemas/problem";
import { requireUser } from "#app/utils/auth.server";
import { readListParams, withParams } from "#app/utils/list-params";
import { forbidden } from "#app/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("problems.listTitle")} - ${t("common.appName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!canSeeProblems(user)) throw forbidden();
  const params = new URL(request.url).searchParams;
  const filters = readProblemFilters(params);
  const paging = readListParams(params, ["urgency"] as const, { sort: "urgency", dir: "asc", pageSize: 50 });
  const isDepartment = user.role === "DEPT_STAFF";
  const [result, options] = await Promise.all([listProblems(user, filters, { skip: paging.skip, take: paging.pageSize }), problemListOptions(user)]);
  return json({
    ...result,
    filters,
    page: paging.page,
    pageSize: paging.pageSize,
    options,
    isDepartment,
    departmentName: options.ownDepartment,
  });
}

const STATUS_TABS: readonly ProblemStatus[] = ["IN_PROGRESS", "PENDING", "RESOLVED", "CLOSED"];

export default function ProblemsPage() {
  const data = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const notice = useDoneNotice({ RETURN: t("problems.doneRETURN") });
  const f = data.filters;
  const activeStatus = f.status.length === 1 ? f.status[0] : null;
  const filtered = f.category.length > 0 || !!f.departmentId || !!f.regionId || f.level.length > 0 || !!f.q || f.status.length > 0;
  const allCount = PROBLEM_STATUSES.reduce((sum, s) => sum + data.statusCounts[s], 0);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">{data.isDepartment ? t("problems.inboxTitle", { department: data.departmentName ?? "" }) : t("problems.listTitle")}</h1>
          <p className="mt-1 text-sm text-gray-600">{data.isDepartment ? t("problems.inboxIntro") : t("problems.listIntro")}</p>
        </div>
        <a href={`/problems/export${search}`} className="btn-secondary" title={t("exports.linkHint")} data-testid="problems-export" download>
          {t("exports.excelLink")}
        </a>
      </div>
      {notice ? <Notice>{notice}</Notice> : null}

      <nav aria-label={t("problems.statusTabs")} className="-mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0">
        <ul className="flex gap-1 border-b border-gray-200 whitespace-nowrap">
          <li>
            <Link to={withParams(search, { status: null, level: null })} aria-current={!activeStatus && f.level.length === 0 ? "page" : undefined} className={tabClass(!activeStatus && f.level.length === 0)}>
              {t("problems.tabAll")} <span className="tabular-nums">{allCount}</span>
            </Link>
          </li>
          {STATUS_TABS.filter((s) => !data.isDepartment || s !== "PENDING").map((s) => (
            <li key={s}>
              <Link to={withParams(search, { status: s, level: null })} aria-current={activeStatus === s && f.level.length === 0 ? "page" : undefined} className={tabClass(activeStatus === s && f.level.length === 0)} data-testid={`tab-${s}`}>
                {t(problemStatusLabelKey(s))} <span className="tabular-nums">{data.statusCounts[s]}</span>
              </Link>
            </li>
          ))}
          <li>
            <Link to={withParams(search, { status: null, level: "RED" })} aria-current={f.level.length === 1 && f.level[0] === "RED" ? "page" : undefined} className={`${tabClass(f.level.length === 1 && f.level[0] === "RED")} text-red-700`} data-testid="tab-overdue">
              {t("problems.tabOverdue")} <span className="tabular-nums">{data.overdue}</span>
            </Link>
          </li>
        </ul>
      </nav>

      <Form method="get" className="card grid gap-3 sm:grid-cols-2 lg:grid-cols-6" role="search" aria-label={t("problems.filtersLabel")}>
        {f.status.map((s) => (
          <input key={s} type="hidden" name="status" value={s} />
        ))}
        <div className="lg:col-span-2">
          <label htmlFor="problems-q" className="label">
            {t("problems.filterQ")}
          </label>
          <input id="problems-q" name="q" type="search" defaultValue={f.q ?? ""} className="input min-h-11" placeholder={t("problems.filterQHint")} />
        </div>
        <FilterSelect id="problems-category" name="category" label={t("problems.fieldCategory")} value={f.category[0] ?? ""} options={PROBLEM_CATEGORIES.map((c) => ({ value: c, label: t(problemCategoryLabelKey(c)) }))} />
        {!data.isDepartment ? (
          <>
            <FilterSelect id="problems-department" name="department" label={t("problems.fieldDepartment")} value={f.departmentId ?? ""} options={data.options.departments} />
            <FilterSelect id="problems-region" name="region" label={t("problems.projectRegion")} value={f.regionId ?? ""} options={data.options.regions} />
          </>
        ) : null}
        <FilterSelect id="problems-level" name="level" label={t("problems.filterLevel")} value={f.level[0] ?? ""} options={PROBLEM_LEVEL_FILTERS.map((l) => ({ value: l, label: t(warningLabelKey(l)) }))} />
        <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-6">
          <button type="submit" className="btn-primary min-h-11 px-6">
            {t("common.filter")}
          </button>
          {filtered ? (
            <Link to="/problems" className="btn-secondary min-h-11">
              {t("common.reset")}
            </Link>
          ) : null}
        </div>
      </Form>

      {data.byDepartment && data.byDepartment.length ? (
        <details className="card" open={!f.departmentId}>
          <summary className="min-h-11 cursor-pointer font-medium">{t("problems.byDepartmentTitle")}</summary>
          <div className="mt-2 overflow-x-auto">
            <table className="data-table" data-testid="by-department">
              <thead>
                <tr>
                  <th scope="col">{t("problems.fieldDepartment")}</th>
                  <th scope="col">{t("landing.problemStatus_PENDING")}</th>
                  <th scope="col">{t("landing.problemStatus_IN_PROGRESS")}</th>
                  <th scope="col">{t("problems.colOverdue")}</th>
                  <th scope="col">{t("problems.colAwaitingClose")}</th>
                  <th scope="col">{t("landing.problemStatus_CLOSED")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-gray-100">
                {data.byDepartment.map((d) => (
                  <tr key={d.departmentId ?? "none"}>
                    <th scope="row" className="font-normal">
                      {d.departmentId ? (
                        <Link to={withParams(search, { department: d.departmentId })} className="text-blue-700 hover:underline">
                          {d.name}
                        </Link>
                      ) : (
                        d.name
                      )}
                    </th>
                    <td className="tabular-nums">{d.pending}</td>
                    <td className="tabular-nums">{d.inProgress}</td>
                    <td className={`tabular-nums ${d.overdue ? "font-medium text-red-700" : ""}`}>{d.overdue}</td>
                    <td className="tabular-nums">{d.resolved}</td>
                    <td className="tabular-nums">{d.closed}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}

      <div className="flex flex-wrap items-center justify-between gap-2">
        <ResultCount total={data.total} />
        <Pager total={data.total} page={data.page} pageSize={data.pageSize} />
      </div>
      {data.rows.length === 0 ? (
        <div className="card">
          <EmptyState>{filtered ? t("problems.emptyFiltered") : data.isDepartment ? t("problems.inboxEmpty") : t("problems.empty")}</EmptyState>
        </div>
      ) : (
        <>
          {/* Phones: one card per problem; wider screens: the table. */}
          <ul className="space-y-2 sm:hidden" data-testid="problems-cards">
            {data.rows.map((r) => (
              <li key={r.id} className="card flex gap-3 p-3" data-status={r.status} data-level={r.level}>
                <WarningDot level={r.level} className="mt-1.5" />
                <div className="min-w-0 grow space-y-1">
                  <Link to={`/problems/${r.id}`} className="block min-h-6 font-medium break-words text-blue-700 hover:underline">
                    {r.title}
                  </Link>
                  <p className="flex flex-wrap items-center gap-1.5 text-xs text-gray-600">
                    <Badge level={statusLevel(r)}>{r.statusLabel}</Badge>
                    <span>{r.categoryLabel}</span>
                    <span>{r.department ?? t("problems.unassigned")}</span>
                  </p>
                  <p className="text-xs break-words text-gray-600">
                    {r.project.code} {r.project.name} · {r.project.regionName}
                  </p>
                  {r.deadline ? (
                    <p className={`text-xs ${r.overdue ? "font-medium text-red-700" : "text-gray-600"}`}>
                      {t("problems.deadlineOn", { date: r.deadline })} {workdaysLeftText(r.daysLeft)}
                    </p>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        <div className="hidden overflow-x-auto rounded-lg border border-gray-200 bg-white sm:block">
          <table className="data-table" data-testid="problems-table">
            <caption className="sr-only">{t("problems.tableCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span className="sr-only">{t("problems.colLevel")}</span>
                </th>
                <th scope="col">{t("problems.colProblem")}</th>
                <th scope="col">{t("problems.colProject")}</th>
                <th scope="col">{t("problems.colStatus")}</th>
                <th scope="col">{t("problems.fieldDepartment")}</th>
                <th scope="col">{t("problems.colDeadline")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {data.rows.map((r) => (
                <tr key={r.id} className="hover:bg-gray-50" data-status={r.status} data-level={r.level}>
                  <td>
                    <WarningDot level={r.level} className="mt-1" />
                  </td>
                  <td className="min-w-56">
                    <Link to={`/problems/${r.id}`} className="font-medium text-blue-700 hover:underline">
                      {r.title}
                    </Link>
                    <p className="text-xs text-gray-500">
                      <span className="font-mono">{r.code}</span> · {r.categoryLabel} · {t("problems.reportedOn", { date: r.reportedOn })}
                    </p>
                  </td>
                  <td className="min-w-48">
                    <span className="font-mono text-xs">{r.project.code}</span> {r.project.name}
                    <p className="text-xs text-gray-500">
                      {r.project.companyName} · {r.project.regionName} · {r.project.stageLabel}
                    </p>
                  </td>
                  <td className="whitespace-nowrap">
                    <Badge level={statusLevel(r)}>{r.statusLabel}</Badge>
                  </td>
                  <td className="whitespace-nowrap">
                    {r.department ?? <span className="text-gray-400">{t("problems.unassigned")}</span>}
                    {r.assignee ? <p className="text-xs text-gray-500">{r.assignee}</p> : null}
                  </td>
                  <td className="whitespace-nowrap tabular-nums">
                    {r.deadline ?? "—"}
                    {r.daysLeft !== null ? <p className={`text-xs ${r.overdue ? "font-medium text-red-700" : "text-gray-500"}`}>{workdaysLeftText(r.daysLeft)}</p> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        </>
      )}
      <div className="flex justify-end">
        <Pager total={data.total} page={data.page} pageSize={data.pageSize} />
      </div>
    </div>
  );
}

/** The badge colour of a status: overdue red, open yellow, awaiting 销号 blue, closed grey. */
function statusLevel(r: { status: string; overdue: boolean }): WarningLevel {
  return r.status === "CLOSED" ? "NONE" : r.overdue ? "RED" : r.status === "RESOLVED" ? "BLUE" : "YELLOW";
}

function tabClass(active: boolean): string {
  return `inline-flex min-h-11 items-center gap-1 border-b-2 px-3 text-sm ${active ? "border-red-700 font-semibold text-red-800" : "border-transparent text-gray-600 hover:text-gray-900"}`;
}

function FilterSelect({ id, name, label, value, options }: { id: string; name: string; label: string; value: string; options: { value: string; label: string }[] }) {
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value} className="input min-h-11">
        <option value="">{t("problems.any")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
