// 回收站 (DESIGN §4, issue 3 "Integrity"): projects and companies deleted within the user's scope,
// each restorable after a confirmation; every restore is audited by the models.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { ConfirmDialog } from "#app/components/ui/confirm-dialog";
import { EmptyState } from "#app/components/ui/list-controls";
import { isStageCode, stageLabelKey } from "#app/domain/stages";
import { hasMessage, t, type MessageKey } from "#app/i18n";
import { listDeletedCompanies, restoreCompany } from "#app/models/company.server";
import { listDeletedProjects, restoreProject } from "#app/models/project.server";
import { requireUser } from "#app/utils/auth.server";
import { formatDateTimeShort } from "#app/utils/datetime";
import { hasPermission } from "#app/utils/permissions.server";
import { requestMeta } from "#app/utils/request-meta.server";

export const meta: MetaFunction = () => [{ title: `${t("projects.recycleTitle")} - ${t("common.appName")}` }];

const NOTICES = {
  deleted: "projects.recycleNoticeDeleted",
  restoredProject: "projects.recycleNoticeRestoredProject",
  restoredCompany: "projects.recycleNoticeRestoredCompany",
} as const satisfies Record<string, MessageKey>;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:read" });
  const [projects, companies] = await Promise.all([listDeletedProjects(user), listDeletedCompanies(user)]);
  const search = new URL(request.url).searchParams;
  const notice = search.get("notice") ?? "";
  return json({
    canRestore: hasPermission(user, "pipeline:write"),
    notice: notice in NOTICES ? t(NOTICES[notice as keyof typeof NOTICES]) : null,
    restoredProjectId: notice === "restoredProject" ? search.get("id") : null,
    projects: projects.map((p) => ({
      ...p,
      stageLabel: isStageCode(p.stage) ? t(stageLabelKey(p.stage)) : p.stage,
      deletedAtText: formatDateTimeShort(p.deletedAt),
    })),
    companies: companies.map((c) => ({ ...c, deletedAtText: formatDateTimeShort(c.deletedAt) })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const form = await request.formData();
  const id = String(form.get("id") ?? "");
  const meta = requestMeta(request);
  switch (form.get("intent")) {
    case "restoreProject":
      await restoreProject(user, id, meta);
      throw redirect(`/recycle-bin?notice=restoredProject&id=${encodeURIComponent(id)}`);
    case "restoreCompany": {
      const outcome = await restoreCompany(user, id, meta);
      if (!outcome.ok) {
        const message = hasMessage(outcome.message) ? t(outcome.message, outcome.params) : t("common.errorBody");
        return json({ error: message }, { status: 400 });
      }
      throw redirect("/recycle-bin?notice=restoredCompany");
    }
    default:
      throw new Response(t("common.badRequestTitle"), { status: 400 });
  }
}

export default function RecycleBinPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">{t("projects.recycleTitle")}</h1>
      <p className="text-sm text-gray-600">{t("projects.recycleIntro")}</p>
      {data.notice ? (
        <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800" role="status" data-testid="notice">
          {data.notice}
          {data.restoredProjectId ? (
            <Link to={`/projects/${data.restoredProjectId}`} className="ml-2 text-blue-700 hover:underline">
              {t("projects.recycleOpenRestored")}
            </Link>
          ) : null}
        </p>
      ) : null}
      {actionData?.error ? (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" role="alert">
          {actionData.error}
        </p>
      ) : null}

      <section className="card space-y-2" aria-labelledby="bin-projects">
        <h2 id="bin-projects" className="font-medium">
          {t("projects.recycleProjects")}
        </h2>
        {data.projects.length === 0 ? (
          <EmptyState>{t("projects.recycleEmpty")}</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="data-table" data-testid="bin-projects">
              <thead>
                <tr>
                  <th scope="col">{t("projects.field_code")}</th>
                  <th scope="col">{t("projects.field_name")}</th>
                  <th scope="col">{t("projects.field_companyId")}</th>
                  <th scope="col">{t("projects.field_regionId")}</th>
                  <th scope="col">{t("projects.field_stage")}</th>
                  <th scope="col">{t("common.deletedAt")}</th>
                  <th scope="col">{t("projects.recycleDeletedBy")}</th>
                  {data.canRestore ? <th scope="col">{t("common.actions")}</th> : null}
                </tr>
              </thead>
              <tbody className="divide-y divide-gray-100">
                {data.projects.map((p) => (
                  <tr key={p.id}>
                    <td className="font-mono whitespace-nowrap">{p.code}</td>
                    <td>{p.name}</td>
                    <td>{p.companyName}</td>
                    <td className="whitespace-nowrap">{p.regionName}</td>
                    <td className="whitespace-nowrap">{p.stageLabel}</td>
                    <td className="whitespace-nowrap tabular-nums">{p.deletedAtText}</td>
                    <td className="whitespace-nowrap">{p.deletedBy ?? t("projects.none")}</td>
                    {data.canRestore ? (
                      <td>
                        <ConfirmDialog
                          label={t("projects.recycleRestore")}
                          title={t("projects.recycleRestoreTitle")}
                          message={t("projects.recycleRestoreConfirm", { name: p.name, code: p.code })}
                          intent="restoreProject"
                        >
                          <input type="hidden" name="id" value={p.id} />
                        </ConfirmDialog>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card space-y-2" aria-labelledby="bin-companies">
        <h2 id="bin-companies" className="font-medium">
          {t("projects.recycleCompanies")}
        </h2>
        {data.companies.length === 0 ? (
          <EmptyState>{t("projects.recycleEmpty")}</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="data-table" data-testid="bin-companies">
              <thead>
                <tr>
                  <th scope="col">{t("projects.field_companyId")}</th>
                  <th scope="col">{t("projects.recycleCompanyRegion")}</th>
                  <th scope="col">{t("common.deletedAt")}</th>
                  {data.canRestore ? <th scope="col">{t("common.actions")}</th> : null}
                </tr>
              </thead>
              <tbody className="divide-y divide-gray-100">
                {data.companies.map((c) => (
                  <tr key={c.id}>
                    <td>{c.name}</td>
                    <td className="whitespace-nowrap">{c.ownerRegionName}</td>
                    <td className="whitespace-nowrap tabular-nums">{c.deletedAtText}</td>
                    {data.canRestore ? (
                      <td>
                        <ConfirmDialog
                          label={t("projects.recycleRestore")}
                          title={t("projects.recycleRestoreCompanyTitle")}
                          message={t("projects.recycleRestoreCompanyConfirm", { name: c.name })}
                          intent="restoreCompany"
                        >
                          <input type="hidden" name="id" value={c.id} />
                        </ConfirmDialog>
                      </td>
                    ) : null}
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
