// /projects/:id/incentives — adds, edits (from a version) and deletes 政策兑现 items. Action
// only: the forms are the IncentivesPanel on the project page. A fair-competition flag is a
// warning the page shows after the save, never a refusal.
import { parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { t } from "#app/i18n";
import { createIncentive, deleteIncentive, updateIncentive } from "#app/models/incentive.server";
import { IncentiveDeleteSchema, IncentiveSchema, incentiveInputFromForm, withDone } from "#app/schemas/problem";
import { requireUser } from "#app/utils/auth.server";
import { requestMeta } from "#app/utils/request-meta.server";
import { VersionConflict } from "#app/utils/version-conflict.server";

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const projectId = params.projectId ?? "";
  const formData = await request.formData();
  const meta = requestMeta(request);
  const fallback = `/projects/${projectId}`;

  if (formData.get("intent") === "delete") {
    const submission = parseWithZod(formData, { schema: IncentiveDeleteSchema });
    if (submission.status !== "success") return json({ result: submission.reply(), conflict: null }, { status: 400 });
    try {
      await deleteIncentive(user, submission.value.id, submission.value.version, meta);
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
      return json({ result: submission.reply(), conflict: t("common.conflictBody") }, { status: 409 });
    }
    throw redirect(`${withDone(submission.value.redirectTo, fallback, "incentiveDeleted")}#incentives`);
  }

  const submission = parseWithZod(formData, { schema: IncentiveSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), conflict: null }, { status: 400 });
  const value = submission.value;
  const input = incentiveInputFromForm(value);
  try {
    const outcome = value.intent === "update" ? await updateIncentive(user, value.id, value.version, input, meta) : await createIncentive(user, projectId, input, meta);
    if (!outcome.ok) return json({ result: submission.reply({ fieldErrors: outcome.errors }), conflict: null }, { status: 400 });
    throw redirect(`${withDone(value.redirectTo, fallback, outcome.flags.length ? "incentiveFlagged" : "incentiveSaved")}#incentives`);
  } catch (error) {
    if (!(error instanceof VersionConflict)) throw error;
    return json({ result: submission.reply(), conflict: t("common.conflictBody") }, { status: 409 });
  }
}
