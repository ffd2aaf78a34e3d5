// Company values as users read them: field labels, tag and source-channel codes in words.
// Shared by the list, the company page, its change log and the 409 message.
import { isSourceChannel } from "#app/domain/company-fields";
import { companyTagLabelKey, parseCompanyTags } from "#app/domain/company-name";
import { hasMessage, t } from "#app/i18n";

export function companyFieldLabel(field: string): string {
  const key = `companies.field_${field}`;
  return hasMessage(key) ? t(key) : field;
}

export function tagLabels(tags: string | readonly string[]): string[] {
  return parseCompanyTags(typeof tags === "string" ? tags : tags.join(",")).map((tag) => t(companyTagLabelKey(tag)));
}

export function sourceChannelLabel(code: string | null | undefined): string {
  return isSourceChannel(code) ? t(`companies.channel_${code}`) : (code ?? "");
}

/** A changed value as text: codes in words, empty as （空）. */
export function companyValueText(field: string, value: string): string {
  if (value === "") return t("companies.empty");
  if (field === "tags") return tagLabels(value).join("、") || t("companies.empty");
  if (field === "sourceChannel") return sourceChannelLabel(value);
  if (field === "isTarget") return value === "true" ? t("common.yes") : t("common.no");
  return value;
}
