// The filters an export was asked with, for its audit row: the query string's non-empty values.

/** The named parameters that are set (first value each, trimmed). */
export function usedFilters(
  params: URLSearchParams,
  names: readonly string[]
): Record<string, string> {
  return Object.fromEntries(
    names.flatMap((name) =>
      params.get(name)?.trim() ? [[name, params.get(name)!.trim()]] : []
    )
  );
}

/** Every parameter that is set (first value each, trimmed). */
export function allFilters(params: URLSearchParams): Record<string, string> {
  return usedFilters(params, [...new Set(params.keys())]);
}
