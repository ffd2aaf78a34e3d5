// 领导批示 at the top of the project page (and on a problem's page): open instructions first,
// each with its leader, reply deadline and colour, who has replied, the replies, and — for a
// recipient — the reply form (posts to /instructions/:id). Leaders get the form to write one
// (posts to /projects/:id/instructions). Answered instructions fold away below.
// Data: listInstructionsForProject() or listInstructionsForProblem().
import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Link, useFetcher } from "@remix-run/react";
import { t } from "#app/i18n";
import { type InstructionForm, type InstructionView, type InstructionsPanelData, type OpenInstruction } from "#app/models/instruction.server";
import { InstructionReplySchema, InstructionSchema } from "#app/schemas/problem";
import { Badge, Notice, useDoneNotice, useReturnPath, workdaysLeftText } from "./problem-ui";
import { Field } from "./ui/field";
import { WarningDot } from "./warning-dot";

export function instructionsAction(projectId: string) {
  return `/projects/${projectId}/instructions`;
}
export function instructionReplyAction(instructionId: string) {
  return `/instructions/${instructionId}`;
}

export function InstructionsPanel({ data, showProblemLinks = true }: { data: InstructionsPanelData; showProblemLinks?: boolean }) {
  const notice = useDoneNotice({ instructionIssued: t("problems.noticeInstructionIssued"), instructionReplied: t("problems.noticeInstructionReplied") });
  const open = data.items.filter((i) => i.open);
  const answered = data.items.filter((i) => !i.open);
  if (data.items.length === 0 && !data.form && !notice) return null;
  return (
    <section className="space-y-3" aria-labelledby="instructions-panel-title" id="instructions" data-testid="instructions-panel">
      <h2 id="instructions-panel-title" className={data.items.length ? "text-lg font-semibold" : "sr-only"}>
        {t("problems.instructionsTitle")}
        {open.length ? <span className="ml-2 text-sm font-normal text-gray-600">{t("problems.instructionsOpenCount", { count: open.length })}</span> : null}
      </h2>
      {notice ? <Notice>{notice}</Notice> : null}
      {open.map((item) => (
        <InstructionCard key={item.id} item={item} showProblemLink={showProblemLinks} />
      ))}
      {answered.length ? (
        <details className="card">
          <summary className="min-h-11 cursor-pointer text-sm font-medium text-gray-700">{t("problems.instructionsAnswered", { count: answered.length })}</summary>
          <div className="mt-3 space-y-3">
            {answered.map((item) => (
              <InstructionCard key={item.id} item={item} showProblemLink={showProblemLinks} />
            ))}
          </div>
        </details>
      ) : null}
      {data.form ? <InstructionWriteForm projectId={data.projectId} form={data.form} key={`write-${data.items.length}`} /> : null}
    </section>
  );
}

const BORDER = { NONE: "border-gray-200", BLUE: "border-blue-300", YELLOW: "border-amber-400", RED: "border-red-500" } as const;

export function InstructionCard({ item, showProblemLink = true }: { item: InstructionView; showProblemLink?: boolean }) {
  return (
    <article className={`card space-y-2 border-l-4 ${BORDER[item.level]}`} data-testid="instruction" data-open={item.open || undefined}>
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <WarningDot level={item.level} />
        <span className="font-semibold">{t("problems.instructionBy", { leader: item.leader })}</span>
        <span className="text-gray-500">{item.issuedAt}</span>
        {item.open ? (
          <Badge level={item.level}>{`${t("problems.replyDueOn", { date: item.replyDue })} · ${workdaysLeftText(item.daysLeft)}`}</Badge>
        ) : (
          <Badge>{t("problems.instructionAllReplied")}</Badge>
        )}
        {item.problem && showProblemLink ? (
          <Link to={`/problems/${item.problem.id}`} className="text-blue-700 hover:underline">
            {t("problems.instructionOnProblem", { code: item.problem.code, title: item.problem.title })}
          </Link>
        ) : null}
      </header>
      <p className="text-base break-words whitespace-pre-line">{item.text}</p>
      <ul className="flex flex-wrap gap-1.5 text-xs" aria-label={t("problems.instructionRecipients")}>
        {item.recipients.map((r) => (
          <li key={r.id} className={`rounded-full border px-2 py-0.5 ${r.replied ? "border-green-300 bg-green-50 text-green-800" : "border-gray-300 text-gray-700"}`}>
            {r.name}
            <span className="ml-1">{r.replied ? t("problems.recipientReplied") : t("problems.recipientPending")}</span>
          </li>
        ))}
      </ul>
      {item.replies.length ? (
        <ol className="space-y-2 border-t border-gray-100 pt-2">
          {item.replies.map((r) => (
            <li key={r.id} className="text-sm">
              <p className="text-xs text-gray-500">
                {r.author ?? ""} · {r.at}
              </p>
              <p className="break-words whitespace-pre-line">{r.text}</p>
            </li>
          ))}
        </ol>
      ) : null}
      {item.isRecipient ? <ReplyForm instructionId={item.id} awaiting={item.awaitingMyReply} /> : null}
    </article>
  );
}

type Answer = { result?: SubmissionResult<string[]> };

export function ReplyForm({ instructionId, awaiting, redirectTo }: { instructionId: string; awaiting: boolean; redirectTo?: string }) {
  const fetcher = useFetcher<Answer>();
  const busy = fetcher.state !== "idle";
  const returnTo = useReturnPath();
  const [form, fields] = useForm({
    id: `reply-${instructionId}`,
    lastResult: fetcher.data?.result,
    constraint: getZodConstraint(InstructionReplySchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InstructionReplySchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <details open={awaiting || !!fetcher.data?.result} className="border-t border-gray-100 pt-2">
      <summary className="min-h-10 cursor-pointer text-sm font-medium text-blue-700">{awaiting ? t("problems.replyOpen") : t("problems.replyAgain")}</summary>
      <fetcher.Form method="post" action={instructionReplyAction(instructionId)} className="mt-2 space-y-2" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" value={redirectTo ?? returnTo} />
        <label htmlFor={fields.text.id} className="label">
          {t("problems.replyText")}
        </label>
        <textarea
          {...getTextareaProps(fields.text)}
          rows={3}
          className="input"
          aria-invalid={fields.text.errors?.length ? true : undefined}
          aria-describedby={fields.text.errors?.length ? fields.text.errorId : undefined}
        />
        {fields.text.errors?.length ? (
          <p id={fields.text.errorId} className="field-error" role="alert">
            {fields.text.errors.join("；")}
          </p>
        ) : null}
        <button type="submit" className="btn-primary min-h-11 px-6" disabled={busy}>
          {busy ? t("common.saving") : t("problems.replySubmit")}
        </button>
      </fetcher.Form>
    </details>
  );
}

function InstructionWriteForm({ projectId, form: options }: { projectId: string; form: InstructionForm }) {
  const fetcher = useFetcher<Answer>();
  const busy = fetcher.state !== "idle";
  const returnTo = useReturnPath();
  const [form, fields] = useForm({
    id: `instruction-new-${projectId}-${options.problemId ?? "project"}`,
    lastResult: fetcher.data?.result,
    constraint: getZodConstraint(InstructionSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InstructionSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { replyDueAt: options.defaultReplyDue },
  });
  const groups = [...new Set(options.recipients.map((r) => r.group))];
  return (
    <details className="card" open={!!fetcher.data?.result}>
      <summary className="min-h-11 cursor-pointer text-sm font-medium text-red-800">{options.problemId ? t("problems.instructionWriteOnProblem") : t("problems.instructionWrite")}</summary>
      <fetcher.Form method="post" action={instructionsAction(projectId)} className="mt-3 space-y-3" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" value={returnTo} />
        {options.problemId ? <input type="hidden" name="problemId" value={options.problemId} /> : null}
        {form.errors?.length ? <Notice tone="error">{form.errors.join("；")}</Notice> : null}
        <div>
          <label htmlFor={fields.text.id} className="label">
            {t("problems.instructionText")}
          </label>
          <textarea
            {...getTextareaProps(fields.text)}
            rows={4}
            className="input"
            aria-invalid={fields.text.errors?.length ? true : undefined}
            aria-describedby={fields.text.errors?.length ? fields.text.errorId : undefined}
          />
          {fields.text.errors?.length ? (
            <p id={fields.text.errorId} className="field-error" role="alert">
              {fields.text.errors.join("；")}
            </p>
          ) : null}
        </div>
        <fieldset aria-describedby={fields.recipientIds.errors?.length ? fields.recipientIds.errorId : undefined}>
          <legend className="label">{t("problems.instructionRecipients")}</legend>
          {options.recipients.length === 0 ? <p className="text-sm text-gray-500">{t("problems.instructionNoRecipients")}</p> : null}
          <div className="space-y-2">
            {groups.map((group) => (
              <div key={group}>
                <p className="text-xs text-gray-500">{group}</p>
                <ul className="grid gap-x-3 sm:grid-cols-2">
                  {options.recipients
                    .filter((r) => r.group === group)
                    .map((r) => (
                      <li key={r.id}>
                        <label className="flex min-h-11 items-center gap-2 text-sm">
                          <input type="checkbox" name={fields.recipientIds.name} value={r.id} className="size-5" />
                          {r.label}
                        </label>
                      </li>
                    ))}
                </ul>
              </div>
            ))}
          </div>
          {fields.recipientIds.errors?.length ? (
            <p id={fields.recipientIds.errorId} className="field-error" role="alert">
              {fields.recipientIds.errors.join("；")}
            </p>
          ) : null}
        </fieldset>
        <Field
          label={t("problems.instructionReplyDue")}
          errors={fields.replyDueAt.errors}
          hint={t("problems.instructionReplyDueHint", { days: options.replyWorkdays })}
          inputProps={{ type: "date", name: fields.replyDueAt.name, id: fields.replyDueAt.id, defaultValue: options.defaultReplyDue, min: options.today }}
        />
        <button type="submit" className="btn-primary min-h-11 px-6" disabled={busy}>
          {busy ? t("common.saving") : t("problems.instructionSubmit")}
        </button>
      </fetcher.Form>
    </details>
  );
}

/**
 * The 工作台 card: the 批示 the user still has to answer (openInstructionsForUser), most
 * urgent first, each linking to its page. Nothing is shown when there are none.
 */
export function DeskInstructions({ data }: { data: { total: number; items: OpenInstruction[] } }) {
  if (data.total === 0) return null;
  return (
    <section className="card space-y-2 border-l-4 border-red-700" aria-labelledby="desk-instructions-title" data-testid="desk-instructions">
      <h2 id="desk-instructions-title" className="font-semibold">
        {t("problems.deskInstructionsTitle", { count: data.total })}
      </h2>
      <ul className="divide-y divide-gray-100">
        {data.items.map((i) => (
          <li key={i.id} className="flex gap-3 py-2">
            <WarningDot level={i.level} className="mt-1.5" />
            <div className="min-w-0 grow">
              <Link to={i.href} className="line-clamp-2 font-medium break-words text-blue-700 hover:underline">
                {i.text}
              </Link>
              <p className="text-xs text-gray-600">
                {t("problems.instructionBy", { leader: i.leader })} · {i.project.code} {i.project.name}
                {i.problem ? ` · ${i.problem.code}` : ""}
              </p>
              <p className={`text-xs ${i.overdue ? "font-medium text-red-700" : "text-gray-600"}`}>
                {t("problems.replyDueOn", { date: i.replyDue })} · {workdaysLeftText(i.daysLeft)}
              </p>
            </div>
          </li>
        ))}
      </ul>
      {data.total > data.items.length ? <p className="text-xs text-gray-500">{t("problems.deskInstructionsMore", { count: data.total - data.items.length })}</p> : null}
    </section>
  );
}
