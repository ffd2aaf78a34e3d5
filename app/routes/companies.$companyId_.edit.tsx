import { parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CompanyForm, type CompanyConflictView } from "#app/components/company-form";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { t } from "#app/i18n";
import { changesSince, companyFormOptions, getCompanyForUser, updateCompany, type ExistingCompanyRef } from "#app/models/company.server";
import { CompanyEditSchema } from "#app/schemas/company";
import { requireUser } from "#app/utils/auth.server";
import { companyFormProblem } from "#app/utils/company-form.server";
import { formatDateTime } from "#app/utils/datetime";
import { notFound, type SessionUser } from "#app/utils/permissions.server";
import { requestMeta } from "#app/utils/request-meta.server";
import { VersionConflict } from "#app/utils/version-conflict.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${t("companies.editTitle")}：${data?.company.name ?? ""} - ${t("common.appName")}` }];

/** The whole record, or 404: outside the scope only the public card exists, and it is not editable. */
async function editableCompany(user: SessionUser, companyId: string) {
  const view = await getCompanyForUser(user, companyId);
  if (!view || view.access !== "full" || view.company.deletedAt) throw notFound();
  return view.company;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const company = await editableCompany(user, params.companyId ?? "");
  return json({
    company: {
      id: company.id,
      name: company.name,
      version: company.version,
      values: {
        name: company.name,
        uscc: company.uscc ?? "",
        hqProvince: company.hqProvince ?? "",
        hqCity: company.hqCity ?? "",
        chainId: company.chainId ?? "",
        linkId: company.linkId ?? "",
        tags: company.tags,
        sourceChannel: company.sourceChannel ?? "",
        ownerRegionId: company.ownerRegionId,
        description: company.description ?? "",
      },
    },
    options: await companyFormOptions(user),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const companyId = params.companyId ?? "";
  await editableCompany(user, companyId);
  const submission = parseWithZod(await request.formData(), { schema: CompanyEditSchema });
  const none = { usccTaken: null, similar: [] as ExistingCompanyRef[], conflict: null as CompanyConflictView | null };
  if (submission.status !== "success") return json({ result: submission.reply(), ...none }, { status: 400 });
  const { version, ...input } = submission.value;
  try {
    const outcome = await updateCompany(user, companyId, version, input, requestMeta(request));
    if (outcome.ok) throw redirect(`/companies/${companyId}?notice=saved`);
    const problem = companyFormProblem(outcome);
    return json({ result: submission.reply({ fieldErrors: problem.fieldErrors }), ...none, usccTaken: problem.usccTaken, similar: problem.similar }, { status: 400 });
  } catch (error) {
    if (!(error instanceof VersionConflict)) throw error;
    // 409: what the other save changed since this form was opened; the typed input stays.
    const report = await changesSince("Company", companyId, version, error.current);
    const conflict: CompanyConflictView = { ...report, changedAt: report.changedAt ? formatDateTime(report.changedAt) : null };
    return json({ result: submission.reply({ formErrors: [t("common.conflictBody")] }), ...none, conflict }, { status: 409 });
  }
}

export default function EditCompanyPage() {
  const { company, options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <nav className="text-sm" aria-label="breadcrumb">
        <Link to="/companies" className="text-blue-700 hover:underline">
          {t("companies.listTitle")}
        </Link>
        <span className="mx-1 text-gray-400">/</span>
        <Link to={`/companies/${company.id}`} className="text-blue-700 hover:underline">
          {company.name}
        </Link>
        <span className="mx-1 text-gray-400">/</span>
        <span>{t("companies.editTitle")}</span>
      </nav>
      <h1 className="text-xl font-semibold">
        {t("companies.editTitle")}：{company.name}
      </h1>
      <CompanyForm
        mode="edit"
        lastResult={actionData?.result}
        defaultValue={company.values}
        options={options}
        usccTaken={actionData?.usccTaken}
        similar={actionData?.similar}
        conflict={actionData?.conflict}
        version={company.version}
        cancelTo={`/companies/${company.id}`}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
