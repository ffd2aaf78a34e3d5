// /projects/:id/funds — writes a project's 到位资金 entries (intent create, update or
// deleteFunds) for the 到位资金 tab; a GET goes to that tab. Saved and deleted entries redirect
// back to it with a notice; a form that was not saved gets its errors (400) or the
// stale-version message (409) and keeps what was typed.
import { parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { t } from "#app/i18n";
import { createFundsEntry, deleteFundsEntry, updateFundsEntry } from "#app/models/funds.server";
import { requireProjectInScope } from "#app/models/landing.server";
import { DeleteSchema, FundsSchema, fundsInputFromForm } from "#app/schemas/landing";
import { requireUser } from "#app/utils/auth.server";
import { requestMeta } from "#app/utils/request-meta.server";
import { VersionConflict } from "#app/utils/version-conflict.server";

const TAB = "funds";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:read" });
  const project = await requireProjectInScope(user, params.projectId ?? "");
  throw redirect(`/projects/${project.id}?tab=${TAB}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const { id: projectId } = await requireProjectInScope(user, params.projectId ?? "");
  const formData = await request.formData();
  const meta = requestMeta(request);
  const back = (notice: string) => redirect(`/projects/${projectId}?tab=${TAB}&notice=${notice}`);

  if (formData.get("intent") === "deleteFunds") {
    const submission = parseWithZod(formData, { schema: DeleteSchema });
    if (submission.status !== "success") throw new Response(t("common.badRequestTitle"), { status: 400 });
    try {
      await deleteFundsEntry(user, projectId, submission.value.id, submission.value.version, meta);
    } catch (error) {
      if (error instanceof VersionConflict) throw back("conflict");
      throw error;
    }
    throw back("fundsDeleted");
  }

  const submission = parseWithZod(formData, { schema: FundsSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), conflict: null }, { status: 400 });
  const value = submission.value;
  const input = fundsInputFromForm(value);
  try {
    const outcome = value.intent === "update" ? await updateFundsEntry(user, projectId, value.id, value.version, input, meta) : await createFundsEntry(user, projectId, input, meta);
    if (!outcome.ok) return json({ result: submission.reply({ fieldErrors: outcome.errors }), conflict: null }, { status: 400 });
  } catch (error) {
    if (!(error instanceof VersionConflict)) throw error;
    return json({ result: submission.reply(), conflict: t("common.conflictBody") }, { status: 409 });
  }
  throw back("fundsSaved");
}
