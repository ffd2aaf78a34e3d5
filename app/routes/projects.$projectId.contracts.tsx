// /projects/:id/contracts — writes a project's contracts (intent create, update or
// deleteContract) for the 签约与履约 tab; a GET goes to that tab. Saved and deleted contracts
// redirect back to it with a notice; a form that was not saved gets its errors (400) or the
// stale-version message (409) and keeps what was typed.
import { parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { t } from "#app/i18n";
import { createContract, deleteContract, updateContract } from "#app/models/contract.server";
import { requireProjectInScope } from "#app/models/landing.server";
import { ContractSchema, DeleteSchema, contractInputFromForm } from "#app/schemas/landing";
import { requireUser } from "#app/utils/auth.server";
import { requestMeta } from "#app/utils/request-meta.server";
import { VersionConflict } from "#app/utils/version-conflict.server";

const TAB = "contracts";

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

  if (formData.get("intent") === "deleteContract") {
    const submission = parseWithZod(formData, { schema: DeleteSchema });
    if (submission.status !== "success") throw new Response(t("common.badRequestTitle"), { status: 400 });
    try {
      const outcome = await deleteContract(user, projectId, submission.value.id, submission.value.version, meta);
      if (!outcome.ok) throw back("contractDeleteRefused");
    } catch (error) {
      if (error instanceof VersionConflict) throw back("conflict");
      throw error;
    }
    throw back("contractDeleted");
  }

  const submission = parseWithZod(formData, { schema: ContractSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), conflict: null }, { status: 400 });
  const value = submission.value;
  const input = contractInputFromForm(value);
  try {
    const outcome = value.intent === "update" ? await updateContract(user, projectId, value.id, value.version, input, meta) : await createContract(user, projectId, input, meta);
    if (!outcome.ok) {
      const { form, ...fieldErrors } = outcome.errors;
      return json({ result: submission.reply({ fieldErrors, formErrors: form }), conflict: null }, { status: 400 });
    }
  } catch (error) {
    if (!(error instanceof VersionConflict)) throw error;
    return json({ result: submission.reply(), conflict: t("common.conflictBody") }, { status: 409 });
  }
  throw back("contractSaved");
}
