// No open redirect (OWASP ASVS 5.1.5): every redirect that takes a destination from the request —
// the login's redirectTo, the panels' redirectTo, the inbox's back — lands on this site, however
// the destination is dressed up. Each Location is resolved the way a browser resolves it (the
// WHATWG URL parser drops tabs and newlines and reads "\" as "/").
import { action as loginAction } from "#app/routes/login";
import { action as reportAction } from "#app/routes/projects.$projectId.problems";
import { action as inboxAction } from "#app/routes/inbox";
import { createTestUser, testDb, TEST_PASSWORD } from "#tests/setup/db";
import { responseOf, sessionCookieFor, testRequest } from "#tests/setup/session";
import { normalizeCompanyName, searchKeyFor } from "#app/domain/company-name";

const db = testDb();
const SITE = "http://localhost";
const TRICKS = ["https://evil.example/x", "//evil.example", "/\\evil.example", "/\t/evil.example", "/\\\t\\evil.example", "\t//evil.example"];

let username: string;
let cookie: string;
let projectId: string;

beforeAll(async () => {
  const officer = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉阴县" });
  username = officer.username;
  cookie = await sessionCookieFor(officer.username);
  const region = await db.region.findUniqueOrThrow({ where: { name: "汉阴县" }, select: { id: true } });
  const name = "重定向测试有限公司";
  const company = await db.company.create({ data: { name, normalizedName: normalizeCompanyName(name), searchKey: searchKeyFor(name), ownerRegionId: region.id } });
  projectId = (
    await db.project.create({
      data: { code: "AK-2026-0801", name: "重定向测试项目", searchKey: "x", companyId: company.id, regionId: region.id, plannedInvestment: 100, stage: "LEAD", stageEnteredAt: new Date() },
    })
  ).id;
});

function landsOnSite(location: string | null): string {
  const url = new URL(location ?? "", `${SITE}/somewhere/page`);
  expect(url.origin, `Location ${JSON.stringify(location)}`).toBe(SITE);
  return `${url.pathname}${url.search}`;
}

test("after a login the browser lands on this site, whatever redirectTo says", async () => {
  for (const redirectTo of [...TRICKS, "/projects?stage=LEAD"]) {
    const res = await responseOf(loginAction({ request: testRequest("/login", { form: { username, password: TEST_PASSWORD, redirectTo } }), params: {}, context: {} }));
    expect(res.status, redirectTo).toBe(302);
    const path = landsOnSite(res.headers.get("Location"));
    expect(path).toBe(redirectTo === "/projects?stage=LEAD" ? "/projects?stage=LEAD" : "/");
  }
});

test("a panel's redirectTo (problem report) and the inbox's back stay on this site", async () => {
  for (const redirectTo of TRICKS) {
    const res = await responseOf(
      reportAction({ request: testRequest(`/projects/${projectId}/problems`, { cookie, form: { title: "用地未落实", category: "LAND", redirectTo } }), params: { projectId }, context: {} }),
    );
    expect(res.status, redirectTo).toBe(302);
    landsOnSite(res.headers.get("Location"));
    const back = await responseOf(inboxAction({ request: testRequest("/inbox", { cookie, form: { intent: "readAll", back: redirectTo } }), params: {}, context: {} }));
    expect(landsOnSite(back.headers.get("Location"))).toBe("/inbox");
  }
});
