// XSS (DESIGN §8 Security, OWASP ASVS 5.3): a script payload saved into every user-editable text
// field of the main records, through the real actions of the production build, renders inert on
// every page that shows it — no dialog fires, the page text shows the payload literally, and
// neither the server's HTML nor the live DOM holds an element made from it.
//
// A Playwright spec rather than a Vitest test: only the browser runs the HTML (an injected
// onerror would fire here), and only the e2e run is guaranteed a production build.
import { expect, test, type Page } from "@playwright/test";
import { login } from "./fixtures";

// The payload: an attribute-less tag, an inline script, and both quote kinds (attribute breakout).
const LONG = `<img src=x onerror=alert(1)><script>alert(1)</script>"'`;
const SHORT = `<img src=x onerror=alert(1)>"'`; // for fields of at most 50 characters

async function post(page: Page, path: string, fields: Record<string, string | string[]>): Promise<{ status: number; location: string; body: string }> {
  const origin = new URL(page.url()).origin;
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  const res = await page.request.post(path, {
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin },
    data: body.toString(),
    maxRedirects: 0,
  });
  return { status: res.status(), location: res.headers()["location"] ?? "", body: res.status() >= 400 ? (await res.text()).slice(0, 300) : "" };
}

function idAfter(location: string, prefix: string): string {
  const match = new RegExp(`^${prefix}/([^/?#]+)`).exec(location);
  if (!match) throw new Error(`expected a redirect to ${prefix}/:id, got "${location}"`);
  return match[1]!;
}

/** Opens a page and proves the payload is inert there; returns nothing, fails loudly. */
async function expectInert(page: Page, path: string, mustShow: string[]) {
  const dialogs: string[] = [];
  const onDialog = (dialog: { message(): string; dismiss(): Promise<void> }) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  };
  page.on("dialog", onDialog);
  try {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    const html = (await response?.text()) ?? "";
    // The server's HTML: the payload only ever escaped (in text and in the serialized loader data).
    expect(html, `${path}: raw <img src=x in the HTML`).not.toContain("<img src=x");
    expect(html, `${path}: raw <script>alert in the HTML`).not.toContain("<script>alert");
    await page.waitForLoadState("networkidle");
    // The live DOM after hydration: no element built from the payload.
    expect(await page.locator('img[src="x"]').count(), `${path}: an <img src=x> element`).toBe(0);
    const scripts = await page.locator("script").evaluateAll((els) => els.map((e) => e.textContent ?? ""));
    expect(scripts.filter((s) => s.trim() === "alert(1)"), `${path}: a <script>alert(1)</script> element`).toEqual([]);
    const text = await page.locator("body").innerText();
    for (const shown of mustShow) expect(text, `${path}: the payload shown literally`).toContain(shown);
    expect(dialogs, `${path}: a dialog fired`).toEqual([]);
  } finally {
    page.off("dialog", onDialog);
  }
}

test("script payloads saved into every text field render inert on every page that shows them", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await login(page, "hanyin");

  // 企业: name and description, and a contact's name, title and notes.
  const company = await post(page, "/companies/new", { name: `XSS企业${LONG}`, description: `企业简介${LONG}`, confirmDuplicate: "on" });
  expect(company.status, "company saved").toBe(302);
  const companyId = idAfter(company.location, "/companies");
  expect((await post(page, `/companies/${companyId}`, { intent: "addContact", name: SHORT, title: SHORT, notes: `联系人备注${LONG}` })).status).toBeLessThan(400);

  // 项目: name and description, a follow-up's summary and next action, a problem's title and description.
  const project = await post(page, "/projects/new", { name: `XSS项目${SHORT}`, companyId, plannedInvestment: "3000", description: `项目说明${LONG}` });
  expect(project.status, "project saved").toBe(302);
  const projectId = idAfter(project.location, "/projects");
  expect((await post(page, `/projects/${projectId}/follow-ups`, { intent: "create", kind: "PHONE", date: "2026-03-02", summary: `跟进纪要${LONG}`, nextAction: `下一步${LONG}` })).status).toBeLessThan(400);
  // Reported and 交办 to a department at once (the report form offers the departments).
  await page.goto(`/projects/${projectId}?tab=problems`);
  const departmentIds = await page.locator('select[name="departmentId"] option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value).filter(Boolean));
  expect(departmentIds.length, "the report form offers departments").toBeGreaterThan(0);
  const problem = await post(page, `/projects/${projectId}/problems`, { title: `XSS问题${SHORT}`, category: "LAND", description: `问题描述${LONG}`, departmentId: departmentIds[0]! });
  expect(problem.status, "problem reported").toBe(302);
  expect((await post(page, `/projects/${projectId}/incentives`, { intent: "create", item: `XSS政策${SHORT}`, promisedWan: "10", note: `兑现备注${LONG}` })).status).toBeLessThan(400);

  // 签约 and 到位资金: a contract's title and note, a funds entry's note.
  const contract = await post(page, `/projects/${projectId}/contracts`, { intent: "create", type: "FRAMEWORK", signedAt: "2026-03-02", amountWan: "3000", title: `XSS合同${SHORT}`, note: `合同备注${LONG}` });
  expect(contract.status, contract.body).toBeLessThan(400);
  const funds = await post(page, `/projects/${projectId}/funds`, { intent: "create", receivedAt: "2026-03-03", amountWan: "100", source: "LOCAL", note: `资金备注${LONG}` });
  expect(funds.status, funds.body).toBeLessThan(400);

  // 载体: name, address and notes.
  const site = await post(page, "/sites/new", { name: `XSS厂房${SHORT}`, kind: "STANDARD_FACTORY", areaSqm: "1200", address: `地址${SHORT}`, notes: `载体备注${LONG}` });
  expect(site.status, "site saved").toBe(302);
  const siteId = idAfter(site.location, "/sites");

  // 批示: a leader writes the text (to the county officer on the project).
  const leaderContext = await browser.newContext({ baseURL: new URL(page.url()).origin });
  const leaderPage = await leaderContext.newPage();
  await login(leaderPage, "leader");
  await leaderPage.goto(`/projects/${projectId}`);
  const recipientIds = await leaderPage.locator('input[name="recipientIds"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  expect(recipientIds.length, "the instruction form offers recipients").toBeGreaterThan(0);
  const instruction = await post(leaderPage, `/projects/${projectId}/instructions`, { text: `批示${LONG}`, recipientIds });
  expect(instruction.status, "instruction issued").toBe(302);
  await leaderContext.close();

  // The problem's thread: a response written on its page.
  await page.goto("/problems");
  const problemHref = await page.getByRole("link", { name: /XSS问题/ }).first().getAttribute("href");
  expect(problemHref).toMatch(/^\/problems\//);
  const response = await post(page, problemHref!, { intent: "RESPOND", text: `问题回复${LONG}` });
  expect(response.status, response.body).toBe(302);

  await expectInert(page, `/companies/${companyId}`, [`XSS企业${LONG}`, `企业简介${LONG}`, `XSS项目${SHORT}`]);
  await expectInert(page, `/companies/${companyId}?tab=contacts`, [SHORT, `联系人备注${LONG}`]);
  await expectInert(page, `/companies/${companyId}?tab=changes`, [`XSS企业${LONG}`]);
  await expectInert(page, `/companies?q=XSS`, [`XSS企业${LONG}`]);
  await expectInert(page, `/projects/${projectId}`, [`XSS项目${SHORT}`, `XSS企业${LONG}`, `项目说明${LONG}`, `批示${LONG}`]);
  await expectInert(page, `/projects/${projectId}?tab=followUps`, [`跟进纪要${LONG}`, `下一步${LONG}`]);
  await expectInert(page, `/projects/${projectId}?tab=problems`, [`XSS问题${SHORT}`]);
  await expectInert(page, `/projects/${projectId}?tab=incentives`, [`XSS政策${SHORT}`]);
  await expectInert(page, `/projects/${projectId}?tab=contracts`, [`XSS合同${SHORT}`, `合同备注${LONG}`]);
  await expectInert(page, `/projects/${projectId}?tab=funds`, [`资金备注${LONG}`]);
  await expectInert(page, `/projects/${projectId}?tab=changes`, [`XSS项目${SHORT}`]);
  await expectInert(page, `/projects?q=XSS`, [`XSS项目${SHORT}`]);
  await expectInert(page, `/sites/${siteId}`, [`XSS厂房${SHORT}`, `地址${SHORT}`, `载体备注${LONG}`]);
  await expectInert(page, `/sites`, [`XSS厂房${SHORT}`]);
  await expectInert(page, `/problems`, [`XSS问题${SHORT}`]);
  await expectInert(page, problemHref!, [`XSS问题${SHORT}`, `问题描述${LONG}`, `问题回复${LONG}`]);
  await expectInert(page, `/search?q=XSS`, [`XSS企业${LONG}`]);

  // The county officer, a recipient, replies to the 批示 (the project's only one).
  await page.goto(`/projects/${projectId}`);
  // The panel's reply form posts to /instructions/:id.
  const instructionHref = await page.locator('form[action^="/instructions/"]').first().getAttribute("action");
  expect(instructionHref).toMatch(/^\/instructions\//);
  const path = instructionHref!.split("#")[0]!;
  const reply = await post(page, path, { text: `批示回复${LONG}` });
  expect(reply.status, reply.body).toBe(302);
  await expectInert(page, path, [`批示${LONG}`, `批示回复${LONG}`]);
  await expectInert(page, `/`, []);
});
