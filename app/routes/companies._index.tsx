import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { SavedViews } from "#app/components/saved-views";
import { PagedTable, SortHeader } from "#app/components/ui/list-controls";
import { COMPANY_TAGS, companyTagLabelKey } from "#app/domain/company-name";
import { t } from "#app/i18n";
import { COMPANY_LIST_DEFAULTS, COMPANY_SORT_KEYS, companyFilterOptions, listCompanies } from "#app/models/company.server";
import { listSavedViews } from "#app/models/saved-view.server";
import { COMPANY_FILTER_PARAMS, readCompanyFilters } from "#app/schemas/company";
import { cleanViewQuery } from "#app/schemas/saved-view";
import { requireUser } from "#app/utils/auth.server";
import { formatDateTime } from "#app/utils/datetime";
import { readListParams } from "#app/utils/list-params";
import { hasPermission } from "#app/utils/permissions.server";
import { savedViewAction } from "#app/utils/saved-view-action.server";

/** What a saved view of this list keeps: the filters and the sort. */
const VIEW_PARAMS = [...COMPANY_FILTER_PARAMS, "sort", "dir", "pageSize"] as const;

export const meta: MetaFunction = () => [{ title: `${t("companies.listTitle")} - ${t("common.appName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:read" });
  const params = new URL(request.url).searchParams;
  const filters = readCompanyFilters(params);
  const list = readListParams(params, COMPANY_SORT_KEYS, COMPANY_LIST_DEFAULTS);
  const [{ total, rows }, options, savedViews] = await Promise.all([listCompanies(user, filters, list), companyFilterOptions(), listSavedViews(user, "companies")]);
  return json({
    savedViews,
    currentViewQuery: cleanViewQuery(params.toString(), VIEW_PARAMS),
    total,
    page: list.page,
    pageSize: list.pageSize,
    sort: list.sort,
    dir: list.dir,
    canCreate: hasPermission(user, "pipeline:write"),
    canMerge: hasPermission(user, "pipeline:assign"),
    canSeeChainMap: hasPermission(user, "cockpit:read"),
    options,
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      chainName: r.chainName,
      linkName: r.linkName,
      tags: r.tags.map((tag) => t(companyTagLabelKey(tag))),
      ownerRegionName: r.ownerRegionName,
      inScope: r.inScope,
      uscc: r.uscc,
      projectCount: r.projectCount,
      updatedAt: r.updatedAt ? formatDateTime(r.updatedAt).slice(0, 10) : null,
    })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:read" });
  return savedViewAction(request, user, "companies", VIEW_PARAMS);
}

export default function CompaniesPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [chainId, setChainId] = useState(searchParams.get("chain") ?? "");
  const links = data.options.chains.find((c) => c.id === chainId)?.links ?? [];
  const filtered = COMPANY_FILTER_PARAMS.some((k) => searchParams.get(k));

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">{t("companies.listTitle")}</h1>
          <p className="mt-1 max-w-3xl text-sm text-gray-600">{t("companies.listIntro")}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <a href={`/companies/export${searchParams.size ? `?${searchParams.toString()}` : ""}`} className="btn-secondary" title={t("exports.linkHint")} data-testid="companies-export" download>
            {t("exports.excelLink")}
          </a>
          {data.canSeeChainMap ? (
            <Link to="/cockpit/chains" className="btn-secondary">
              {t("chainMap.openLink")}
            </Link>
          ) : null}
          {data.canMerge ? (
            <Link to="/companies/merge" className="btn-secondary">
              {t("companies.mergeLink")}
            </Link>
          ) : null}
          {data.canCreate ? (
            <Link to="/companies/new" className="btn-primary">
              {t("companies.newCompany")}
            </Link>
          ) : null}
        </div>
      </div>

      <SavedViews
        basePath="/companies"
        views={data.savedViews}
        currentQuery={data.currentViewQuery}
        result={actionData}
      />

      <Form method="get" className="card grid gap-3 sm:grid-cols-2 lg:grid-cols-4" role="search" aria-label={t("common.filter")}>
        <div className="sm:col-span-2">
          <label htmlFor="filter-q" className="label">
            {t("companies.searchLabel")}
          </label>
          <input id="filter-q" name="q" type="search" className="input" defaultValue={searchParams.get("q") ?? ""} placeholder={t("companies.searchPlaceholder")} />
        </div>
        <div>
          <label htmlFor="filter-chain" className="label">
            {t("companies.chain")}
          </label>
          <select id="filter-chain" name="chain" className="input" value={chainId} onChange={(e) => setChainId(e.target.value)}>
            <option value="">{t("companies.anyChain")}</option>
            {data.options.chains.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-link" className="label">
            {t("companies.link")}
          </label>
          <select key={chainId} id="filter-link" name="link" className="input" defaultValue={searchParams.get("link") ?? ""} disabled={!chainId}>
            <option value="">{t("companies.anyLink")}</option>
            {links.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-tag" className="label">
            {t("companies.tags")}
          </label>
          <select id="filter-tag" name="tag" className="input" defaultValue={searchParams.get("tag") ?? ""}>
            <option value="">{t("companies.anyTag")}</option>
            {COMPANY_TAGS.map((tag) => (
              <option key={tag} value={tag}>
                {t(companyTagLabelKey(tag))}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-region" className="label">
            {t("companies.ownerRegion")}
          </label>
          <select id="filter-region" name="region" className="input" defaultValue={searchParams.get("region") ?? ""}>
            <option value="">{t("companies.anyRegion")}</option>
            {data.options.regions.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-landed" className="label">
            {t("companies.landedFilter")}
          </label>
          <select id="filter-landed" name="landed" className="input" defaultValue={searchParams.get("landed") ?? ""}>
            <option value="">{t("companies.anyLanded")}</option>
            <option value="1">{t("companies.landedYes")}</option>
            <option value="0">{t("companies.landedNo")}</option>
          </select>
        </div>
        <div className="flex flex-col justify-end gap-1 text-sm">
          <label className="flex items-center gap-2">
            <input type="checkbox" name="own" value="1" defaultChecked={searchParams.get("own") === "1"} />
            {t("companies.ownScopeOnly")}
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" name="mine" value="1" defaultChecked={searchParams.get("mine") === "1"} />
            {t("companies.mineOnly")}
          </label>
        </div>
        {/* Sorting survives a new filter; the page goes back to 1. */}
        {searchParams.get("sort") ? <input type="hidden" name="sort" value={data.sort} /> : null}
        {searchParams.get("dir") ? <input type="hidden" name="dir" value={data.dir} /> : null}
        <div className="flex items-end gap-2">
          <button type="submit" className="btn-primary">
            {t("common.filter")}
          </button>
          <Link to="/companies" className="btn-secondary">
            {t("common.reset")}
          </Link>
        </div>
      </Form>

      <PagedTable
        list={data}
        rowCount={data.rows.length}
        caption={t("companies.tableCaption")}
        testId="companies-table"
        empty={
          <>
            {t("companies.emptyList")}
            {filtered || data.canCreate ? <span className="mt-1 block">{t("companies.emptyListHint")}</span> : null}
          </>
        }
        head={
          <>
            <SortHeader column="name">{t("companies.name")}</SortHeader>
            <SortHeader column="chain">{t("companies.chain")}</SortHeader>
            <th scope="col">{t("companies.tags")}</th>
            <SortHeader column="ownerRegion">{t("companies.ownerRegion")}</SortHeader>
            <th scope="col">{t("companies.uscc")}</th>
            <th scope="col" className="text-right">
              {t("companies.projectCount")}
            </th>
            <SortHeader column="updatedAt">{t("companies.updatedAt")}</SortHeader>
          </>
        }
      >
        {data.rows.map((r) => (
          <tr key={r.id} className="hover:bg-gray-50" data-in-scope={r.inScope ? "1" : "0"}>
            <td className="min-w-48">
              <Link to={`/companies/${r.id}`} className="text-blue-700 hover:underline">
                {r.name}
              </Link>
              {r.inScope ? null : <span className="mt-0.5 block text-xs text-gray-500">{t("companies.outOfScope", { region: r.ownerRegionName })}</span>}
            </td>
            <td className="whitespace-nowrap">
              {r.chainName ?? "—"}
              {r.linkName ? <span className="block text-xs text-gray-500">{r.linkName}</span> : null}
            </td>
            <td>
              <span className="flex flex-wrap gap-1">
                {r.tags.map((tag) => (
                  <span key={tag} className="rounded bg-red-50 px-1.5 py-0.5 text-xs whitespace-nowrap text-red-800">
                    {tag}
                  </span>
                ))}
              </span>
            </td>
            <td className="whitespace-nowrap">{r.ownerRegionName}</td>
            <td className="font-mono text-xs whitespace-nowrap">{r.uscc ?? (r.inScope ? "" : "—")}</td>
            <td className="text-right tabular-nums">{r.projectCount ?? "—"}</td>
            <td className="whitespace-nowrap tabular-nums">{r.updatedAt ?? "—"}</td>
          </tr>
        ))}
      </PagedTable>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
