// ?month=YYYY-MM of the 月度通报 download; empty means last month.
import { z } from "zod";
import { t } from "#app/i18n";

export const bulletinMonthSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: t("bulletin.monthInvalid") })
  .refine((m) => Number(m.slice(0, 4)) >= 2000, { message: t("bulletin.monthInvalid") });

/** The month asked for, `fallback` when none; an error message when it is not a month or not begun by `current`. */
export function readBulletinMonth(params: URLSearchParams, fallback: string, current: string): { month: string } | { error: string } {
  const raw = params.get("month")?.trim();
  if (!raw) return { month: fallback };
  const parsed = bulletinMonthSchema.safeParse(raw);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? t("bulletin.monthInvalid") };
  if (parsed.data > current) return { error: t("bulletin.monthFuture") };
  return { month: parsed.data };
}
