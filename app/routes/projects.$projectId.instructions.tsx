// /projects/:id/instructions — a leader's 批示 on the project, or (with problemId) on one of its
// problems. Action only: the form is the InstructionsPanel on the project and problem pages.
import { parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { createInstruction } from "#app/models/instruction.server";
import { InstructionSchema, withDone } from "#app/schemas/problem";
import { requireUser } from "#app/utils/auth.server";
import { requestMeta } from "#app/utils/request-meta.server";

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "instruction:write" });
  const projectId = params.projectId ?? "";
  const submission = parseWithZod(await request.formData(), { schema: InstructionSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const value = submission.value;
  const outcome = await createInstruction(
    user,
    projectId,
    { text: value.text, recipientIds: value.recipientIds, replyDueAt: value.replyDueAt ?? null, problemId: value.problemId || null },
    requestMeta(request),
  );
  if (!outcome.ok) return json({ result: submission.reply({ fieldErrors: outcome.errors }) }, { status: 400 });
  const fallback = value.problemId ? `/problems/${value.problemId}` : `/projects/${projectId}`;
  throw redirect(`${withDone(value.redirectTo, fallback, "instructionIssued")}#instructions`);
}
