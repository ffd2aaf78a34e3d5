// A list export as the browser downloads it (projects, funds, companies, problems): one EXPORT
// audit row with the filters it was asked with and its row count, then the streamed workbook.
import { writeAudit } from "./audit.server";
import { type SessionUser } from "./permissions.server";
import { requestMeta } from "./request-meta.server";
import { xlsxResponse, type XlsxWorkbook } from "./xlsx.server";

/** Audits the download (`detail`: filters, row count …), then streams what `fill` writes. */
export async function auditedXlsxExport(
  request: Request,
  user: SessionUser,
  opts: {
    entity: string;
    detail: Record<string, unknown>;
    fileName: string;
    fill: (workbook: XlsxWorkbook, flush: () => Promise<void>) => Promise<unknown>;
  }
): Promise<Response> {
  await writeAudit({
    actor: user,
    action: "EXPORT",
    entity: opts.entity,
    detail: JSON.stringify(opts.detail),
    meta: requestMeta(request),
  });
  return xlsxResponse(opts.fileName, async (workbook, flush) => {
    await opts.fill(workbook, flush);
  });
}

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
