// Turns a company save's outcome into what the form shows: the field error, the existing
// company a code belongs to (with a link), or the similar names the user must confirm.
import { t } from "#app/i18n";
import { type CompanyWriteOutcome, type ExistingCompanyRef } from "#app/models/company.server";

export type CompanyFormProblem = {
  fieldErrors: Record<string, string[]>;
  usccTaken: (ExistingCompanyRef & { linkable: boolean }) | null;
  similar: ExistingCompanyRef[];
};

export function companyFormProblem(outcome: Exclude<CompanyWriteOutcome, { ok: true }>): CompanyFormProblem {
  switch (outcome.kind) {
    case "usccTaken": {
      const { existing } = outcome;
      const message = t(existing.deleted ? "companies.usccTakenDeleted" : "companies.usccTaken", { name: existing.name, region: existing.ownerRegionName });
      // A live company's card opens for everyone; a deleted one only in its region's scope.
      return { fieldErrors: { uscc: [message] }, usccTaken: { ...existing, linkable: !existing.deleted || existing.inScope }, similar: [] };
    }
    case "similarName":
      return { fieldErrors: { name: [t("companies.similarTitle")] }, usccTaken: null, similar: outcome.similar };
    default:
      return { fieldErrors: { [outcome.field]: [t(outcome.message, outcome.params)] }, usccTaken: null, similar: [] };
  }
}
