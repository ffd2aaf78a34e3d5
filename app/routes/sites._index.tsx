// /sites — 选址载体: the carriers in the user's scope with their availability (空置 / 意向 by which
// project / 已签 / 已入驻), filtered by region or park, kind, status, minimum area and power;
// sorted, paged, bookmarkable. A project holding a carrier is named only when it is in the
// user's scope; otherwise the row says 已被其他项目预留.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { Availability } from "#app/components/site-availability";
import { PagedTable, SortHeader } from "#app/components/ui/list-controls";
import { SITE_KINDS, SITE_STATUSES } from "#app/domain/site-reservation";
import { t } from "#app/i18n";
import { listSites, SITE_SORT_KEYS, siteFilterOptions } from "#app/models/site.server";
import { readSiteFilters } from "#app/schemas/site";
import { requireUser } from "#app/utils/auth.server";
import { readListParams } from "#app/utils/list-params";
import { hasPermission } from "#app/utils/permissions.server";
import { siteKindLabel, siteStatusLabel } from "#app/utils/site-display";

export const meta: MetaFunction = () => [{ title: `${t("sites.listTitle")} - ${t("common.appName")}` }];

const FILTER_KEYS = ["q", "region", "kind", "status", "minSqm", "minMu", "minKva"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:read" });
  const params = new URL(request.url).searchParams;
  const filters = readSiteFilters(params);
  const list = readListParams(params, SITE_SORT_KEYS, { sort: "region", dir: "asc" });
  const [{ total, rows }, options] = await Promise.all([listSites(user, filters, list), siteFilterOptions(user)]);
  return json({
    total,
    rows,
    page: list.page,
    pageSize: list.pageSize,
    sort: list.sort,
    dir: list.dir,
    options,
    canCreate: hasPermission(user, "pipeline:write"),
    notice: params.get("notice") === "deleted" ? t("sites.noticeDeleted") : null,
  });
}

export default function SitesPage() {
  const data = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const filtered = FILTER_KEYS.some((k) => searchParams.get(k));
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">{t("sites.listTitle")}</h1>
          <p className="mt-1 max-w-3xl text-sm text-gray-600">{t("sites.listIntro")}</p>
        </div>
        {data.canCreate ? (
          <Link to="/sites/new" className="btn-primary min-h-11">
            {t("sites.newSite")}
          </Link>
        ) : null}
      </div>

      {data.notice ? (
        <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800" role="status" data-testid="notice">
          {data.notice}
        </p>
      ) : null}

      <Form method="get" className="card grid gap-3 sm:grid-cols-2 lg:grid-cols-4" role="search" aria-label={t("common.filter")}>
        <div className="sm:col-span-2">
          <label htmlFor="filter-q" className="label">
            {t("sites.searchLabel")}
          </label>
          <input id="filter-q" name="q" type="search" className="input" defaultValue={searchParams.get("q") ?? ""} placeholder={t("sites.searchPlaceholder")} />
        </div>
        <div>
          <label htmlFor="filter-region" className="label">
            {t("sites.field_regionId")}
          </label>
          <select id="filter-region" name="region" className="input" defaultValue={searchParams.get("region") ?? ""}>
            <option value="">{t("sites.anyRegion")}</option>
            {data.options.regions.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-kind" className="label">
            {t("sites.field_kind")}
          </label>
          <select id="filter-kind" name="kind" className="input" defaultValue={searchParams.get("kind") ?? ""}>
            <option value="">{t("sites.anyKind")}</option>
            {SITE_KINDS.map((k) => (
              <option key={k} value={k}>
                {siteKindLabel(k)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-status" className="label">
            {t("sites.availability")}
          </label>
          <select id="filter-status" name="status" className="input" defaultValue={searchParams.get("status") ?? ""}>
            <option value="">{t("sites.anyStatus")}</option>
            {SITE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {siteStatusLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-min-sqm" className="label">
            {t("sites.minSqm")}
          </label>
          <input id="filter-min-sqm" name="minSqm" type="number" inputMode="decimal" min={0} step="any" className="input" defaultValue={searchParams.get("minSqm") ?? ""} />
        </div>
        <div>
          <label htmlFor="filter-min-mu" className="label">
            {t("sites.minMu")}
          </label>
          <input id="filter-min-mu" name="minMu" type="number" inputMode="decimal" min={0} step="any" className="input" defaultValue={searchParams.get("minMu") ?? ""} />
        </div>
        <div>
          <label htmlFor="filter-min-kva" className="label">
            {t("sites.minKva")}
          </label>
          <input id="filter-min-kva" name="minKva" type="number" inputMode="decimal" min={0} step="any" className="input" defaultValue={searchParams.get("minKva") ?? ""} />
        </div>
        {searchParams.get("sort") ? <input type="hidden" name="sort" value={data.sort} /> : null}
        {searchParams.get("dir") ? <input type="hidden" name="dir" value={data.dir} /> : null}
        <div className="flex items-end gap-2">
          <button type="submit" className="btn-primary min-h-11">
            {t("common.filter")}
          </button>
          <Link to="/sites" className="btn-secondary min-h-11">
            {t("common.reset")}
          </Link>
        </div>
      </Form>

      <PagedTable
        list={data}
        rowCount={data.rows.length}
        caption={t("sites.tableCaption")}
        testId="sites-table"
        empty={
          <>
            {filtered ? t("sites.emptyFiltered") : t("sites.emptyList")}
            {data.canCreate && !filtered ? <span className="mt-1 block">{t("sites.emptyListHint")}</span> : null}
          </>
        }
        head={
          <>
            <SortHeader column="name">{t("sites.field_name")}</SortHeader>
            <SortHeader column="kind">{t("sites.field_kind")}</SortHeader>
            <SortHeader column="region">{t("sites.field_regionId")}</SortHeader>
            <SortHeader column="areaSqm">{t("sites.columnArea")}</SortHeader>
            <SortHeader column="powerKva">{t("sites.field_powerKva")}</SortHeader>
            <th scope="col">{t("sites.columnPrice")}</th>
            <SortHeader column="status">{t("sites.availability")}</SortHeader>
            <SortHeader column="updatedAt">{t("sites.updatedAt")}</SortHeader>
          </>
        }
      >
        {data.rows.map((r) => (
          <tr key={r.id} className="hover:bg-gray-50" data-testid="site-row">
            <td className="min-w-48">
              <Link to={`/sites/${r.id}`} className="text-blue-700 hover:underline">
                {r.name}
              </Link>
              {r.address ? <span className="mt-0.5 block text-xs text-gray-500">{r.address}</span> : null}
            </td>
            <td className="whitespace-nowrap">{r.kindLabel}</td>
            <td className="whitespace-nowrap">{r.regionName}</td>
            <td className="whitespace-nowrap tabular-nums">
              {r.area}
              {r.floors ? <span className="block text-xs text-gray-500">{t("sites.floorsShort", { floors: r.floors })}</span> : null}
            </td>
            <td className="whitespace-nowrap tabular-nums">{r.power}</td>
            <td className="whitespace-nowrap text-xs">{r.price ?? "—"}</td>
            <td className="min-w-32">
              <Availability availability={r.availability} />
            </td>
            <td className="whitespace-nowrap tabular-nums">{r.updatedAt}</td>
          </tr>
        ))}
      </PagedTable>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
