// 安商稳商 /aftercare (pipeline:read): the landed firms in the user's scope — last visit, the visit
// clock against the mechanism's cadence, the red flags of the latest visit — worst first, with
// filters for overdue visits and flagged firms.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { EmptyState, Pager, ResultCount } from "#app/components/ui/list-controls";
import { WarningDot } from "#app/components/warning-dot";
import { redFlagLabelKey, redFlagLevel } from "#app/domain/aftercare";
import { stageLabelKey } from "#app/domain/stages";
import { shanghaiDay } from "#app/domain/workdays";
import { t } from "#app/i18n";
import { AFTERCARE_FILTERS, listLandedFirms, type AftercareFilter } from "#app/models/aftercare.server";
import { requireUser } from "#app/utils/auth.server";
import { readListParams, withParams } from "#app/utils/list-params";

export const meta: MetaFunction = () => [{ title: `${t("alerts.aftercareTitle")} - ${t("common.appName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:read" });
  const params = new URL(request.url).searchParams;
  const filterParam = params.get("filter") ?? "all";
  const filter: AftercareFilter = (AFTERCARE_FILTERS as readonly string[]).includes(filterParam) ? (filterParam as AftercareFilter) : "all";
  const list = readListParams(params, ["risk"] as const, { sort: "risk", dir: "desc" });
  const { total, counts, rows } = await listLandedFirms(user, { filter, skip: list.skip, take: list.pageSize });
  return json({
    filter,
    counts,
    total,
    page: list.page,
    pageSize: list.pageSize,
    rows: rows.map((r) => ({
      ...r,
      stageLabel: t(stageLabelKey(r.stage)),
      lastVisit: r.lastVisitAt ? shanghaiDay(r.lastVisitAt) : null,
      flagLabels: r.flags.map((f) => ({ flag: f, label: t(redFlagLabelKey(f)), red: redFlagLevel(f) === "RED" })),
    })),
  });
}

export default function AftercarePage() {
  const data = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t("alerts.aftercareTitle")}</h1>
        <p className="mt-1 max-w-3xl text-sm text-gray-600">{t("alerts.aftercareIntro")}</p>
      </div>
      <nav className="flex flex-wrap gap-2" aria-label={t("common.filter")}>
        {AFTERCARE_FILTERS.map((f) => (
          <Link
            key={f}
            to={withParams(searchParams, { filter: f === "all" ? null : f })}
            className={data.filter === f ? "btn-primary" : "btn-secondary"}
            aria-current={data.filter === f ? "page" : undefined}
          >
            {t(`alerts.aftercareFilter_${f}`, { count: data.counts[f] })}
          </Link>
        ))}
      </nav>
      <div className="card overflow-x-auto p-0">
        {data.rows.length === 0 ? (
          <EmptyState>{t("alerts.aftercareEmpty")}</EmptyState>
        ) : (
          <table className="data-table" data-testid="aftercare-list">
            <thead>
              <tr>
                <th scope="col">{t("alerts.aftercareFirm")}</th>
                <th scope="col">{t("alerts.aftercareProject")}</th>
                <th scope="col">{t("alerts.aftercareRegion")}</th>
                <th scope="col">{t("alerts.aftercareStage")}</th>
                <th scope="col">{t("alerts.aftercareOfficer")}</th>
                <th scope="col">{t("alerts.aftercareLastVisit")}</th>
                <th scope="col">{t("alerts.aftercareRedFlags")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {data.rows.map((r) => (
                <tr key={r.projectId} data-testid="aftercare-row">
                  <td>
                    <Link to={`/aftercare/${r.projectId}`} className="font-medium text-blue-700 hover:underline">
                      {r.companyName}
                    </Link>
                    {r.isKey ? <span className="ml-1 rounded bg-red-50 px-1.5 text-xs text-red-800">{t("alerts.keyFirm")}</span> : null}
                  </td>
                  <td className="text-xs">
                    <span className="font-mono text-gray-500">{r.code}</span> {r.projectName}
                  </td>
                  <td>{r.regionName}</td>
                  <td>{r.stageLabel}</td>
                  <td>{r.officerName ?? "—"}</td>
                  <td>
                    <span className="inline-flex items-center gap-1.5">
                      <WarningDot level={r.visitLevel} />
                      <span>{r.lastVisit ?? t("alerts.neverVisited")}</span>
                    </span>
                    <p className={`text-xs ${r.overdue ? "text-red-700" : "text-gray-500"}`}>
                      {r.overdue ? t("alerts.visitOverdue", { days: r.daysSince, cadence: r.cadenceDays ?? 0 }) : t("alerts.visitDaysSince", { days: r.daysSince, cadence: r.cadenceDays ?? 0 })}
                    </p>
                  </td>
                  <td>
                    {r.flagLabels.length === 0 ? (
                      <span className="text-xs text-gray-400">{t("alerts.noRedFlags")}</span>
                    ) : (
                      <span className="flex flex-wrap gap-1">
                        {r.flagLabels.map((f) => (
                          <span key={f.flag} className={`rounded px-1.5 py-0.5 text-xs ${f.red ? "bg-red-100 text-red-800" : "bg-amber-100 text-amber-800"}`}>
                            {f.label}
                          </span>
                        ))}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <ResultCount total={data.total} />
        <Pager total={data.total} page={data.page} pageSize={data.pageSize} />
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
