// Optimistic concurrency (DESIGN §8 "no lost update"): every editable record carries `version`;
// a save names the version it started from and is applied only if the record still has it.
// A stale save is answered 409 with both versions, and the form keeps what the user typed.
import { json } from "@remix-run/node";
import { t } from "#app/i18n";

export class VersionConflict extends Error {
  constructor(
    readonly entity: string,
    readonly current: Record<string, unknown> | null,
  ) {
    super(`${entity} was changed by someone else`);
  }
}

/** The 409 answer an action returns for a VersionConflict, with the submitted values echoed. */
export function conflictResponse(error: VersionConflict, submitted: Record<string, unknown>) {
  return json(
    { conflict: { message: t("common.conflictBody"), current: error.current, submitted } },
    { status: 409 },
  );
}
