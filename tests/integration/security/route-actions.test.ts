// The access matrix (DESIGN §1, §8 "Access"), generated from the route list — part 2: every
// action × every role (and anonymous) × a record of the user's own county and one of another
// county, posting the form intents route-matrix.ts names. Refused posts (401/403/404, a
// sign-in redirect, a refused create) are proven to have written nothing: a fingerprint of every
// table, the audit log included, before and after. route-access.test.ts checks that every
// exported action has an entry. logout runs last: it ends the fixture's sessions.
import { buildFixture, type Fixture } from "./fixture";
import { casesOf, cookieOf, matches, paramsFor, REFUSED, show } from "./matrix-harness";
import { ROUTE_MATRIX } from "./route-matrix";
import { call, dbFingerprint, importRoute, routeIds, routeParams } from "./routes";

let fx: Fixture;

beforeAll(async () => {
  fx = await buildFixture();
});

const withActions = routeIds().filter((id) => ROUTE_MATRIX[id]?.action?.length);
const sessionKeeping = withActions.filter((id) => !ROUTE_MATRIX[id]?.endsSession);
const sessionEnding = withActions.filter((id) => ROUTE_MATRIX[id]?.endsSession);

describe.each([...sessionKeeping, ...sessionEnding])("%s", (id) => {
  const entry = ROUTE_MATRIX[id];
  const twoSided = routeParams(id).length > 0;

  for (const [i, actionCase] of (entry?.action ?? []).entries()) {
    const sample = actionCase.form({ regionId: "", companyId: "", contactId: "", projectId: "", siteId: "", problemId: "", instructionId: "", batchId: "", officerId: "", userId: "" });
    test(`action #${i + 1} ${sample.intent ?? ""}: every role, own and other county; refused posts write nothing`, async () => {
      const mod = await importRoute(id);
      const wrong: string[] = [];
      // Own and other county both, when the address or the form names a record.
      const formNamesRecord = twoSided || JSON.stringify(actionCase.form(fx.own)) !== JSON.stringify(actionCase.form(fx.other));
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
        const answer = await call(mod.action!, id, paramsFor(id, rec), { cookie: cookieOf(fx, c.principal), form: actionCase.form(rec) });
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
