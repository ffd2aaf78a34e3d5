// GET /problems/export?<the /problems filters> — the problem list as a streamed .xlsx, in the
// list's order and scope (department staff: their department's). Audited (EXPORT).
import { type LoaderFunctionArgs } from "@remix-run/node";
import { t } from "#app/i18n";
import { writeProblemLedger } from "#app/models/ledger-export.server";
import { canSeeProblems, listProblems } from "#app/models/problem.server";
import { readProblemFilters } from "#app/schemas/problem";
import { writeAudit } from "#app/utils/audit.server";
import { requireUser } from "#app/utils/auth.server";
import { allFilters } from "#app/utils/list-export.server";
import { forbidden } from "#app/utils/permissions.server";
import { requestMeta } from "#app/utils/request-meta.server";
import { xlsxResponse } from "#app/utils/xlsx.server";

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
  await writeAudit({
    actor: user,
    action: "EXPORT",
    entity: "Problem",
    detail: JSON.stringify({ filters: allFilters(params), rows }),
    meta: requestMeta(request),
  });
  return xlsxResponse(t("exports.problemFile"), async (workbook, flush) => {
    await writeProblemLedger(workbook, flush, user, filters);
  });
}
