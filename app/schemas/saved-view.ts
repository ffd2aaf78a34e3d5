// 保存的视图: a user's named filter + sort of a list page (DESIGN §5 "saved views").
import { z } from "zod";
import { t } from "#app/i18n";

export const SAVED_VIEW_LISTS = ["projects", "companies"] as const;
export type SavedViewList = (typeof SAVED_VIEW_LISTS)[number];

export const SAVED_VIEW_NAME_MAX = 40;
export const SAVED_VIEW_QUERY_MAX = 2000;

export const SaveViewSchema = z.object({
  intent: z.literal("saveView"),
  name: z
    .string({ required_error: t("lists.viewNameRequired") })
    .trim()
    .min(1, t("lists.viewNameRequired"))
    .max(SAVED_VIEW_NAME_MAX, t("lists.viewNameTooLong", { max: SAVED_VIEW_NAME_MAX })),
  query: z.string().max(SAVED_VIEW_QUERY_MAX).default(""),
});

export const DeleteViewSchema = z.object({
  intent: z.literal("deleteView"),
  viewId: z.string().trim().min(1).max(64),
});

/**
 * The part of a list URL a view keeps: only the parameters the list reads (`allowed`), never
 * the page number, in a stable order so equal views compare equal.
 */
export function cleanViewQuery(query: string, allowed: readonly string[]): string {
  const source = new URLSearchParams(query.startsWith("?") ? query.slice(1) : query);
  const kept = new URLSearchParams();
  for (const key of allowed) {
    for (const value of source.getAll(key)) if (value.trim() !== "") kept.append(key, value.trim());
  }
  return kept.toString().slice(0, SAVED_VIEW_QUERY_MAX);
}
