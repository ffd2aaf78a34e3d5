// The annual targets form (/cockpit/targets): one field per region and metric, `v.<regionId>.<metric>`,
// with the value and version the page was loaded with (`o.…`, `ver.…`), so a save sends only the
// cells the officer changed and each with the version it started from (no lost update).
import { z } from "zod";
import { TARGET_METRICS, isTargetMetric, type TargetMetric } from "#app/domain/metrics";
import { t } from "#app/i18n";

export const YEAR_MIN = 2000;
export const YEAR_MAX = 2100;

/** "12,500", "12500.5", "" (no target); money in 万元, counts as numbers. */
const TargetValueSchema = z
  .string()
  .trim()
  .transform((s) => s.replace(/[,，\s]/gu, ""))
  .refine((s) => s === "" || (/^\d+(\.\d+)?$/.test(s) && Number.isFinite(Number(s))), { message: t("cockpit.invalidValue") })
  .transform((s) => (s === "" ? null : Number(s)));

export type TargetCellField = { regionId: string; metric: TargetMetric; value: string; original: string; version: number | null };

export function targetFieldName(kind: "v" | "o" | "ver", regionId: string, metric: TargetMetric): string {
  return `${kind}.${regionId}.${metric}`;
}

export type ParsedTargets =
  | { ok: true; year: number; changed: { regionId: string; metric: TargetMetric; value: number | null; version: number | null }[] }
  | { ok: false; year: number; errors: Record<string, string> };

/**
 * The cells of the form for the allowed regions: those whose value differs from the one loaded,
 * with their versions. Unknown regions and metrics are ignored (never written).
 */
export function parseTargetsForm(form: FormData, allowedRegionIds: ReadonlySet<string>): ParsedTargets {
  const year = Number(form.get("year"));
  if (!Number.isInteger(year) || year < YEAR_MIN || year > YEAR_MAX) return { ok: false, year: 0, errors: { year: t("cockpit.invalidValue") } };
  const errors: Record<string, string> = {};
  const changed: { regionId: string; metric: TargetMetric; value: number | null; version: number | null }[] = [];
  for (const [name, raw] of form.entries()) {
    const match = /^v\.([^.]{1,64})\.([A-Z_]+)$/.exec(name);
    if (!match || typeof raw !== "string") continue;
    const [, regionId, metric] = match as unknown as [string, string, string];
    if (!allowedRegionIds.has(regionId) || !isTargetMetric(metric)) continue;
    const value = TargetValueSchema.safeParse(raw);
    const original = TargetValueSchema.safeParse(String(form.get(targetFieldName("o", regionId, metric)) ?? ""));
    if (!value.success) {
      errors[name] = value.error.issues[0]?.message ?? t("cockpit.invalidValue");
      continue;
    }
    if (original.success && original.data === value.data) continue;
    const versionText = String(form.get(targetFieldName("ver", regionId, metric)) ?? "");
    const version = /^\d+$/.test(versionText) ? Number(versionText) : null;
    changed.push({ regionId, metric, value: value.data, version });
  }
  return Object.keys(errors).length > 0 ? { ok: false, year, errors } : { ok: true, year, changed };
}

export { TARGET_METRICS };
