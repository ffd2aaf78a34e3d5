// 修改机制规则 (admins only): a structured form over the version in force, and the whole
// document as JSON for what the form does not offer. Each save is a new version in force at
// once, audited by saveMechanism; a save based on an older version is refused with 409.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { Field } from "#app/components/ui/field";
import { canonicalHalf, STAGE_FIELDS, type StageCode } from "#app/domain/stages";
import { t } from "#app/i18n";
import { getMechanismVersion, getMechanismVersionByNumber, saveMechanism } from "#app/models/mechanism.server";
import { DEFAULT_MECHANISM } from "#app/schemas/mechanism";
import {
  FORM_FIELDS,
  NOTE_MAX_LENGTH,
  diffMechanism,
  mechanismToFormValues,
  parseMechanismForm,
  parseMechanismJsonForm,
  placeMechanismErrors,
  stageFieldName,
  stageTakesRequiredFields,
  submittedFormValues,
  type FieldErrors,
  type MechanismChange,
  type MechanismFormValues,
} from "#app/schemas/mechanism-form";
import { requireUser } from "#app/utils/auth.server";
import { requestMeta } from "#app/utils/request-meta.server";

export const meta: MetaFunction = () => [{ title: `${t("mechanism.editTitle")} - ${t("common.appName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "config:edit" });
  const current = await getMechanismVersion();
  return json({
    version: current.version,
    stages: [...current.config.stages].sort((a, b) => a.order - b.order).map((s) => s.code),
    values: mechanismToFormValues(current.config),
    jsonText: JSON.stringify(current.config, null, 2),
  });
}

type Intent = "save" | "json";
type ActionData = {
  intent: Intent;
  fieldErrors: FieldErrors;
  formErrors: string[];
  values: MechanismFormValues;
  stale: { base: number; current: number; changes: MechanismChange[] } | null;
};

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireUser(request, { permission: "config:edit" });
  const form = await request.formData();
  const intent: Intent = form.get("intent") === "json" ? "json" : "save";
  const baseText = String(form.get("baseVersion") ?? "");
  const base = /^\d{1,9}$/.test(baseText)
    ? Number(baseText) === 0
      ? { version: 0, config: DEFAULT_MECHANISM }
      : await getMechanismVersionByNumber(Number(baseText))
    : null;
  if (!base) throw new Response(t("common.badRequestTitle"), { status: 400 });

  const values = submittedFormValues(form, base.config);
  const answer = (status: number, data: Omit<ActionData, "intent" | "values">) => json<ActionData>({ intent, values, ...data }, { status });
  const parsed = intent === "json" ? parseMechanismJsonForm(form) : parseMechanismForm(form, base.config);
  if (!parsed.ok) return answer(400, { fieldErrors: parsed.fieldErrors, formErrors: parsed.formErrors, stale: null });

  const result = await saveMechanism(actor, parsed.config, base.version, parsed.note, requestMeta(request));
  if (result.ok) throw redirect(`/mechanism?saved=${result.version}`);
  if ("stale" in result) {
    const current = await getMechanismVersionByNumber(result.current);
    const changes = current ? diffMechanism(base.config, current.config) : [];
    return answer(409, { fieldErrors: {}, formErrors: [], stale: { base: base.version, current: result.current, changes } });
  }
  // The form was checked above with the same schema; this is for a document that changed between.
  const placed = placeMechanismErrors(result.errors, parsed.config);
  return answer(400, { ...placed, stale: null });
}

function valueOf(values: MechanismFormValues, name: string): string {
  const value = values[name];
  return typeof value === "string" ? value : "";
}

function listOf(values: MechanismFormValues, name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value : [];
}

function ErrorText({ id, errors }: { id: string; errors: string[] | undefined }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className="field-error" role="alert">
      {errors.join("；")}
    </p>
  );
}

export default function EditMechanismPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const forForm = actionData?.intent === "save" ? actionData : undefined;
  const forJson = actionData?.intent === "json" ? actionData : undefined;
  const errors: FieldErrors = forForm?.fieldErrors ?? {};
  const values = forForm?.values ?? data.values;
  const stale = actionData?.stale ?? null;
  // After a stale answer the admin has seen the other save; saving again builds on it knowingly.
  const baseVersion = stale?.current ?? data.version;
  const errorCount = Object.keys(errors).length + (forForm?.formErrors.length ?? 0);

  const numberField = (name: string, label: string, hint?: string) => (
    <Field
      label={label}
      hint={hint}
      errors={errors[name]}
      inputProps={{ name, id: `mech-${name}`, type: "text", inputMode: "decimal", defaultValue: valueOf(values, name), autoComplete: "off" }}
    />
  );
  const flagField = (name: string, label: string) => (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" name={name} defaultChecked={valueOf(values, name) !== ""} />
      {label}
    </label>
  );

  return (
    <div className="mx-auto max-w-6xl space-y-4">
      <nav className="text-sm" aria-label="breadcrumb">
        <Link to="/mechanism" className="text-blue-700 hover:underline">
          {t("mechanism.title")}
        </Link>
        <span className="mx-1 text-gray-400">/</span>
        <span>{t("mechanism.editTitle")}</span>
      </nav>
      <div>
        <h1 className="text-xl font-semibold">{t("mechanism.editTitle")}</h1>
        <p className="mt-1 text-sm text-gray-600">
          {t("mechanism.editingBase", { version: data.version })} · {t("mechanism.editIntro")}
        </p>
      </div>

      {stale ? (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" role="alert" data-testid="conflict">
          <p className="font-medium">{t("common.conflictTitle")}</p>
          <p className="mt-1">{t("mechanism.stale", { base: stale.base, current: stale.current })}</p>
          <p className="mt-2 font-medium">{t("mechanism.staleChanges", { base: stale.base, current: stale.current })}</p>
          <ul className="mt-1 list-disc pl-5">
            {stale.changes.length === 0 ? <li>{t("mechanism.noChanges")}</li> : null}
            {stale.changes.map((c) => (
              <li key={c.label}>{t("mechanism.change", { label: c.label, before: c.before, after: c.after })}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <Form method="post" className="space-y-4" noValidate>
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="baseVersion" value={baseVersion} />
        {errorCount > 0 ? (
          <div className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800" role="alert" data-testid="form-errors">
            <p>{t("mechanism.errorSummary", { count: errorCount })}</p>
            {forForm?.formErrors.length ? (
              <ul className="mt-1 list-disc pl-5">
                {forForm.formErrors.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}

        <section className="card" aria-labelledby="edit-stages">
          <h2 id="edit-stages" className="mb-3 font-medium">
            {t("mechanism.editStages")}
          </h2>
          <div className="overflow-x-auto">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t("mechanism.colStage")}</th>
                  <th scope="col">{t("mechanism.colHalf")}</th>
                  <th scope="col">{t("pipeline.mech_limitWorkdays")}</th>
                  <th scope="col">{t("pipeline.mech_followUpRequired")}</th>
                  <th scope="col">{t("pipeline.mech_requiredFields")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-gray-100">
                {data.stages.map((code: StageCode) => {
                  const limitName = stageFieldName(code, "limit");
                  const requiredName = stageFieldName(code, "required");
                  const followUpName = stageFieldName(code, "followUp");
                  const chosen = listOf(values, requiredName);
                  const stage = t(`pipeline.stage_${code}`);
                  return (
                    <tr key={code} data-stage={code}>
                      <th scope="row" className="!bg-white font-medium text-gray-800">
                        {stage}
                      </th>
                      <td className="whitespace-nowrap">{t(`mechanism.halfShort_${canonicalHalf(code)}`)}</td>
                      <td className="w-36">
                        <input
                          className="input"
                          name={limitName}
                          id={`mech-${limitName}`}
                          type="text"
                          inputMode="numeric"
                          placeholder={t("mechanism.limitPlaceholder")}
                          defaultValue={valueOf(values, limitName)}
                          aria-label={t("mechanism.stageFieldLabel", { stage, field: t("pipeline.mech_limitWorkdays") })}
                          aria-invalid={errors[limitName] ? true : undefined}
                          aria-describedby={errors[limitName] ? `mech-${limitName}-error` : undefined}
                        />
                        <ErrorText id={`mech-${limitName}-error`} errors={errors[limitName]} />
                      </td>
                      <td>
                        <input
                          type="checkbox"
                          name={followUpName}
                          defaultChecked={valueOf(values, followUpName) !== ""}
                          aria-label={t("mechanism.stageFieldLabel", { stage, field: t("pipeline.mech_followUpRequired") })}
                        />
                        <ErrorText id={`mech-${followUpName}-error`} errors={errors[followUpName]} />
                      </td>
                      <td>
                        {stageTakesRequiredFields(code) ? (
                          <fieldset>
                            <legend className="sr-only">{t("mechanism.stageFieldLabel", { stage, field: t("pipeline.mech_requiredFields") })}</legend>
                            <div className="flex flex-wrap gap-x-3 gap-y-1">
                              {STAGE_FIELDS.map((field) => (
                                <label key={field} className="flex items-center gap-1 text-xs whitespace-nowrap">
                                  <input type="checkbox" name={requiredName} value={field} defaultChecked={chosen.includes(field)} />
                                  {t(`pipeline.field_${field}`)}
                                </label>
                              ))}
                            </div>
                          </fieldset>
                        ) : (
                          <span className="text-xs text-gray-500">{t("mechanism.exitNoRequired")}</span>
                        )}
                        <ErrorText id={`mech-${requiredName}-error`} errors={errors[requiredName]} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>

        <section className="card" aria-labelledby="edit-thresholds">
          <h2 id="edit-thresholds" className="mb-3 font-medium">
            {t("mechanism.editThresholds")}
          </h2>
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {numberField(FORM_FIELDS.cadenceKey, t("pipeline.mech_followUpCadenceKey"))}
            {numberField(FORM_FIELDS.cadenceNormal, t("pipeline.mech_followUpCadenceNormal"))}
            {numberField(FORM_FIELDS.yellowPercent, t("mechanism.yellowPercent"), t("mechanism.yellowPercentHint"))}
            {numberField(FORM_FIELDS.keyProjectThresholdWan, t("pipeline.mech_keyProjectThresholdWan"))}
            {numberField(FORM_FIELDS.problemLimitWorkdays, t("pipeline.mech_problemLimitWorkdays"))}
          </div>
        </section>

        <section className="card" aria-labelledby="edit-counting">
          <h2 id="edit-counting" className="mb-3 font-medium">
            {t("mechanism.editCounting")}
          </h2>
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {numberField(FORM_FIELDS.minAmountWan, t("pipeline.mech_minAmountWan"))}
            {numberField(FORM_FIELDS.sizeBandsWan, t("pipeline.mech_sizeBandsWan"), t("mechanism.sizeBandsHint"))}
            {numberField(FORM_FIELDS.largeInTalksWan, t("pipeline.mech_largeInTalksWan"))}
          </div>
          <div className="mt-4 space-y-2">
            {flagField(FORM_FIELDS.landedRequiresFormalContract, t("mechanism.landedRequiresFormalContract"))}
            {flagField(FORM_FIELDS.landedRequiresLocalCompany, t("mechanism.landedRequiresLocalCompany"))}
            {flagField(FORM_FIELDS.landedRequiresStart, t("mechanism.landedRequiresStart"))}
          </div>
        </section>

        <section className="card space-y-3">
          <NoteField id="mech-note" errors={errors[FORM_FIELDS.note]} defaultValue={valueOf(values, FORM_FIELDS.note)} />
          <button type="submit" className="btn-primary" disabled={busy}>
            {busy ? t("common.saving") : t("mechanism.save")}
          </button>
        </section>
      </Form>

      <details className="card" open={!!forJson}>
        <summary className="cursor-pointer font-medium">{t("mechanism.advancedTitle")}</summary>
        <Form method="post" className="mt-3 space-y-3" noValidate>
          <input type="hidden" name="intent" value="json" />
          <input type="hidden" name="baseVersion" value={baseVersion} />
          <p className="text-sm text-gray-600">{t("mechanism.advancedHint")}</p>
          <div>
            <label htmlFor="mech-json" className="label">
              JSON
            </label>
            <textarea
              id="mech-json"
              name={FORM_FIELDS.json}
              className="input font-mono text-xs"
              rows={24}
              spellCheck={false}
              defaultValue={forJson ? valueOf(forJson.values, FORM_FIELDS.json) : data.jsonText}
              aria-invalid={forJson?.fieldErrors[FORM_FIELDS.json] ? true : undefined}
              aria-describedby={forJson?.fieldErrors[FORM_FIELDS.json] ? "mech-json-error" : undefined}
            />
            {forJson?.fieldErrors[FORM_FIELDS.json] ? (
              <ul id="mech-json-error" className="field-error list-disc pl-5" role="alert">
                {forJson.fieldErrors[FORM_FIELDS.json]?.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            ) : null}
          </div>
          <NoteField id="mech-json-note" errors={forJson?.fieldErrors[FORM_FIELDS.note]} defaultValue={forJson ? valueOf(forJson.values, FORM_FIELDS.note) : ""} />
          <button type="submit" className="btn-secondary" disabled={busy}>
            {t("mechanism.saveJson")}
          </button>
        </Form>
      </details>
    </div>
  );
}

function NoteField({ id, errors, defaultValue }: { id: string; errors: string[] | undefined; defaultValue: string }) {
  return (
    <div>
      <label htmlFor={id} className="label">
        {t("mechanism.noteLabel")}
        <span className="ml-1 text-red-600">*</span>
      </label>
      <textarea
        id={id}
        name={FORM_FIELDS.note}
        className="input"
        rows={2}
        maxLength={NOTE_MAX_LENGTH}
        defaultValue={defaultValue}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={[errors?.length ? `${id}-error` : null, `${id}-hint`].filter(Boolean).join(" ")}
      />
      <p id={`${id}-hint`} className="mt-1 text-xs text-gray-500">
        {t("mechanism.noteHint")}
      </p>
      <ErrorText id={`${id}-error`} errors={errors} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
