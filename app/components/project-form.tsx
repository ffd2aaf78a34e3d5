// The fields of the project form (新建 and 编辑). People are narrowed to those who may hold each
// role for the chosen region with the rules of app/domain/projects.ts; the server applies the
// same rules again on save. One column on a phone, two from the small breakpoint up.
import { getCollectionProps, getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { type ReactNode } from "react";
import { canLeadProject, canOfficeProject, CONTRACT_TYPES, PROJECT_NATURES, regionLineage, type RegionRef } from "#app/domain/projects";
import { isRole } from "#app/domain/roles";
import { t } from "#app/i18n";
import { Field } from "./ui/field";
import { SelectField } from "./ui/select-field";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Conform's metadata is generic in the form schema
type Meta = FieldMetadata<any, any, string[]>;
export type ProjectFormFieldsMeta = Record<
  | "name"
  | "companyId"
  | "regionId"
  | "chainId"
  | "linkId"
  | "nature"
  | "plannedInvestment"
  | "keyManual"
  | "leadLeaderId"
  | "officerId"
  | "responsibleUnit"
  | "taskForceIds"
  | "liaisonIds"
  | "expectedJobs"
  | "povertyJobs"
  | "expectedOutput"
  | "expectedTax"
  | "description"
  | "firstContactAt"
  | "signedAt"
  | "contractAmount"
  | "contractType"
  | "startedAt"
  | "completedAt"
  | "producedAt",
  Meta
>;

type Person = { id: string; displayName: string; title: string | null; role: string; regionId: string | null; department: string | null };

export type ProjectFormData = {
  regions: (RegionRef & { name: string })[];
  projectRegionIds: string[];
  canAssign: boolean;
  chains: { id: string; name: string; links: { id: string; name: string }[] }[];
  people: Person[];
  companies: { id: string; name: string }[];
  /** The region shown when the user cannot choose one (a county officer's own, or the project's). */
  fixedRegion: { id: string; name: string } | null;
  keyThresholdText: string;
  /** The company search typed last (?companyQ=). */
  companyQ: string;
};

/** The id of the GET form that searches companies; render <CompanySearchForm /> outside the main form. */
export const COMPANY_SEARCH_FORM_ID = "company-search";

function personLabel(p: Person): string {
  const extra = p.title ?? p.department ?? (isRole(p.role) ? t(`roles.${p.role}`) : null);
  return extra ? `${p.displayName}（${extra}）` : p.displayName;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="card space-y-4">
      <legend className="px-1 text-base font-semibold">{title}</legend>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">{children}</div>
    </fieldset>
  );
}

function PeopleChecklist({ field, label, people }: { field: Meta; label: string; people: Person[] }) {
  const boxes = getCollectionProps(field, { type: "checkbox", options: people.map((p) => p.id) });
  return (
    <fieldset className="sm:col-span-2" aria-describedby={field.errors?.length ? field.errorId : undefined}>
      <legend className="label">{label}</legend>
      <div className="grid max-h-56 grid-cols-1 gap-1 overflow-y-auto rounded-md border border-gray-200 p-2 sm:grid-cols-2">
        {boxes.map(({ key, ...props }, i) => (
          <label key={key ?? props.value} className="flex min-h-10 items-center gap-2 rounded px-2 text-sm hover:bg-gray-50">
            <input {...props} className="size-4" />
            {personLabel(people[i]!)}
          </label>
        ))}
      </div>
      {field.errors?.length ? (
        <p id={field.errorId} className="field-error" role="alert">
          {field.errors.join("；")}
        </p>
      ) : null}
    </fieldset>
  );
}

export function ProjectFormFields({ fields, data, mode }: { fields: ProjectFormFieldsMeta; data: ProjectFormData; mode: "create" | "edit" }) {
  const regionId = (fields.regionId.value as string | undefined) || data.fixedRegion?.id || "";
  const lineage = regionId ? regionLineage(regionId, data.regions) : [];
  const leaders = data.people.filter((p) => regionId && canLeadProject(p, regionId, data.regions));
  const officers = data.people.filter((p) => regionId && canOfficeProject(p, regionId));
  // 专班 and liaisons: the region's own people, city officers and department staff.
  const selected = new Set([...(toList(fields.taskForceIds.value) ?? []), ...(toList(fields.liaisonIds.value) ?? [])]);
  const members = data.people.filter(
    (p) => selected.has(p.id) || p.role === "DEPT_STAFF" || p.role === "CITY_OFFICER" || (p.regionId !== null && lineage.includes(p.regionId)),
  );
  const chainId = fields.chainId.value as string | undefined;
  const links = data.chains.find((c) => c.id === chainId)?.links ?? [];
  const regionChoices = data.regions.filter((r) => data.projectRegionIds.includes(r.id)).map((r) => ({ value: r.id, label: r.name }));
  const canChooseRegion = data.canAssign || (mode === "create" && regionChoices.length > 1);
  const number = (field: Meta, step: string) => ({ ...getInputProps(field, { type: "number" }), step, min: 0, inputMode: step === "1" ? ("numeric" as const) : ("decimal" as const) });

  return (
    <>
      <Section title={t("projects.sectionBasics")}>
        <div className="sm:col-span-2">
          <Field label={t("projects.field_name")} errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "off" }} />
        </div>
        <div className="flex items-end gap-2 sm:col-span-2">
          <div className="grow">
            <label htmlFor="company-q" className="label">
              {t("projects.companySearch")}
            </label>
            {/* Belongs to the search form (a GET of this page), not to the project form. */}
            <input
              id="company-q"
              name="companyQ"
              type="search"
              form={COMPANY_SEARCH_FORM_ID}
              defaultValue={data.companyQ}
              placeholder={t("projects.companySearchHint")}
              className="input"
              autoComplete="off"
            />
          </div>
          <button type="submit" form={COMPANY_SEARCH_FORM_ID} className="btn-secondary min-h-9">
            {t("projects.companySearchButton")}
          </button>
        </div>
        <div className="sm:col-span-2">
          <SelectField
            label={t("projects.field_companyId")}
            options={data.companies.map((c) => ({ value: c.id, label: c.name }))}
            placeholder={t("projects.choose")}
            errors={fields.companyId.errors}
            hint={data.companies.length === 0 ? t("projects.companyNoMatch") : undefined}
            selectProps={getSelectProps(fields.companyId)}
          />
        </div>
        {canChooseRegion ? (
          <SelectField
            label={t("projects.field_regionId")}
            options={regionChoices}
            placeholder={t("projects.choose")}
            errors={fields.regionId.errors}
            selectProps={getSelectProps(fields.regionId)}
          />
        ) : (
          <div>
            <p className="label">{t("projects.field_regionId")}</p>
            <p className="py-1.5 text-sm" data-testid="fixed-region">
              {data.fixedRegion?.name ?? t("projects.none")}
            </p>
            {mode === "create" ? <p className="text-xs text-gray-500">{t("projects.regionFixed")}</p> : null}
            {fields.regionId.errors?.length ? (
              <p className="field-error" role="alert">
                {fields.regionId.errors.join("；")}
              </p>
            ) : null}
          </div>
        )}
        <SelectField
          label={t("pipeline.field_nature")}
          options={PROJECT_NATURES.map((n) => ({ value: n, label: t(`pipeline.nature_${n}`) }))}
          placeholder={t("projects.choose")}
          errors={fields.nature.errors}
          selectProps={getSelectProps(fields.nature)}
        />
        <SelectField
          label={t("pipeline.field_chainId")}
          options={data.chains.map((c) => ({ value: c.id, label: c.name }))}
          placeholder={t("projects.choose")}
          errors={fields.chainId.errors}
          selectProps={getSelectProps(fields.chainId)}
        />
        <SelectField
          label={t("projects.field_linkId")}
          options={links.map((l) => ({ value: l.id, label: l.name }))}
          placeholder={t("projects.choose")}
          hint={chainId ? undefined : t("projects.linkHint")}
          errors={fields.linkId.errors}
          selectProps={getSelectProps(fields.linkId)}
        />
        <Field
          label={t("projects.field_plannedInvestment")}
          hint={t("projects.keyManualHint", { threshold: data.keyThresholdText })}
          errors={fields.plannedInvestment.errors}
          inputProps={number(fields.plannedInvestment, "any")}
        />
        <div className="flex items-center gap-2 self-center">
          <input {...getInputProps(fields.keyManual, { type: "checkbox" })} className="size-5" />
          <label htmlFor={fields.keyManual.id} className="text-sm">
            {t("projects.field_keyManual")}
          </label>
        </div>
        <div className="sm:col-span-2">
          <label htmlFor={fields.description.id} className="label">
            {t("projects.field_description")}
          </label>
          <textarea {...getTextareaProps(fields.description)} rows={3} className="input" />
          {fields.description.errors?.length ? (
            <p className="field-error" role="alert">
              {fields.description.errors.join("；")}
            </p>
          ) : null}
        </div>
      </Section>

      <Section title={t("projects.sectionPeople")}>
        <SelectField
          label={t("pipeline.field_leadLeaderId")}
          options={leaders.map((p) => ({ value: p.id, label: personLabel(p) }))}
          placeholder={t("projects.choose")}
          errors={fields.leadLeaderId.errors}
          selectProps={getSelectProps(fields.leadLeaderId)}
        />
        <SelectField
          label={t("pipeline.field_officerId")}
          options={officers.map((p) => ({ value: p.id, label: personLabel(p) }))}
          placeholder={t("projects.choose")}
          errors={fields.officerId.errors}
          selectProps={getSelectProps(fields.officerId)}
        />
        <div className="sm:col-span-2">
          <Field label={t("pipeline.field_responsibleUnit")} errors={fields.responsibleUnit.errors} inputProps={getInputProps(fields.responsibleUnit, { type: "text" })} />
        </div>
        <PeopleChecklist field={fields.taskForceIds} label={t("projects.field_taskForceIds")} people={members} />
        <PeopleChecklist field={fields.liaisonIds} label={t("projects.field_liaisonIds")} people={members} />
      </Section>

      <Section title={t("projects.sectionOutcomes")}>
        <Field label={t("pipeline.field_expectedJobs")} errors={fields.expectedJobs.errors} inputProps={number(fields.expectedJobs, "1")} />
        <Field label={t("projects.field_povertyJobs")} errors={fields.povertyJobs.errors} inputProps={number(fields.povertyJobs, "1")} />
        <Field label={t("pipeline.field_expectedOutput")} errors={fields.expectedOutput.errors} inputProps={number(fields.expectedOutput, "any")} />
        <Field label={t("pipeline.field_expectedTax")} errors={fields.expectedTax.errors} inputProps={number(fields.expectedTax, "any")} />
      </Section>

      {mode === "edit" ? (
        <Section title={t("projects.sectionContract")}>
          <p className="text-sm text-gray-600 sm:col-span-2">{t("projects.contractSectionHint")}</p>
          <Field label={t("pipeline.field_firstContactAt")} errors={fields.firstContactAt.errors} inputProps={getInputProps(fields.firstContactAt, { type: "date" })} />
          <Field label={t("pipeline.field_signedAt")} errors={fields.signedAt.errors} inputProps={getInputProps(fields.signedAt, { type: "date" })} />
          <Field label={t("pipeline.field_contractAmount")} errors={fields.contractAmount.errors} inputProps={number(fields.contractAmount, "any")} />
          <SelectField
            label={t("pipeline.field_contractType")}
            options={CONTRACT_TYPES.map((c) => ({ value: c, label: t(`pipeline.contractType_${c}`) }))}
            placeholder={t("projects.choose")}
            errors={fields.contractType.errors}
            selectProps={getSelectProps(fields.contractType)}
          />
          <Field label={t("pipeline.field_startedAt")} errors={fields.startedAt.errors} inputProps={getInputProps(fields.startedAt, { type: "date" })} />
          <Field label={t("pipeline.field_completedAt")} errors={fields.completedAt.errors} inputProps={getInputProps(fields.completedAt, { type: "date" })} />
          <Field label={t("pipeline.field_producedAt")} errors={fields.producedAt.errors} inputProps={getInputProps(fields.producedAt, { type: "date" })} />
        </Section>
      ) : null}
    </>
  );
}

function toList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? value.map(String) : [String(value)];
}
