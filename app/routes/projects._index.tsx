import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { ProjectFilterBar } from "#app/components/project-filters";
import { ProjectKanban, type KanbanColumnView } from "#app/components/project-kanban";
import { SavedViews } from "#app/components/saved-views";
import { PagedTable, SortHeader } from "#app/components/ui/list-controls";
import { PlainLink } from "#app/components/ui/plain-link";
import { WarningDot, WarningLegend } from "#app/components/warning-dot";
import { formatWan } from "#app/domain/money";
import { CONTRACT_TYPES, PROJECT_NATURES, contractTypeLabelKey, natureLabelKey } from "#app/domain/projects";
import { isStageCode, stageLabelKey, STAGE_CODES, type StageCode } from "#app/domain/stages";
import { shanghaiDay } from "#app/domain/workdays";
import { t } from "#app/i18n";
import { chainLinkLabel } from "#app/models/chain.server";
import { getMechanism } from "#app/models/mechanism.server";
import { kanbanColumns, kanbanStages, listProjects, projectListOptions } from "#app/models/project-list.server";
import { listSavedViews } from "#app/models/saved-view.server";
import { PROJECT_FILTER_PARAMS, PROJECT_LIST_DEFAULTS, PROJECT_SORT_KEYS, activeFilterCount, readProjectFilters, readProjectView } from "#app/schemas/project-list";
import { drillLabel, withoutDrill } from "#app/schemas/metric-drill";
import { cleanViewQuery } from "#app/schemas/saved-view";
import { requireUser } from "#app/utils/auth.server";
import { formatDateTimeShort } from "#app/utils/datetime";
import { readListParams } from "#app/utils/list-params";
import { pageData } from "#app/utils/page-data.server";
import { hasPermission } from "#app/utils/permissions.server";
import { savedViewAction } from "#app/utils/saved-view-action.server";

export const meta: MetaFunction = () => [{ title: `${t("lists.projectsTitle")} - ${t("common.appName")}` }];

/** Cards per kanban column; the rest are one click away in the filtered table. */
const KANBAN_CAP = 50;
/** What a saved view of this page keeps. */
const VIEW_PARAMS = [...PROJECT_FILTER_PARAMS, "sort", "dir", "pageSize", "view"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:read" });
  const params = new URL(request.url).searchParams;
  const filters = readProjectFilters(params);
  const view = readProjectView(params);
  const [options, savedViews, config, linkLabel] = await Promise.all([
    projectListOptions(user),
    listSavedViews(user, "projects"),
    getMechanism(),
    filters.linkId ? chainLinkLabel(filters.linkId) : null,
  ]);
  const withoutLink = new URLSearchParams(params);
  withoutLink.delete("link");
  const base = {
    view,
    canWrite: hasPermission(user, "pipeline:write"),
    filterCount: activeFilterCount(filters),
    options: { ...options, stages: [...STAGE_CODES] as StageCode[] },
    savedViews,
    currentViewQuery: cleanViewQuery(params.toString(), VIEW_PARAMS),
    yellowPercent: Math.round(config.warning.yellowRatio * 100),
    // A cockpit number's drill-down: say what is shown and how to leave it.
    metricFilter: filters.metric ? { label: drillLabel(filters.metric), clear: `/projects${withoutDrill(params)}` } : null,
    // The chain map's drill-down by link (环节), which the filter bar has no control for.
    linkFilter: filters.linkId ? { label: linkLabel ?? filters.linkId, clear: `/projects${withoutLink.size ? `?${withoutLink.toString()}` : ""}` } : null,
  };

  if (view === "kanban") {
    const columns = await kanbanColumns(user, filters, KANBAN_CAP);
    const listBase = new URLSearchParams(cleanViewQuery(params.toString(), PROJECT_FILTER_PARAMS));
    listBase.delete("stage");
    const board: KanbanColumnView[] = columns.map((column) => {
      const listQuery = new URLSearchParams(listBase);
      listQuery.append("stage", column.stage);
      return {
        stage: column.stage,
        total: column.total,
        listQuery: listQuery.toString(),
        cards: column.cards.map((card) => ({
          id: card.id,
          code: card.code,
          name: card.name,
          version: card.version,
          stage: card.stage,
          regionName: card.regionName,
          amount: formatWan(card.plannedInvestment),
          isKey: card.isKey,
          warning: card.warning.level,
          daysInStage: card.warning.daysInStage,
        })),
      };
    });
    return pageData({
      ...base,
      table: null,
      board: {
        columns: board,
        moveTargets: [...kanbanStages(config), "TERMINATED"] as StageCode[],
        dialogOptions: {
          chains: options.chains,
          leaders: options.leaders,
          officers: options.officers,
          contractTypes: CONTRACT_TYPES.map((c) => ({ value: c, label: t(contractTypeLabelKey(c)) })),
          natures: PROJECT_NATURES.map((n) => ({ value: n, label: t(natureLabelKey(n)) })),
        },
      },
    });
  }

  const list = readListParams(params, PROJECT_SORT_KEYS, PROJECT_LIST_DEFAULTS);
  const { total, rows } = await listProjects(user, filters, list);
  return pageData({
    ...base,
    board: null,
    table: {
      total,
      page: list.page,
      pageSize: list.pageSize,
      sort: list.sort,
      dir: list.dir,
      rows: rows.map((r) => ({
        id: r.id,
        code: r.code,
        name: r.name,
        companyName: r.company.name,
        regionName: r.regionName,
        stage: r.stage,
        isKey: r.isKey,
        amount: formatWan(r.plannedInvestment),
        chainName: r.chain?.name ?? null,
        leader: r.leadLeaderName,
        officer: r.officerName,
        warning: r.warning.level,
        daysInStage: r.warning.daysInStage,
        daysLeft: r.warning.daysLeft,
        followUpOverdue: r.warning.followUp.overdue,
        lastFollowUp: r.lastFollowUpAt ? shanghaiDay(r.lastFollowUpAt) : null,
        updatedAt: formatDateTimeShort(r.updatedAt),
      })),
    },
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:read" });
  return savedViewAction(request, user, "projects", VIEW_PARAMS);
}

type TableData = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["table"]>;

export default function ProjectsPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { search } = useLocation();
  const loading = navigation.state === "loading" && navigation.location.pathname === "/projects";
  const kanban = data.view === "kanban";
  const switchTo = (view: "table" | "kanban") => {
    const next = new URLSearchParams(search);
    next.delete("page");
    if (view === "kanban") next.set("view", "kanban");
    else next.delete("view");
    const query = next.toString();
    return `/projects${query ? `?${query}` : ""}`;
  };
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">{t("lists.projectsTitle")}</h1>
          <p className="no-print mt-1 text-sm text-gray-600">{t("lists.projectsIntro")}</p>
        </div>
        <div className="no-print flex flex-wrap items-center gap-2">
          <nav className="inline-flex overflow-hidden rounded-md border border-gray-300 text-sm" aria-label={t("lists.viewSwitch")}>
            <Link to={switchTo("table")} className={`px-3 py-1.5 ${kanban ? "bg-white hover:bg-gray-50" : "bg-gray-800 text-white"}`} aria-current={kanban ? undefined : "page"}>
              {t("lists.viewTable")}
            </Link>
            <Link to={switchTo("kanban")} className={`px-3 py-1.5 ${kanban ? "bg-gray-800 text-white" : "bg-white hover:bg-gray-50"}`} aria-current={kanban ? "page" : undefined}>
              {t("lists.viewKanban")}
            </Link>
          </nav>
          {!kanban ? (
            <button type="button" className="btn-secondary" onClick={() => window.print()}>
              {t("lists.print")}
            </button>
          ) : null}
          <a href={`/projects/export${search}`} className="btn-secondary" title={t("exports.linkHint")} data-testid="projects-export" download>
            {t("exports.ledgerLink")}
          </a>
          <a href={`/funds/export${search}`} className="btn-secondary" title={t("exports.linkHint")} download>
            {t("exports.fundsLink")}
          </a>
          <Link to="/recycle-bin" className="btn-secondary">
            {t("lists.recycleBin")}
          </Link>
          {data.canWrite ? (
            <Link to="/projects/new" className="btn-primary">
              {t("lists.newProject")}
            </Link>
          ) : null}
        </div>
      </div>

      <SavedViews
        basePath="/projects"
        views={data.savedViews}
        currentQuery={data.currentViewQuery}
        result={actionData}
      />

      <ProjectFilterBar options={data.options} kanban={kanban} />

      {data.linkFilter ? (
        <p className="rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm text-blue-900" data-testid="link-filter">
          {t("lists.linkFilterBanner", { label: data.linkFilter.label })}{" "}
          <Link to={data.linkFilter.clear} className="no-print ml-2 text-blue-700 underline">
            {t("lists.linkFilterClear")}
          </Link>
        </p>
      ) : null}

      {data.metricFilter ? (
        <p className="rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm text-blue-900" data-testid="metric-filter">
          {t("cockpit.drillBanner", { label: data.metricFilter.label })}{" "}
          <Link to={data.metricFilter.clear} className="no-print ml-2 text-blue-700 underline">
            {t("cockpit.drillClear")}
          </Link>
        </p>
      ) : null}

      <div className="no-print flex flex-wrap items-center justify-between gap-2">
        <WarningLegend yellowPercent={data.yellowPercent} />
        {data.filterCount > 0 ? <span className="text-sm text-gray-600">{t("lists.filterActive", { count: data.filterCount })}</span> : null}
      </div>

      <div className={`relative transition-opacity ${loading ? "opacity-50" : ""}`} aria-busy={loading}>
        {loading ? (
          <p className="no-print absolute inset-x-0 top-2 z-10 text-center text-sm text-gray-700" role="status">
            <span className="rounded bg-white px-3 py-1 shadow">{t("lists.loadingList")}</span>
          </p>
        ) : null}
        {data.board ? (
          <ProjectKanban columns={data.board.columns} canWrite={data.canWrite} moveTargets={data.board.moveTargets} options={data.board.dialogOptions} />
        ) : data.table ? (
          <ProjectTable table={data.table} filtered={data.filterCount > 0} />
        ) : null}
      </div>
    </div>
  );
}

function stageName(stage: string): string {
  return isStageCode(stage) ? t(stageLabelKey(stage)) : stage;
}

function ProjectTable({ table, filtered }: { table: TableData; filtered: boolean }) {
  return (
    <div className="space-y-3">
      <PagedTable
        list={table}
        rowCount={table.rows.length}
        caption={t("lists.tableCaption")}
        testId="projects-table"
        empty={
          <>
            {filtered ? t("lists.emptyFiltered") : t("lists.emptyNone")}
            {filtered ? (
              <>
                {" "}
                <Link to="/projects" className="text-blue-700 hover:underline">
                  {t("lists.clearFilters")}
                </Link>
              </>
            ) : null}
          </>
        }
        head={
          <>
            <th scope="col">
              <span className="sr-only">{t("lists.colWarning")}</span>
            </th>
            <SortHeader column="code">{t("lists.colCode")}</SortHeader>
            <SortHeader column="name">{t("lists.colName")}</SortHeader>
            <SortHeader column="region">{t("lists.colRegion")}</SortHeader>
            <SortHeader column="stage">{t("lists.colStage")}</SortHeader>
            <SortHeader column="stageEnteredAt">{t("lists.colDaysInStage")}</SortHeader>
            <SortHeader column="amount">{t("lists.colAmount")}</SortHeader>
            <th scope="col">{t("lists.colLeader")}</th>
            <th scope="col">{t("lists.colOfficer")}</th>
            <SortHeader column="lastFollowUpAt">{t("lists.colLastFollowUp")}</SortHeader>
            <SortHeader column="updatedAt">{t("lists.colUpdatedAt")}</SortHeader>
          </>
        }
      >
        {table.rows.map((r) => (
          <tr key={r.id} className="hover:bg-gray-50" data-warning={r.warning}>
            <td>
              <WarningDot level={r.warning} className="mt-1" />
            </td>
            <td className="font-mono whitespace-nowrap">
              <PlainLink to={`/projects/${r.id}`} className="text-blue-700 hover:underline">
                {r.code}
              </PlainLink>
            </td>
            <td className="min-w-48">
              <PlainLink to={`/projects/${r.id}`} className="font-medium text-gray-900 hover:underline">
                {r.name}
              </PlainLink>
              {r.isKey ? <span className="ml-1 rounded bg-red-50 px-1 text-xs whitespace-nowrap text-red-700">{t("lists.keyBadge")}</span> : null}
              <p className="text-xs text-gray-500">
                {r.companyName}
                {r.chainName ? ` · ${r.chainName}` : ""}
              </p>
            </td>
            <td className="whitespace-nowrap">{r.regionName}</td>
            <td className="whitespace-nowrap">{stageName(r.stage)}</td>
            <td className="whitespace-nowrap tabular-nums">
              {r.daysInStage}
              {r.daysLeft !== null ? (
                <span className={`ml-1 text-xs ${r.daysLeft < 0 ? "text-red-700" : "text-gray-500"}`}>
                  {r.daysLeft < 0 ? t("lists.daysOver", { days: -r.daysLeft }) : t("lists.daysLeft", { days: r.daysLeft })}
                </span>
              ) : null}
            </td>
            <td className="whitespace-nowrap text-right tabular-nums">{r.amount}</td>
            <td className="whitespace-nowrap">{r.leader ?? <span className="text-gray-400">{t("lists.noneShort")}</span>}</td>
            <td className="whitespace-nowrap">{r.officer ?? <span className="text-gray-400">{t("lists.noneShort")}</span>}</td>
            <td className={`whitespace-nowrap tabular-nums ${r.followUpOverdue ? "text-red-700" : ""}`}>{r.lastFollowUp ?? <span className="text-gray-400">{t("lists.neverFollowedUp")}</span>}</td>
            <td className="whitespace-nowrap tabular-nums text-gray-600">{r.updatedAt}</td>
          </tr>
        ))}
      </PagedTable>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
