// GET /funds/export?<the /projects filters> — 到位资金 of the projects the project list selects
// (scope and filters), as a streamed .xlsx. Audited (EXPORT).
import { type LoaderFunctionArgs } from "@remix-run/node";
import { t } from "#app/i18n";
import {
  countFundsLedger,
  writeFundsLedger,
} from "#app/models/ledger-export.server";
import {
  PROJECT_FILTER_PARAMS,
  readProjectFilters,
} from "#app/schemas/project-list";
import { requireUser } from "#app/utils/auth.server";
import {
  auditedXlsxExport,
  usedFilters,
} from "#app/utils/list-export.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:read" });
  const params = new URL(request.url).searchParams;
  const filters = readProjectFilters(params);
  const rows = await countFundsLedger(user, filters);
  return auditedXlsxExport(request, user, {
    entity: "FundsInPlace",
    detail: { filters: usedFilters(params, PROJECT_FILTER_PARAMS), rows },
    fileName: t("exports.fundsFile"),
    fill: (workbook, flush) => writeFundsLedger(workbook, flush, user, filters),
  });
}
