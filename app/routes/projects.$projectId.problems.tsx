// /projects/:id/problems — reports a problem on the project (问题报送), and assigns it at once
// when a department is chosen. Action only: the form is the ProblemsPanel on the project page.
import { parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { reportProblem } from "#app/models/problem.server";
import { ProblemReportSchema, withDone } from "#app/schemas/problem";
import { requireUser } from "#app/utils/auth.server";
import { requestMeta } from "#app/utils/request-meta.server";

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const projectId = params.projectId ?? "";
  const submission = parseWithZod(await request.formData(), { schema: ProblemReportSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const value = submission.value;
  const outcome = await reportProblem(
    user,
    projectId,
    {
      title: value.title,
      category: value.category,
      description: value.description ?? null,
      departmentId: value.departmentId || null,
      assigneeId: value.assigneeId || null,
      limitWorkdays: value.limitWorkdays ?? null,
    },
    requestMeta(request),
  );
  if (!outcome.ok) return json({ result: submission.reply({ fieldErrors: outcome.errors }) }, { status: 400 });
  throw redirect(`${withDone(value.redirectTo, `/projects/${projectId}`, "problemReported")}#problems`);
}
