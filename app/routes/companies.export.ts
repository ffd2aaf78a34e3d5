// GET /companies/export?<the /companies filters and sort> — the company list as a streamed .xlsx,
// the rows the list shows (out-of-scope companies as their public card). Audited (EXPORT).
import { type LoaderFunctionArgs } from "@remix-run/node";
import { t } from "#app/i18n";
import {
  COMPANY_LIST_DEFAULTS,
  COMPANY_SORT_KEYS,
  listCompanies,
} from "#app/models/company.server";
import { writeCompanyLedger } from "#app/models/ledger-export.server";
import { readCompanyFilters } from "#app/schemas/company";
import { requireUser } from "#app/utils/auth.server";
import { readListParams } from "#app/utils/list-params";
import {
  allFilters,
  auditedXlsxExport,
} from "#app/utils/list-export.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:read" });
  const params = new URL(request.url).searchParams;
  const filters = readCompanyFilters(params);
  const { sort, dir } = readListParams(
    params,
    COMPANY_SORT_KEYS,
    COMPANY_LIST_DEFAULTS
  );
  const { total: rows } = await listCompanies(user, filters, {
    sort,
    dir,
    skip: 0,
    pageSize: 1,
  });
  return auditedXlsxExport(request, user, {
    entity: "Company",
    detail: { filters: allFilters(params), rows },
    fileName: t("exports.companyFile"),
    fill: (workbook, flush) =>
      writeCompanyLedger(workbook, flush, user, filters, { sort, dir }),
  });
}
