// The company form of /companies/new and /companies/:id/edit: one Zod schema on both sides,
// the link choices following the chosen chain, the existing company a code belongs to, the
// similar-name warning to confirm, and a 409 that lists what someone else changed.
import { getCollectionProps, getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, Link, useNavigation } from "@remix-run/react";
import { SOURCE_CHANNELS } from "#app/domain/company-fields";
import { COMPANY_TAGS, companyTagLabelKey } from "#app/domain/company-name";
import { t } from "#app/i18n";
import { CompanyEditSchema, CompanyFormSchema } from "#app/schemas/company";
import { companyFieldLabel, companyValueText } from "#app/utils/company-display";
import { Field } from "./ui/field";
import { SelectField } from "./ui/select-field";

export type CompanyFormValues = {
  name: string;
  uscc: string;
  hqProvince: string;
  hqCity: string;
  chainId: string;
  linkId: string;
  tags: string[];
  sourceChannel: string;
  ownerRegionId: string;
  description: string;
};

export type CompanyFormOptionsView = {
  chains: { id: string; name: string; links: { id: string; name: string }[] }[];
  chooseOwner: boolean;
  regions: { id: string; name: string }[];
  ownRegionName: string | null;
};

export type CompanyRef = { id: string; name: string; ownerRegionName: string; deleted: boolean; inScope: boolean };

export type CompanyConflictView = {
  version: number;
  changedBy: string | null;
  changedAt: string | null;
  changes: { field: string; from: string; to: string }[];
};

type Props = {
  mode: "create" | "edit";
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue: CompanyFormValues;
  options: CompanyFormOptionsView;
  usccTaken?: (CompanyRef & { linkable: boolean }) | null;
  similar?: CompanyRef[];
  conflict?: CompanyConflictView | null;
  version?: number;
  cancelTo: string;
};

export function CompanyForm({ mode, lastResult, defaultValue, options, usccTaken, similar = [], conflict, version, cancelTo }: Props) {
  const schema = mode === "edit" ? CompanyEditSchema : CompanyFormSchema;
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: `company-${mode}`,
    lastResult,
    defaultValue,
    constraint: getZodConstraint(schema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const chainId = typeof fields.chainId.value === "string" ? fields.chainId.value : "";
  const links = options.chains.find((c) => c.id === chainId)?.links ?? [];
  const formErrors = form.errors?.filter(Boolean) ?? [];

  return (
    <Form method="post" className="card space-y-4" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="save" />
      {mode === "edit" ? <input type="hidden" name="version" value={conflict?.version ?? version} /> : null}
      {conflict ? <ConflictNotice conflict={conflict} /> : formErrors.length ? (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" role="alert">
          {formErrors.join("；")}
        </p>
      ) : null}

      <Field label={t("companies.name")} errors={similar.length ? null : fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "organization" }} />
      {similar.length ? (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" role="alert" data-testid="similar-warning">
          <p className="font-medium">{t("companies.similarTitle")}</p>
          <p className="mt-1">{t("companies.similarBody")}</p>
          <ul className="mt-1 list-disc pl-5">
            {similar.map((c) => (
              <li key={c.id}>
                <Link to={`/companies/${c.id}`} className="text-blue-700 hover:underline" target="_blank" rel="noreferrer">
                  {c.name}
                </Link>
                <span className="ml-1 text-amber-800">（{t("companies.outOfScope", { region: c.ownerRegionName })}）</span>
              </li>
            ))}
          </ul>
          <label className="mt-2 flex items-center gap-2 font-medium">
            <input type="checkbox" name="confirmDuplicate" />
            {t("companies.similarConfirm")}
          </label>
        </div>
      ) : null}

      <div>
        <Field label={t("companies.uscc")} hint={t("companies.usccHint")} errors={fields.uscc.errors} inputProps={{ ...getInputProps(fields.uscc, { type: "text" }), autoCapitalize: "characters", spellCheck: false, className: "font-mono" }} />
        {usccTaken?.linkable ? (
          <Link to={`/companies/${usccTaken.id}`} className="mt-1 inline-block text-sm text-blue-700 hover:underline" data-testid="uscc-existing">
            {t("companies.openExisting")}：{usccTaken.name}
          </Link>
        ) : null}
      </div>

      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label={t("companies.chain")}
          placeholder={t("companies.choose")}
          options={options.chains.map((c) => ({ value: c.id, label: c.name }))}
          errors={fields.chainId.errors}
          selectProps={getSelectProps(fields.chainId)}
        />
        <SelectField
          key={chainId}
          label={t("companies.link")}
          placeholder={chainId ? t("companies.choose") : t("companies.chooseChainFirst")}
          options={links.map((l) => ({ value: l.id, label: l.name }))}
          errors={fields.linkId.errors}
          selectProps={{ ...getSelectProps(fields.linkId), disabled: !chainId }}
        />
      </div>

      <fieldset>
        <legend className="label">{t("companies.tags")}</legend>
        <div className="flex flex-wrap gap-x-5 gap-y-2">
          {getCollectionProps(fields.tags, { type: "checkbox", options: [...COMPANY_TAGS] }).map((props) => (
            <label key={props.key} className="flex items-center gap-2 text-sm">
              <input {...props} key={props.key} />
              {t(companyTagLabelKey(props.value as (typeof COMPANY_TAGS)[number]))}
            </label>
          ))}
        </div>
      </fieldset>

      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField
          label={t("companies.sourceChannel")}
          placeholder={t("companies.choose")}
          options={SOURCE_CHANNELS.map((c) => ({ value: c, label: t(`companies.channel_${c}`) }))}
          errors={fields.sourceChannel.errors}
          selectProps={getSelectProps(fields.sourceChannel)}
        />
        <Field label={t("companies.hqProvince")} errors={fields.hqProvince.errors} inputProps={getInputProps(fields.hqProvince, { type: "text" })} />
        <Field label={t("companies.hqCity")} errors={fields.hqCity.errors} inputProps={getInputProps(fields.hqCity, { type: "text" })} />
      </div>

      {options.chooseOwner ? (
        <SelectField
          label={t("companies.ownerRegion")}
          hint={t("companies.ownerRegionHint")}
          placeholder={t("companies.choose")}
          options={options.regions.map((r) => ({ value: r.id, label: r.name }))}
          errors={fields.ownerRegionId.errors}
          selectProps={getSelectProps(fields.ownerRegionId)}
        />
      ) : (
        <div>
          <p className="text-sm text-gray-600">{t("companies.ownerRegionOwn", { region: options.ownRegionName ?? "—" })}</p>
          {fields.ownerRegionId.errors?.length ? (
            <p className="field-error" role="alert">
              {fields.ownerRegionId.errors.join("；")}
            </p>
          ) : null}
        </div>
      )}

      <div>
        <label htmlFor={fields.description.id} className="label">
          {t("companies.description")}
        </label>
        <textarea {...getTextareaProps(fields.description)} rows={4} className="input" />
        {fields.description.errors?.length ? (
          <p className="field-error" role="alert">
            {fields.description.errors.join("；")}
          </p>
        ) : null}
      </div>

      <div className="flex flex-wrap gap-2">
        <button type="submit" className="btn-primary" disabled={busy}>
          {busy ? t("common.saving") : t("common.save")}
        </button>
        <Link to={cancelTo} className="btn-secondary">
          {t("common.cancel")}
        </Link>
      </div>
    </Form>
  );
}

/** The 409 answer: who saved, when, and each field's value then and now (DESIGN §8). */
export function ConflictNotice({ conflict }: { conflict: CompanyConflictView }) {
  return (
    <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" role="alert" data-testid="conflict">
      <p className="font-medium">{t("common.conflictTitle")}</p>
      <p className="mt-1">{t("common.conflictBody")}</p>
      {conflict.changes.length ? (
        <>
          <p className="mt-2">{t("companies.conflictChangedBy", { name: conflict.changedBy ?? "—", at: conflict.changedAt ?? "" })}</p>
          <div className="mt-2 overflow-x-auto">
            <table className="data-table bg-white">
              <thead>
                <tr>
                  <th scope="col">{t("companies.conflictField")}</th>
                  <th scope="col">{t("companies.conflictWas")}</th>
                  <th scope="col">{t("companies.conflictTheirs")}</th>
                </tr>
              </thead>
              <tbody>
                {conflict.changes.map((c) => (
                  <tr key={c.field}>
                    <td>{companyFieldLabel(c.field)}</td>
                    <td>{companyValueText(c.field, c.from)}</td>
                    <td className="font-medium">{companyValueText(c.field, c.to)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p className="mt-2">{t("companies.conflictNoDetail")}</p>
      )}
      <p className="mt-2">{t("companies.conflictResave")}</p>
    </div>
  );
}
