// The follow-up form (记录跟进), built for an officer on site with a phone: one column, large
// touch targets, the date set to today, kinds as buttons. Leaders who took part get a select
// for their 四个亲自 capacity. Posts to /projects/:id/follow-ups, which redirects back to the
// project's 跟进记录 tab when saved.
import { getCollectionProps, getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Link, useFetcher } from "@remix-run/react";
import { CAPACITIES, FOLLOW_UP_KINDS } from "#app/domain/projects";
import { isRole } from "#app/domain/roles";
import { t } from "#app/i18n";
import { FollowUpSchema } from "#app/schemas/project";
import { Field } from "./ui/field";

export type ParticipantOption = { id: string; displayName: string; title: string | null; role: string };

export type FollowUpEditing = {
  id: string;
  version: number;
  kind: string;
  date: string;
  summary: string;
  nextAction: string;
  nextActionDue: string;
  participants: { userId: string; capacity: string | null }[];
};

type Answer = { result?: SubmissionResult<string[]>; conflict?: string | null };

export function followUpsAction(projectId: string) {
  return `/projects/${projectId}/follow-ups`;
}

// Computed once: the schema does not change, and walking it costs a fifth of the form's render.
const CONSTRAINT = getZodConstraint(FollowUpSchema);

function personLabel(p: ParticipantOption) {
  const extra = p.title ?? (isRole(p.role) ? t(`roles.${p.role}`) : null);
  return extra ? `${p.displayName}（${extra}）` : p.displayName;
}

export function FollowUpForm({
  projectId,
  people,
  today,
  currentUserId,
  editing,
  pageAnswer,
}: {
  projectId: string;
  people: ParticipantOption[];
  today: string;
  currentUserId: string;
  editing?: FollowUpEditing | null;
  /** The action's answer when the form was posted without script (the standalone page). */
  pageAnswer?: Answer;
}) {
  const fetcher = useFetcher<Answer>();
  const answer = fetcher.data ?? pageAnswer;
  const busy = fetcher.state !== "idle";
  const [form, fields] = useForm({
    id: editing ? `follow-up-${editing.id}-${editing.version}` : `follow-up-new-${projectId}`,
    lastResult: answer?.result,
    defaultValue: editing
      ? {
          kind: editing.kind,
          date: editing.date,
          summary: editing.summary,
          nextAction: editing.nextAction,
          nextActionDue: editing.nextActionDue,
          participantIds: editing.participants.map((p) => p.userId),
        }
      : { date: today, participantIds: people.some((p) => p.id === currentUserId) ? [currentUserId] : [] },
    constraint: CONSTRAINT,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: FollowUpSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const kinds = getCollectionProps(fields.kind, { type: "radio", options: [...FOLLOW_UP_KINDS] });
  const boxes = getCollectionProps(fields.participantIds, { type: "checkbox", options: people.map((p) => p.id) });
  const capacityOf = (userId: string) => editing?.participants.find((p) => p.userId === userId)?.capacity ?? "";

  return (
    <fetcher.Form method="post" action={followUpsAction(projectId)} className="card scroll-mt-4 space-y-4" {...getFormProps(form)}>
      <h2 className="text-lg font-semibold">{editing ? t("projects.followUpEdit") : t("projects.followUpNew")}</h2>
      <input type="hidden" name="intent" value={editing ? "update" : "create"} />
      {editing ? (
        <>
          <input type="hidden" name="id" value={editing.id} />
          <input type="hidden" name="version" value={editing.version} />
        </>
      ) : null}
      {answer?.conflict || form.errors?.length ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="alert">
          {answer?.conflict ?? form.errors?.join("；")}
        </p>
      ) : null}

      <fieldset aria-describedby={fields.kind.errors?.length ? fields.kind.errorId : undefined}>
        <legend className="label">{t("projects.followUpKind")}</legend>
        <div className="grid grid-cols-3 gap-2 sm:grid-cols-4">
          {kinds.map(({ key, ...props }) => (
            <label
              key={key ?? props.value}
              className="flex min-h-11 cursor-pointer items-center justify-center rounded-md border border-gray-300 px-2 text-sm has-[:checked]:border-red-700 has-[:checked]:bg-red-50 has-[:checked]:font-medium has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-blue-600"
            >
              <input {...props} className="sr-only" />
              {t(`pipeline.followUpKind_${props.value as (typeof FOLLOW_UP_KINDS)[number]}`)}
            </label>
          ))}
        </div>
        {fields.kind.errors?.length ? (
          <p id={fields.kind.errorId} className="field-error" role="alert">
            {fields.kind.errors.join("；")}
          </p>
        ) : null}
      </fieldset>

      <Field
        label={t("projects.followUpDate")}
        errors={fields.date.errors}
        inputProps={{ ...getInputProps(fields.date, { type: "date" }), max: today }}
      />

      <fieldset aria-describedby={fields.participantIds.errors?.length || fields.capacities.errors?.length ? `${form.id}-people-error` : undefined}>
        <legend className="label">{t("projects.followUpParticipants")}</legend>
        <p className="mb-2 text-xs text-gray-500">{t("projects.followUpParticipantsHint")}</p>
        <ul className="divide-y divide-gray-100 rounded-md border border-gray-200">
          {boxes.map(({ key, ...props }, i) => {
            const person = people[i]!;
            return (
              <li key={key ?? props.value} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
                <label className="flex min-h-11 grow items-center gap-3 text-sm">
                  <input {...props} className="size-5" />
                  {personLabel(person)}
                </label>
                {person.role === "LEADER" ? (
                  <select
                    name={`capacities.${person.id}`}
                    defaultValue={capacityOf(person.id)}
                    aria-label={`${t("projects.followUpCapacity")}：${person.displayName}`}
                    className="input min-h-11 w-auto"
                  >
                    <option value="">{t("projects.followUpNoCapacity")}</option>
                    {CAPACITIES.map((c) => (
                      <option key={c} value={c}>
                        {t(`pipeline.capacity_${c}`)}
                      </option>
                    ))}
                  </select>
                ) : null}
              </li>
            );
          })}
        </ul>
        {fields.participantIds.errors?.length || fields.capacities.errors?.length ? (
          <p id={`${form.id}-people-error`} className="field-error" role="alert">
            {[...(fields.participantIds.errors ?? []), ...(fields.capacities.errors ?? [])].join("；")}
          </p>
        ) : null}
      </fieldset>

      <div>
        <label htmlFor={fields.summary.id} className="label">
          {t("projects.followUpSummary")}
        </label>
        <textarea
          {...getTextareaProps(fields.summary)}
          rows={4}
          className="input"
          aria-invalid={fields.summary.errors?.length ? true : undefined}
          aria-describedby={fields.summary.errors?.length ? fields.summary.errorId : undefined}
        />
        {fields.summary.errors?.length ? (
          <p id={fields.summary.errorId} className="field-error" role="alert">
            {fields.summary.errors.join("；")}
          </p>
        ) : null}
      </div>
      <Field label={t("projects.followUpNextAction")} errors={fields.nextAction.errors} inputProps={getInputProps(fields.nextAction, { type: "text" })} />
      <Field label={t("projects.followUpNextActionDue")} errors={fields.nextActionDue.errors} inputProps={getInputProps(fields.nextActionDue, { type: "date" })} />

      <div className="flex flex-wrap gap-2">
        <button type="submit" className="btn-primary min-h-11 grow px-6 sm:grow-0" disabled={busy}>
          {busy ? t("common.saving") : t("projects.followUpSave")}
        </button>
        {editing ? (
          <Link to={`/projects/${projectId}?tab=followUps`} className="btn-secondary min-h-11">
            {t("projects.followUpCancelEdit")}
          </Link>
        ) : null}
      </div>
    </fetcher.Form>
  );
}
