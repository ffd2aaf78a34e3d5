// GET /problems/export?<the /problems filters> — the problem list as a streamed .xlsx, in the
// list's order and scope (department staff: their department's). Audited (EXPORT).
import { type LoaderFunctionArgs } from "@remix-run/node";
import { t } from "#app/i18n";
import { writeProblemLedger } from "#app/models/ledger-export.server";
import { canSeeProblems, listProblems } from "#app/models/problem.server";
import { readProblemFilters } from "#app/schemas/problem";
import { requireUser } from "#app/utils/auth.server";
import {
  allFilters,
  auditedXlsxExport,
} from "#app/utils/list-export.server";
import { forbidden } from "#app/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!canSeeProblems(user)) throw forbidden();
  const params = new URL(request.url).searchParams;
  const filters = readProblemFilters(params);
  const { total: rows } = await listProblems(user, filters, {
    skip: 0,
    take: 1,
    byDepartment: false,
  });
  return auditedXlsxExport(request, user, {
    entity: "Problem",
    detail: { filters: allFilters(params), rows },
    fileName: t("exports.problemFile"),
    fill: (workbook, flush) => writeProblemLedger(workbook, flush, user, filters),
  });
}
