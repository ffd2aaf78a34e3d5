// The access matrix (DESIGN §1, §8 "Access"), generated from the route list: every loader and
// action under app/routes × every role (and anonymous) × a record of the user's own county and
// one of another county, against the hand-written expectations in route-matrix.ts. A route file
// or handler without an entry fails the first test, so a new route cannot escape the suite.
// Refused writes are also proven to have written nothing (dbFingerprint before and after).
import { testDb } from "#tests/setup/db";
import { testRequest } from "#tests/setup/session";
import { buildFixture, PRINCIPALS, type Fixture, type Principal, type Records } from "./fixture";
import { ROUTE_MATRIX, type Cell, type Outcome, type RoleTable } from "./route-matrix";
import { auditActionsSince, call, dbFingerprint, importRoute, lastAuditId, routeIds, routeParams, type Answer } from "./routes";

let fx: Fixture;

beforeAll(async () => {
  fx = await buildFixture();
});

const RECORD_OF_PARAM: Record<string, keyof Records> = {
  projectId: "projectId",
  companyId: "companyId",
  siteId: "siteId",
  problemId: "problemId",
  instructionId: "instructionId",
  batchId: "batchId",
  userId: "userId",
};

function paramsFor(id: string, rec: Records): Record<string, string> {
  return Object.fromEntries(
    routeParams(id).map((p) => {
      const key = RECORD_OF_PARAM[p];
      if (!key) throw new Error(`route ${id}: no fixture record for $${p} — add one to tests/integration/security/fixture.ts`);
      return [p, rec[key]];
    }),
  );
}

function expected(cell: Cell, side: "own" | "other"): Outcome {
  return typeof cell === "object" ? cell[side] : cell;
}

function matches(outcome: Outcome, answer: Answer): boolean {
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

const REFUSED: readonly Outcome[] = [403, 404, "login", "refused"];

function cookieOf(p: Principal): string | undefined {
  return p === "anon" ? undefined : fx.signed[p].cookie;
}

function show(answer: Answer): string {
  return `${answer.status}${answer.location ? ` → ${answer.location}` : ""}${answer.thrownError ? ` (${answer.thrownError})` : ""}`;
}

type Case = { principal: Principal; side: "own" | "other"; expect: Outcome };

/** The calls a row of the table asks for: own and other for routes with a record, else one. */
function casesOf(table: RoleTable, twoSided: boolean): Case[] {
  return PRINCIPALS.flatMap((principal) =>
    (twoSided ? (["own", "other"] as const) : (["own"] as const)).map((side) => ({ principal, side, expect: expected(table[principal], side) })),
  );
}

const ids = routeIds();

describe("the route list and the matrix agree", () => {
  test("the route list is read from app/routes (a sanity floor: the app has dozens of routes)", () => {
    expect(ids.length).toBeGreaterThanOrEqual(56);
    expect(ids).toContain("projects.$projectId._index");
  });

  test("every route file has an entry, and every entry names a route that exists", () => {
    expect(ids.filter((id) => !(id in ROUTE_MATRIX))).toEqual([]);
    expect(Object.keys(ROUTE_MATRIX).filter((id) => !ids.includes(id))).toEqual([]);
  });

  test("every exported loader and action has expectations, and none is described that is not exported", async () => {
    const problems: string[] = [];
    for (const id of ids) {
      const mod = await importRoute(id);
      const entry = ROUTE_MATRIX[id] ?? {};
      if (mod.loader && !entry.loader) problems.push(`${id}: loader has no expectations`);
      if (!mod.loader && entry.loader) problems.push(`${id}: expectations for a loader the route does not export`);
      if (mod.action && !entry.action?.length) problems.push(`${id}: action has no expectations`);
      if (!mod.action && entry.action) problems.push(`${id}: expectations for an action the route does not export`);
      for (const p of routeParams(id)) if (!RECORD_OF_PARAM[p]) problems.push(`${id}: no fixture record for $${p}`);
    }
    expect(problems).toEqual([]);
  });

  test("every principal of the matrix is named in every row (no role silently defaults)", () => {
    const missing: string[] = [];
    for (const [id, entry] of Object.entries(ROUTE_MATRIX)) {
      const tables = [entry.loader, ...(entry.action ?? []).map((a) => a.expect)].filter((t): t is RoleTable => !!t);
      for (const table of tables) for (const p of PRINCIPALS) if (!(p in table)) missing.push(`${id}: ${p}`);
    }
    expect(missing).toEqual([]);
  });
});

// What the status codes alone cannot show. Placed before the per-route blocks: the last of those
// (logout) ends the fixture's sessions.
describe("scope details behind a 200", () => {
  test("another county's company is its public card only: no contacts, projects, description or code", async () => {
    const { loader } = await importRoute("companies.$companyId");
    for (const tab of ["projects", "contacts", "changes"]) {
      const answer = await loader!({ request: testRequest(`/companies/${fx.other.companyId}?tab=${tab}`, { cookie: fx.signed.countyOfficer.cookie }), params: { companyId: fx.other.companyId }, context: {} });
      const data = (await (answer as Response).json()) as { company: Record<string, unknown>; full: unknown };
      expect(data.full, tab).toBeNull();
      expect(Object.keys(data.company).sort()).toEqual(["chainName", "id", "linkName", "name", "ownerRegionName", "tags"]);
      expect(JSON.stringify(data)).not.toContain("王经理"); // the contact's name
      expect(JSON.stringify(data)).not.toContain("矩阵测试企业"); // the description
    }
    // Own county: the full record.
    const ownAnswer = await loader!({ request: testRequest(`/companies/${fx.own.companyId}?tab=contacts`, { cookie: fx.signed.countyOfficer.cookie }), params: { companyId: fx.own.companyId }, context: {} });
    expect(JSON.stringify(await (ownAnswer as Response).json())).toContain("王经理");
  });

  test("a county officer's new company is their county's, whatever owner the form names", async () => {
    const { action } = await importRoute("companies.new");
    const answer = await call(action!, "companies.new", {}, { cookie: fx.signed.countyOfficer.cookie, form: { name: "越权登记测试有限公司", ownerRegionId: fx.other.regionId } });
    expect(answer.status).toBe(302);
    const created = await testDb().company.findFirstOrThrow({ where: { name: "越权登记测试有限公司" }, select: { ownerRegionId: true } });
    expect(created.ownerRegionId).toBe(fx.own.regionId);
  });
});

const sessionKeeping = ids.filter((id) => !ROUTE_MATRIX[id]?.endsSession);
const sessionEnding = ids.filter((id) => ROUTE_MATRIX[id]?.endsSession);

describe.each([...sessionKeeping, ...sessionEnding])("%s", (id) => {
  const entry = ROUTE_MATRIX[id];
  const twoSided = routeParams(id).length > 0;

  if (entry?.loader) {
    const table = entry.loader;
    test("loader: every role, own and other county; no loader changes state", async () => {
      const mod = await importRoute(id);
      const wrong: string[] = [];
      const stateBefore = await dbFingerprint({ withAudit: false });
      const auditBefore = await lastAuditId();
      for (const c of casesOf(table, twoSided)) {
        const rec = c.side === "own" ? fx.own : fx.other;
        const answer = await call(mod.loader!, id, paramsFor(id, rec), { cookie: cookieOf(c.principal) });
        if (!matches(c.expect, answer)) wrong.push(`${c.principal}/${c.side}: expected ${c.expect}, got ${show(answer)}`);
      }
      // An id that does not exist answers like another county's record (404), and a role
      // refused with 403 is refused the same way, so neither answer tells whether an id exists.
      if (twoSided) {
        const missing = Object.fromEntries(routeParams(id).map((p) => [p, "does-not-exist"]));
        for (const principal of PRINCIPALS) {
          const own = expected(table[principal], "own");
          const want: Outcome | null = own === 200 ? 404 : own === 403 || own === "login" ? own : null;
          if (want === null) continue;
          const answer = await call(mod.loader!, id, missing, { cookie: cookieOf(principal) });
          if (!matches(want, answer)) wrong.push(`${principal}/missing id: expected ${want}, got ${show(answer)}`);
        }
      }
      // DESIGN §8 CSRF: "no loader changes state". Exports log themselves (EXPORT), nothing else.
      if ((await dbFingerprint({ withAudit: false })) !== stateBefore) wrong.push("a GET changed the database");
      const logged = (await auditActionsSince(auditBefore)).filter((a) => a !== "EXPORT");
      if (logged.length > 0) wrong.push(`a GET wrote audit rows: ${logged.join(", ")}`);
      expect(wrong).toEqual([]);
    });
  }

  for (const [i, actionCase] of (entry?.action ?? []).entries()) {
    const sample = actionCase.form({ regionId: "A", companyId: "c", contactId: "k", projectId: "p", siteId: "s", problemId: "q", instructionId: "i", batchId: "b", userId: "u" });
    const formNamesRecord = twoSided || Object.values(sample).some((v) => ["A", "c", "p", "s", "u"].includes(v));
    test(`action #${i + 1} ${sample.intent ?? ""}: every role, own and other county; refused posts write nothing`, async () => {
      const mod = await importRoute(id);
      const wrong: string[] = [];
      // Refused cases first, so an allowed case's write cannot mask a refused one's.
      const cases = casesOf(actionCase.expect, formNamesRecord).sort((a, b) => Number(REFUSED.includes(b.expect)) - Number(REFUSED.includes(a.expect)));
      // The refused cases run first, as one block: the database must be the same after the block
      // as before it (SECURITY_FINGERPRINT_EACH=1 checks after every case, to name the culprit).
      const each = process.env.SECURITY_FINGERPRINT_EACH === "1";
      let state: string | null = null;
      const block: string[] = [];
      const closeBlock = async () => {
        if (state !== null && (await dbFingerprint()) !== state) wrong.push(`the database changed during refused posts: ${block.join(", ")}`);
        state = null;
        block.length = 0;
      };
      for (const c of cases) {
        const rec = c.side === "own" ? fx.own : fx.other;
        const refused = REFUSED.includes(c.expect);
        if (!refused) await closeBlock();
        else state ??= await dbFingerprint();
        const answer = await call(mod.action!, id, paramsFor(id, rec), { cookie: cookieOf(c.principal), form: actionCase.form(rec) });
        if (!matches(c.expect, answer)) wrong.push(`${c.principal}/${c.side}: expected ${c.expect}, got ${show(answer)}`);
        if (refused) {
          block.push(`${c.principal}/${c.side} (${answer.status})`);
          if (each) await closeBlock();
        }
      }
      await closeBlock();
      expect(wrong).toEqual([]);
    });
  }
});
