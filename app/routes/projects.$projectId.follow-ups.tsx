// /projects/:id/follow-ups — writes follow-ups (intent create, update or delete) and, on GET,
// shows the follow-up form on its own: the page an officer opens on a phone at the investor's
// door. Saved follow-ups redirect to the project's 跟进记录 tab.
import { parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { FollowUpForm } from "#app/components/follow-up-form";
import { shanghaiDay } from "#app/domain/workdays";
import { t } from "#app/i18n";
import { deleteFollowUp, createFollowUp, followUpParticipantOptions, updateFollowUp } from "#app/models/follow-up.server";
import { getProjectForUser } from "#app/models/project.server";
import { FollowUpSchema, followUpInputFromForm } from "#app/schemas/project";
import { requireUser } from "#app/utils/auth.server";
import { now } from "#app/utils/clock";
import { requestMeta } from "#app/utils/request-meta.server";
import { VersionConflict } from "#app/utils/version-conflict.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t("projects.followUpNew")}：${data?.project.name ?? ""} - ${t("common.appName")}` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const project = await getProjectForUser(user, params.projectId ?? "");
  return json({
    project: { id: project.id, code: project.code, name: project.name },
    people: await followUpParticipantOptions(project),
    today: shanghaiDay(now()),
    currentUserId: user.id,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const projectId = params.projectId ?? "";
  await getProjectForUser(user, projectId);
  const formData = await request.formData();
  const meta = requestMeta(request);
  const back = (notice: string) => redirect(`/projects/${projectId}?tab=followUps&notice=${notice}`);

  if (formData.get("intent") === "delete") {
    await deleteFollowUp(user, String(formData.get("id") ?? ""), meta);
    throw back("followUpDeleted");
  }
  const submission = parseWithZod(formData, { schema: FollowUpSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), conflict: null }, { status: 400 });
  const value = submission.value;
  const input = followUpInputFromForm(value);
  try {
    const outcome = value.intent === "update" ? await updateFollowUp(user, value.id, value.version, input, meta) : await createFollowUp(user, projectId, input, meta);
    if (!outcome.ok) return json({ result: submission.reply({ fieldErrors: outcome.errors }), conflict: null }, { status: 400 });
  } catch (error) {
    if (!(error instanceof VersionConflict)) throw error;
    return json({ result: submission.reply(), conflict: t("common.conflictBody") }, { status: 409 });
  }
  throw back("followUpSaved");
}

export default function FollowUpPage() {
  const { project, people, today, currentUserId } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <nav className="text-sm" aria-label="breadcrumb">
        <Link to={`/projects/${project.id}?tab=followUps`} className="text-blue-700 hover:underline">
          {project.code} {project.name}
        </Link>
      </nav>
      <FollowUpForm projectId={project.id} people={people} today={today} currentUserId={currentUserId} pageAnswer={answer} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
