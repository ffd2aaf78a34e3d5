// /instructions/:id — one 领导批示 with its replies; a recipient answers it here (the 工作台
// links here) or from the panel on the project page, which posts here too.
import { parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { InstructionCard } from "#app/components/instructions-panel";
import { Notice, useDoneNotice } from "#app/components/problem-ui";
import { t } from "#app/i18n";
import { getInstructionForUser, replyToInstruction } from "#app/models/instruction.server";
import { InstructionReplySchema, withDone } from "#app/schemas/problem";
import { requireUser } from "#app/utils/auth.server";
import { hasPermission } from "#app/utils/permissions.server";
import { requestMeta } from "#app/utils/request-meta.server";

export const meta: MetaFunction = () => [{ title: `${t("problems.instructionPageTitle")} - ${t("common.appName")}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const instruction = await getInstructionForUser(user, params.instructionId ?? "");
  return json({ instruction, canOpenProject: hasPermission(user, "pipeline:read") });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = params.instructionId ?? "";
  const submission = parseWithZod(await request.formData(), { schema: InstructionReplySchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const outcome = await replyToInstruction(user, id, submission.value.text, requestMeta(request));
  if (!outcome.ok) return json({ result: submission.reply({ fieldErrors: outcome.errors }) }, { status: 400 });
  throw redirect(`${withDone(submission.value.redirectTo, `/instructions/${id}`, "instructionReplied")}#instructions`);
}

export default function InstructionPage() {
  const { instruction, canOpenProject } = useLoaderData<typeof loader>();
  const notice = useDoneNotice({ instructionReplied: t("problems.noticeInstructionReplied") });
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <nav className="text-sm" aria-label="breadcrumb">
        {canOpenProject ? (
          <Link to={`/projects/${instruction.project.id}`} className="text-blue-700 hover:underline">
            {instruction.project.code} {instruction.project.name}
          </Link>
        ) : (
          <span>
            {instruction.project.code} {instruction.project.name}
          </span>
        )}
        {instruction.problem ? (
          <>
            <span className="mx-1 text-gray-400">/</span>
            <Link to={`/problems/${instruction.problem.id}`} className="text-blue-700 hover:underline">
              {instruction.problem.code}
            </Link>
          </>
        ) : null}
      </nav>
      <h1 className="text-xl font-semibold">{t("problems.instructionPageTitle")}</h1>
      {notice ? <Notice>{notice}</Notice> : null}
      <div id="instructions">
        <InstructionCard item={instruction} />
      </div>
      <p className="text-sm">
        <Link to="/" className="text-blue-700 hover:underline">
          {t("common.backHome")}
        </Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
