// /projects/:id/milestones — records one landing milestone (intent save) for the 落地节点 tab; a
// GET goes to that tab. A saved milestone redirects back with a notice (naming the stage the
// project entered, when the date moved it); a form that was not saved gets its errors (400) or
// the stale-version message (409) and keeps what was typed.
import { parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { t } from "#app/i18n";
import { requireProjectInScope } from "#app/models/landing.server";
import { saveMilestone } from "#app/models/milestone.server";
import { MilestoneSchema, milestoneInputFromForm } from "#app/schemas/landing";
import { requireUser } from "#app/utils/auth.server";
import { requestMeta } from "#app/utils/request-meta.server";
import { VersionConflict } from "#app/utils/version-conflict.server";

const TAB = "milestones";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:read" });
  const project = await requireProjectInScope(user, params.projectId ?? "");
  throw redirect(`/projects/${project.id}?tab=${TAB}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const { id: projectId } = await requireProjectInScope(user, params.projectId ?? "");
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: MilestoneSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), conflict: null }, { status: 400 });
  const value = submission.value;
  try {
    const outcome = await saveMilestone(user, projectId, value.kind, value.version ?? null, milestoneInputFromForm(value), requestMeta(request));
    if (!outcome.ok) return json({ result: submission.reply({ fieldErrors: outcome.errors }), conflict: null }, { status: 400 });
    const moved = outcome.movedTo ? `&moved=${outcome.movedTo}` : "";
    throw redirect(`/projects/${projectId}?tab=${TAB}&notice=milestoneSaved${moved}`);
  } catch (error) {
    if (!(error instanceof VersionConflict)) throw error;
    return json({ result: submission.reply(), conflict: t("common.conflictBody") }, { status: 409 });
  }
}
