// Filters of the project table and board (DESIGN §5), read from the URL so that every view is
// a bookmark and a saved view is just its query string. Reading is lenient: a value that does
// not parse means "no filter" rather than an error page, since URLs get edited by hand.
import { z } from "zod";
import { STAGE_CODES, type StageCode } from "#app/domain/stages";
import { WARNING_LEVELS, type WarningLevel } from "#app/domain/warnings";
import { METRIC_DRILL_PARAMS, readMetricDrill, type MetricDrill } from "#app/schemas/metric-drill";
import { shanghaiDayStart } from "#app/utils/datetime";
import { type ListOrder } from "#app/utils/list-params";

export const PROJECT_SORT_KEYS = ["code", "name", "region", "stage", "amount", "stageEnteredAt", "lastFollowUpAt", "updatedAt"] as const;
export type ProjectSortKey = (typeof PROJECT_SORT_KEYS)[number];
export const PROJECT_LIST_DEFAULTS = { sort: "updatedAt", dir: "desc" } as const satisfies ListOrder<ProjectSortKey>;

export const PROJECT_VIEWS = ["table", "kanban"] as const;
export type ProjectView = (typeof PROJECT_VIEWS)[number];

/** A day range; `to` is exclusive (the start of the day after the one typed). */
export type DayRange = { from?: Date; to?: Date };

export type ProjectFilters = {
  q?: string;
  regionId?: string;
  chainId?: string;
  /** The chain link (环节), as the chain map links to it. */
  linkId?: string;
  stages?: StageCode[];
  leadLeaderId?: string;
  officerId?: string;
  warnings?: WarningLevel[];
  isKey?: boolean;
  amountMin?: number;
  amountMax?: number;
  created?: DayRange;
  signed?: DayRange;
  stageEntered?: DayRange;
  /** A cockpit number's projects (app/schemas/metric-drill.ts). */
  metric?: MetricDrill;
};

/** Every URL parameter the filters read, for forms and for cleaning a saved view's query. */
export const PROJECT_FILTER_PARAMS = [
  "q",
  "region",
  "chain",
  "link",
  "stage",
  "leader",
  "officer",
  "warning",
  "key",
  "amountMin",
  "amountMax",
  "createdFrom",
  "createdTo",
  "signedFrom",
  "signedTo",
  "enteredFrom",
  "enteredTo",
  ...METRIC_DRILL_PARAMS,
] as const;

const id = z.string().trim().min(1).max(64).optional().catch(undefined);
const amount = z
  .string()
  .trim()
  .transform((s) => (s === "" ? undefined : Number(s.replace(/[,，\s]/gu, ""))))
  .pipe(z.number().finite().min(0).optional())
  .optional()
  .catch(undefined);

function dayRange(params: URLSearchParams, fromKey: string, toKey: string): DayRange | undefined {
  const from = shanghaiDayStart(params.get(fromKey) ?? "") ?? undefined;
  const to = shanghaiDayStart(params.get(toKey) ?? "", true) ?? undefined;
  return from || to ? { from, to } : undefined;
}

function oneOf<T extends string>(values: readonly T[], input: string[]): T[] | undefined {
  const picked = values.filter((v) => input.includes(v));
  return picked.length > 0 ? picked : undefined;
}

export function readProjectFilters(params: URLSearchParams): ProjectFilters {
  const key = params.get("key");
  return {
    q: params.get("q")?.trim().slice(0, 64) || undefined,
    regionId: id.parse(params.get("region") ?? undefined),
    chainId: id.parse(params.get("chain") ?? undefined),
    linkId: id.parse(params.get("link") ?? undefined),
    stages: oneOf(STAGE_CODES, params.getAll("stage")),
    leadLeaderId: id.parse(params.get("leader") ?? undefined),
    officerId: id.parse(params.get("officer") ?? undefined),
    warnings: oneOf(WARNING_LEVELS, params.getAll("warning")),
    isKey: key === "1" ? true : key === "0" ? false : undefined,
    amountMin: amount.parse(params.get("amountMin") ?? undefined),
    amountMax: amount.parse(params.get("amountMax") ?? undefined),
    created: dayRange(params, "createdFrom", "createdTo"),
    signed: dayRange(params, "signedFrom", "signedTo"),
    stageEntered: dayRange(params, "enteredFrom", "enteredTo"),
    metric: readMetricDrill(params),
  };
}

export function readProjectView(params: URLSearchParams): ProjectView {
  return params.get("view") === "kanban" ? "kanban" : "table";
}

/** How many filters are set, for the "已筛选 N 项" hint. */
export function activeFilterCount(filters: ProjectFilters): number {
  return Object.values(filters).filter((v) => v !== undefined).length;
}
