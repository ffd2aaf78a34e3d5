// /cockpit/targets — 目标任务 (issue 5 item 2): the city's annual plan per region and metric (the
// "235" plan: new firms, output, key projects …), with each cell's progress computed live. City
// officers set it (permission target:edit; every change audited, stale cells refused with 409);
// everyone with the cockpit reads it for their scope.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FigureLink, percent } from "#app/components/cockpit/figure-link";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { TARGET_METRICS, TARGET_METRIC_UNITS, scheduleShare, shanghaiYear, yearPeriod, type TargetMetric } from "#app/domain/metrics";
import { t } from "#app/i18n";
import { targetFigure } from "#app/models/cockpit.server";
import { regionMetrics, scopeUnits } from "#app/models/metrics.server";
import { saveTargets, targetsForYear } from "#app/models/target.server";
import { parseTargetsForm, targetFieldName } from "#app/schemas/target";
import { requireUser } from "#app/utils/auth.server";
import { now } from "#app/utils/clock";
import { hasPermission } from "#app/utils/permissions.server";
import { requestMeta } from "#app/utils/request-meta.server";

export const meta: MetaFunction = () => [{ title: `${t("cockpit.targetsPageTitle")} - ${t("common.appName")}` }];

function yearOf(request: Request): { year: number; years: number[] } {
  const thisYear = shanghaiYear(now());
  const years = [thisYear + 1, thisYear, thisYear - 1, thisYear - 2];
  const requested = Number(new URL(request.url).searchParams.get("year"));
  return { year: years.includes(requested) ? requested : thisYear, years };
}

function unitLabel(metric: TargetMetric): string {
  const unit = TARGET_METRIC_UNITS[metric];
  return unit === "WAN" ? "万元" : unit === "FIRMS" ? t("cockpit.unitFirms") : unit === "PEOPLE" ? t("cockpit.unitPeople") : t("cockpit.unitGe");
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "cockpit:read" });
  const { year, years } = yearOf(request);
  const report = await regionMetrics(user, { period: yearPeriod(year) });
  const scopeRegionId = report.scopeRegionIds.length === 1 ? (report.scopeRegionIds[0] as string) : null;
  const rows = [
    ...(scopeRegionId && !report.units.some((u) => u.regionId === scopeRegionId) ? [{ regionId: scopeRegionId, name: t("cockpit.wholeScope", { name: report.scopeName }), metrics: report.total }] : []),
    ...report.units.map((u) => ({ regionId: u.regionId as string, name: u.regionName, metrics: u })),
  ];
  const targets = await targetsForYear(year, rows.map((r) => r.regionId));
  const saved = Number(new URL(request.url).searchParams.get("saved"));
  return json({
    year,
    years,
    canEdit: hasPermission(user, "target:edit"),
    schedule: scheduleShare(year, now()),
    saved: Number.isInteger(saved) && saved >= 0 && new URL(request.url).searchParams.has("saved") ? saved : null,
    metrics: TARGET_METRICS.map((m) => ({ metric: m, label: t(`cockpit.metric_${m}`), unit: unitLabel(m), wan: TARGET_METRIC_UNITS[m] === "WAN" })),
    rows: rows.map((r) => ({
      regionId: r.regionId,
      name: r.name,
      cells: Object.fromEntries(
        TARGET_METRICS.map((m) => {
          const row = targets.get(r.regionId)?.[m];
          const actual = targetFigure(r.metrics, m);
          return [m, { value: row ? String(row.value) : "", version: row?.version ?? null, actual, progress: row && row.value > 0 ? actual.value / row.value : null }];
        }),
      ) as Record<TargetMetric, { value: string; version: number | null; actual: { value: number; listTotal: number; href: string }; progress: number | null }>,
    })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "target:edit" });
  const form = await request.formData();
  const scope = await scopeUnits(user);
  const allowed = new Set([...scope.scopeRegionIds, ...scope.units.map((u) => u.id)]);
  const values = Object.fromEntries([...form.entries()].filter(([k, v]) => k.startsWith("v.") && typeof v === "string")) as Record<string, string>;
  const parsed = parseTargetsForm(form, allowed);
  if (!parsed.ok) return json({ errors: parsed.errors, message: null, values }, { status: 400 });
  const result = await saveTargets(user, parsed.year, parsed.changed, requestMeta(request));
  if (result.ok) return redirect(`/cockpit/targets?year=${parsed.year}&saved=${result.changed}`);
  const names = new Map([...scope.units.map((u) => [u.id, u.name] as const), ...scope.scopeRegionIds.map((id) => [id, scope.scopeName] as const)]);
  const cells = result.conflicts
    .map((c) => t("cockpit.staleCell", { region: names.get(c.regionId) ?? "", metric: t(`cockpit.metric_${c.metric}`), current: c.current === null ? t("cockpit.staleCleared") : String(c.current) }))
    .join("、");
  return json({ errors: {}, message: t("cockpit.staleTargets", { cells }), values }, { status: 409 });
}

export default function TargetsPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const saving = navigation.state === "submitting";
  const typed = actionData?.values ?? null;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">{t("cockpit.targetsPageTitle")}</h1>
          <p className="mt-1 max-w-3xl text-sm text-gray-600">{data.canEdit ? t("cockpit.targetsPageIntro") : t("cockpit.targetsReadOnly")}</p>
          <p className="text-sm text-gray-600">{t("cockpit.targetsSchedule", { percent: percent(data.schedule) })}</p>
        </div>
        <div className="no-print flex items-end gap-2">
          <Form method="get" className="flex items-end gap-2">
            <select name="year" defaultValue={data.year} className="input w-28" aria-label={t("cockpit.yearLabel")}>
              {data.years.map((y) => (
                <option key={y} value={y}>
                  {t("cockpit.yearOption", { year: y })}
                </option>
              ))}
            </select>
            <button type="submit" className="btn-secondary">
              {t("cockpit.show")}
            </button>
          </Form>
          <Link to={`/cockpit?year=${data.year}`} className="btn-secondary">
            {t("cockpit.title")}
          </Link>
        </div>
      </div>

      {data.saved !== null && !actionData ? (
        <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">
          {data.saved > 0 ? t("cockpit.saved", { count: data.saved }) : t("cockpit.savedNothing")}
        </p>
      ) : null}
      {actionData?.message ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {actionData.message}
        </p>
      ) : null}

      <Form method="post" className="space-y-3">
        <input type="hidden" name="year" value={data.year} />
        <div className="overflow-x-auto rounded-lg border border-gray-200 bg-white">
          <table className="data-table" data-testid="targets-table">
            <thead>
              <tr>
                <th scope="col">{t("cockpit.colRegion")}</th>
                {data.metrics.map((m) => (
                  <th key={m.metric} scope="col">
                    {m.label}
                    <span className="ml-1 text-xs font-normal text-gray-500">（{m.unit}）</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {data.rows.map((r) => (
                <tr key={r.regionId} data-region={r.name}>
                  <th scope="row" className="text-left font-medium whitespace-nowrap">
                    {r.name}
                  </th>
                  {data.metrics.map((m) => {
                    const cell = r.cells[m.metric];
                    const name = targetFieldName("v", r.regionId, m.metric);
                    const error = actionData?.errors && (actionData.errors as Record<string, string>)[name];
                    return (
                      <td key={m.metric} className="min-w-28 align-top">
                        {data.canEdit ? (
                          <>
                            <input
                              name={name}
                              defaultValue={typed?.[name] ?? cell.value}
                              inputMode="decimal"
                              className="input w-28 text-right"
                              aria-label={`${r.name} ${m.label}（${m.unit}）`}
                              aria-invalid={error ? true : undefined}
                            />
                            <input type="hidden" name={targetFieldName("o", r.regionId, m.metric)} value={cell.value} />
                            <input type="hidden" name={targetFieldName("ver", r.regionId, m.metric)} value={cell.version ?? ""} />
                            {error ? <p className="field-error">{error}</p> : null}
                          </>
                        ) : (
                          <span className="tabular-nums">{cell.value || t("cockpit.none")}</span>
                        )}
                        <p className="mt-1 text-xs whitespace-nowrap text-gray-600">
                          {t("cockpit.colActual")} <FigureLink figure={cell.actual} format={m.wan ? "wan" : "count"} />
                          {cell.progress !== null ? <span className={cell.progress < data.schedule ? "ml-1 text-amber-700" : "ml-1 text-green-700"}>{percent(cell.progress)}</span> : null}
                        </p>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {data.canEdit ? (
          <button type="submit" className="btn-primary" disabled={saving}>
            {t("cockpit.save")}
          </button>
        ) : null}
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
