// Filters of the audit log page and its export, read from the URL (the export link carries
// the page's own query string, so both always agree).
import { t } from "#app/i18n";
import { shanghaiDayStart } from "#app/utils/datetime";

export type AuditFilters = {
  /** Inclusive lower bound. */
  from?: Date;
  /** Exclusive upper bound (the start of the day after the chosen "to" day). */
  to?: Date;
  /** A username (exact) or part of a display name. */
  actor?: string;
  action?: string;
  entity?: string;
  entityId?: string;
  /** An address or its beginning, e.g. "10.12.". */
  ip?: string;
  /** Text anywhere in the detail. */
  q?: string;
};

export const AUDIT_FILTER_PARAMS = ["from", "to", "actor", "action", "entity", "entityId", "ip", "q"] as const;

function text(params: URLSearchParams, name: string, max = 100): string | undefined {
  return params.get(name)?.trim().slice(0, max) || undefined;
}

/** The filters, and a Chinese message for each one that could not be read (it is then ignored). */
export function readAuditFilters(params: URLSearchParams): { filters: AuditFilters; errors: Partial<Record<"from" | "to", string>> } {
  const errors: Partial<Record<"from" | "to", string>> = {};
  const fromText = text(params, "from", 10);
  const toText = text(params, "to", 10);
  const from = fromText ? shanghaiDayStart(fromText) : null;
  let to = toText ? shanghaiDayStart(toText, true) : null;
  if (fromText && !from) errors.from = t("audit.invalidDate");
  if (toText && !to) errors.to = t("audit.invalidDate");
  if (from && to && to <= from) {
    errors.to = t("audit.rangeInverted");
    to = null;
  }
  return {
    filters: {
      from: from ?? undefined,
      to: to ?? undefined,
      actor: text(params, "actor", 64),
      action: text(params, "action", 32),
      entity: text(params, "entity", 64),
      entityId: text(params, "entityId", 64),
      ip: text(params, "ip", 64),
      q: text(params, "q"),
    },
    errors,
  };
}
