// /projects/:id/stage — the stage move. Its action is the one every move goes through (the
// project page's dialog, the kanban's drag, this page): form fields `to`, `version`, `reason`,
// `note` and any stage field by name; answers {ok:true, stage, version}, 400 {errors:{field:[…]}},
// 409 {errors:{version:[…]}, conflict} for a stale version, 404 outside the user's scope.
// Its page is the same form for a browser without script: pick a target, then fill in.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { StageMoveFields, stageMoveAction } from "#app/components/stage-move";
import { t } from "#app/i18n";
import { getProjectForUser } from "#app/models/project.server";
import { moveProjectToStage, stageMoveData } from "#app/models/stage.server";
import { parseStageMove } from "#app/schemas/project";
import { requireUser } from "#app/utils/auth.server";
import { requestMeta } from "#app/utils/request-meta.server";
import { VersionConflict } from "#app/utils/version-conflict.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t("projects.moveStage")}：${data?.project.name ?? ""} - ${t("common.appName")}` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const project = await getProjectForUser(user, params.projectId ?? "");
  const move = await stageMoveData(project);
  const to = new URL(request.url).searchParams.get("to") ?? "";
  return json({
    project: { id: project.id, code: project.code, name: project.name },
    move,
    to: move.targets.some((x) => x.code === to) ? to : "",
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const projectId = params.projectId ?? "";
  await getProjectForUser(user, projectId);
  const form = await request.formData();
  const fromPage = form.get("returnTo") === "page";
  const parsed = parseStageMove(form);
  if (!parsed.ok) return json({ errors: parsed.errors }, { status: 400 });
  try {
    const outcome = await moveProjectToStage(user, projectId, parsed.value, requestMeta(request));
    if (!outcome.ok) return json({ errors: outcome.errors }, { status: 400 });
    if (fromPage) throw redirect(`/projects/${projectId}?notice=moved`);
    return json({ ok: true as const, stage: outcome.stage, version: outcome.version });
  } catch (error) {
    if (!(error instanceof VersionConflict)) throw error;
    const current = error.current as { version?: number; stage?: string } | null;
    return json(
      {
        errors: { version: [t("projects.moveConflict", { version: current?.version ?? "" })] },
        conflict: { message: t("common.conflictBody"), current },
      },
      { status: 409 },
    );
  }
}

export default function StageMovePage() {
  const { project, move, to } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = answer && "errors" in answer ? answer.errors : undefined;
  return (
    <div className="mx-auto max-w-lg space-y-4">
      <nav className="text-sm" aria-label="breadcrumb">
        <Link to={`/projects/${project.id}`} className="text-blue-700 hover:underline">
          {project.code} {project.name}
        </Link>
        <span className="mx-1 text-gray-400">/</span>
        <span>{t("projects.moveStage")}</span>
      </nav>
      <h1 className="text-xl font-semibold">{t("projects.moveTitle", { name: project.name })}</h1>
      <p className="text-sm text-gray-600">{t("projects.moveCurrent", { stage: move.stageLabel })}</p>
      {move.targets.length === 0 ? (
        <p className="card text-sm">{t("projects.moveNoTargets")}</p>
      ) : to ? (
        <Form method="post" action={`${stageMoveAction(project.id)}?to=${to}`} className="card space-y-4">
          <input type="hidden" name="returnTo" value="page" />
          <p className="font-medium">
            {t("projects.moveTarget")}：{move.targets.find((x) => x.code === to)?.label}
          </p>
          <StageMoveFields move={move} target={to} errors={errors} fixedTarget />
          <div className="flex gap-2">
            <button type="submit" className="btn-primary min-h-11" disabled={busy}>
              {busy ? t("common.saving") : t("projects.moveSubmit")}
            </button>
            <Link to={stageMoveAction(project.id)} className="btn-secondary min-h-11">
              {t("common.back")}
            </Link>
          </div>
        </Form>
      ) : (
        // Without script the fields cannot follow the choice: choose first, then fill in.
        <Form method="get" className="card space-y-4">
          <StageMoveFields move={move} target="" errors={errors} withVersion={false} />
          <div className="flex gap-2">
            <button type="submit" className="btn-primary min-h-11">
              {t("projects.moveNext")}
            </button>
            <Link to={`/projects/${project.id}`} className="btn-secondary min-h-11">
              {t("common.cancel")}
            </Link>
          </div>
        </Form>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
