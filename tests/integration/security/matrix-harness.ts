// Shared by route-access.test.ts (loaders) and route-actions.test.ts (actions): reading a
// matrix cell, matching an answer against it, and the params of a route for a county's records.
import { PRINCIPALS, type Fixture, type Principal, type Records } from "./fixture";
import type { Cell, Outcome, RoleTable } from "./route-matrix";
import { routeParams, type Answer } from "./routes";

export const RECORD_OF_PARAM: Record<string, keyof Records> = {
  projectId: "projectId",
  companyId: "companyId",
  siteId: "siteId",
  problemId: "problemId",
  instructionId: "instructionId",
  batchId: "batchId",
  userId: "userId",
};

export function paramsFor(id: string, rec: Records): Record<string, string> {
  return Object.fromEntries(
    routeParams(id).map((p) => {
      const key = RECORD_OF_PARAM[p];
      if (!key) throw new Error(`route ${id}: no fixture record for $${p} — add one to tests/integration/security/fixture.ts`);
      return [p, rec[key]];
    }),
  );
}

export function expected(cell: Cell, side: "own" | "other"): Outcome {
  return typeof cell === "object" ? cell[side] : cell;
}

export function matches(outcome: Outcome, answer: Answer): boolean {
  const { status, location } = answer;
  const isRedirect = status >= 300 && status < 400;
  switch (outcome) {
    case 200:
      return status === 200;
    case "redirect":
      return isRedirect && !(location ?? "").startsWith("/login");
    case "login":
    case "signedOut":
      return isRedirect && (location ?? "").startsWith("/login");
    case 401:
    case 403:
    case 404:
      return status === outcome;
    case "ok":
      return status < 500 && ![401, 403, 404].includes(status);
    case "refused":
      return [400, 403, 404].includes(status);
  }
}

export const REFUSED: readonly Outcome[] = [403, 404, "login", "refused"];

export function cookieOf(fx: Fixture, p: Principal): string | undefined {
  return p === "anon" ? undefined : fx.signed[p].cookie;
}

export function show(answer: Answer): string {
  return `${answer.status}${answer.location ? ` → ${answer.location}` : ""}${answer.thrownError ? ` (${answer.thrownError})` : ""}`;
}

export type Case = { principal: Principal; side: "own" | "other"; expect: Outcome };

/** The calls a row of the table asks for: own and other for routes with a record, else one. */
export function casesOf(table: RoleTable, twoSided: boolean): Case[] {
  return PRINCIPALS.flatMap((principal) =>
    (twoSided ? (["own", "other"] as const) : (["own"] as const)).map((side) => ({ principal, side, expect: expected(table[principal], side) })),
  );
}
