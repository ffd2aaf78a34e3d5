import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { COMPANY_SEARCH_FORM_ID, ProjectFormFields } from "#app/components/project-form";
import { shanghaiDay } from "#app/domain/workdays";
import { t } from "#app/i18n";
import { getProjectForUser, namesForImages, projectFormData, updateProject, type ProjectImage } from "#app/models/project.server";
import { PROJECT_FORM_FIELDS, ProjectEditSchema, projectInputFromForm } from "#app/schemas/project";
import { requireUser } from "#app/utils/auth.server";
import { diffImages } from "#app/utils/project-display";
import { requestMeta } from "#app/utils/request-meta.server";
import { VersionConflict } from "#app/utils/version-conflict.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t("projects.editTitle")}：${data?.project.name ?? ""} - ${t("common.appName")}` },
];

const day = (d: Date | null) => (d ? shanghaiDay(d) : undefined);
const num = (n: number | null) => (n === null ? undefined : String(n));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const project = await getProjectForUser(user, params.projectId ?? "");
  const search = new URL(request.url).searchParams;
  const data = await projectFormData(user, {
    companyQ: search.get("companyQ"),
    companyId: project.companyId,
    region: { id: project.regionId, name: project.region.name },
  });
  const member = (role: string) => project.members.filter((m) => m.role === role).map((m) => m.user.id);
  return json({
    project: { id: project.id, code: project.code, name: project.name, version: project.version },
    data,
    defaults: {
      name: project.name,
      companyId: project.companyId,
      regionId: project.regionId,
      chainId: project.chainId ?? undefined,
      linkId: project.linkId ?? undefined,
      nature: project.nature ?? undefined,
      plannedInvestment: String(project.plannedInvestment),
      keyManual: project.keyManual ? "on" : undefined,
      leadLeaderId: project.leadLeaderId ?? undefined,
      officerId: project.officerId ?? undefined,
      responsibleUnit: project.responsibleUnit ?? undefined,
      taskForceIds: member("TASK_FORCE"),
      liaisonIds: member("LIAISON"),
      expectedJobs: num(project.expectedJobs),
      povertyJobs: num(project.povertyJobs),
      expectedOutput: num(project.expectedOutput),
      expectedTax: num(project.expectedTax),
      description: project.description ?? undefined,
      firstContactAt: day(project.firstContactAt),
      signedAt: day(project.signedAt),
      contractAmount: num(project.contractAmount),
      contractType: project.contractType ?? undefined,
      startedAt: day(project.startedAt),
      completedAt: day(project.completedAt),
      producedAt: day(project.producedAt),
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const projectId = params.projectId ?? "";
  // Scope first: another county's project is 404 whatever was posted.
  await getProjectForUser(user, projectId);
  const submission = parseWithZod(await request.formData(), { schema: ProjectEditSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), conflict: null }, { status: 400 });
  const { version, ...value } = submission.value;
  const input = projectInputFromForm(value);
  try {
    const outcome = await updateProject(user, projectId, version, input, requestMeta(request));
    if (!outcome.ok) return json({ result: submission.reply({ fieldErrors: outcome.errors }), conflict: null }, { status: 400 });
  } catch (error) {
    if (!(error instanceof VersionConflict) || !error.current) throw error;
    // 409 (DESIGN §8): what the other save changed next to what this user typed, which stays
    // in the form; saving again from the new version overrides knowingly.
    const current = error.current as ProjectImage;
    const yours: Record<string, unknown> = { ...input, regionId: input.regionId ?? current.regionId };
    const names = await namesForImages([current, yours]);
    const diff = diffImages(PROJECT_FORM_FIELDS, current, yours, names);
    return json(
      { result: submission.reply({ formErrors: [t("common.conflictBody")] }), conflict: { version: current.version, diff } },
      { status: 409 },
    );
  }
  throw redirect(`/projects/${projectId}?notice=saved`);
}

export default function EditProjectPage() {
  const { project, data, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const conflict = actionData?.conflict ?? null;
  const noticeRef = useRef<HTMLDivElement>(null);
  // A refused save: bring its explanation into view (the button is at the foot of a long form).
  useEffect(() => {
    if (actionData?.result?.error?.[""]?.length) noticeRef.current?.focus();
  }, [actionData]);
  const [form, fields] = useForm({
    id: `project-edit-${project.id}`,
    lastResult: actionData?.result,
    defaultValue: defaults,
    constraint: getZodConstraint(ProjectEditSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProjectEditSchema }),
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
        <Link to={`/projects/${project.id}`} className="text-blue-700 hover:underline">
          {project.code}
        </Link>
        <span className="mx-1 text-gray-400">/</span>
        <span>{t("projects.editTitle")}</span>
      </nav>
      <h1 className="text-xl font-semibold">
        {t("projects.editTitle")}：{project.name}
      </h1>
      <Form method="get" id={COMPANY_SEARCH_FORM_ID} />
      <Form method="post" className="space-y-4" {...getFormProps(form)}>
        <input type="hidden" name="version" value={conflict?.version ?? project.version} />
        {form.errors?.length ? (
          <div ref={noticeRef} tabIndex={-1} className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" role="alert" data-testid="conflict">
            <p className="font-medium">{conflict ? t("common.conflictTitle") : form.errors.join("；")}</p>
            {conflict ? (
              <>
                <p className="mt-1">{form.errors.join("；")}</p>
                {conflict.diff.length ? (
                  <div className="mt-3 overflow-x-auto">
                    <p className="mb-1 font-medium">{t("projects.conflictDiffHeading")}</p>
                    <table className="data-table bg-white">
                      <thead>
                        <tr>
                          <th scope="col">{t("projects.changeField")}</th>
                          <th scope="col">{t("common.conflictTheirs")}</th>
                          <th scope="col">{t("common.conflictYours")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {conflict.diff.map((d) => (
                          <tr key={d.field}>
                            <th scope="row" className="font-normal">
                              {d.label}
                            </th>
                            <td>{d.theirs}</td>
                            <td>{d.yours}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                ) : null}
              </>
            ) : null}
          </div>
        ) : null}
        <ProjectFormFields fields={fields} data={data} mode="edit" />
        <div className="flex gap-2">
          <button type="submit" className="btn-primary min-h-11 px-6" disabled={busy}>
            {busy ? t("common.saving") : t("common.save")}
          </button>
          <Link to={`/projects/${project.id}`} className="btn-secondary min-h-11">
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
