// GET /audit/export?<the audit page's filters> — the matching rows as a streamed .xlsx.
// Exporting is itself recorded in the log (action EXPORT), with the filters used.
import { type LoaderFunctionArgs } from "@remix-run/node";
import { t } from "#app/i18n";
import { auditActionLabel, auditEntityLabel, auditLogBatches, countAuditLog, latestAuditId } from "#app/models/audit.server";
import { AUDIT_FILTER_PARAMS, readAuditFilters } from "#app/schemas/audit";
import { writeAudit } from "#app/utils/audit.server";
import { requireUser } from "#app/utils/auth.server";
import { shanghaiWallClock } from "#app/utils/datetime";
import { requestMeta } from "#app/utils/request-meta.server";
import { XLSX_DATETIME, addRow, addSheet, xlsxResponse } from "#app/utils/xlsx.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "audit:read" });
  const params = new URL(request.url).searchParams;
  const { filters } = readAuditFilters(params);
  // The export covers the log as it stood when asked for, so the EXPORT row below is not in it.
  const upToId = await latestAuditId();
  const total = await countAuditLog(filters);
  const used = Object.fromEntries(AUDIT_FILTER_PARAMS.flatMap((name) => (params.get(name)?.trim() ? [[name, params.get(name)!.trim()]] : [])));
  await writeAudit({ actor: user, action: "EXPORT", entity: "AuditLog", detail: JSON.stringify({ filters: used, rows: total }), meta: requestMeta(request) });

  return xlsxResponse(t("audit.fileName"), async (workbook, flush) => {
    const sheet = addSheet(workbook, t("audit.sheetName"), [
      { header: t("audit.time"), width: 20, numFmt: XLSX_DATETIME },
      { header: t("audit.actor"), width: 18 },
      { header: t("audit.action"), width: 12 },
      { header: t("audit.entity"), width: 12 },
      { header: t("audit.entityId"), width: 28 },
      { header: t("audit.ip"), width: 16 },
      { header: t("audit.userAgent"), width: 30 },
      { header: t("audit.detail"), width: 40 },
      { header: t("audit.before"), width: 50 },
      { header: t("audit.after"), width: 50 },
    ]);
    for await (const batch of auditLogBatches(filters, upToId)) {
      for (const r of batch) {
        addRow(sheet, [shanghaiWallClock(r.at), r.actorName, auditActionLabel(r.action), auditEntityLabel(r.entity), r.entityId, r.ip, r.userAgent, r.detail, r.before, r.after]);
      }
      await flush();
    }
    sheet.commit();
  });
}
