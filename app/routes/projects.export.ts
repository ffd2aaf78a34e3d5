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
import { requireUser } from "#app/utils/auth.server";
import {
  auditedXlsxExport,
  usedFilters,
} from "#app/utils/list-export.server";
import { readListParams } from "#app/utils/list-params";

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
  return auditedXlsxExport(request, user, {
    entity: "Project",
    detail: {
      filters: usedFilters(params, PROJECT_FILTER_PARAMS),
      sort: `${sort} ${dir}`,
      rows,
    },
    fileName: t("exports.projectFile"),
    fill: (workbook, flush) =>
      writeProjectLedger(workbook, flush, user, filters, { sort, dir }),
  });
}
