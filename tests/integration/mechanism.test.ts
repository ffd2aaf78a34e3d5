// 机制说明 and its editor through the real loaders and actions, signed in with real sessions:
// every signed-in user reads the rules in force; only the admin saves, each save is a new
// version in force at once, audited with before/after; invalid and stale saves are refused.
import { ensureMechanism, getMechanism, getMechanismVersion, invalidateMechanismCache } from "#app/models/mechanism.server";
import { action as editAction, loader as editLoader } from "#app/routes/mechanism.edit";
import { loader as viewLoader } from "#app/routes/mechanism._index";
import { stageFieldName, type MechanismFormValues } from "#app/schemas/mechanism-form";
import { DEFAULT_MECHANISM } from "#app/schemas/mechanism";
import { newTotpSecret } from "#app/utils/totp.server";
import { createTestUser, testDb } from "#tests/setup/db";
import { responseOf, sessionCookieFor, testRequest } from "#tests/setup/session";

const db = testDb();
const ctx = { params: {}, context: {} };

let adminId: string;
let adminCookie: string;
let officerCookie: string;
let leaderCookie: string;

beforeAll(async () => {
  const admin = await createTestUser(db, { role: "ADMIN", displayName: "测试管理员", totpSecret: newTotpSecret() });
  adminId = admin.id;
  adminCookie = await sessionCookieFor(admin.username);
  officerCookie = await sessionCookieFor((await createTestUser(db, { role: "COUNTY_OFFICER", regionName: "汉阴县" })).username);
  leaderCookie = await sessionCookieFor((await createTestUser(db, { role: "LEADER" })).username);
  await ensureMechanism(db);
  invalidateMechanismCache();
});

/** The form as a browser submits it: unticked checkboxes absent, multi-choices repeated. */
function formBody(values: MechanismFormValues, extra: Record<string, string>): URLSearchParams {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (Array.isArray(value)) for (const v of value) body.append(name, v);
    else if (value !== "") body.append(name, value);
  }
  for (const [name, value] of Object.entries(extra)) body.set(name, value);
  return body;
}

function post(body: URLSearchParams, cookie = adminCookie) {
  const request = testRequest("/mechanism/edit", { cookie, method: "POST" });
  return responseOf(editAction({ request: new Request(request, { body }), ...ctx }));
}

type EditData = { version: number; values: MechanismFormValues; jsonText: string };
type ActionData = {
  intent: string;
  fieldErrors: Record<string, string[]>;
  formErrors: string[];
  values: MechanismFormValues;
  stale: { base: number; current: number; changes: { label: string; before: string; after: string }[] } | null;
};
type ViewData = {
  version: number;
  currentVersion: number;
  isCurrent: boolean;
  savedLine: string;
  canEdit: boolean;
  config: typeof DEFAULT_MECHANISM;
  changes: { label: string }[] | null;
  history: { version: number; savedBy: string; note: string }[];
  notice: string | null;
};

async function editForm(): Promise<EditData> {
  const res = await responseOf(editLoader({ request: testRequest("/mechanism/edit", { cookie: adminCookie }), ...ctx }));
  expect(res.status).toBe(200);
  return (await res.json()) as EditData;
}

async function view(query = "", cookie = officerCookie): Promise<ViewData> {
  const res = await responseOf(viewLoader({ request: testRequest(`/mechanism${query}`, { cookie }), ...ctx }));
  expect(res.status).toBe(200);
  return (await res.json()) as ViewData;
}

async function versionCount() {
  return db.mechanismConfig.count();
}

describe("reading the rules", () => {
  test("every signed-in user reads the rules in force; only the admin is offered the editor", async () => {
    const officer = await view("", officerCookie);
    expect(officer).toMatchObject({ isCurrent: true, canEdit: false });
    expect(officer.config).toEqual(await getMechanism());
    expect(officer.history.map((h) => h.version)).toContain(officer.version);
    expect((await view("", leaderCookie)).canEdit).toBe(false);
    expect((await view("", adminCookie)).canEdit).toBe(true);
  });

  test("a visitor who is not signed in is sent to the login page", async () => {
    const res = await responseOf(viewLoader({ request: testRequest("/mechanism"), ...ctx }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login/);
  });

  test("an unknown or malformed version answers 404", async () => {
    for (const q of ["?version=999", "?version=abc", "?version=-1"]) {
      const res = await responseOf(viewLoader({ request: testRequest(`/mechanism${q}`, { cookie: officerCookie }), ...ctx }));
      expect(res.status).toBe(404);
    }
  });
});

describe("only the admin edits", () => {
  test("officers and leaders get 403 from the editor's loader and action", async () => {
    const { values, version } = await editForm();
    for (const cookie of [officerCookie, leaderCookie]) {
      const page = await responseOf(editLoader({ request: testRequest("/mechanism/edit", { cookie }), ...ctx }));
      expect(page.status).toBe(403);
      const before = await versionCount();
      const res = await post(formBody(values, { intent: "save", baseVersion: String(version), note: "越权" }), cookie);
      expect(res.status).toBe(403);
      expect(await versionCount()).toBe(before);
    }
  });
});

describe("saving", () => {
  test("a valid change is a new version in force at once, audited with before and after", async () => {
    const { values, version } = await editForm();
    const warm = await getMechanism(); // fills the cache the save must clear
    expect(warm.followUpCadenceDays.key).toBe(DEFAULT_MECHANISM.followUpCadenceDays.key);

    const res = await post(
      formBody(values, {
        intent: "save",
        baseVersion: String(version),
        [stageFieldName("SIGNED", "limit")]: "100",
        cadenceKey: "5",
        yellowPercent: "75",
        note: "市委调度会要求加密跟进",
      }),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/mechanism?saved=${version + 1}`);

    const inForce = await getMechanismVersion();
    expect(inForce.version).toBe(version + 1);
    expect(inForce.config.followUpCadenceDays.key).toBe(5);
    expect(inForce.config.warning.yellowRatio).toBe(0.75);
    expect(inForce.config.stages.find((s) => s.code === "SIGNED")?.limitWorkdays).toBe(100);
    expect(inForce).toMatchObject({ createdById: adminId, note: "市委调度会要求加密跟进" });

    const audit = await db.auditLog.findFirstOrThrow({ where: { entity: "MechanismConfig", entityId: String(version + 1) } });
    expect(audit).toMatchObject({ action: "UPDATE", actorId: adminId, detail: "市委调度会要求加密跟进", ip: "10.20.30.40" });
    expect(JSON.parse(audit.before ?? "null").followUpCadenceDays.key).toBe(7);
    expect(JSON.parse(audit.after ?? "null").followUpCadenceDays.key).toBe(5);

    // The page everyone reads says so, with the change against the version before.
    const page = await view(`?saved=${version + 1}`);
    expect(page).toMatchObject({ version: version + 1, isCurrent: true, notice: `已保存为第 ${version + 1} 版，立即生效。` });
    expect(page.savedLine).toContain("测试管理员");
    expect(page.changes?.map((c) => c.label)).toEqual(["签约阶段 · 时限（工作日）", "重点项目跟进间隔（天）", "黄色预警比例（%）"]);
    expect(page.history[0]).toMatchObject({ version: version + 1, savedBy: "测试管理员", note: "市委调度会要求加密跟进" });

    // The old version stays readable.
    const old = await view(`?version=${version}`);
    expect(old).toMatchObject({ version, isCurrent: false, currentVersion: version + 1 });
    expect(old.config.followUpCadenceDays.key).toBe(7);
  });

  test("an invalid configuration is refused with errors by field, nothing saved, input kept", async () => {
    const { values, version } = await editForm();
    const before = await versionCount();
    const res = await post(
      formBody(values, {
        intent: "save",
        baseVersion: String(version),
        [stageFieldName("LANDED", "limit")]: "abc",
        cadenceKey: "60",
        yellowPercent: "100",
        note: "",
      }),
    );
    expect(res.status).toBe(400);
    const data = (await res.json()) as ActionData;
    expect(data.fieldErrors).toEqual({
      "stage.LANDED.limit": ["请输入数字"],
      cadenceKey: ["重点项目的跟进间隔不能长于一般项目"],
      yellowPercent: ["须大于 0 且小于 100"],
      note: ["请填写变更说明"],
    });
    expect(data.values[stageFieldName("LANDED", "limit")]).toBe("abc");
    expect(await versionCount()).toBe(before);
  });

  test("a save based on an older version is refused with 409 and what the other save changed", async () => {
    const { values, version } = await editForm();
    // Someone else saves first.
    const first = await post(formBody(values, { intent: "save", baseVersion: String(version), problemLimitWorkdays: "15", note: "甲的修改" }));
    expect(first.status).toBe(302);
    const before = await versionCount();

    const res = await post(formBody(values, { intent: "save", baseVersion: String(version), cadenceNormal: "20", note: "乙的修改" }));
    expect(res.status).toBe(409);
    const data = (await res.json()) as ActionData;
    expect(data.stale).toEqual({
      base: version,
      current: version + 1,
      changes: [{ label: "问题办理时限（工作日）", before: "20", after: "15" }],
    });
    expect(data.values.cadenceNormal).toBe("20");
    expect(await versionCount()).toBe(before);

    // Saving again on the version now in force goes through.
    const again = await post(formBody(values, { intent: "save", baseVersion: String(version + 1), cadenceNormal: "20", note: "乙的修改" }));
    expect(again.status).toBe(302);
    const inForce = await getMechanism();
    expect(inForce.followUpCadenceDays.normal).toBe(20);
  });

  test("the advanced JSON editor saves a whole document, and refuses a broken one", async () => {
    const { version } = await editForm();
    const changed = structuredClone(await getMechanism());
    changed.countingRules.minAmountWan = 3000;
    const ok = await post(new URLSearchParams({ intent: "json", baseVersion: String(version), json: JSON.stringify(changed), note: "JSON 调整" }));
    expect(ok.status).toBe(302);
    expect((await getMechanism()).countingRules.minAmountWan).toBe(3000);

    const before = await versionCount();
    const bad = await post(new URLSearchParams({ intent: "json", baseVersion: String(version + 1), json: '{"stages": []}', note: "坏的" }));
    expect(bad.status).toBe(400);
    const data = (await bad.json()) as ActionData;
    expect(data.fieldErrors.json?.some((e) => e.includes("缺少阶段 LEAD（线索）"))).toBe(true);
    expect(await versionCount()).toBe(before);
  });

  test("a base version that does not exist is a bad request", async () => {
    const res = await post(new URLSearchParams({ intent: "save", baseVersion: "9999", note: "x" }));
    expect(res.status).toBe(400);
  });
});
