// /import: upload a ledger (issue 6 §1). The upload is checked by content (app/utils/xlsx-upload
// .server.ts) before anything else reads it, stored under data/imports/<batchId>.xlsx with a
// PREVIEWED ImportBatch, and the user goes on to its preview (/import/:batchId).
import { randomUUID } from "node:crypto";
import {
  json,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { isProjectRegion } from "#app/domain/projects";
import { t } from "#app/i18n";
import { createImportBatch, listImportRegions, listRecentImportBatches, sha256Of, workbookSheets } from "#app/models/ledger-import.server";
import { requireUser } from "#app/utils/auth.server";
import { formatDateTime } from "#app/utils/datetime";
import { removeUpload, storeUpload, sweepAbandonedUploads } from "#app/utils/import-files.server";
import { prisma } from "#app/utils/db.server";
import { checkXlsxUpload, XLSX_UPLOAD_LIMITS } from "#app/utils/xlsx-upload.server";

export const meta: MetaFunction = () => [{ title: `${t("ledger.pageTitle")} - ${t("common.appName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const regions = await listImportRegions(prisma);
  const own = user.role === "CITY_OFFICER" ? null : (regions.find((r) => r.id === user.regionId) ?? null);
  const batches = await listRecentImportBatches(user);
  return json({
    own: own ? { id: own.id, name: own.name } : null,
    regions: own ? [] : regions.filter(isProjectRegion).map((r) => ({ id: r.id, name: r.name })),
    batches: batches.map((b) => ({ ...b, createdAt: formatDateTime(b.createdAt) })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  // A POST that is not a multipart upload (a hand-made request) is a bad request, not a 500.
  if (!(request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
    return json({ error: t("ledger.uploadMissing") }, { status: 400 });
  }
  let form: FormData;
  try {
    // One byte over the limit is enough to know the file is too large; the check says so.
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: XLSX_UPLOAD_LIMITS.maxFileBytes + 1 }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return json({ error: t("ledger.uploadTooLarge", { size: "> 10" }) }, { status: 400 });
    throw error;
  }
  const file = form.get("file");
  if (!(file instanceof Blob) || file.size === 0) return json({ error: t("ledger.uploadMissing") }, { status: 400 });
  const bytes = new Uint8Array(await file.arrayBuffer());
  const check = checkXlsxUpload(bytes);
  if (!check.ok) return json({ error: t(check.message, check.params) }, { status: 400 });
  const sheets = await workbookSheets(bytes);
  if (!sheets) return json({ error: t("ledger.uploadCorrupt") }, { status: 400 });

  const regions = await listImportRegions(prisma);
  const chosen = String(form.get("regionId") ?? "");
  const regionId = user.role === "CITY_OFFICER" ? (regions.find((r) => r.id === chosen && isProjectRegion(r))?.id ?? null) : user.regionId;
  const fileName = ("name" in file && typeof file.name === "string" && file.name.trim() ? file.name.trim() : "台账.xlsx").slice(0, 200);
  const batchId = randomUUID();
  const filePath = await storeUpload(batchId, bytes);
  try {
    await createImportBatch(user, { id: batchId, fileName, sha256: sha256Of(bytes), filePath, regionId });
  } catch (error) {
    await removeUpload(batchId);
    throw error;
  }
  await sweepAbandonedUploads();
  const first = sheets.find((s) => !s.hidden) ?? sheets[0];
  const params = new URLSearchParams();
  if (first) params.set("sheet", first.name);
  if (regionId) params.set("region", regionId);
  throw redirect(`/import/${batchId}?${params}`);
}

const STATUS_CLASS: Record<string, string> = {
  PREVIEWED: "bg-amber-50 text-amber-800",
  COMMITTED: "bg-green-50 text-green-800",
  FAILED: "bg-red-50 text-red-800",
};

export default function ImportPage() {
  const { own, regions, batches } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">{t("ledger.pageTitle")}</h1>
        <a href="/import/template" className="btn-secondary" download>
          {t("ledger.downloadTemplate")}
        </a>
      </div>
      <p className="text-sm text-gray-600">{t("ledger.pageIntro")}</p>

      <Form method="post" encType="multipart/form-data" className="card space-y-4" aria-label={t("ledger.uploadSubmit")}>
        <div>
          <label htmlFor="ledger-file" className="label">
            {t("ledger.uploadLabel")}
          </label>
          <input
            id="ledger-file"
            name="file"
            type="file"
            required
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            className="input"
            aria-invalid={actionData?.error ? true : undefined}
            aria-describedby={actionData?.error ? "ledger-file-error" : undefined}
          />
          {actionData?.error ? (
            <p id="ledger-file-error" className="field-error" role="alert">
              {actionData.error}
            </p>
          ) : null}
        </div>
        {own ? (
          <p className="text-sm text-gray-700">{t("ledger.uploadRegionOwn", { name: own.name })}</p>
        ) : (
          <div>
            <label htmlFor="ledger-region" className="label">
              {t("ledger.uploadRegionLabel")}
            </label>
            <select id="ledger-region" name="regionId" className="input" defaultValue="">
              <option value="">{t("ledger.uploadRegionFromLedger")}</option>
              {regions.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="submit" className="btn-primary" disabled={busy}>
          {busy ? t("ledger.uploadBusy") : t("ledger.uploadSubmit")}
        </button>
      </Form>

      <section className="space-y-2">
        <h2 className="text-base font-semibold">{t("ledger.recentTitle")}</h2>
        {batches.length === 0 ? (
          <p className="text-sm text-gray-500">{t("ledger.recentEmpty")}</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-gray-200 bg-white">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t("ledger.colFile")}</th>
                  <th scope="col">{t("ledger.colStatus")}</th>
                  <th scope="col">{t("ledger.colTime")}</th>
                  <th scope="col">{t("ledger.colCreated")}</th>
                  <th scope="col">{t("ledger.colUpdated")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-gray-100">
                {batches.map((b) => (
                  <tr key={b.id}>
                    <td>
                      <Link to={`/import/${b.id}`} className="text-blue-700 hover:underline">
                        {b.fileName}
                      </Link>
                    </td>
                    <td>
                      <span className={`rounded px-2 py-0.5 text-xs ${STATUS_CLASS[b.status] ?? ""}`}>{t(`ledger.status_${b.status}`)}</span>
                    </td>
                    <td className="whitespace-nowrap">{b.createdAt}</td>
                    <td>{t("ledger.countPair", { companies: b.createdCompanies, projects: b.createdProjects })}</td>
                    <td>{t("ledger.countPair", { companies: b.updatedCompanies, projects: b.updatedProjects })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
