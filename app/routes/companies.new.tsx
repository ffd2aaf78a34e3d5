import { parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CompanyForm } from "#app/components/company-form";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { t } from "#app/i18n";
import { companyFormOptions, createCompany, type ExistingCompanyRef } from "#app/models/company.server";
import { CompanyFormSchema } from "#app/schemas/company";
import { requireUser } from "#app/utils/auth.server";
import { companyFormProblem } from "#app/utils/company-form.server";
import { requestMeta } from "#app/utils/request-meta.server";

export const meta: MetaFunction = () => [{ title: `${t("companies.newTitle")} - ${t("common.appName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  return json({ options: await companyFormOptions(user) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const submission = parseWithZod(await request.formData(), { schema: CompanyFormSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), usccTaken: null, similar: [] as ExistingCompanyRef[] }, { status: 400 });
  const outcome = await createCompany(user, submission.value, requestMeta(request));
  if (outcome.ok) throw redirect(`/companies/${outcome.id}?notice=created`);
  const problem = companyFormProblem(outcome);
  return json({ result: submission.reply({ fieldErrors: problem.fieldErrors }), usccTaken: problem.usccTaken, similar: problem.similar }, { status: 400 });
}

export default function NewCompanyPage() {
  const { options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <nav className="text-sm" aria-label="breadcrumb">
        <Link to="/companies" className="text-blue-700 hover:underline">
          {t("companies.listTitle")}
        </Link>
        <span className="mx-1 text-gray-400">/</span>
        <span>{t("companies.newTitle")}</span>
      </nav>
      <h1 className="text-xl font-semibold">{t("companies.newTitle")}</h1>
      <CompanyForm
        mode="create"
        lastResult={actionData?.result}
        defaultValue={{ name: "", uscc: "", hqProvince: "", hqCity: "", chainId: "", linkId: "", tags: [], sourceChannel: "", ownerRegionId: "", description: "" }}
        options={options}
        usccTaken={actionData?.usccTaken}
        similar={actionData?.similar}
        cancelTo="/companies"
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
