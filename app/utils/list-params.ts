// Paging and sorting of list pages, read from the URL so every list is bookmarkable and a
// saved view is just a query string. Sort keys are whitelisted by each list.
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export type SortDir = "asc" | "desc";

/** A list's order: its sort column and direction (also what an export of the list follows). */
export type ListOrder<K extends string> = { sort: K; dir: SortDir };
export type ListParams<K extends string> = { page: number; pageSize: number; sort: K; dir: SortDir; skip: number };

export function readListParams<K extends string>(
  params: URLSearchParams,
  sortKeys: readonly K[],
  defaults: { sort: K; dir: SortDir; pageSize?: number },
): ListParams<K> {
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const requestedSize = Number.parseInt(params.get("pageSize") ?? "", 10);
  const pageSize = Number.isFinite(requestedSize) && requestedSize > 0 ? Math.min(requestedSize, MAX_PAGE_SIZE) : (defaults.pageSize ?? DEFAULT_PAGE_SIZE);
  const sortParam = params.get("sort");
  const sort = sortKeys.includes(sortParam as K) ? (sortParam as K) : defaults.sort;
  const dirParam = params.get("dir");
  const dir: SortDir = dirParam === "asc" || dirParam === "desc" ? dirParam : defaults.dir;
  return { page, pageSize, sort, dir, skip: (page - 1) * pageSize };
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** The same URL with some parameters replaced (null removes); changing filters resets the page. */
export function withParams(search: string | URLSearchParams, changes: Record<string, string | null>): string {
  const next = new URLSearchParams(search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === "") next.delete(key);
    else next.set(key, value);
  }
  if (!("page" in changes)) next.delete("page");
  const s = next.toString();
  return s ? `?${s}` : "?";
}
