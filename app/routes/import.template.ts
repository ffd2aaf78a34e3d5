// GET /import/template: the blank ledger (.xlsx) in the layout the import reads (issue 6 §7).
import { type LoaderFunctionArgs } from "@remix-run/node";
import { t } from "#app/i18n";
import { requireUser } from "#app/utils/auth.server";
import { blankLedgerWorkbook } from "#app/utils/blank-ledger.server";
import { XLSX_CONTENT_TYPE } from "#app/utils/xlsx.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "pipeline:write" });
  const name = `${t("ledger.templateFileName")}.xlsx`;
  return new Response(new Uint8Array(await blankLedgerWorkbook()), {
    headers: {
      "Content-Type": XLSX_CONTENT_TYPE,
      "Content-Disposition": `attachment; filename="ledger-template.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "Cache-Control": "no-store",
    },
  });
}
