// The part of the user form that depends on the role (DESIGN §1): a region for county officers
// and leaders, a department for department staff; city officers sit at the city by rule.
import { getSelectProps, type FieldMetadata } from "@conform-to/react";
import { ROLES, isRole, roleNeedsDepartment, roleNeedsRegion, roleRequiresTotp } from "#app/domain/roles";
import { t } from "#app/i18n";
import { SelectField, type SelectOption } from "./ui/select-field";

export function roleOptions(): SelectOption[] {
  return ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }));
}

type Options = {
  regions: { id: string; name: string; level: string }[];
  departments: { id: string; name: string }[];
};

export function UserAssignmentFields({
  role,
  regionField,
  departmentField,
  options,
}: {
  role: string | undefined;
  regionField: FieldMetadata<string | undefined>;
  departmentField: FieldMetadata<string | undefined>;
  options: Options;
}) {
  if (!isRole(role)) return null;
  // County officers work one county or park; a leader may sit at the city or in a county.
  const regions = options.regions.filter((r) => role !== "COUNTY_OFFICER" || r.level !== "CITY").map((r) => ({ value: r.id, label: r.name }));
  return (
    <>
      {roleNeedsRegion(role) ? (
        <SelectField
          label={t("admin.region")}
          hint={t("admin.regionHint")}
          options={regions}
          placeholder={t("admin.choose")}
          errors={regionField.errors}
          selectProps={getSelectProps(regionField)}
        />
      ) : null}
      {role === "CITY_OFFICER" ? <p className="text-sm text-gray-600">{t("admin.cityRegionNote")}</p> : null}
      {roleNeedsDepartment(role) ? (
        <SelectField
          label={t("admin.department")}
          options={options.departments.map((d) => ({ value: d.id, label: d.name }))}
          placeholder={t("admin.choose")}
          errors={departmentField.errors}
          selectProps={getSelectProps(departmentField)}
        />
      ) : null}
      {roleRequiresTotp(role) ? <p className="text-sm text-gray-600">{t("admin.totpMandatoryNote")}</p> : null}
    </>
  );
}
