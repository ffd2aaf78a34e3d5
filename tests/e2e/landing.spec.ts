// The journey of issue 4's acceptance, in Chromium against the production build, as the 汉阴县
// demo officer (hanyin): a signed project gets two candidate carriers, one is visited and
// 确定 — the other project that had proposed it then sees it reserved —; its landing
// milestones take it to 在建; two funds entries update its 资金到位率; a land problem is
// reported and assigned to 自然资源局, whose officer (zrzy) answers and marks it 已办结, and the
// county officer 销号 it; the leader's 批示 on the project appears on the officer's 工作台.
//
// Projects A (签约, 8,000万元 正式合同) and B (洽谈) and the two carriers are made for this run
// by support/create-landing-projects.ts through the app's own models, so nothing depends on
// what the seeded demo data contains.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { type Cookie, type Locator, type Page } from "@playwright/test";
import { usccCheckChar } from "#app/domain/uscc";
import { expect, test } from "./fixtures";
import { E2E_DATABASE_URL, ROOT } from "./support/e2e-db";

const STAMP = String(Date.now()).slice(-6);
const LOCAL_USCC_BODY = `91610921MA${STAMP}2`;
const LOCAL_USCC = LOCAL_USCC_BODY + usccCheckChar(LOCAL_USCC_BODY);
const PROBLEM_TITLE = `厂房配套用地指标未落实（${STAMP}）`;
const INSTRUCTION_TEXT = `请自然资源局和汉阴县加快用地报批，确保项目按期开工投产（${STAMP}）`;
let problemPath = "";

type Setup = { projectA: { id: string; code: string; name: string }; projectB: { id: string; code: string; name: string }; sites: { id: string; name: string }[] };
let setup: Setup;
let officerSession: Cookie[] = [];

function createProjects(): Setup {
  const run = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "tests/e2e/support/create-landing-projects.ts"), STAMP], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL },
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`create-landing-projects failed: ${run.stderr || run.stdout}`);
  return JSON.parse(run.stdout.trim().split("\n").pop()!) as Setup;
}

async function signInAsOfficer(page: Page, login: (page: Page, username: string) => Promise<void>) {
  if (officerSession.length) {
    await page.context().addCookies(officerSession);
    return;
  }
  await login(page, "hanyin");
  officerSession = await page.context().cookies();
}

/** Resolves once React has hydrated the document (dialogs and fetcher forms need script). */
async function hydrated(page: Page) {
  await page.waitForFunction(() => Object.keys(document.body).some((key) => key.startsWith("__reactFiber$")));
}

async function openProjectTab(page: Page, projectId: string, name: string) {
  await page.goto(`/projects/${projectId}`);
  await hydrated(page);
  const link = page.getByRole("navigation", { name: "项目信息" }).getByRole("link", { name, exact: true });
  await link.click();
  await expect(link).toHaveAttribute("aria-current", "page");
}

function candidate(page: Page, siteId: string): Locator {
  return page.locator(`[data-testid="candidate"][data-site="${siteId}"]`);
}

/** A candidate's move (标记踏勘, 列为意向, 确定载体) through its confirmation dialog; `label` is the status it reaches. */
async function moveCandidate(page: Page, siteId: string, to: string, action: string, label: string) {
  const card = candidate(page, siteId);
  await card.getByTestId(`move-${to}`).click();
  const dialog = page.getByRole("dialog", { name: new RegExp(`^${action}：`) });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "确定", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(card.getByTestId("candidate-status")).toHaveText(label);
}

test.describe("issue 4 journey: sites → 确定 → milestones to 在建 → funds → problem 交办/销号 → 批示", () => {
  test.describe.configure({ mode: "serial" });

  test.beforeAll(() => {
    setup = createProjects();
  });

  test("project B proposes carrier 1 first; project A gets both carriers as candidates", async ({ page, login }) => {
    await signInAsOfficer(page, login);
    const [one, two] = setup.sites as [Setup["sites"][number], Setup["sites"][number]];

    await openProjectTab(page, setup.projectB.id, "选址");
    await page.locator(`[data-testid="suggestion"][data-site="${one.id}"]`).getByTestId("propose").click();
    await expect(candidate(page, one.id).getByTestId("candidate-status")).toHaveText("推荐");

    await openProjectTab(page, setup.projectA.id, "选址");
    // Carrier 1 is only 推荐 for B: not a reservation, so A proposes it without a reason.
    for (const site of [one, two]) {
      await page.locator(`[data-testid="suggestion"][data-site="${site.id}"]`).getByTestId("propose").click();
      await expect(candidate(page, site.id).getByTestId("candidate-status")).toHaveText("推荐");
    }
    await expect(page.getByTestId("candidate")).toHaveCount(2);
  });

  test("A visits carrier 1 (踏勘 with a visit log), takes it to 意向 and 确定; B sees it reserved", async ({ page, login }) => {
    await signInAsOfficer(page, login);
    const [one, two] = setup.sites as [Setup["sites"][number], Setup["sites"][number]];
    await openProjectTab(page, setup.projectA.id, "选址");

    await moveCandidate(page, one.id, "VISITED", "标记踏勘", "踏勘");
    const card = candidate(page, one.id);
    await card.getByText("记录踏勘", { exact: true }).click();
    await card.getByLabel("参加人员", { exact: true }).fill("王强、企业张总");
    await card.getByLabel("踏勘情况与企业意见", { exact: true }).fill(`厂房层高和电力满足要求（${STAMP}）`);
    await card.getByRole("button", { name: "保存踏勘记录" }).click();
    await expect(card.getByTestId("visits")).toContainText(`厂房层高和电力满足要求（${STAMP}）`);

    await moveCandidate(page, one.id, "INTENDED", "列为意向", "意向");
    await moveCandidate(page, one.id, "CONFIRMED", "确定载体", "确定");
    await expect(page.getByTestId("project-site")).toHaveText(`本项目已确定载体：${one.name}`);
    // The other candidate of A was let go when A settled on carrier 1.
    await expect(candidate(page, two.id).getByTestId("candidate-status")).toHaveText("放弃");

    await openProjectTab(page, setup.projectB.id, "选址");
    const reservation = candidate(page, one.id).getByTestId("reservation");
    await expect(reservation).toHaveAttribute("data-level", "SIGNED");
    await expect(reservation).toContainText(setup.projectA.name);
  });

  test("落地节点: registration with the local company's code and site delivery → 落地; the actual start → 在建", async ({ page, login }) => {
    await signInAsOfficer(page, login);
    await openProjectTab(page, setup.projectA.id, "落地节点");
    const badge = page.getByTestId("stage-badge");
    await expect(badge).toHaveText("签约");

    const record = async (kind: string, label: string, fill: (form: Locator) => Promise<void>) => {
      const card = page.locator(`[data-testid="milestone"][data-kind="${kind}"]`);
      await card.getByText(`登记${label}`, { exact: true }).click();
      const date = card.getByLabel("实际日期", { exact: true });
      await date.fill((await date.getAttribute("max"))!);
      await fill(card);
      await card.getByRole("button", { name: `保存${label}` }).click();
      await expect(card).toHaveAttribute("data-status", "DONE");
    };

    await record("REGISTERED", "注册落地", async (card) => {
      await card.getByLabel("本地注册企业名称", { exact: true }).fill(`汉阴绒梦${STAMP}玩具有限公司`);
      // A wrong check character is refused next to the field, what was typed stays.
      const uscc = card.getByLabel("本地企业统一社会信用代码", { exact: true });
      await uscc.fill(LOCAL_USCC_BODY + (LOCAL_USCC.endsWith("0") ? "1" : "0"));
      await card.getByRole("button", { name: "保存注册落地" }).click();
      await expect(uscc).toHaveAttribute("aria-invalid", "true");
      await expect(card.getByText(`统一社会信用代码校验位错误，应为 ${LOCAL_USCC.at(-1)}`)).toBeVisible();
      await uscc.fill(LOCAL_USCC);
    });
    await expect(page.locator('[data-testid="milestone"][data-kind="REGISTERED"]')).toContainText(LOCAL_USCC);
    await expect(badge).toHaveText("签约");

    await record("SITE_DELIVERED", "交付场地", async () => {});
    await expect(badge).toHaveText("落地");
    await expect(page.getByTestId("notice")).toHaveText("落地节点已登记，项目已进入落地阶段。");

    await record("STARTED", "开工", async () => {});
    await expect(badge).toHaveText("在建");
    await expect(page.getByTestId("notice")).toHaveText("落地节点已登记，项目已进入在建阶段。");
  });

  test("到位资金: two entries update 资金到位率 against the 8,000万元 contract", async ({ page, login }) => {
    await signInAsOfficer(page, login);
    await openProjectTab(page, setup.projectA.id, "到位资金");
    const rate = page.getByTestId("funds-rate");
    await expect(rate).toHaveText("0%");
    const form = page.getByTestId("funds-form");

    const add = async (amount: string, source: string) => {
      await form.getByLabel("到位金额（万元）", { exact: true }).fill(amount);
      await form.getByLabel("资金来源", { exact: true }).selectOption({ label: source });
      await form.getByRole("button", { name: "保存", exact: true }).click();
      await expect(page.getByTestId("notice")).toHaveText("到位资金已登记。");
    };
    await add("1200", "省外");
    await expect(rate).toHaveText("15%");
    await add("1800", "本地");
    await expect(rate).toHaveText("37.5%");
    await expect(page.getByTestId("funds-total")).toHaveText("3,000万元");
    await expect(page.getByTestId("funds-entry")).toHaveCount(2);

    await openProjectTab(page, setup.projectA.id, "签约与履约");
    await expect(page.getByTestId("contracts-funds-rate")).toHaveText("37.5%");
    await expect(page.getByTestId("contract")).toHaveCount(1);
    await expect(page.getByTestId("contract")).toContainText("8,000万元");
  });

  test("a land problem reported from the project and assigned to 自然资源局 at once", async ({ page, login }) => {
    await signInAsOfficer(page, login);
    await openProjectTab(page, setup.projectA.id, "问题");
    const panel = page.getByTestId("problems-panel");
    await panel.getByText("＋ 报告问题", { exact: true }).click();
    await panel.getByLabel("问题概述", { exact: true }).fill(PROBLEM_TITLE);
    await panel.getByLabel("问题类别", { exact: true }).selectOption({ label: "土地" });
    await panel.getByLabel("承办部门", { exact: true }).selectOption({ label: "自然资源局" });
    await panel.getByRole("button", { name: "提交问题" }).click();
    const item = panel.getByTestId("problem-items").getByRole("listitem").filter({ hasText: PROBLEM_TITLE });
    await expect(item).toHaveAttribute("data-status", "IN_PROGRESS");
    await expect(item).toContainText("自然资源局");
    await item.getByRole("link", { name: PROBLEM_TITLE }).click();
    await expect(page.getByRole("heading", { level: 1, name: PROBLEM_TITLE })).toBeVisible();
    problemPath = new URL(page.url()).pathname;
    await expect(page.getByTestId("problem-status")).toHaveText("办理中");
  });

  test("zrzy (自然资源局) answers the problem and marks it 已办结", async ({ page, login }) => {
    expect(problemPath, "the problem of the previous step").not.toBe("");
    await login(page, "zrzy");
    await page.goto("/problems");
    await page.getByRole("link", { name: PROBLEM_TITLE }).click();
    await expect(page).toHaveURL((url) => url.pathname === problemPath);
    await hydrated(page);
    // The department sees the project summary, never the project page.
    await expect(page.getByTestId("project-summary")).toContainText(setup.projectA.name);
    await expect(page.getByTestId("project-summary").getByRole("link")).toHaveCount(0);

    await page.getByLabel("答复 / 进展", { exact: true }).fill("已列入本月用地报批计划，正在组卷。");
    await page.getByRole("button", { name: "答复", exact: true }).click();
    await expect(page.getByTestId("problem-thread")).toContainText("已列入本月用地报批计划，正在组卷。");

    await page.getByTestId("open-RESOLVE").click();
    const dialog = page.getByRole("dialog", { name: "确认办结" });
    await dialog.getByLabel("办理结果", { exact: true }).fill("用地指标已下达，供地手续办结。");
    await dialog.getByRole("button", { name: "确定", exact: true }).click();
    await expect(page.getByTestId("problem-status")).toHaveText("已办结");
    // 销号 belongs to the reporting side: the department has no such button.
    await expect(page.getByTestId("open-CLOSE")).toHaveCount(0);
  });

  test("the county officer verifies and 销号", async ({ page, login }) => {
    await signInAsOfficer(page, login);
    await page.goto(problemPath);
    await hydrated(page);
    await expect(page.getByTestId("problem-status")).toHaveText("已办结");
    await page.getByTestId("open-CLOSE").click();
    const dialog = page.getByRole("dialog", { name: "确认销号" });
    await dialog.getByLabel("核实情况", { exact: true }).fill("经现场核实，用地已交付企业使用。");
    await dialog.getByRole("button", { name: "确认销号", exact: true }).click();
    await expect(page.getByTestId("problem-status")).toHaveText("已销号");
  });

  test("the leader's 批示 on the project appears on the officer's 工作台", async ({ page, login }) => {
    await login(page, "leader");
    await page.goto(`/projects/${setup.projectA.id}`);
    await hydrated(page);
    const panel = page.getByTestId("instructions-panel");
    await panel.getByText("＋ 写批示", { exact: true }).click();
    await panel.getByLabel("批示内容", { exact: true }).fill(INSTRUCTION_TEXT);
    await panel.getByRole("checkbox", { name: "王强（汉阴县）", exact: true }).check();
    await panel.getByRole("button", { name: "发送批示" }).click();
    await expect(panel.getByTestId("instruction").filter({ hasText: INSTRUCTION_TEXT })).toBeVisible();

    // The recipient's 工作台 lists it until answered.
    await page.context().clearCookies();
    await page.context().addCookies(officerSession);
    await page.goto("/");
    const item = page.getByTestId("desk-instructions").getByRole("listitem").filter({ hasText: INSTRUCTION_TEXT });
    await expect(item).toContainText(`陈建国（副市长） 批示 · ${setup.projectA.code} ${setup.projectA.name}`);
    await expect(item.getByRole("link", { name: INSTRUCTION_TEXT })).toBeVisible();
  });
});
