import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { formatWan } from "#app/domain/money";
import { isStageCode, stageLabelKey } from "#app/domain/stages";
import { t } from "#app/i18n";
import { SEARCH_QUERY_MAX, globalSearch } from "#app/models/search.server";
import { requireUser } from "#app/utils/auth.server";

export const meta: MetaFunction = () => [{ title: `${t("lists.searchTitle")} - ${t("common.appName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:read" });
  const q = new URL(request.url).searchParams.get("q") ?? "";
  const result = await globalSearch(user, q);
  return json({
    q: result.q,
    maxLength: SEARCH_QUERY_MAX,
    projects: {
      total: result.projects.total,
      hits: result.projects.hits.map((p) => ({
        ...p,
        stageName: isStageCode(p.stage) ? t(stageLabelKey(p.stage)) : p.stage,
        amount: formatWan(p.plannedInvestment),
      })),
    },
    companies: result.companies,
  });
}

export default function SearchPage() {
  const data = useLoaderData<typeof loader>();
  const searching = useNavigation().state === "loading";
  const none = data.q !== "" && data.projects.total === 0 && data.companies.total === 0;
  return (
    <div className="mx-auto max-w-4xl space-y-5">
      <h1 className="text-xl font-semibold">{t("lists.searchTitle")}</h1>
      <Form key={data.q} method="get" action="/search" role="search" className="flex gap-2" aria-label={t("lists.searchLabel")}>
        <label htmlFor="search-page-q" className="sr-only">
          {t("lists.searchLabel")}
        </label>
        <input
          id="search-page-q"
          name="q"
          type="search"
          className="input flex-1"
          defaultValue={data.q}
          maxLength={data.maxLength}
          placeholder={t("lists.searchPlaceholder")}
          autoFocus={data.q === ""}
        />
        <button type="submit" className="btn-primary" disabled={searching}>
          {searching ? t("common.loading") : t("common.search")}
        </button>
      </Form>

      {data.q === "" ? <p className="text-sm text-gray-600">{t("lists.searchHint")}</p> : null}
      {none ? (
        <p className="card text-sm text-gray-700" role="status">
          {t("lists.searchNoResults", { q: data.q })}
        </p>
      ) : null}

      {data.q !== "" && !none ? (
        <>
          <section aria-labelledby="search-projects" className="space-y-2">
            <div className="flex items-baseline justify-between">
              <h2 id="search-projects" className="text-lg font-semibold">
                {t("lists.searchProjects", { count: data.projects.total })}
              </h2>
              {data.projects.total > data.projects.hits.length ? (
                <Link to={`/projects?${new URLSearchParams({ q: data.q })}`} className="text-sm text-blue-700 hover:underline">
                  {t("lists.searchAllProjects", { count: data.projects.total })}
                </Link>
              ) : null}
            </div>
            {data.projects.hits.length === 0 ? (
              <p className="text-sm text-gray-500">{t("lists.searchNoProjects")}</p>
            ) : (
              <ul className="divide-y divide-gray-100 rounded-lg border border-gray-200 bg-white" data-testid="search-projects">
                {data.projects.hits.map((p) => (
                  <li key={p.id} className="flex flex-wrap items-baseline gap-x-3 px-4 py-2">
                    <Link to={`/projects/${p.id}`} className="font-medium text-blue-800 hover:underline">
                      {p.name}
                    </Link>
                    <span className="font-mono text-xs text-gray-500">{p.code}</span>
                    <span className="text-sm text-gray-600">
                      {p.regionName} · {p.stageName} · {p.amount} · {p.companyName}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="search-companies" className="space-y-2">
            <h2 id="search-companies" className="text-lg font-semibold">
              {t("lists.searchCompanies", { count: data.companies.total })}
            </h2>
            {data.companies.hits.length === 0 ? (
              <p className="text-sm text-gray-500">{t("lists.searchNoCompanies")}</p>
            ) : (
              <ul className="divide-y divide-gray-100 rounded-lg border border-gray-200 bg-white" data-testid="search-companies">
                {data.companies.hits.map((c) => (
                  <li key={c.id} className="flex flex-wrap items-baseline gap-x-3 px-4 py-2">
                    {c.inScope ? (
                      <Link to={`/companies/${c.id}`} className="font-medium text-blue-800 hover:underline">
                        {c.name}
                      </Link>
                    ) : (
                      <span className="font-medium text-gray-900" title={t("lists.searchOutOfScope")}>
                        {c.name}
                      </span>
                    )}
                    {c.uscc ? <span className="font-mono text-xs text-gray-500">{c.uscc}</span> : null}
                    <span className="text-sm text-gray-600">
                      {t("lists.searchOwner", { region: c.ownerRegionName })}
                      {c.chainName ? ` · ${t("lists.searchChain", { chain: c.chainName })}` : ""}
                    </span>
                    {!c.inScope ? <span className="text-xs text-gray-500">（{t("lists.searchOutOfScope")}）</span> : null}
                  </li>
                ))}
              </ul>
            )}
            {data.companies.total > data.companies.hits.length ? (
              <p className="text-sm text-gray-500">{t("lists.searchMoreCompanies", { shown: data.companies.hits.length })}</p>
            ) : null}
          </section>
        </>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
