// The journey of issue 3's acceptance, in Chromium against the production build: a 汉阴县
// officer registers a company (a wrong 统一社会信用代码 is refused next to its field, then
// corrected), creates a project for it from the company page, logs two follow-ups — one with
// the demo leader 陈建国 taking part 亲自招商 —, moves it 线索 → 首谈 → 考察 → 洽谈 → 签约
// through the 推进阶段 dialog (签约 asks for its fields) and finds it on the kanban; the leader
// finds it by pinyin initials and reads its 时间线; 汉滨区's officer gets the 404 page.
//
// Everything the spec looks for is created here under a per-run stamp, so it does not depend on
// what the seeded demo data happens to contain.
import { type Cookie, type Locator, type Page, type Response } from "@playwright/test";
// Playwright resolves `#app/*` through tsconfig paths; the check character is the app's own rule.
import { usccCheckChar } from "#app/domain/uscc";
import { expect, test } from "./fixtures";

// Six digits: unique per run, and as many as the 18-character code below has room for.
const STAMP = String(Date.now()).slice(-6);
// The Chinese prefix and its pinyin initials (汉 han, 江 jiang, 绒 rong, 梦 meng). Digits stay
// as they are in the search key, so `hjrm<stamp>` matches this run's project and nothing else.
const PREFIX = "汉江绒梦";
const INITIALS = "hjrm";
const COMPANY_NAME = `${PREFIX}文创${STAMP}有限公司`;
const PROJECT_NAME = `${PREFIX}${STAMP}项目`;
// 91 (企业, 工商) + 610921 (汉阴县) + a made-up nine-character organisation code; the 18th
// character is the GB 32100 check character, and the wrong code swaps it for another one.
const USCC_BODY = `91610921MA${STAMP}1`;
const USCC = USCC_BODY + usccCheckChar(USCC_BODY);
const WRONG_USCC = USCC_BODY + (USCC.endsWith("0") ? "1" : "0");

const FOLLOW_UP_WITH_LEADER = `陈建国副市长带队赴企业总部洽谈毛绒玩具生产基地（${STAMP}）`;
const FOLLOW_UP_BY_PHONE = `电话确认企业考察行程与随行人员（${STAMP}）`;
const LADDER = ["线索", "首谈", "考察", "洽谈", "签约"] as const;

let companyId = "";
let projectPath = "";

// The 汉阴县 officer signs in once; the later steps reuse the session (each login costs a
// password hash on the server).
let officerSession: Cookie[] = [];

async function signInAsOfficer(page: Page, login: (page: Page, username: string) => Promise<void>) {
  if (officerSession.length) {
    await page.context().addCookies(officerSession);
    return;
  }
  await login(page, "hanyin");
  officerSession = await page.context().cookies();
}

/**
 * Resolves once React has hydrated the document. Until then links and forms work as plain HTML
 * (the 推进阶段 button would open the no-script page instead of the dialog), so a spec must wait
 * after every full page load before using a script-only control.
 */
async function hydrated(page: Page) {
  await page.waitForFunction(() => Object.keys(document.body).some((key) => key.startsWith("__reactFiber$")));
}

/** The project page's tab link (tabs are found by name: later issues add more of them). */
function tab(page: Page, name: string): Locator {
  return page.getByRole("navigation", { name: "项目信息" }).getByRole("link", { name, exact: true });
}

async function openTab(page: Page, name: string) {
  await tab(page, name).click();
  await expect(tab(page, name)).toHaveAttribute("aria-current", "page");
}

/** Picks a follow-up kind: the radios are visually hidden inside button-like labels. */
async function chooseKind(page: Page, form: Locator, kind: string) {
  const radio = page.getByRole("radio", { name: kind, exact: true });
  await form.locator("label").filter({ has: radio }).click();
  await expect(form.getByRole("radio", { name: kind, exact: true })).toBeChecked();
}

// One journey: each step builds on the records the previous one made.
test.describe("issue 3 journey: company → project → follow-ups → 签约 → kanban → search → scope", () => {
  test.describe.configure({ mode: "serial" });

  test("汉阴县 officer registers a company: a wrong 统一社会信用代码 is refused, then corrected", async ({ page, login }) => {
    await signInAsOfficer(page, login);
    await page.goto("/companies/new");
    await expect(page.getByRole("heading", { level: 1, name: "登记企业" })).toBeVisible();

    const name = page.getByLabel("企业名称", { exact: true });
    const uscc = page.getByLabel("统一社会信用代码", { exact: true });
    await name.fill(COMPANY_NAME);
    await uscc.fill(WRONG_USCC);
    await page.getByRole("button", { name: "保存", exact: true }).click();

    // The message sits under the field and is tied to it (aria-describedby); what was typed stays.
    const message = `统一社会信用代码校验位错误，应为 ${USCC.at(-1)}`;
    await expect(page.getByText(message, { exact: true })).toBeVisible();
    await expect(uscc).toHaveAttribute("aria-invalid", "true");
    await expect(uscc).toHaveAccessibleDescription(new RegExp(`^${message}`));
    await expect(page).toHaveURL(/\/companies\/new$/);
    await expect(name).toHaveValue(COMPANY_NAME);
    await expect(uscc).toHaveValue(WRONG_USCC);

    await uscc.fill(USCC);
    await expect(page.getByText(message, { exact: true })).toBeHidden();
    await page.getByRole("button", { name: "保存", exact: true }).click();
    await page.waitForURL(/\/companies\/[^/?]+\?notice=created$/);
    companyId = new URL(page.url()).pathname.split("/").pop()!;
    await expect(page.getByRole("heading", { level: 1, name: COMPANY_NAME })).toBeVisible();
    await expect(page.getByText("企业已登记")).toBeVisible();
    await expect(page.getByText(USCC, { exact: true })).toBeVisible();
  });

  test("from the company page, a project for it; two follow-ups, one with 陈建国 亲自招商", async ({ page, login }) => {
    expect(companyId, "the company of the previous step").not.toBe("");
    await signInAsOfficer(page, login);
    await page.goto(`/companies/${companyId}`);
    await page.getByRole("link", { name: "新建项目", exact: true }).click();
    await page.waitForURL((url) => url.pathname === "/projects/new" && url.searchParams.get("companyId") === companyId);

    // The company the page was opened from is chosen already; the county is the officer's own.
    await expect(page.getByLabel("投资企业", { exact: true })).toHaveValue(companyId);
    await expect(page.getByLabel("投资企业", { exact: true }).locator("option:checked")).toHaveText(COMPANY_NAME);
    await expect(page.getByTestId("fixed-region")).toHaveText("汉阴县");
    await page.getByLabel("项目名称", { exact: true }).fill(PROJECT_NAME);
    await page.getByLabel("计划投资（万元）", { exact: true }).fill("8600");
    await page.getByRole("button", { name: "保存", exact: true }).click();
    await page.waitForURL(/\/projects\/[^/?]+\?notice=created$/);
    projectPath = new URL(page.url()).pathname;
    await expect(page.getByTestId("project-name")).toHaveText(PROJECT_NAME);
    await expect(page.getByTestId("stage-badge")).toHaveText("线索");

    await openTab(page, "跟进记录");
    const form = page.locator("form").filter({ has: page.getByRole("heading", { name: "记录跟进" }) });
    const followUps = page.getByTestId("follow-up");
    await expect(followUps).toHaveCount(0);

    // 1: a visit with the leader, marked 亲自招商; the officer is ticked already.
    await chooseKind(page, form, "拜访");
    await expect(form.getByRole("checkbox", { name: /^王强/ })).toBeChecked();
    await form.getByRole("checkbox", { name: "陈建国（副市长）", exact: true }).check();
    await form.getByLabel("四个亲自：陈建国", { exact: true }).selectOption({ label: "亲自招商" });
    await form.getByLabel("跟进情况", { exact: true }).fill(FOLLOW_UP_WITH_LEADER);
    await form.getByRole("button", { name: "保存跟进记录" }).click();
    await expect(followUps).toHaveCount(1);
    await expect(page.getByTestId("notice")).toHaveText("跟进记录已保存。");

    // 2: a phone call by the officer alone, with a next step. The form starts blank again.
    await expect(form.getByLabel("跟进情况", { exact: true })).toHaveValue("");
    await chooseKind(page, form, "电话");
    await form.getByLabel("跟进情况", { exact: true }).fill(FOLLOW_UP_BY_PHONE);
    await form.getByLabel("下一步工作", { exact: true }).fill("安排企业来汉阴实地考察");
    await form.getByRole("button", { name: "保存跟进记录" }).click();
    await expect(followUps).toHaveCount(2);

    const withLeader = followUps.filter({ hasText: FOLLOW_UP_WITH_LEADER });
    await expect(withLeader).toContainText("拜访");
    await expect(withLeader.getByRole("listitem").filter({ hasText: "陈建国" })).toHaveText(/陈建国\s*· 亲自招商/);
    const byPhone = followUps.filter({ hasText: FOLLOW_UP_BY_PHONE });
    await expect(byPhone).toContainText("电话");
    await expect(byPhone).toContainText("下一步：安排企业来汉阴实地考察");
    await expect(byPhone).not.toContainText("陈建国");

    await openTab(page, "时间线");
    const timeline = page.getByTestId("timeline");
    await expect(timeline.locator('[data-kind="followUp"]')).toHaveCount(2);
    await expect(timeline.locator('[data-kind="followUp"]').filter({ hasText: FOLLOW_UP_WITH_LEADER })).toContainText("陈建国（亲自招商）");
    await expect(timeline.locator('[data-kind="transition"]')).toHaveText([/创建项目，进入“线索”/]);
  });

  test("推进阶段 线索 → 首谈 → 考察 → 洽谈 → 签约; 签约 asks for its fields", async ({ page, login }) => {
    expect(projectPath, "the project of the previous step").not.toBe("");
    await signInAsOfficer(page, login);
    await page.goto(projectPath);
    await hydrated(page);
    const badge = page.getByTestId("stage-badge");
    const dialog = page.getByRole("dialog", { name: `推进阶段：${PROJECT_NAME}` });
    const submit = dialog.getByRole("button", { name: "确认变更" });
    const isStagePost = (r: Response) => r.request().method() === "POST" && new URL(r.url()).pathname === `${projectPath}/stage`;

    for (const [i, to] of LADDER.entries()) {
      if (i === 0) continue;
      await expect(badge).toHaveText(LADDER[i - 1]!);
      await page.getByTestId("open-stage-dialog").click();
      await expect(dialog).toBeVisible();
      await expect(dialog.getByText(`当前阶段：${LADDER[i - 1]}`)).toBeVisible();
      await dialog.getByRole("radio", { name: to, exact: true }).check();

      if (to === "首谈") {
        const date = dialog.getByLabel("首谈日期", { exact: true });
        await date.fill((await date.getAttribute("max"))!);
      }
      if (to === "签约") {
        const signedAt = dialog.getByLabel("签约日期", { exact: true });
        const amount = dialog.getByLabel("签约金额（万元）", { exact: true });
        const type = dialog.getByLabel("合同类型", { exact: true });
        await expect(dialog.getByRole("group", { name: "进入该阶段须填写" }).locator("label")).toHaveText(["签约日期", "签约金额（万元）", "合同类型"]);

        // Sent without them, the server refuses the move and says under each field what it needs.
        const refused = page.waitForResponse(isStagePost);
        await submit.click();
        expect((await refused).status()).toBe(400);
        for (const field of [signedAt, amount, type]) {
          await expect(field).toHaveAttribute("aria-invalid", "true");
          await expect(field).toHaveAccessibleDescription("进入签约阶段须填写此项");
        }
        await expect(dialog).toBeVisible();
        await expect(badge).toHaveText("洽谈");

        await signedAt.fill((await signedAt.getAttribute("max"))!);
        await amount.fill("8000");
        await type.selectOption({ label: "正式合同" });
      }

      const moved = page.waitForResponse(isStagePost);
      await submit.click();
      expect((await moved).status(), `move to ${to}`).toBe(200);
      await expect(dialog).toBeHidden();
      await expect(badge).toHaveText(to);
    }
    await expect(page).toHaveURL(projectPath);
    await page.reload();
    await expect(badge).toHaveText("签约");
    await expect(page.getByRole("region", { name: "签约与建设" })).toContainText("正式合同");
  });

  test("the kanban shows it in the 签约 column", async ({ page, login }) => {
    expect(projectPath, "the project of the previous step").not.toBe("");
    await signInAsOfficer(page, login);
    const projectId = projectPath.split("/").pop()!;
    // Filtered by this run's name: a column shows a capped number of cards, the longest in their
    // stage first, so on the full board a card that has just arrived could sit past the cap.
    await page.goto(`/projects?view=kanban&q=${INITIALS}${STAMP}`);
    const board = page.getByTestId("kanban");
    await expect(board).toBeVisible();
    const card = board.locator(`[data-project-id="${projectId}"]`);
    await expect(card).toHaveCount(1);
    await expect(card).toContainText(PROJECT_NAME);
    await expect(board.locator('section[data-stage="SIGNED"]').locator(`[data-project-id="${projectId}"]`)).toBeVisible();
    await expect(board.getByRole("listitem").filter({ has: page.getByRole("heading", { name: /^签约/ }) })).toContainText(PROJECT_NAME);
  });

  test("leader finds it by pinyin initials in the global search and reads its 时间线", async ({ page, login }) => {
    expect(projectPath, "the project of the previous step").not.toBe("");
    await login(page, "leader");
    await page.getByRole("searchbox", { name: "全局搜索" }).fill(`${INITIALS}${STAMP}`);
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname === "/search" && url.searchParams.get("q") === `${INITIALS}${STAMP}`);
    const hit = page.getByTestId("search-projects").getByRole("link", { name: PROJECT_NAME, exact: true });
    await expect(hit).toBeVisible();
    await hit.click();
    await page.waitForURL((url) => url.pathname === projectPath);
    await expect(page.getByTestId("project-name")).toHaveText(PROJECT_NAME);
    await expect(page.getByTestId("stage-badge")).toHaveText("签约");

    await openTab(page, "时间线");
    const timeline = page.getByTestId("timeline");
    // Newest first: the four moves, then the creation at 线索.
    await expect(timeline.locator('[data-kind="transition"]')).toContainText([
      "阶段变更：洽谈 → 签约",
      "阶段变更：考察 → 洽谈",
      "阶段变更：首谈 → 考察",
      "阶段变更：线索 → 首谈",
      "创建项目，进入“线索”",
    ]);
    const followUps = timeline.locator('[data-kind="followUp"]');
    await expect(followUps).toHaveCount(2);
    await expect(followUps.filter({ hasText: FOLLOW_UP_WITH_LEADER })).toContainText("跟进（拜访）");
    await expect(followUps.filter({ hasText: FOLLOW_UP_WITH_LEADER })).toContainText("陈建国（亲自招商）");
    await expect(followUps.filter({ hasText: FOLLOW_UP_BY_PHONE })).toContainText("跟进（电话）");
  });

  test("汉滨区 officer opening its URL gets the 404 page", async ({ page, login }) => {
    expect(projectPath, "the project of the previous step").not.toBe("");
    await login(page, "hanbin");
    const response = await page.goto(projectPath);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "页面不存在" })).toBeVisible();
    await expect(page.getByText("您访问的记录不存在，或不在您的权限范围内。")).toBeVisible();
    await expect(page.getByText(PROJECT_NAME)).toHaveCount(0);
  });
});
