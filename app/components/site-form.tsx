// The carrier form of /sites/new and /sites/:id/edit: one Zod schema on both sides (Conform),
// areas in 亩 or ㎡ by kind, and on edit the one status an officer sets by hand (已入驻), with a
// 409 that lists the other officer's values beside the ones typed here.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, Link, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { EIA_CATEGORIES, SITE_KINDS } from "#app/domain/site-reservation";
import { t } from "#app/i18n";
import { SiteCreateSchema, SiteEditSchema } from "#app/schemas/site";
import { eiaLabel, siteKindLabel } from "#app/utils/site-display";
import { Field } from "./ui/field";
import { SelectField } from "./ui/select-field";

export type SiteFormDefaults = { [K in "name" | "kind" | "regionId" | "address" | "areaSqm" | "areaMu" | "floors" | "powerKva" | "waterTonsPerDay" | "maxEiaCategory" | "landPriceWanPerMu" | "rentYuanPerSqmMonth" | "notes" | "occupied" | "occupantName"]?: string };
export type SiteConflictView = { version: number; diff: { field: string; label: string; theirs: string; yours: string }[] };

type Props = {
  mode: "create" | "edit";
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue: SiteFormDefaults;
  regions: { id: string; name: string }[];
  fixedRegion: { id: string; name: string } | null;
  version?: number;
  conflict?: SiteConflictView | null;
  /** On edit: whether the carrier is held by a 确定 project (then 已入驻 is that project's firm). */
  heldByConfirmed?: boolean;
  cancelTo: string;
};

export function SiteForm({ mode, lastResult, defaultValue, regions, fixedRegion, version, conflict, heldByConfirmed, cancelTo }: Props) {
  const schema = mode === "edit" ? SiteEditSchema : SiteCreateSchema;
  const busy = useNavigation().state === "submitting";
  const noticeRef = useRef<HTMLDivElement>(null);
  const [form, fields] = useForm({
    id: `site-${mode}`,
    lastResult,
    defaultValue,
    constraint: getZodConstraint(schema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const formErrors = form.errors?.filter(Boolean) ?? [];
  useEffect(() => {
    if (formErrors.length) noticeRef.current?.focus();
  }, [formErrors.length, lastResult]);
  const kind = typeof fields.kind.value === "string" ? fields.kind.value : "";
  const isLand = kind === "INDUSTRIAL_LAND";

  return (
    <Form method="post" className="card space-y-4" {...getFormProps(form)}>
      {mode === "edit" ? <input type="hidden" name="version" value={conflict?.version ?? version} /> : null}
      {formErrors.length ? (
        <div ref={noticeRef} tabIndex={-1} className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" role="alert" data-testid="conflict">
          <p className="font-medium">{conflict ? t("common.conflictTitle") : formErrors.join("；")}</p>
          {conflict ? (
            <>
              <p className="mt-1">{formErrors.join("；")}</p>
              {conflict.diff.length ? (
                <div className="mt-2 overflow-x-auto">
                  <table className="data-table bg-white">
                    <thead>
                      <tr>
                        <th scope="col">{t("sites.conflictField")}</th>
                        <th scope="col">{t("common.conflictTheirs")}</th>
                        <th scope="col">{t("common.conflictYours")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {conflict.diff.map((d) => (
                        <tr key={d.field}>
                          <th scope="row" className="font-normal">
                            {d.label}
                          </th>
                          <td className="font-medium">{d.theirs}</td>
                          <td>{d.yours}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : (
                <p className="mt-2">{t("sites.conflictNoFieldChange")}</p>
              )}
            </>
          ) : null}
        </div>
      ) : null}

      <Field label={t("sites.field_name")} errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: "text" }), placeholder: t("sites.namePlaceholder") }} />

      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label={t("sites.field_kind")}
          placeholder={t("sites.choose")}
          options={SITE_KINDS.map((k) => ({ value: k, label: siteKindLabel(k) }))}
          errors={fields.kind.errors}
          selectProps={getSelectProps(fields.kind)}
        />
        {fixedRegion ? (
          <div>
            <p className="label">{t("sites.field_regionId")}</p>
            <p className="py-1.5 text-sm">{fixedRegion.name}</p>
            <input type="hidden" name={fields.regionId.name} value={fixedRegion.id} />
          </div>
        ) : (
          <SelectField
            label={t("sites.field_regionId")}
            hint={t("sites.regionHint")}
            placeholder={t("sites.choose")}
            options={regions.map((r) => ({ value: r.id, label: r.name }))}
            errors={fields.regionId.errors}
            selectProps={getSelectProps(fields.regionId)}
          />
        )}
      </div>

      <Field label={t("sites.field_address")} errors={fields.address.errors} inputProps={{ ...getInputProps(fields.address, { type: "text" }), autoComplete: "street-address" }} />

      <div className="grid gap-4 sm:grid-cols-3">
        <Field
          label={t("sites.field_areaMu")}
          hint={isLand ? t("sites.areaMuHintLand") : t("sites.areaMuHint")}
          errors={fields.areaMu.errors}
          inputProps={{ ...getInputProps(fields.areaMu, { type: "number" }), inputMode: "decimal", step: "any", min: 0 }}
        />
        <Field
          label={t("sites.field_areaSqm")}
          hint={isLand ? t("sites.areaSqmHintLand") : undefined}
          errors={fields.areaSqm.errors}
          inputProps={{ ...getInputProps(fields.areaSqm, { type: "number" }), inputMode: "decimal", step: "any", min: 0 }}
        />
        <Field label={t("sites.field_floors")} errors={fields.floors.errors} inputProps={{ ...getInputProps(fields.floors, { type: "number" }), inputMode: "numeric", step: 1, min: 1 }} />
      </div>

      <div className="grid gap-4 sm:grid-cols-3">
        <Field label={t("sites.field_powerKva")} errors={fields.powerKva.errors} inputProps={{ ...getInputProps(fields.powerKva, { type: "number" }), inputMode: "decimal", step: "any", min: 0 }} />
        <Field
          label={t("sites.field_waterTonsPerDay")}
          errors={fields.waterTonsPerDay.errors}
          inputProps={{ ...getInputProps(fields.waterTonsPerDay, { type: "number" }), inputMode: "decimal", step: "any", min: 0 }}
        />
        <SelectField
          label={t("sites.field_maxEiaCategory")}
          hint={t("sites.eiaHint")}
          placeholder={t("sites.eiaUnknown")}
          options={EIA_CATEGORIES.map((c) => ({ value: c, label: eiaLabel(c) }))}
          errors={fields.maxEiaCategory.errors}
          selectProps={getSelectProps(fields.maxEiaCategory)}
        />
      </div>

      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label={t("sites.field_landPriceWanPerMu")}
          errors={fields.landPriceWanPerMu.errors}
          inputProps={{ ...getInputProps(fields.landPriceWanPerMu, { type: "number" }), inputMode: "decimal", step: "any", min: 0 }}
        />
        <Field
          label={t("sites.field_rentYuanPerSqmMonth")}
          errors={fields.rentYuanPerSqmMonth.errors}
          inputProps={{ ...getInputProps(fields.rentYuanPerSqmMonth, { type: "number" }), inputMode: "decimal", step: "any", min: 0 }}
        />
      </div>

      {mode === "edit" ? (
        <fieldset className="space-y-2 rounded-md border border-gray-200 p-3">
          <legend className="px-1 text-sm font-medium">{t("sites.occupancyLegend")}</legend>
          <label className="flex min-h-9 items-center gap-2 text-sm">
            <input {...getInputProps(fields.occupied, { type: "checkbox" })} />
            {t("sites.occupiedLabel")}
          </label>
          <p className="text-xs text-gray-500">{heldByConfirmed ? t("sites.occupiedHintConfirmed") : t("sites.occupiedHint")}</p>
          {fields.occupied.errors?.length ? (
            <p className="field-error" role="alert">
              {fields.occupied.errors.join("；")}
            </p>
          ) : null}
          <Field label={t("sites.field_occupantName")} errors={fields.occupantName.errors} inputProps={getInputProps(fields.occupantName, { type: "text" })} />
        </fieldset>
      ) : null}

      <div>
        <label htmlFor={fields.notes.id} className="label">
          {t("sites.field_notes")}
        </label>
        <textarea {...getTextareaProps(fields.notes)} rows={3} className="input" />
        {fields.notes.errors?.length ? (
          <p className="field-error" role="alert">
            {fields.notes.errors.join("；")}
          </p>
        ) : null}
      </div>

      <div className="flex flex-wrap gap-2">
        <button type="submit" className="btn-primary min-h-11 px-6" disabled={busy}>
          {busy ? t("common.saving") : t("common.save")}
        </button>
        <Link to={cancelTo} className="btn-secondary min-h-11">
          {t("common.cancel")}
        </Link>
      </div>
    </Form>
  );
}
