// GET /projects/export?<the /projects filters and sort> — the project ledger (项目台账) as a
// streamed .xlsx: the projects the table shows (scope and filters), in its order. Audited (EXPORT).
import { type LoaderFunctionArgs } from "@remix-run/node";
import { t } from "#app/i18n";
import {
  countProjectLedger,
  writeProjectLedger,
} from "#app/models/ledger-export.server";
import {
  PROJECT_FILTER_PARAMS,
  PROJECT_LIST_DEFAULTS,
  PROJECT_SORT_KEYS,
  readProjectFilters,
} from "#app/schemas/project-list";
import { writeAudit } from "#app/utils/audit.server";
import { requireUser } from "#app/utils/auth.server";
import { usedFilters } from "#app/utils/list-export.server";
import { readListParams } from "#app/utils/list-params";
import { requestMeta } from "#app/utils/request-meta.server";
import { xlsxResponse } from "#app/utils/xlsx.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:read" });
  const params = new URL(request.url).searchParams;
  const filters = readProjectFilters(params);
  const { sort, dir } = readListParams(
    params,
    PROJECT_SORT_KEYS,
    PROJECT_LIST_DEFAULTS
  );
  const rows = await countProjectLedger(user, filters);
  await writeAudit({
    actor: user,
    action: "EXPORT",
    entity: "Project",
    detail: JSON.stringify({
      filters: usedFilters(params, PROJECT_FILTER_PARAMS),
      sort: `${sort} ${dir}`,
      rows,
    }),
    meta: requestMeta(request),
  });
  return xlsxResponse(t("exports.projectFile"), async (workbook, flush) => {
    await writeProjectLedger(workbook, flush, user, filters, { sort, dir });
  });
}
