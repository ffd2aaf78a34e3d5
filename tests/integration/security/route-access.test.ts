// The access matrix (DESIGN §1, §8 "Access"), generated from the route list — part 1: the list
// itself and every loader. Every route module under app/routes is read at test time; a route
// file, or a loader/action it exports, without an entry in route-matrix.ts fails here, so a new
// route cannot escape the suite. Then every loader × every role (and anonymous) × a record of the
// user's own county and one of another county, against the hand-written expectations; an id
// that does not exist answers like another county's; and no loader writes anything.
// Actions: route-actions.test.ts. Decisions: docs/decisions/011-access-matrix.md.
import { testDb } from "#tests/setup/db";
import { testRequest } from "#tests/setup/session";
import { buildFixture, PRINCIPALS, type Fixture } from "./fixture";
import { casesOf, cookieOf, expected, matches, paramsFor, RECORD_OF_PARAM, show } from "./matrix-harness";
import { ROUTE_MATRIX, type Outcome, type RoleTable } from "./route-matrix";
import { auditActionsSince, call, dbFingerprint, importRoute, lastAuditId, routeIds, routeParams } from "./routes";

let fx: Fixture;

beforeAll(async () => {
  fx = await buildFixture();
});

const ids = routeIds();

describe("the route list and the matrix agree", () => {
  test("the route list is read from app/routes (a sanity floor: the app has dozens of routes)", () => {
    expect(ids.length).toBeGreaterThanOrEqual(57);
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

describe.each(ids.filter((id) => ROUTE_MATRIX[id]?.loader))("%s", (id) => {
  const table = ROUTE_MATRIX[id]!.loader!;
  const twoSided = routeParams(id).length > 0;

  test("loader: every role, own and other county; no loader changes state", async () => {
    const mod = await importRoute(id);
    const wrong: string[] = [];
    const stateBefore = await dbFingerprint({ withAudit: false });
    const auditBefore = await lastAuditId();
    for (const c of casesOf(table, twoSided)) {
      const rec = c.side === "own" ? fx.own : fx.other;
      const answer = await call(mod.loader!, id, paramsFor(id, rec), { cookie: cookieOf(fx, c.principal) });
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
        const answer = await call(mod.loader!, id, missing, { cookie: cookieOf(fx, principal) });
        if (!matches(want, answer)) wrong.push(`${principal}/missing id: expected ${want}, got ${show(answer)}`);
      }
    }
    // DESIGN §8 CSRF: "no loader changes state". Exports log themselves (EXPORT), nothing else.
    if ((await dbFingerprint({ withAudit: false })) !== stateBefore) wrong.push("a GET changed the database");
    const logged = (await auditActionsSince(auditBefore)).filter((a) => a !== "EXPORT");
    if (logged.length > 0) wrong.push(`a GET wrote audit rows: ${logged.join(", ")}`);
    expect(wrong).toEqual([]);
  });
});
