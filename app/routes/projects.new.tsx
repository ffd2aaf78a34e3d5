import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { COMPANY_SEARCH_FORM_ID, ProjectFormFields } from "#app/components/project-form";
import { t } from "#app/i18n";
import { createProject, projectFormData } from "#app/models/project.server";
import { ProjectCreateSchema, projectInputFromForm } from "#app/schemas/project";
import { requireUser } from "#app/utils/auth.server";
import { requestMeta } from "#app/utils/request-meta.server";

export const meta: MetaFunction = () => [{ title: `${t("projects.newTitle")} - ${t("common.appName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const params = new URL(request.url).searchParams;
  const companyId = params.get("companyId");
  const data = await projectFormData(user, { companyQ: params.get("companyQ"), companyId, region: null });
  return json({ data, companyId: data.companies.some((c) => c.id === companyId) ? companyId : null });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const submission = parseWithZod(await request.formData(), { schema: ProjectCreateSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const outcome = await createProject(user, projectInputFromForm(submission.value), requestMeta(request));
  if (!outcome.ok) return json({ result: submission.reply({ fieldErrors: outcome.errors }) }, { status: 400 });
  throw redirect(`/projects/${outcome.id}?notice=created`);
}

export default function NewProjectPage() {
  const { data, companyId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "project-create",
    lastResult: actionData?.result,
    defaultValue: { companyId: companyId ?? undefined, regionId: data.fixedRegion?.id },
    constraint: getZodConstraint(ProjectCreateSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProjectCreateSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <nav className="text-sm" aria-label="breadcrumb">
        <Link to="/projects" className="text-blue-700 hover:underline">
          {t("projects.listTitle")}
        </Link>
        <span className="mx-1 text-gray-400">/</span>
        <span>{t("projects.newTitle")}</span>
      </nav>
      <h1 className="text-xl font-semibold">{t("projects.newTitle")}</h1>
      <Form method="get" id={COMPANY_SEARCH_FORM_ID} />
      <Form method="post" className="space-y-4" {...getFormProps(form)}>
        {form.errors?.length ? (
          <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" role="alert">
            {form.errors.join("；")}
          </p>
        ) : null}
        <ProjectFormFields fields={fields} data={data} mode="create" />
        <div className="flex gap-2">
          <button type="submit" className="btn-primary min-h-11 px-6" disabled={busy}>
            {busy ? t("common.saving") : t("common.save")}
          </button>
          <Link to="/projects" className="btn-secondary min-h-11">
            {t("common.cancel")}
          </Link>
        </div>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
