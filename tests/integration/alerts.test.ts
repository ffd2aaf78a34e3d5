// Alerts on a real database (SQLite, or PostgreSQL with TEST_DB=postgres): notify() once per
// recipient even under concurrency, the inbox and the header count, group robots in 企业微信 and
// 钉钉 formats delivered to a local HTTP receiver with retries on a controllable clock, the
// admin page (masked addresses, audit without secrets, test message), and the scheduled run.
import { createHmac, randomBytes } from "node:crypto";
import http from "node:http";
import { type AddressInfo } from "node:net";
import { normalizeCompanyName, searchKeyFor } from "#app/domain/company-name";
import { dingtalkSignature } from "#app/domain/webhook-payloads";
import { t } from "#app/i18n";
import { runAlerts, runAlertsFor } from "#app/models/alerts.server";
import { deliverAlerts, listInbox, notify, unreadNotificationCount, type NotifyInput } from "#app/models/notification.server";
import { loader as rootLoader } from "#app/root";
import { action as inboxAction, loader as inboxLoader } from "#app/routes/inbox";
import { action as webhooksAction, loader as webhooksLoader } from "#app/routes/admin.webhooks";
import { getUser } from "#app/utils/auth.server";
import { type SessionUser } from "#app/utils/permissions.server";
import { newTotpSecret } from "#app/utils/totp.server";
import { deliverDueWebhooks } from "#app/utils/webhooks.server";
import { createTestUser, testDb } from "#tests/setup/db";
import { responseOf, sessionCookieFor, testRequest } from "#tests/setup/session";

const db = testDb();
const ctx = { context: {}, params: {} };

// ───────────────────────────── a local robot ─────────────────────────────

type Received = { path: string; query: URLSearchParams; body: unknown };
const received: Received[] = [];
/** Answers queued by a test; when empty, the robot says {"errcode":0}. */
const answers: { status: number; body: string }[] = [];
let server: http.Server;
let base: string;

function startReceiver(): Promise<void> {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      let body: unknown = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        body = Buffer.concat(chunks).toString("utf8");
      }
      received.push({ path: url.pathname, query: url.searchParams, body });
      const answer = answers.shift() ?? { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(answer.body);
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
}

// ───────────────────────────── people and records ─────────────────────────────

type TestUser = Awaited<ReturnType<typeof createTestUser>>;
let officer: TestUser;
let otherOfficer: TestUser;
let city: TestUser;
let leader: TestUser;
let deptStaff: TestUser;
let admin: TestUser;
let adminCookie: string;
let officerCookie: string;
let officerUser: SessionUser;
let hanyinId: string;
let zrzyId: string;
let projectId: string;

const SAVED_ENV = { key: process.env.ZS_DATA_KEY, hosts: process.env.WEBHOOK_ALLOWED_HOSTS, origin: process.env.APP_ORIGIN };

beforeAll(async () => {
  process.env.ZS_DATA_KEY = randomBytes(32).toString("hex");
  process.env.WEBHOOK_ALLOWED_HOSTS = "127.0.0.1";
  process.env.APP_ORIGIN = "https://zs.test";
  await startReceiver();
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  officer = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉阴县", displayName: "汉阴专员" });
  otherOfficer = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉滨区", displayName: "汉滨专员" });
  city = await createTestUser(db, { role: "CITY_OFFICER", displayName: "市局专员" });
  leader = await createTestUser(db, { role: "LEADER", regionName: "安康市", displayName: "王副市长" });
  deptStaff = await createTestUser(db, { role: "DEPT_STAFF", departmentName: "自然资源局", displayName: "自然资源局干部" });
  admin = await createTestUser(db, { role: "ADMIN", displayName: "系统管理员", totpSecret: newTotpSecret() });
  adminCookie = await sessionCookieFor(admin.username);
  officerCookie = await sessionCookieFor(officer.username);
  officerUser = (await getUser(testRequest("/", { cookie: officerCookie })))!;
  hanyinId = officer.regionId!;
  zrzyId = deptStaff.departmentId!;

  const name = "安康秦巴绒趣玩具有限公司";
  const company = await db.company.create({ data: { name, normalizedName: normalizeCompanyName(name), searchKey: searchKeyFor(name), ownerRegionId: hanyinId } });
  const project = await db.project.create({
    data: {
      code: "AK-2025-0901",
      name: "毛绒玩具智能工厂",
      searchKey: "x",
      companyId: company.id,
      regionId: hanyinId,
      plannedInvestment: 8_000,
      stage: "SIGNED",
      // Long past the 90 工作日 limit of 签约 → red stage clock.
      stageEnteredAt: new Date("2025-01-06T02:00:00Z"),
      signedAt: new Date("2025-01-06T02:00:00Z"),
      contractAmount: 8_000,
      contractType: "FORMAL",
      officerId: officer.id,
      leadLeaderId: leader.id,
    },
  });
  projectId = project.id;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  for (const [name, value] of [["ZS_DATA_KEY", SAVED_ENV.key], ["WEBHOOK_ALLOWED_HOSTS", SAVED_ENV.hosts], ["APP_ORIGIN", SAVED_ENV.origin]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

beforeEach(async () => {
  received.length = 0;
  answers.length = 0;
  // Each test starts without robots, deliveries or notifications.
  await db.webhookDelivery.deleteMany({});
  await db.webhookEndpoint.deleteMany({});
  await db.notification.deleteMany({});
});

function alertInput(overrides: Partial<NotifyInput> = {}): NotifyInput {
  return {
    userIds: [officer.id, leader.id],
    kind: "STAGE_OVERDUE",
    level: "RED",
    dedupeKey: `STAGE_OVERDUE:${projectId}:SIGNED:test-${randomBytes(4).toString("hex")}`,
    message: { key: "landing.alert_STAGE_OVERDUE", params: { label: "毛绒玩具智能工厂", days: 12, stage: "签约" } },
    subject: { type: "PROJECT", id: projectId, projectId },
    regionId: hanyinId,
    ...overrides,
  };
}

/** Creates an endpoint through the admin page's action, as an admin would. */
async function createEndpoint(fields: Record<string, string>): Promise<string> {
  const form = { intent: "create", minLevel: "BLUE", enabled: "on", ...fields };
  const res = await responseOf(webhooksAction({ request: testRequest("/admin/webhooks", { cookie: adminCookie, form }), ...ctx }));
  expect(res.status, await res.clone().text()).toBe(302);
  const row = await db.webhookEndpoint.findFirstOrThrow({ where: { name: fields.name, deletedAt: null }, select: { id: true } });
  return row.id;
}

const later = (ms: number) => new Date(Date.now() + ms);

// ───────────────────────────── notify ─────────────────────────────

describe("notify()", () => {
  test("is idempotent for one dedupeKey, even for 10 concurrent calls", async () => {
    await createEndpoint({ name: "汉阴县招商群", kind: "WECOM", url: `${base}/wecom?key=k-${randomBytes(8).toString("hex")}`, regionId: hanyinId });
    const input = alertInput();
    const results = await Promise.all(Array.from({ length: 10 }, () => notify(db, input)));
    expect(results.reduce((sum, r) => sum + r.created, 0)).toBe(2);
    expect(await db.notification.count({ where: { dedupeKey: input.dedupeKey } })).toBe(2);
    expect(await db.webhookDelivery.count({ where: { dedupeKey: input.dedupeKey } })).toBe(1);
    // Later calls add nothing; a new recipient gets it once.
    expect(await notify(db, input)).toEqual({ created: 0, deliveries: 0 });
    expect((await notify(db, { ...input, userIds: [officer.id, city.id] })).created).toBe(1);
    expect(await db.notification.count({ where: { dedupeKey: input.dedupeKey } })).toBe(3);
    expect(await db.webhookDelivery.count({ where: { dedupeKey: input.dedupeKey } })).toBe(1);
  });

  test("works inside a caller's transaction and skips disabled accounts", async () => {
    const disabled = await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉阴县", disabled: true });
    const input = alertInput({ userIds: [officer.id, disabled.id] });
    const created = await db.$transaction(async (tx) => {
      const first = await notify(tx, input);
      const again = await notify(tx, input); // a duplicate inside the same transaction must not abort it
      return first.created + again.created;
    });
    expect(created).toBe(1);
    expect(await db.notification.findMany({ where: { dedupeKey: input.dedupeKey }, select: { userId: true } })).toEqual([{ userId: officer.id }]);
  });

  test("deliverAlerts resolves the mechanism's recipient kinds (department staff, the city)", async () => {
    const alert = {
      kind: "PROBLEM_OVERDUE" as const,
      level: "RED" as const,
      recipients: ["ASSIGNEE", "DEPARTMENT", "REPORTER", "LEAD_LEADER", "CITY"] as const,
      dedupeKey: `PROBLEM_OVERDUE:pb-test:${randomBytes(3).toString("hex")}`,
      subject: { type: "PROBLEM" as const, id: "pb-test", projectId },
      message: { key: "landing.alert_PROBLEM_OVERDUE" as const, params: { label: "WT-2025-0001 用地指标", days: 3, deadline: "2025-03-20" } },
    };
    const people = { assigneeId: null, departmentId: zrzyId, reporterId: officer.id, officerId: officer.id, leadLeaderId: leader.id };
    const count = await deliverAlerts(db, [{ alert: { ...alert, recipients: [...alert.recipients] }, people }]);
    const told = (await db.notification.findMany({ where: { dedupeKey: alert.dedupeKey }, select: { userId: true } })).map((n) => n.userId).sort();
    expect(told).toEqual([officer.id, leader.id, deptStaff.id, city.id].sort());
    expect(count).toBe(4);
    expect(await deliverAlerts(db, [{ alert: { ...alert, recipients: [...alert.recipients] }, people }])).toBe(0);
  });
});

// ───────────────────────────── inbox and header ─────────────────────────────

describe("inbox", () => {
  test("shows only the user's own notifications; marking read touches only one's own", async () => {
    await notify(db, alertInput({ userIds: [officer.id] }));
    await notify(db, alertInput({ userIds: [officer.id, otherOfficer.id] }));
    await notify(db, alertInput({ userIds: [otherOfficer.id] }));

    const res = await inboxLoader({ request: testRequest("/inbox", { cookie: officerCookie }), ...ctx });
    const data = await res.json();
    expect(data.total).toBe(2);
    expect(data.unread).toBe(2);
    expect(data.items.every((i: { text: string }) => i.text === t("landing.alert_STAGE_OVERDUE", { label: "毛绒玩具智能工厂", days: 12, stage: "签约" }))).toBe(true);
    const mine = await db.notification.findMany({ where: { userId: officer.id }, select: { id: true } });
    expect(data.items.map((i: { id: string }) => i.id).sort()).toEqual(mine.map((m) => m.id).sort());

    // The header: one count on the index.
    const header = await (await rootLoader({ request: testRequest("/", { cookie: officerCookie }), ...ctx })).json();
    expect(header.unread).toBe(2);

    // Someone else's id in the form is ignored.
    const theirs = await db.notification.findFirstOrThrow({ where: { userId: otherOfficer.id }, select: { id: true } });
    let r = await responseOf(inboxAction({ request: testRequest("/inbox", { cookie: officerCookie, form: { intent: "read", id: theirs.id } }), ...ctx }));
    expect(r.status).toBe(302);
    expect((await db.notification.findUniqueOrThrow({ where: { id: theirs.id } })).readAt).toBeNull();
    r = await responseOf(inboxAction({ request: testRequest("/inbox", { cookie: officerCookie, form: { intent: "open", id: theirs.id } }), ...ctx }));
    expect(r.status).toBe(404);

    // Open one: read, and sent to its record.
    r = await responseOf(inboxAction({ request: testRequest("/inbox", { cookie: officerCookie, form: { intent: "open", id: mine[0]!.id } }), ...ctx }));
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toBe(`/projects/${projectId}`);
    expect(await unreadNotificationCount(officer.id)).toBe(1);

    r = await responseOf(inboxAction({ request: testRequest("/inbox", { cookie: officerCookie, form: { intent: "readAll", back: "?order=unread" } }), ...ctx }));
    expect(r.headers.get("location")).toBe("/inbox?order=unread");
    expect(await unreadNotificationCount(officer.id)).toBe(0);
    expect(await unreadNotificationCount(otherOfficer.id)).toBe(2);
    expect((await (await rootLoader({ request: testRequest("/", { cookie: officerCookie }), ...ctx })).json()).unread).toBe(0);
  });

  test("unread first and paging", async () => {
    for (let i = 0; i < 5; i++) await notify(db, alertInput({ userIds: [officer.id] }));
    const oldest = await db.notification.findFirstOrThrow({ where: { userId: officer.id }, orderBy: { createdAt: "asc" } });
    await db.notification.updateMany({ where: { userId: officer.id, id: { not: oldest.id } }, data: { readAt: new Date() } });
    const first = await listInbox(officerUser, { unreadFirst: true, take: 2 });
    expect(first.total).toBe(5);
    expect(first.items[0]!.id).toBe(oldest.id);
    const page3 = await listInbox(officerUser, { skip: 4, take: 2 });
    expect(page3.items.map((i) => i.id)).toEqual([oldest.id]);
  });
});

// ───────────────────────────── group robots ─────────────────────────────

describe("group robots", () => {
  test("企业微信: markdown delivered to the robot, retried after a 500 (sent after 2 attempts)", async () => {
    const key = `693a91f6-${randomBytes(8).toString("hex")}`;
    await createEndpoint({ name: "汉阴县招商群", kind: "WECOM", url: `${base}/cgi-bin/webhook/send?key=${key}`, regionId: hanyinId });
    const input = alertInput();
    await notify(db, input);

    answers.push({ status: 500, body: "server error" });
    const t0 = later(1_000);
    expect(await deliverDueWebhooks(db, { now: t0 })).toEqual({ sent: 0, retrying: 1, gaveUp: 0, skipped: 0 });
    let row = await db.webhookDelivery.findFirstOrThrow({ where: { dedupeKey: input.dedupeKey } });
    expect(row).toMatchObject({ status: "PENDING", attempts: 1, lastStatusCode: 500 });
    expect(row.lastError).toContain("HTTP 500");
    expect(row.nextAttemptAt!.getTime()).toBe(t0.getTime() + 60_000);

    // Not due yet 30 s later; due after the minute.
    expect(await deliverDueWebhooks(db, { now: new Date(t0.getTime() + 30_000) })).toEqual({ sent: 0, retrying: 0, gaveUp: 0, skipped: 0 });
    expect(await deliverDueWebhooks(db, { now: new Date(t0.getTime() + 61_000) })).toEqual({ sent: 1, retrying: 0, gaveUp: 0, skipped: 0 });
    row = await db.webhookDelivery.findFirstOrThrow({ where: { dedupeKey: input.dedupeKey } });
    expect(row).toMatchObject({ status: "SENT", attempts: 2, lastStatusCode: 200, lastError: null });

    expect(received).toHaveLength(2);
    for (const r of received) {
      expect(r.path).toBe("/cgi-bin/webhook/send");
      expect(r.query.get("key")).toBe(key);
      expect(r.body).toEqual({
        msgtype: "markdown",
        markdown: {
          content:
            `<font color="warning">红色预警</font> **${t("landing.alertKind_STAGE_OVERDUE")}**\n` +
            `${t("landing.alert_STAGE_OVERDUE", { label: "毛绒玩具智能工厂", days: 12, stage: "签约" })}\n` +
            `[查看详情](https://zs.test/projects/${projectId})\n` +
            `<font color="comment">${t("common.appName")}</font>`,
        },
      });
    }
    expect(JSON.parse(row.payload)).toEqual(received[0]!.body);
  });

  test("钉钉 with 加签: signed URL and markdown title/text, to the department's robot", async () => {
    const secret = `SEC${randomBytes(24).toString("hex")}`;
    const token = randomBytes(16).toString("hex");
    await createEndpoint({ name: "自然资源局群", kind: "DINGTALK", url: `${base}/robot/send?access_token=${token}`, secret, departmentId: zrzyId, minLevel: "YELLOW" });
    const input = alertInput({
      userIds: [deptStaff.id],
      kind: "PROBLEM_DUE_SOON",
      level: "YELLOW",
      dedupeKey: "PROBLEM_DUE_SOON:pb-9:2026-03-20",
      message: { key: "landing.alert_PROBLEM_DUE_SOON", params: { label: "WT-2026-0009 用地指标", deadline: "2026-03-20", days: 2 } },
      subject: { type: "PROBLEM", id: "pb-9", projectId },
      departmentId: zrzyId,
    });
    await notify(db, input);
    // A blue alert is under this robot's minimum level.
    await notify(db, alertInput({ userIds: [deptStaff.id], kind: "PROBLEM_ASSIGNED", level: "BLUE", departmentId: zrzyId, dedupeKey: "PROBLEM_ASSIGNED:pb-9:x" }));
    const before = Date.now();
    expect(await deliverDueWebhooks(db, { now: later(1_000) })).toMatchObject({ sent: 1 });
    const after = Date.now();

    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.path).toBe("/robot/send");
    expect(request!.query.get("access_token")).toBe(token);
    const timestamp = Number(request!.query.get("timestamp"));
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(after);
    const expected = createHmac("sha256", secret).update(`${timestamp}\n${secret}`).digest("base64");
    expect(request!.query.get("sign")).toBe(expected);
    expect(await dingtalkSignature(secret, timestamp)).toBe(expected);
    expect(request!.body).toEqual({
      msgtype: "markdown",
      markdown: {
        title: `黄色预警 ${t("landing.alertKind_PROBLEM_DUE_SOON")}`,
        text:
          `#### 黄色预警 ${t("landing.alertKind_PROBLEM_DUE_SOON")}\n\n` +
          `> ${t("landing.alert_PROBLEM_DUE_SOON", { label: "WT-2026-0009 用地指标", deadline: "2026-03-20", days: 2 })}\n\n` +
          "[查看详情](https://zs.test/problems/pb-9)\n\n" +
          `> ${t("common.appName")}`,
      },
    });
  });

  test("a robot's refusal (errcode ≠ 0 on HTTP 200) is retried with backoff and given up after 5 attempts", async () => {
    await createEndpoint({ name: "汉阴县招商群", kind: "WECOM", url: `${base}/hook?key=bad-key-0000000000`, regionId: hanyinId });
    const input = alertInput();
    await notify(db, input);
    const steps = [0, 60_000, 5 * 60_000, 30 * 60_000, 2 * 60 * 60_000];
    let at = later(1_000).getTime();
    for (const [i, step] of steps.entries()) {
      at += step;
      answers.push({ status: 200, body: '{"errcode":93000,"errmsg":"invalid webhook url"}' });
      const result = await deliverDueWebhooks(db, { now: new Date(at) });
      expect(result, `attempt ${i + 1}`).toEqual({ sent: 0, retrying: i < 4 ? 1 : 0, gaveUp: i < 4 ? 0 : 1, skipped: 0 });
    }
    const row = await db.webhookDelivery.findFirstOrThrow({ where: { dedupeKey: input.dedupeKey } });
    expect(row).toMatchObject({ status: "GAVE_UP", attempts: 5, nextAttemptAt: null, lastError: "errcode 93000: invalid webhook url" });
    expect(await deliverDueWebhooks(db, { now: new Date(at + 86_400_000) })).toEqual({ sent: 0, retrying: 0, gaveUp: 0, skipped: 0 });
  });

  test("a county's alert reaches the city's robot too, not another county's", async () => {
    const cityRegion = await db.region.findUniqueOrThrow({ where: { name: "安康市" } });
    const hanbin = await db.region.findUniqueOrThrow({ where: { name: "汉滨区" } });
    const cityRobot = await createEndpoint({ name: "市招商局群", kind: "WECOM", url: `${base}/city?key=c-${randomBytes(8).toString("hex")}`, regionId: cityRegion.id });
    const hanbinRobot = await createEndpoint({ name: "汉滨区群", kind: "WECOM", url: `${base}/hanbin?key=h-${randomBytes(8).toString("hex")}`, regionId: hanbin.id });
    const input = alertInput({ userIds: [officer.id] });
    await notify(db, input);
    const rows = await db.webhookDelivery.findMany({ where: { dedupeKey: input.dedupeKey }, select: { endpointId: true } });
    expect(rows.map((r) => r.endpointId)).toEqual([cityRobot]);
    expect(rows.map((r) => r.endpointId)).not.toContain(hanbinRobot);
  });
});

// ───────────────────────────── the admin page ─────────────────────────────

describe("/admin/webhooks", () => {
  test("create, edit and delete are audited without the URL or secret; pages show them masked", async () => {
    const key = `wecomkey-${randomBytes(12).toString("hex")}`;
    const id = await createEndpoint({ name: "汉阴县招商群", kind: "WECOM", url: `${base}/cgi-bin/webhook/send?key=${key}`, regionId: hanyinId });
    const stored = await db.webhookEndpoint.findUniqueOrThrow({ where: { id } });
    expect(stored.url).not.toContain(key);
    expect(stored.url.startsWith("v1:")).toBe(true);

    const page = await (await webhooksLoader({ request: testRequest("/admin/webhooks", { cookie: adminCookie }), ...ctx })).json();
    expect(JSON.stringify(page)).not.toContain(key);
    expect(page.endpoints[0]!.maskedUrl).toBe(`${base}/cgi-bin/webhook/send?key=${key.slice(0, 4)}****${key.slice(-4)}`);

    // Edit: rename and replace the address.
    const newKey = `wecomkey-${randomBytes(12).toString("hex")}`;
    let res = await responseOf(
      webhooksAction({
        request: testRequest("/admin/webhooks", { cookie: adminCookie, form: { intent: "update", id, version: "1", name: "汉阴县项目群", kind: "WECOM", url: `${base}/x?key=${newKey}`, regionId: hanyinId, minLevel: "RED", enabled: "on" } }),
        ...ctx,
      }),
    );
    expect(res.status).toBe(302);
    // A stale version is refused with 409.
    res = await responseOf(
      webhooksAction({ request: testRequest("/admin/webhooks", { cookie: adminCookie, form: { intent: "update", id, version: "1", name: "旧版本", kind: "WECOM", regionId: hanyinId, minLevel: "RED" } }), ...ctx }),
    );
    expect(res.status).toBe(409);
    res = await responseOf(webhooksAction({ request: testRequest("/admin/webhooks", { cookie: adminCookie, form: { intent: "delete", id, version: "2" } }), ...ctx }));
    expect(res.status).toBe(302);
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id } })).deletedAt).not.toBeNull();

    const audit = await db.auditLog.findMany({ where: { entity: "WebhookEndpoint", entityId: id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["CREATE", "UPDATE", "DELETE"]);
    expect(audit.every((a) => a.actorId === admin.id && a.ip === "10.20.30.40")).toBe(true);
    const text = JSON.stringify(audit);
    expect(text).not.toContain(key);
    expect(text).not.toContain(newKey);
    expect(text).not.toContain(stored.url);
    expect(JSON.parse(audit[0]!.after!)).toMatchObject({ name: "汉阴县招商群", host: new URL(base).host, secretSet: false });
    expect(audit[1]!.detail).toBe(t("alerts.auditUrlReplaced"));
  });

  test("refuses addresses off the vendors' hosts and both or neither scope", async () => {
    let res = await responseOf(
      webhooksAction({ request: testRequest("/admin/webhooks", { cookie: adminCookie, form: { intent: "create", name: "坏地址", kind: "WECOM", url: "https://evil.example/hook?key=x", regionId: hanyinId, minLevel: "RED" } }), ...ctx }),
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain(t("alerts.webhookUrl_wrongHost", { host: "qyapi.weixin.qq.com" }));
    res = await responseOf(
      webhooksAction({ request: testRequest("/admin/webhooks", { cookie: adminCookie, form: { intent: "create", name: "两个范围", kind: "WECOM", url: `${base}/h?key=x`, regionId: hanyinId, departmentId: zrzyId, minLevel: "RED" } }), ...ctx }),
    );
    expect(res.status).toBe(400);
    expect(await db.webhookEndpoint.count({ where: { deletedAt: null } })).toBe(0);
  });

  test("发送测试消息 reaches the robot, is logged and audited; officers are refused the page", async () => {
    const id = await createEndpoint({ name: "汉阴县招商群", kind: "DINGTALK", url: `${base}/robot/send?access_token=t0k3n-000000000`, regionId: hanyinId });
    const res = await responseOf(webhooksAction({ request: testRequest("/admin/webhooks", { cookie: adminCookie, form: { intent: "test", id } }), ...ctx }));
    expect(res.status).toBe(302);
    expect(received).toHaveLength(1);
    expect(received[0]!.body).toMatchObject({ msgtype: "markdown", markdown: { title: `蓝色预警 ${t("alerts.webhookTestTitle")}` } });
    expect(received[0]!.query.get("timestamp")).toBeNull(); // no secret, no signature
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: id } });
    expect(delivery).toMatchObject({ status: "SENT", attempts: 1 });
    expect(await db.auditLog.count({ where: { entity: "WebhookDelivery", entityId: delivery.id, action: "CREATE", actorId: admin.id } })).toBe(1);

    answers.push({ status: 500, body: "down" });
    const failed = await responseOf(webhooksAction({ request: testRequest("/admin/webhooks", { cookie: adminCookie, form: { intent: "test", id } }), ...ctx }));
    expect(failed.status).toBe(502);
    expect((await failed.json()).error).toContain("HTTP 500");
    expect(await db.webhookDelivery.count({ where: { endpointId: id, status: "PENDING" } })).toBe(0);

    const refused = await responseOf(webhooksLoader({ request: testRequest("/admin/webhooks", { cookie: officerCookie }), ...ctx }));
    expect(refused.status).toBe(403);
  });
});

// ───────────────────────────── the scheduled run ─────────────────────────────

describe("runAlerts / runAlertsFor", () => {
  test("the stage clock's red alert reaches the officer and the 包抓领导 once; problems reach their department", async () => {
    await createEndpoint({ name: "汉阴县招商群", kind: "WECOM", url: `${base}/hook?key=run-0000000000`, regionId: hanyinId });
    const assignedAt = new Date("2025-02-03T02:00:00Z");
    const problem = await db.problem.create({
      data: {
        code: `WT-2025-${randomBytes(2).toString("hex")}`,
        projectId,
        title: "用地指标未落实",
        category: "LAND",
        status: "IN_PROGRESS",
        reportingRegionId: hanyinId,
        reportedById: officer.id,
        departmentId: zrzyId,
        assigneeId: deptStaff.id,
        assignedAt,
        departmentAssignedAt: assignedAt,
        deadlineAt: new Date("2025-03-05T16:00:00Z"),
      },
    });

    const first = await runAlerts({ batchSize: 1 });
    expect(first.sources.stageClocks.alerts).toBeGreaterThanOrEqual(1);
    const stage = await db.notification.findMany({ where: { kind: "STAGE_OVERDUE", subjectId: projectId }, select: { userId: true } });
    expect(stage.map((n) => n.userId).sort()).toEqual([officer.id, leader.id].sort());
    const overdue = await db.notification.findMany({ where: { kind: "PROBLEM_OVERDUE", subjectId: problem.id }, select: { userId: true } });
    expect(overdue.map((n) => n.userId).sort()).toEqual([deptStaff.id, officer.id, leader.id, city.id].sort());
    expect(await db.notification.count({ where: { kind: "PROBLEM_ASSIGNED", subjectId: problem.id } })).toBe(1);
    const queued = await db.webhookDelivery.count();
    expect(queued).toBeGreaterThanOrEqual(2); // the stage and the problem alert (red ≥ the robot's minimum)

    // Again: nothing new, for the full run and for the project's own run.
    const second = await runAlerts();
    expect(second.notifications).toBe(0);
    expect((await runAlertsFor(projectId)).notifications).toBe(0);
    expect(await db.webhookDelivery.count()).toBe(queued);
    await db.problem.delete({ where: { id: problem.id } });
  });

  test("runAlertsFor(projectId) alerts a project's new item at once", async () => {
    const incentive = await db.incentive.create({
      data: { projectId, item: "厂房租金补贴", promisedWan: 120, dueAt: new Date("2025-06-30T16:00:00Z") },
    });
    const summary = await runAlertsFor(projectId);
    expect(summary.sources.incentives.alerts).toBe(1);
    expect(await db.notification.findMany({ where: { kind: "INCENTIVE_OVERDUE", subjectId: incentive.id }, select: { userId: true } })).toHaveLength(3); // officer, leader, city
    await db.notification.deleteMany({});
    await db.incentive.delete({ where: { id: incentive.id } });
  });
});
