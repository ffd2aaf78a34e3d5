// Forms of the carrier inventory (/sites) and of a project's site selection (选址), shared by
// the browser and the server. Rules that need the database (scope, who holds a carrier, the
// candidate moves) are checked by app/models/site.server.ts with app/domain/site-reservation.ts.
import { z } from "zod";
import { CANDIDATE_STATUSES, EIA_CATEGORIES, SITE_KINDS, SITE_STATUSES, isSiteKind, isSiteStatus, type SiteKind, type SiteStatus } from "#app/domain/site-reservation";
import { t } from "#app/i18n";
import { shanghaiDayStart } from "#app/utils/datetime";

const MAX_AREA_SQM = 10_000_000; // 1000 公顷 of floor: anything above is a typing error
const MAX_AREA_MU = 100_000;
const MAX_POWER_KVA = 1_000_000;

const text = (max: number) => z.string().trim().max(max, t("sites.tooLong", { max })).optional();
const option = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { errorMap: () => ({ message: t("sites.optionInvalid") }) });
const quantity = (max: number) =>
  z
    .number({ invalid_type_error: t("sites.numberInvalid") })
    .min(0, t("sites.numberNegative"))
    .max(max, t("sites.numberTooBig"));
const version = z.number({ required_error: t("sites.versionMissing") }).int().min(1);
const id = z.string({ required_error: t("sites.choose") }).trim().min(1, t("sites.choose")).max(64);

const SiteFields = z.object({
  name: z
    .string({ required_error: t("sites.nameRequired") })
    .trim()
    .min(1, t("sites.nameRequired"))
    .max(100, t("sites.tooLong", { max: 100 })),
  kind: option(SITE_KINDS),
  regionId: z.string().trim().max(64).optional(),
  address: text(200),
  areaSqm: quantity(MAX_AREA_SQM).optional(),
  areaMu: quantity(MAX_AREA_MU).optional(),
  floors: z.number({ invalid_type_error: t("sites.numberInvalid") }).int(t("sites.integerRequired")).min(1, t("sites.floorsInvalid")).max(200, t("sites.numberTooBig")).optional(),
  powerKva: quantity(MAX_POWER_KVA).optional(),
  waterTonsPerDay: quantity(1_000_000).optional(),
  maxEiaCategory: option(EIA_CATEGORIES).optional(),
  landPriceWanPerMu: quantity(100_000).optional(),
  rentYuanPerSqmMonth: quantity(10_000).optional(),
  notes: text(2000),
});

/** 工业用地 is measured in 亩, every other carrier by its floor area in ㎡. */
function areaGiven(value: { kind: SiteKind; areaSqm?: number; areaMu?: number }, ctx: z.RefinementCtx) {
  if (value.kind === "INDUSTRIAL_LAND" && !value.areaMu) ctx.addIssue({ code: "custom", path: ["areaMu"], message: t("sites.areaMuRequired") });
  if (value.kind !== "INDUSTRIAL_LAND" && !value.areaSqm) ctx.addIssue({ code: "custom", path: ["areaSqm"], message: t("sites.areaSqmRequired") });
}

/** The fields the site form posts, in form order (also the rows of a 409 comparison). */
export const SITE_FORM_FIELDS = Object.keys(SiteFields.shape) as (keyof typeof SiteFields.shape)[];

export const SiteCreateSchema = SiteFields.superRefine(areaGiven);
export const SiteEditSchema = SiteFields.extend({
  version,
  occupied: z.boolean().optional(),
  occupantName: text(100),
}).superRefine(areaGiven);

export type SiteFormValue = z.infer<typeof SiteCreateSchema> & { occupied?: boolean; occupantName?: string };

// ───────────────────────────── site selection (选址) ─────────────────────────────

const ids = z.array(z.string().trim().max(64)).max(50).default([]);

export const SiteNeedsSchema = z.object({
  intent: z.literal("saveNeeds"),
  /** 0 when the project has no needs recorded yet. */
  version: z.number().int().min(0).default(0),
  landMu: quantity(MAX_AREA_MU).optional(),
  floorSqm: quantity(MAX_AREA_SQM).optional(),
  powerKva: quantity(MAX_POWER_KVA).optional(),
  eiaCategory: option(EIA_CATEGORIES).optional(),
  regionIds: ids,
  siteKinds: z.array(option(SITE_KINDS)).max(SITE_KINDS.length).default([]),
  notes: text(1000),
});

const reason = text(500);

export const ProposeSiteSchema = z.object({
  intent: z.literal("propose"),
  siteId: id,
  reason,
});

export const MoveCandidateSchema = z.object({
  intent: z.literal("move"),
  candidateId: id,
  to: option(CANDIDATE_STATUSES),
  version,
  reason,
});

export const SiteVisitSchema = z.object({
  intent: z.literal("visit"),
  candidateId: id,
  visitedAt: z
    .string({ required_error: t("sites.visitDateRequired") })
    .trim()
    .refine((s) => shanghaiDayStart(s) !== null, t("sites.dateInvalid"))
    .transform((s) => shanghaiDayStart(s) as Date),
  participants: z
    .string({ required_error: t("sites.participantsRequired") })
    .trim()
    .min(1, t("sites.participantsRequired"))
    .max(200, t("sites.tooLong", { max: 200 })),
  impressions: text(2000),
});

export const SITE_SELECTION_INTENTS = ["saveNeeds", "propose", "move", "visit"] as const;
export type SiteSelectionIntent = (typeof SITE_SELECTION_INTENTS)[number];

export const SiteSelectionSchemas = {
  saveNeeds: SiteNeedsSchema,
  propose: ProposeSiteSchema,
  move: MoveCandidateSchema,
  visit: SiteVisitSchema,
} as const;

// ───────────────────────────── list filters ─────────────────────────────

export type SiteFilters = {
  q?: string;
  regionId?: string;
  kind?: SiteKind;
  status?: SiteStatus;
  minSqm?: number;
  minMu?: number;
  minPowerKva?: number;
};

function positive(value: string | null): number | undefined {
  const n = Number((value ?? "").replace(/[,，\s]/g, ""));
  return value && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** The /sites filters, read leniently from the URL: an unknown value means "any". */
export function readSiteFilters(params: URLSearchParams): SiteFilters {
  const kind = params.get("kind")?.trim().toUpperCase() ?? "";
  const status = params.get("status")?.trim().toUpperCase() ?? "";
  return {
    q: params.get("q")?.trim().slice(0, 64) || undefined,
    regionId: params.get("region")?.trim().slice(0, 64) || undefined,
    kind: isSiteKind(kind) ? kind : undefined,
    status: isSiteStatus(status) ? status : undefined,
    minSqm: positive(params.get("minSqm")),
    minMu: positive(params.get("minMu")),
    minPowerKva: positive(params.get("minKva")),
  };
}

export { SITE_KINDS, SITE_STATUSES, EIA_CATEGORIES };
